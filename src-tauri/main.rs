// No console window behind the desktop app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! The `yishi` binary: the desktop app when run without a subcommand (or with `app`), the
//! headless command line otherwise.

use clap::Parser;
use std::process::ExitCode;
use std::sync::Arc;
use yishi::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let demo = match &cli.command {
        None => false,
        Some(Command::App { demo }) => *demo,
        Some(_) => {
            let runtime = tokio::runtime::Runtime::new().expect("the OS can start a thread pool");
            return runtime.block_on(yishi::cli::run(cli));
        }
    };
    let lang = cli.lang();
    let by = cli.local_caller();
    let _log = yishi::cli::logging::init(&yishi::cli::logging::log_dir(&cli.db_path()), false);
    let opened = tauri::async_runtime::block_on(async {
        let ctx = yishi::ops::Ctx::open(&cli.db_path()).await?;
        if let Some(notice) = ctx.upgrade_notice(lang) {
            // Also in the log (`store::upgrade`): a Windows release build has no console.
            eprintln!("{notice}");
        }
        if demo {
            yishi::cli::ensure_demo(&ctx, &by).await?;
        }
        Ok::<_, yishi::ops::OpError>(ctx)
    });
    let ctx = match opened {
        Ok(ctx) => Arc::new(ctx),
        Err(e) => {
            let (message, _reference) = yishi::commands::errors::user_message(&e, lang);
            // Also in logs/: a Windows release build has no console to print to.
            tracing::error!(%message, "the database could not be opened");
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match yishi::commands::desktop::run(ctx, tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", lang.pick(format!("无法打开窗口：{e}。没有图形界面时请用 `yishi serve` 在浏览器中使用。"), format!("Cannot open the window: {e}. Without a display, use `yishi serve` and a browser.")));
            ExitCode::from(2)
        }
    }
}
