//! `yishi checkpoint …`: the signed checkpoints over the log and their RFC 9162 proofs, and
//! `yishi verify-receipt`, which shows that a receipt's ballot is in a record.

use crate::lang::Lang;
use crate::ops::anchor::checkpoint as cp;
use crate::ops::{Ctx, OpError};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum CheckpointCmd {
    /// The community's newest checkpoint: size, short root hash, time, root fingerprint.
    Latest {
        /// Community name or id (default: the only one, or the first that is not the demo).
        #[arg(long)]
        community: Option<String>,
    },
    /// Write the newest checkpoint's signed file (JSON) to --out, or print it. Keep it outside
    /// the laptop: `yishi audit verify --checkpoint FILE` later proves the log extends it.
    Export {
        #[arg(long)]
        community: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The RFC 9162 consistency proof (JSON) from the log's first FROM events to the first TO
    /// (default: the whole log now).
    Prove {
        #[arg(long)]
        from: u64,
        #[arg(long)]
        to: Option<u64>,
    },
    /// Event SEQ with its RFC 9162 inclusion proof (JSON) in the newest checkpoint's tree (or
    /// the tree of --size events).
    Include {
        seq: i64,
        #[arg(long)]
        community: Option<String>,
        #[arg(long)]
        size: Option<u64>,
    },
}

fn io(e: std::io::Error) -> OpError {
    OpError::Storage(crate::store::StoreError::Io(e))
}

/// `--checkpoint HEAD`: the file's text when HEAD names a file, otherwise HEAD itself.
pub fn read_head_arg(head: Option<&str>) -> Result<Option<String>, OpError> {
    let Some(head) = head else { return Ok(None) };
    let path = Path::new(head.trim());
    if !head.trim().is_empty() && path.is_file() {
        return std::fs::read_to_string(path).map(Some).map_err(io);
    }
    Ok(Some(head.to_string()))
}

async fn community_of(ctx: &Ctx, key: Option<&str>) -> Result<i64, OpError> {
    let list = crate::ops::roll::community_list(ctx).await?;
    if let Some(key) = key {
        return list
            .iter()
            .find(|c| c.name == key || c.id.to_string() == key)
            .map(|c| c.id)
            .ok_or_else(|| {
                OpError::NotFound(crate::ops::Missing::Community(key.parse().unwrap_or(-1)))
            });
    }
    let demo = crate::domain::demo::DEMO_NAME;
    list.iter()
        .find(|c| c.name != demo)
        .or(list.first())
        .map(|c| c.id)
        .ok_or(OpError::NotFound(crate::ops::Missing::Community(-1)))
}

fn json_out<T: serde::Serialize>(value: &T) -> Result<String, OpError> {
    serde_json::to_string_pretty(value).map_err(|e| OpError::BadArguments {
        op: "checkpoint".into(),
        detail: e.to_string(),
    })
}

pub async fn run(ctx: &Ctx, cmd: CheckpointCmd, lang: Lang) -> Result<ExitCode, OpError> {
    match cmd {
        CheckpointCmd::Latest { community } => {
            let id = community_of(ctx, community.as_deref()).await?;
            match cp::checkpoint_latest(ctx, id).await? {
                Some(v) => {
                    println!("{}", lang.pick("最新检查点", "Latest checkpoint"));
                    println!(
                        "  {} {}",
                        lang.pick("事件数 / 根哈希", "Size / root hash"),
                        v.printed
                    );
                    println!(
                        "  {} {}",
                        lang.pick("完整根哈希", "Full root hash"),
                        v.root_hash
                    );
                    println!("  {} {}", lang.pick("时间", "Made at"), v.made_at);
                    println!("  {} {}", lang.pick("原因", "Reason"), v.reason);
                    println!(
                        "  {} {}",
                        lang.pick("根密钥指纹", "Root key fingerprint"),
                        v.root_fingerprint
                    );
                    Ok(ExitCode::SUCCESS)
                }
                None => Err(cp::CheckpointProblem::NoneYet.into()),
            }
        }
        CheckpointCmd::Export { community, out } => {
            let id = community_of(ctx, community.as_deref()).await?;
            let store = ctx.store().await;
            let mut conn = store.reader().acquire().await?;
            let file = cp::latest_file(&mut conn, id).await?;
            let text = json_out(&file)?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(io)?;
                    println!("{}", path.display());
                }
                None => println!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        CheckpointCmd::Prove { from, to } => {
            let proof = cp::checkpoint_prove(ctx, from, to).await?;
            println!("{}", json_out(&proof)?);
            Ok(ExitCode::SUCCESS)
        }
        CheckpointCmd::Include {
            seq,
            community,
            size,
        } => {
            let id = community_of(ctx, community.as_deref()).await?;
            let proof = cp::checkpoint_include(ctx, id, seq, size).await?;
            println!("{}", json_out(&proof)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
