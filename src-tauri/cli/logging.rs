//! Logging with `tracing`: one line per event into a daily-rotated file in `logs/` beside the
//! database (14 days kept), and to stderr as well under `yishi serve`. The operations' spans
//! come from `commands::dispatch` (op, actor, duration, outcome); nothing logs argument values,
//! so PINs, keys and ID numbers never reach these files. `YISHI_LOG` sets the filter
//! (default `info,sqlx=warn`). Initialised here and in `main.rs`, never in tests.

use std::path::{Path, PathBuf};
use tracing_subscriber::Layer;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Keeps the file writer flushing; dropping it flushes what is left. Hold it until exit.
pub type LogGuard = tracing_appender::non_blocking::WorkerGuard;

/// The log folder for a database: `logs/` beside it.
pub fn log_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| p.join("logs"))
        .unwrap_or_else(|| PathBuf::from("logs"))
}

/// The format every log line has (file, stderr and the tests' capture alike).
pub fn layer<S, W>(writer: W) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(true)
}

fn filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_from_env("YISHI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"))
}

/// Starts logging into `dir` (created readable by the user only), and to stderr when asked.
/// Returns `None` (and says why on stderr) when the folder cannot be made: the app still runs.
pub fn init(dir: &Path, stderr: bool) -> Option<LogGuard> {
    if let Err(e) = make_private_dir(dir) {
        eprintln!(
            "yishi: cannot write logs in {}: {e}; continuing without a log file",
            dir.display()
        );
        return None;
    }
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("yishi")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir);
    let appender = match appender {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "yishi: cannot open a log file in {}: {e}; continuing without one",
                dir.display()
            );
            return None;
        }
    };
    let (file, guard) = tracing_appender::non_blocking(appender);
    let to_stderr = stderr.then(|| layer(std::io::stderr));
    let installed = tracing_subscriber::registry()
        .with(filter())
        .with(layer(file))
        .with(to_stderr)
        .try_init();
    installed.ok().map(|()| guard)
}

fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    // Made user-only, and so is a folder an older version left readable to others.
    crate::store::private::own_dir(dir)
}
