//! `yishi root`: a community's root key. `show` prints its fingerprint (what notices print) and
//! its generations; `rotate` makes the next generation, handed over by the old root (host);
//! `handover` writes a hand-over document for its countersigner to sign with `yishi keys sign`;
//! `countersign` files what they signed.

use crate::domain::access::Action;
use crate::lang::Lang;
use crate::ops::keys::{RootCountersign, RootQuery, RootRotate, RootView, SignedFile};
use crate::ops::{self, Ctx, OpError};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum RootCmd {
    /// Print the community's root fingerprint and every generation.
    Show {
        #[arg(long)]
        community: String,
    },
    /// Make the next generation of the root, handed over by the current one (needs --as, a host).
    Rotate {
        #[arg(long)]
        community: String,
        #[arg(long)]
        reason: String,
        /// Who must countersign the hand-over, with their key: e.g.
        /// "某某街道办事处 yishi-key:v1:<hex>" (a stolen laptop: the old root may be a thief's too).
        #[arg(long, default_value = "")]
        countersigned_by: String,
    },
    /// Write generation N's hand-over document (JSON) for its countersigner.
    Handover {
        #[arg(long)]
        community: String,
        #[arg(long)]
        generation: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// File a countersignature (a signed file from `yishi keys sign`; needs --as, a host).
    Countersign {
        #[arg(long)]
        community: String,
        #[arg(long)]
        generation: i64,
        file: PathBuf,
    },
}

impl RootCmd {
    /// Whether the command changes anything (and so needs a signed-in host).
    pub fn changes(&self) -> bool {
        matches!(self, RootCmd::Rotate { .. } | RootCmd::Countersign { .. })
    }

    pub fn community(&self) -> &str {
        match self {
            RootCmd::Show { community }
            | RootCmd::Rotate { community, .. }
            | RootCmd::Handover { community, .. }
            | RootCmd::Countersign { community, .. } => community,
        }
    }
}

fn print_view(v: &RootView, lang: Lang) {
    println!(
        "{}: {}",
        lang.pick("根密钥指纹", "Root fingerprint"),
        v.current.fingerprint
    );
    println!(
        "{} {} · {}",
        lang.pick("第", "generation"),
        v.current.generation,
        v.current.public_key
    );
    for g in &v.history {
        let ended = g.ended_at.as_deref().unwrap_or("");
        let counter = match (g.countersigned_by.is_empty(), g.countersigned) {
            (true, _) => String::new(),
            (false, true) => lang.pick(
                format!("  已由 {} 会签", g.countersigned_by),
                format!("  countersigned by {}", g.countersigned_by),
            ),
            (false, false) => lang.pick(
                format!("  待 {} 会签", g.countersigned_by),
                format!("  awaiting countersignature by {}", g.countersigned_by),
            ),
        };
        println!(
            "  #{}  {}  {} – {}{}",
            g.generation, g.fingerprint, g.created_at, ended, counter
        );
    }
}

fn io(e: std::io::Error) -> OpError {
    OpError::Storage(crate::store::StoreError::Io(e))
}

pub async fn run(
    ctx: &Ctx,
    by: &ops::Caller,
    community_id: i64,
    cmd: RootCmd,
    lang: Lang,
) -> Result<ExitCode, OpError> {
    let view = match cmd {
        RootCmd::Show { .. } => ops::keys::root_show(ctx, RootQuery { community_id }).await?,
        RootCmd::Rotate {
            reason,
            countersigned_by,
            ..
        } => {
            ops::keys::root_rotate(
                ctx,
                by,
                RootRotate {
                    community_id,
                    reason,
                    countersigned_by,
                },
            )
            .await?
        }
        RootCmd::Handover {
            generation, out, ..
        } => {
            let view = ops::keys::root_show(ctx, RootQuery { community_id }).await?;
            let Some(doc) = view
                .history
                .iter()
                .find(|g| g.generation == generation)
                .and_then(|g| g.handover.clone())
            else {
                eprintln!(
                    "{}",
                    lang.pick(
                        format!("第 {generation} 代根密钥没有交接文件（第 1 代是最初生成的）。"),
                        format!("Generation {generation} has no hand-over (generation 1 was made first)."),
                    )
                );
                return Ok(ExitCode::from(1));
            };
            let text = serde_json::to_vec_pretty(&doc).map_err(|e| OpError::BadArguments {
                op: "root handover".into(),
                detail: e.to_string(),
            })?;
            crate::store::private::write(&out, &text).map_err(io)?;
            println!("{}", out.display());
            return Ok(ExitCode::SUCCESS);
        }
        RootCmd::Countersign {
            generation, file, ..
        } => {
            let bytes = std::fs::read(&file).map_err(io)?;
            let signed: SignedFile =
                serde_json::from_slice(&bytes).map_err(|e| OpError::BadArguments {
                    op: "root countersign".into(),
                    detail: e.to_string(),
                })?;
            ops::keys::root_countersign(
                ctx,
                by,
                RootCountersign {
                    community_id,
                    generation,
                    file: signed,
                },
            )
            .await?
        }
    };
    print_view(&view, lang);
    Ok(ExitCode::SUCCESS)
}

/// The arguments the guard checks (the community named).
pub fn guard_args(community_id: i64) -> serde_json::Value {
    json!({ "community_id": community_id })
}

/// The action a changing command is checked against.
pub const ACTION: Action = Action::AssignOffices;
