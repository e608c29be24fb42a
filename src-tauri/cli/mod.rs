//! The `yishi` command line: what an auditor or admin does in a terminal, with no display.
//! Without a subcommand (or with `app`) the binary opens the desktop window instead; that part
//! lives in `main.rs`, the only place that builds the Tauri context.

mod auth;
mod calendar;
mod checkpoint;
mod keys;
pub mod logging;
mod print;
mod root;
mod tally;
mod verify;

use crate::domain::access::Action;
use crate::lang::Lang;
use crate::ops::types::{
    CommunityCreate, ImportCommit, ImportOptions, ImportRequest, RollQuery, UnitQuery,
};
use crate::ops::{self, Caller, Ctx, OpError};
use base64::Engine;
use clap::{Parser, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "yishi",
    version,
    about = "议事厅 Yishi: community deliberation and lawful voting"
)]
pub struct Cli {
    /// Database file (default: the OS application-data folder; env YISHI_DB).
    #[arg(long, global = true, env = "YISHI_DB")]
    pub db: Option<PathBuf>,
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true, env = "YISHI_LANG", default_value = "zh")]
    pub lang: String,
    /// Who acts, for commands that change anything: a person's number (12 or #12) or exact
    /// name; their PIN is prompted (or read from YISHI_PIN). Read-only commands need none.
    #[arg(long = "as", global = true, env = "YISHI_AS")]
    pub as_person: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open the desktop app (the default).
    App {
        /// Load the demo community 阳光山庄 first if the database has no community.
        #[arg(long)]
        demo: bool,
    },
    /// Serve the app and its operations over HTTP (loopback unless --bind says otherwise).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// Meeting-room (LAN) mode: allows a --bind on the laptop's LAN address (not 0.0.0.0);
        /// other machines reach only the operations marked for members' phones.
        #[arg(long)]
        lan: bool,
        /// Load the demo community first if the database has no community.
        #[arg(long)]
        demo: bool,
        /// FOR TESTS ONLY: run the server's clock from the instant in the environment variable
        /// YISHI_NOW (RFC 3339, e.g. 2026-12-24T09:00:00+08:00), ticking from there. Without
        /// this flag a set YISHI_NOW refuses to start; with it an unset one does too.
        #[arg(long)]
        i_know_this_is_a_test_clock: bool,
        /// FOR DEMOS AND TESTS ONLY: communities created by this server are practice ones, whose
        /// keys use a cheap key-derivation cost (fast), refused in any real community.
        #[arg(long)]
        practice_keys: bool,
    },
    /// Load the demo community 阳光山庄.
    Demo,
    /// Communities.
    #[command(subcommand)]
    Community(CommunityCmd),
    /// The community roll (名册).
    #[command(subcommand)]
    Roll(RollCmd),
    /// Re-check the record.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Backups of the database.
    #[command(subcommand)]
    Backup(BackupCmd),
    /// Signed checkpoints over the log (RFC 9162 tree heads) and their proofs.
    #[command(subcommand)]
    Checkpoint(checkpoint::CheckpointCmd),
    /// Show that a ballot receipt (the receipt file, its hash, the QR's text or the written-down
    /// short code) is a ballot of an exported vote record; exit 1 if not.
    VerifyReceipt { receipt: String, record: PathBuf },
    /// Signing keys and signed files.
    #[command(subcommand)]
    Keys(keys::KeysCmd),
    /// The community's root key: its fingerprint, rotation and hand-overs.
    #[command(subcommand)]
    Root(root::RootCmd),
    /// Bring back this database's secrets (PIN pepper, ID-digest key) after a reinstall or on a
    /// new laptop, from a backup (or the database itself) and the recovery code, read from
    /// standard input. With --backup and no database at --db yet, the backup becomes it.
    Recover {
        /// A backup file (default: the database itself).
        #[arg(long)]
        backup: Option<PathBuf>,
    },
    /// Issue a new recovery code for this database's secrets (printed once; the previous code
    /// no longer opens backups made from now on).
    RecoveryCode,
    /// Statutory holiday schedules (one file per year; docs/holidays.md).
    #[command(subcommand)]
    Calendar(calendar::CalendarCmd),
    /// Re-check an exported vote record offline; exit 1 naming each discrepancy. Give the
    /// manifest hash or the root fingerprint from the posted notice (short form or full hex) to
    /// check that this is the record of that vote; without one, only the record's internal
    /// consistency is checked. `--root` also accepts an earlier root the record's hand-overs
    /// lead from. `--checkpoint` (a checkpoint file, or the printed "SIZE / SHORT HASH" in
    /// quotes) requires the record's checkpoint to be that one or one it proves it extends.
    Verify {
        record: PathBuf,
        #[arg(long)]
        manifest: Option<String>,
        #[arg(long)]
        root: Option<String>,
        #[arg(long)]
        checkpoint: Option<String>,
    },
    /// Recount a vote from spreadsheets: the roll (import layout) and ballots (楼栋, 房号, 选择,
    /// optional 姓名); see docs/tally.md. Exit 0: counted; 1: errors in the files (each with its
    /// file and line); 2: a usage error or a missing file.
    Tally {
        /// The roll in the import layout (docs/roll-import.md); not needed for committee:<m>,
        /// residents:<n> or residents:groups:<g>:<k>.
        #[arg(long)]
        roll: Option<PathBuf>,
        #[arg(long)]
        ballots: PathBuf,
        /// owners-ordinary | owners-major | committee:<members>[:strict] | residents:<entitled> |
        /// residents:adults | residents:households | residents:groups:<groups>:<2|3>
        #[arg(long)]
        rule: String,
        /// community (default) | building:<name> | entrance:<building>/<entrance>; owners' rules only.
        #[arg(long)]
        scope: Option<String>,
        #[arg(long)]
        parking_counts: bool,
        /// The last ballot of a person stands (default: the first).
        #[arg(long)]
        last_stands: bool,
        /// Print the documented JSON object (docs/tally.md) instead of the result block.
        #[arg(long)]
        json: bool,
        /// The meeting's date (YYYY-MM-DD) on which residents' ages are counted (default: today, UTC+8).
        #[arg(long)]
        on: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CommunityCmd {
    /// List communities with N and A.
    List,
    /// Create a community.
    Create {
        name: String,
        #[arg(long, default_value = "")]
        address: String,
        /// Building names (repeat or comma-separate).
        #[arg(long, value_delimiter = ',')]
        building: Vec<String>,
        /// Parking spaces count toward N and A.
        #[arg(long)]
        parking_counts: bool,
        /// The community's first host: their name (their PIN is prompted, or YISHI_PIN).
        #[arg(long)]
        host_name: String,
        /// The first host's identity number (only a digest and the last four are kept).
        #[arg(long)]
        host_id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RollCmd {
    /// Preview a roster import; with --yes, write it.
    Import {
        file: PathBuf,
        /// Community name or number.
        #[arg(long)]
        community: String,
        /// Create buildings the file names that the community lacks.
        #[arg(long)]
        create_buildings: bool,
        /// Write the import (without it, only the preview is shown).
        #[arg(long)]
        yes: bool,
    },
    /// Show N, A, every merge and the per-building roll.
    Show {
        #[arg(long)]
        community: String,
        #[arg(long)]
        building: Option<String>,
        /// Also list every unit.
        #[arg(long)]
        units: bool,
    },
    /// Export the roll as CSV in the import layout.
    Export {
        #[arg(long)]
        community: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// Re-walk the hash chain and compare each roll with the log; exit 1 naming each problem.
    Verify {
        /// A head hash written down earlier: also detects a log cut short.
        #[arg(long)]
        expect_head: Option<String>,
        /// A checkpoint kept outside the laptop: a checkpoint file (`yishi checkpoint export`),
        /// or the printed "SIZE / SHORT HASH" in quotes. Proves the log still extends it.
        #[arg(long)]
        checkpoint: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum BackupCmd {
    /// Write a consistent copy of the live database.
    Create {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write a copy encrypted under the recovery code, to keep off the laptop (a USB drive held
    /// by the owners' committee). The code (the database's current one) is read from
    /// YISHI_RECOVERY_CODE, else prompted, else the first line of standard input.
    Export {
        /// A folder (a new file yishi-<time>.yishi-backup in it) or a new file's path.
        #[arg(long)]
        to: PathBuf,
    },
    /// Replace the database with a backup after checking it. FILE is a name from the backups
    /// folder, or any file (copied into the backups folder first); an encrypted backup
    /// (`backup export`) asks for its recovery code as `backup export` does. A backup older than the live
    /// log, or forked from it, is restored only with --host-key (the host's PIN is read from
    /// YISHI_PIN or the first line of standard input); what it discards is printed first.
    Restore {
        file: PathBuf,
        /// The host's key id (see the preview's list) to sign the confirmation.
        #[arg(long)]
        host_key: Option<i64>,
        /// Only print what restoring would discard; change nothing.
        #[arg(long)]
        preview: bool,
    },
}

impl Cli {
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.lang)
    }

    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(crate::store::default_path)
    }

    /// The caller for startup work the person at the terminal asked for with a flag (`--demo`).
    pub fn local_caller(&self) -> Caller {
        Caller::new("命令行", chrono::Utc::now())
    }
}

/// Loads the demo when the database has no community yet.
pub async fn ensure_demo(ctx: &Ctx, by: &Caller) -> Result<(), OpError> {
    if ops::roll::community_list(ctx).await?.is_empty() {
        ops::demo::demo_load(ctx, by).await?;
    }
    Ok(())
}

/// Runs a headless command. Returns the process exit code.
pub async fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang();
    // Commands that open a database log beside it (`serve` also to stderr); the offline checks
    // touch no database and log nothing. The guard lives until the error below is logged.
    let offline = matches!(
        cli.command,
        Some(Command::Verify { .. } | Command::VerifyReceipt { .. } | Command::Tally { .. })
    );
    let serving = matches!(cli.command, Some(Command::Serve { .. }));
    let _log = if offline {
        None
    } else {
        logging::init(&logging::log_dir(&cli.db_path()), serving)
    };
    match run_inner(cli).await {
        Ok(code) => code,
        Err(e) => {
            // Internal errors: the full text goes to the log, the terminal gets a reference.
            let (message, reference) = crate::commands::errors::user_message(&e, lang);
            if reference.is_some() {
                eprintln!("{message}");
            } else {
                eprintln!("{}", terminal_message(&e, lang));
            }
            ExitCode::from(2)
        }
    }
}

/// An error as a terminal user reads it: the app's messages speak of pages and screens, so the
/// few that do are said here for the command line.
pub fn terminal_message(e: &OpError, lang: Lang) -> String {
    match e {
        OpError::BadArguments { op, detail } => lang.pick(
            format!("命令“{op}”的参数有误：{detail}。请用 --help 查看用法。"),
            format!("The arguments of \"{op}\" are wrong: {detail}. See --help for the usage."),
        ),
        OpError::Storage(crate::store::StoreError::Io(io)) => lang.pick(
            format!("无法读写文件：{io}。请检查路径和权限。"),
            format!("A file could not be read or written: {io}. Check the path and permissions."),
        ),
        other => other.message(lang),
    }
}

/// `yishi recover`: the code from standard input (prompted on a terminal).
async fn recover(
    db: &std::path::Path,
    backup: Option<&std::path::Path>,
    lang: Lang,
) -> Result<ExitCode, OpError> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        eprint!(
            "{}",
            lang.pick(
                "请输入恢复码（24 个字符）：",
                "Recovery code (24 characters): "
            )
        );
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(crate::store::StoreError::from)?;
    let keystore = crate::secrets::Keystore::for_database(db);
    let source = backup.unwrap_or(db);
    // An encrypted backup (from the USB drive) opens with the same code.
    let outcome = ops::record::sealed::recover_from(&keystore, source, &line, Some(db)).await?;
    if let Some(to) = &outcome.database_copied_to {
        println!(
            "{}",
            lang.pick(
                format!("已把备份放到 {to} 作为数据库。"),
                format!("The backup was put in place as the database {to}.")
            )
        );
    }
    println!(
        "{}",
        if outcome.installed {
            lang.pick(
                format!("已恢复数据库 {} 的密钥材料，保存在 {}。现在可以正常打开数据库。", outcome.database_id, outcome.kept_in),
                format!("The secrets of database {} are recovered, kept in {}. The database opens again.", outcome.database_id, outcome.kept_in),
            )
        } else {
            lang.pick(
                format!(
                    "数据库 {} 的密钥材料本来就在这台电脑上（{}），无需恢复。",
                    outcome.database_id, outcome.kept_in
                ),
                format!(
                    "The secrets of database {} were already on this computer ({}); nothing to do.",
                    outcome.database_id, outcome.kept_in
                ),
            )
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The recovery code for an encrypted backup: YISHI_RECOVERY_CODE, else a prompt on a
/// terminal, else the next line of standard input.
fn read_recovery_code(lang: Lang) -> Result<zeroize::Zeroizing<String>, OpError> {
    use std::io::{BufRead, IsTerminal};
    if let Ok(code) = std::env::var("YISHI_RECOVERY_CODE") {
        return Ok(zeroize::Zeroizing::new(code));
    }
    let prompt = lang.pick(
        "请输入恢复码（24 个字符）：",
        "Recovery code (24 characters): ",
    );
    if std::io::stdin().is_terminal() {
        eprint!("{prompt}");
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(crate::store::StoreError::from)?;
    Ok(zeroize::Zeroizing::new(line.trim().to_string()))
}

async fn resolve_community(ctx: &Ctx, key: &str) -> Result<i64, OpError> {
    let list = ops::roll::community_list(ctx).await?;
    list.iter()
        .find(|c| c.name == key || c.id.to_string() == key)
        .map(|c| c.id)
        .ok_or_else(|| OpError::NotFound(ops::Missing::Community(key.parse().unwrap_or(-1))))
}

async fn run_inner(cli: Cli) -> Result<ExitCode, OpError> {
    let lang = cli.lang();
    // Offline checks touch no database.
    match &cli.command {
        Some(Command::Verify {
            record,
            manifest,
            root,
            checkpoint,
        }) => {
            let anchor = crate::formats::record_v2::Anchors {
                manifest: manifest.clone(),
                root: root.clone(),
                checkpoint: checkpoint::read_head_arg(checkpoint.as_deref())?,
            };
            return verify::verify(record, &anchor, lang);
        }
        Some(Command::VerifyReceipt { receipt, record }) => {
            return verify::verify_receipt(receipt, record, lang);
        }
        Some(Command::Tally {
            roll,
            ballots,
            rule,
            scope,
            parking_counts,
            last_stands,
            json,
            on,
        }) => {
            return Ok(tally::tally(
                tally::TallyArgs {
                    roll: roll.as_deref(),
                    ballots,
                    rule,
                    scope: scope.as_deref(),
                    parking_counts: *parking_counts,
                    last_stands: *last_stands,
                    json: *json,
                    on: on.as_deref(),
                },
                lang,
            ));
        }
        Some(Command::Recover { backup }) => {
            return recover(&cli.db_path(), backup.as_deref(), lang).await;
        }
        Some(Command::Audit(AuditCmd::Verify {
            expect_head,
            checkpoint,
        })) => {
            // Read-only: checking a database never changes it (no migration, no baseline of
            // the row ledger, no start-up certification), so what it reports is the file as
            // it was handed over.
            let checkpoint = checkpoint::read_head_arg(checkpoint.as_deref())?;
            let path = cli.db_path();
            if !path.is_file() {
                eprintln!(
                    "{}",
                    lang.pick(
                        format!("没有数据库文件 {}：请用 --db 指明要核验的数据库。", path.display()),
                        format!(
                            "There is no database file at {}: give the database to check with --db.",
                            path.display()
                        ),
                    )
                );
                return Ok(ExitCode::from(2));
            }
            // A database from a newer release is refused as it is (never migrated or read
            // by rules this version does not know).
            let store = crate::store::Store::open_existing_live(&path).await?;
            if let Err(e) = crate::store::upgrade::refuse_newer(&store).await {
                store.close().await;
                return Err(e.into());
            }
            let report = ops::record::audit_store(
                &store,
                expect_head.as_deref(),
                checkpoint.as_deref(),
                lang,
            )
            .await?;
            store.close().await;
            print::audit(&report, lang);
            return Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        _ => {}
    }
    let by = cli.local_caller();
    let who = cli.as_person.clone();
    let db = cli.db_path();
    // `yishi demo` and `serve --practice-keys` create practice communities (cheap keys, refused in
    // a real community); everything else creates real ones.
    let practice = matches!(
        cli.command,
        Some(Command::Demo)
            | Some(Command::Serve {
                practice_keys: true,
                ..
            })
    );
    let ctx = Ctx::open(&db).await?;
    if let Some(notice) = ctx.upgrade_notice(lang) {
        // On stderr, so a command's own output (JSON, a file) stays as it was.
        eprintln!("{notice}");
    }
    let ctx = Arc::new(if practice {
        ctx.with_practice_keys()
    } else {
        ctx
    });
    let Some(command) = cli.command else {
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::App { .. } => Ok(ExitCode::SUCCESS),
        Command::Serve {
            bind,
            lan,
            demo,
            i_know_this_is_a_test_clock,
            practice_keys,
        } => {
            if !bind.ip().is_loopback() && !lan {
                eprintln!(
                    "yishi serve: {bind} is not a loopback address. Serving beyond this laptop needs meeting-room mode: add --lan (only members' phone operations are reachable from other machines).\nyishi serve：{bind} 不是本机地址。要对本机以外开放，请加 --lan（会议室模式，其他设备只能使用成员手机的操作）。"
                );
                return Ok(ExitCode::from(2));
            }
            if lan && bind.ip().is_unspecified() {
                eprintln!(
                    "yishi serve: --lan needs the laptop's own LAN address (e.g. --bind 192.168.1.20:8080), not {bind}: it is the only address phones may use.\nyishi serve：--lan 需要本机在局域网中的地址（如 --bind 192.168.1.20:8080），不能是 {bind}。"
                );
                return Ok(ExitCode::from(2));
            }
            if practice_keys {
                eprintln!(
                    "yishi serve: PRACTICE KEYS: communities created now are practice ones (cheap keys, for demos and tests only).\nyishi serve：练习密钥模式：现在创建的小区为练习小区（低强度密钥，仅供演示和测试）。"
                );
            }
            let wanted = std::env::var("YISHI_NOW")
                .ok()
                .filter(|v| !v.trim().is_empty());
            match (wanted, i_know_this_is_a_test_clock) {
                (None, false) => {}
                (Some(_), false) => {
                    eprintln!(
                        "yishi serve: YISHI_NOW is set but --i-know-this-is-a-test-clock is not: refusing to start with a shifted clock. Unset YISHI_NOW.\nyishi serve：设置了 YISHI_NOW 但没有 --i-know-this-is-a-test-clock，拒绝以偏移的时钟启动。请取消 YISHI_NOW。"
                    );
                    return Ok(ExitCode::from(2));
                }
                (None, true) => {
                    eprintln!(
                        "yishi serve: --i-know-this-is-a-test-clock needs YISHI_NOW (RFC 3339, e.g. 2026-12-24T09:00:00+08:00).\nyishi serve：--i-know-this-is-a-test-clock 需要 YISHI_NOW（RFC 3339 时间）。"
                    );
                    return Ok(ExitCode::from(2));
                }
                (Some(text), true) => match chrono::DateTime::parse_from_rfc3339(text.trim()) {
                    Ok(at) => {
                        let offset = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
                        crate::server::set_test_clock(offset);
                        eprintln!("yishi serve: TEST CLOCK: now is {at} (YISHI_NOW), ticking");
                    }
                    Err(e) => {
                        eprintln!(
                            "yishi serve: YISHI_NOW \"{text}\" is not an RFC 3339 time ({e}); write e.g. 2026-12-24T09:00:00+08:00.\nyishi serve：YISHI_NOW 不是 RFC 3339 时间。"
                        );
                        return Ok(ExitCode::from(2));
                    }
                },
            }
            if demo {
                ensure_demo(&ctx, &by).await?;
            }
            eprintln!(
                "{}",
                lang.pick(
                    format!("数据库：{}", db.display()),
                    format!("Database: {}", db.display())
                )
            );
            crate::server::serve(ctx, bind, lan)
                .await
                .map_err(crate::store::StoreError::from)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::RecoveryCode => {
            // A new code replaces the one on paper: a host signs in for it.
            let by = auth::caller(&ctx, who.as_deref(), Action::Maintain, json!({}), lang).await?;
            let issued = ops::recovery::recovery_code_renew(&ctx, &by).await?;
            println!("{}", issued.code);
            eprintln!(
                "{}",
                lang.pick(
                    "这是本数据库密钥材料的恢复码，只显示这一次。请抄在纸上，与电脑分开保管。重装系统或换电脑后，凭它和任一备份运行 yishi recover。",
                    "This is the recovery code of this database's secrets, shown this once. Write it on paper and keep it apart from the computer. After a reinstall or on a new laptop, run yishi recover with it and any backup."
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Recover { .. } => Ok(ExitCode::SUCCESS),
        Command::Demo => {
            let by = auth::caller(
                &ctx,
                who.as_deref(),
                Action::CreateCommunity,
                json!({}),
                lang,
            )
            .await?;
            let c = ops::demo::demo_load(&ctx, &by).await?;
            println!(
                "{} (#{}): {}",
                c.name,
                c.id,
                ops::roll::describe_count(c.persons, c.area)
            );
            print::demo_operators(&ops::demo::demo_operators(&ctx, c.id).await?, lang);
            Ok(ExitCode::SUCCESS)
        }
        Command::Community(CommunityCmd::List) => {
            for c in ops::roll::community_list(&ctx).await? {
                println!(
                    "#{} {}  {} {}  {}",
                    c.id,
                    c.name,
                    c.units,
                    lang.pick("套", "units"),
                    ops::roll::describe_count(c.persons, c.area)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Community(CommunityCmd::Create {
            name,
            address,
            building,
            parking_counts,
            host_name,
            host_id,
        }) => {
            let by = auth::caller(
                &ctx,
                who.as_deref(),
                Action::CreateCommunity,
                json!({}),
                lang,
            )
            .await?;
            let settings = crate::domain::roll::RollSettings { parking_counts };
            let pin = auth::read_pin(&lang.pick(
                format!("新主持人 {host_name} 的 PIN（由本人输入）："),
                format!("PIN of the new host {host_name} (typed by them): "),
            ))?;
            let done = ops::access::community_setup(
                &ctx,
                &by,
                ops::access::CommunitySetup {
                    community: CommunityCreate {
                        name,
                        address,
                        buildings: building,
                        settings,
                    },
                    host: ops::access::FirstHost {
                        name: host_name,
                        id_number: host_id,
                        pin,
                    },
                },
            )
            .await?;
            println!(
                "#{} {}  {} #{}",
                done.community.id,
                done.community.name,
                lang.pick("主持人", "host"),
                done.host_person_id
            );
            if let Some(code) = &done.recovery_code {
                println!(
                    "{}\n  {code}",
                    lang.pick(
                        "恢复码（只显示这一次：抄下来，与身份证明分开保管；换电脑、重装或所有主持人都无法登录时要用它）：",
                        "Recovery code (shown this once: write it down and keep it apart from ID papers; needed after a reinstall, on a new laptop, or when no host can sign in):"
                    )
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Roll(RollCmd::Import {
            file,
            community,
            create_buildings,
            yes,
        }) => {
            let community_id = resolve_community(&ctx, &community).await?;
            let bytes = std::fs::read(&file).map_err(crate::store::StoreError::from)?;
            let request = ImportRequest {
                community_id,
                file_name: file
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                options: ImportOptions { create_buildings },
            };
            let preview = ops::roll::roll_import_preview(&ctx, request.clone(), lang).await?;
            print::preview(&preview, lang);
            if !preview.can_commit {
                return Ok(ExitCode::from(1));
            }
            if !yes {
                println!(
                    "{}",
                    lang.pick(
                        "（仅预览，未写入。加 --yes 写入。）",
                        "(Preview only, nothing written. Add --yes to write.)"
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            let by = auth::caller(
                &ctx,
                who.as_deref(),
                Action::EditRoll,
                json!({ "community_id": community_id }),
                lang,
            )
            .await?;
            let outcome = ops::roll::roll_import_commit(
                &ctx,
                &by,
                ImportCommit {
                    request,
                    plan_digest: preview.plan_digest,
                    job_id: None,
                },
                lang,
            )
            .await?;
            println!(
                "{} #{}: {}",
                lang.pick("已写入，事件", "Written, event"),
                outcome.event_seq,
                ops::roll::describe_count(outcome.persons, outcome.area)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Roll(RollCmd::Show {
            community,
            building,
            units,
        }) => {
            let community_id = resolve_community(&ctx, &community).await?;
            let summary = ops::roll::roll_summary(
                &ctx,
                RollQuery {
                    community_id,
                    building: building.clone(),
                },
            )
            .await?;
            print::summary(&summary, lang);
            if units {
                let page = ops::roll::unit_list(
                    &ctx,
                    UnitQuery {
                        community_id,
                        building,
                        search: None,
                        offset: 0,
                        limit: Some(500),
                    },
                )
                .await?;
                print::units(&page, lang);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Roll(RollCmd::Export { community, out }) => {
            let community_id = resolve_community(&ctx, &community).await?;
            // The export carries personal data: the same right as reading the roll in the app.
            auth::caller(
                &ctx,
                who.as_deref(),
                Action::ReadRoll,
                json!({ "community_id": community_id }),
                lang,
            )
            .await?;
            let file = ops::roll::roll_export(
                &ctx,
                crate::ops::types::ExportRequest {
                    community_id,
                    format: Default::default(),
                    save_to_downloads: false,
                },
            )
            .await?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(file.content_base64)
                .map_err(|_| OpError::Invalid(ops::Invalid::Base64))?;
            crate::store::private::write(&out, &bytes).map_err(crate::store::StoreError::from)?;
            println!("{}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(_)
        | Command::Verify { .. }
        | Command::VerifyReceipt { .. }
        | Command::Tally { .. } => Ok(ExitCode::SUCCESS),
        Command::Checkpoint(cmd) => checkpoint::run(&ctx, cmd, lang).await,
        Command::Calendar(cmd) => {
            let by = if calendar::changes(&cmd) {
                auth::caller(&ctx, who.as_deref(), Action::Maintain, json!({}), lang).await?
            } else {
                by
            };
            calendar::run(&ctx, &by, cmd, lang).await
        }
        Command::Root(cmd) => {
            let community_id = resolve_community(&ctx, cmd.community()).await?;
            let by = if cmd.changes() {
                auth::caller(
                    &ctx,
                    who.as_deref(),
                    root::ACTION,
                    root::guard_args(community_id),
                    lang,
                )
                .await?
            } else {
                by
            };
            root::run(&ctx, &by, community_id, cmd, lang).await
        }
        Command::Keys(cmd) => {
            keys::run(&ctx, cmd, lang, async |key: &str| {
                resolve_community(&ctx, key).await
            })
            .await
        }
        Command::Backup(BackupCmd::Create { out }) => {
            auth::caller(&ctx, who.as_deref(), Action::Maintain, json!({}), lang).await?;
            let info = ops::record::backup_create(&ctx, by.now, out).await?;
            println!(
                "{}  ({} bytes, {} events, head {})",
                info.path, info.bytes, info.events, info.head_hash
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup(BackupCmd::Export { to }) => {
            auth::caller(&ctx, who.as_deref(), Action::Maintain, json!({}), lang).await?;
            let code = read_recovery_code(lang)?;
            let done = ops::record::backup_export_to(&ctx, by.now, &code, &to).await?;
            println!(
                "{}  ({} bytes, {} events, head {})",
                done.saved_to, done.bytes, done.events, done.head_hash
            );
            eprintln!(
                "{}",
                lang.pick(
                    "已用恢复码加密。请把它复制到 U 盘，交业委会保管，并记下上面的 head（最新事件哈希）。恢复时需要同一张恢复码单。",
                    "Encrypted under the recovery code. Copy it to a USB drive kept by the owners' committee, and note the head above. Restoring needs the same recovery code sheet."
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup(BackupCmd::Restore {
            file,
            host_key,
            preview,
        }) => {
            let by = auth::caller(&ctx, who.as_deref(), Action::Restore, json!({}), lang).await?;
            let code = if ops::record::sealed::is_sealed_file(&file) {
                Some(read_recovery_code(lang)?)
            } else {
                None
            };
            let name = ops::record::backup_take_in_file(
                &ctx,
                &by,
                &file,
                code.as_deref().map(|c| c.as_str()),
            )
            .await?;
            let shown = ops::record::backup_restore_preview(
                &ctx,
                ops::record::BackupRef {
                    file_name: name.clone(),
                },
                lang,
            )
            .await?;
            print::restore_preview(&shown, lang);
            if preview {
                return Ok(ExitCode::SUCCESS);
            }
            let confirmation = match (shown.needs_confirmation, host_key) {
                (true, Some(host_key_id)) => Some(ops::keys::HostApproval {
                    host_key_id,
                    host_pin: keys::read_pin()?,
                }),
                _ => None,
            };
            let done = ops::record::backup_restore(
                &ctx,
                &by,
                ops::record::BackupRestore {
                    file_name: name,
                    expect_live_head: Some(shown.live_head),
                    confirmation,
                },
                lang,
            )
            .await?;
            println!(
                "{} {}",
                lang.pick("被替换的数据库另存为", "The replaced database is kept as"),
                done.replaced_kept_as
            );
            print::audit(&done.report, lang);
            Ok(if done.report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
