//! Signed checkpoints (tree heads) over the event log, in the manner of RFC 9162: the Merkle tree
//! hash of the first `tree_size` events (`crypto::merkle`), signed by the community's root key as
//! a `yishi/checkpoint/v1` document. Made inside the act's transaction at each vote opening and
//! closing, each backup and each printed notice or document; logged as `checkpoint.made`.
//!
//! A checkpoint covers the log *before* its own `checkpoint.made` event (that event carries the
//! signature, which cannot sign itself): its `tree_size` is the sequence number of the newest
//! event at signing time, and the next event is the one that records it.
//!
//! A checkpoint kept outside the laptop (printed, photographed, exported, sent to the street
//! office) lets anyone prove later that the log still extends it (`verify_against`): a rollback
//! or a rewrite of any of its first `tree_size` events, even with every hash recomputed, changes
//! the tree hash at that size.

use crate::crypto::merkle::{self, Tree};
use crate::crypto::signing::PublicKey;
use crate::formats::signed::SignedFile;
use crate::lang::Lang;
use crate::ops::types::AuditProblemKind;
use crate::ops::{Caller, ErrorCode, OpError, OpResult};
use crate::store::checkpoints::{self as cp_store, CheckpointRow, NewCheckpoint};
use crate::store::events::{self, NewEvent};
use crate::store::{StoreError, WriteTx};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqliteConnection;
use ts_rs::TS;

pub use crate::formats::checkpoint::{
    CHECKPOINT_CONTEXT, CONSISTENCY_FORMAT, CheckpointHead, ConsistencyProof, EventProof,
    INCLUSION_FORMAT, verify_event_proof,
};

/// Why a checkpoint could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointProblem {
    /// The computer's clock is earlier than the newest checkpoint: times would go backwards.
    ClockBehind { now: String, last: String },
    /// The community has no checkpoint yet.
    NoneYet,
    /// The text or file given is not a checkpoint (what is wrong).
    Unreadable(String),
    /// A proof was asked for sizes or an event the log does not have.
    OutOfRange(String),
}

impl CheckpointProblem {
    pub fn code(&self) -> ErrorCode {
        match self {
            CheckpointProblem::ClockBehind { .. } => ErrorCode::Conflict,
            CheckpointProblem::NoneYet => ErrorCode::NotFound,
            CheckpointProblem::Unreadable(_) | CheckpointProblem::OutOfRange(_) => {
                ErrorCode::InvalidInput
            }
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            CheckpointProblem::ClockBehind { now, last } => lang.pick(
                format!("电脑时钟显示 {now}，早于最近一个检查点的时间 {last}。记录中的时间以电脑时钟为准，时间不能倒退，本次操作没有保存。请把电脑的日期和时间调准后重试。"),
                format!("The computer's clock says {now}, earlier than the last checkpoint at {last}. The record's times come from this clock and may not go backwards, so nothing was saved. Set the computer's date and time, then retry."),
            ),
            CheckpointProblem::NoneYet => lang.pick(
                "本小区还没有检查点。开启或结束表决、打印通知或备份时会自动生成。".into(),
                "This community has no checkpoint yet. One is made when a vote opens or closes, a notice is printed or a backup is made.".into(),
            ),
            CheckpointProblem::Unreadable(detail) => lang.pick(
                format!("无法读取检查点：{detail}。请提供导出的检查点文件（JSON），或抄写的“事件数 / 根哈希”（如 1234 / 3F9A 21C4 0B7E 9D12 5A6C 77E0 C1B3 4F28）。"),
                format!("Cannot read the checkpoint: {detail}. Give the exported checkpoint file (JSON), or the written-down \"size / root hash\" (e.g. 1234 / 3F9A 21C4 0B7E 9D12 5A6C 77E0 C1B3 4F28)."),
            ),
            CheckpointProblem::OutOfRange(detail) => lang.pick(
                format!("无法生成证明：{detail}。请核对事件编号或大小。"),
                format!("Cannot make the proof: {detail}. Check the event number or size."),
            ),
        }
    }
}

impl From<CheckpointProblem> for OpError {
    fn from(p: CheckpointProblem) -> OpError {
        OpError::Checkpoint(p)
    }
}

/// A checkpoint as the screens, notices and receipts show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckpointView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub community_id: i64,
    /// How many events the tree covers (events #1 … #tree_size).
    #[ts(type = "number")]
    pub tree_size: i64,
    /// Hex SHA-256 Merkle tree hash.
    pub root_hash: String,
    /// The first 128 bits of `root_hash` in 8 groups of 4 (to read aloud and print).
    pub root_hash_short: String,
    pub head_event_hash: String,
    pub made_at: String,
    pub reason: String,
    /// Short form of the signing root key's fingerprint.
    pub root_fingerprint: String,
    /// "SIZE / SHORT": what a notice prints and `audit verify --checkpoint` accepts.
    pub printed: String,
    /// QR code (SVG) of "SIZE/ROOT_HASH_HEX".
    pub qr_svg: String,
}

/// A checkpoint as a receipt carries it: enough to find it again and compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckpointRef {
    #[ts(type = "number")]
    pub tree_size: i64,
    pub root_hash: String,
    pub root_hash_short: String,
    pub made_at: String,
}

/// The first 128 bits of a hex hash as 8 groups of 4 uppercase hex digits.
pub fn short_hash(hex: &str) -> String {
    crate::ops::anchor::short_form(hex)
}

/// "SIZE / SHORT" as printed.
pub fn printed(tree_size: i64, root_hash: &str) -> String {
    format!("{tree_size} / {}", short_hash(root_hash))
}

fn view_of(row: &CheckpointRow) -> CheckpointView {
    let fingerprint = crate::ops::anchor::short_form(&crate::crypto::canonical::sha256_hex(
        &hex::decode(&row.signer_key).unwrap_or_default(),
    ));
    CheckpointView {
        id: row.id,
        community_id: row.community_id,
        tree_size: row.tree_size,
        root_hash: row.root_hash.clone(),
        root_hash_short: short_hash(&row.root_hash),
        head_event_hash: row.head_event_hash.clone(),
        made_at: row.made_at.clone(),
        reason: row.reason.clone(),
        root_fingerprint: fingerprint,
        printed: printed(row.tree_size, &row.root_hash),
        qr_svg: qr_svg(&format!("{}/{}", row.tree_size, row.root_hash)),
    }
}

fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(140, 140)
            .quiet_zone(true)
            .build(),
        // A QR code only repeats what is printed beside it; none is better than a wrong one.
        Err(_) => String::new(),
    }
}

/// The Merkle tree over the whole log as `conn` sees it (inside a transaction: with its writes).
pub async fn log_tree(conn: &mut SqliteConnection) -> OpResult<Tree> {
    Ok(Tree::from_event_hashes(
        cp_store::event_hashes(conn).await?.iter(),
    ))
}

/// Whether a stored checkpoint is what the app made: its signed file verifies strictly, is
/// signed by a root (any generation) of its community, and the row's columns say what the
/// signed document says. A row written or edited outside the app is not (`audit verify` names
/// it: [`stored_problems`]).
async fn genuine(
    conn: &mut SqliteConnection,
    row: &CheckpointRow,
) -> OpResult<Option<CheckpointHead>> {
    let Ok(file) = serde_json::from_str::<SignedFile>(&row.signed_file) else {
        return Ok(None);
    };
    let Ok(head) = CheckpointHead::from_signed(&file) else {
        return Ok(None);
    };
    let roots = crate::ops::anchor::root_keys(conn, row.community_id).await?;
    let same = roots.contains(&head.root)
        && head.root.hex() == row.signer_key
        && head.tree_size as i64 == row.tree_size
        && merkle::to_hex(&head.root_hash) == row.root_hash
        && head.head_event_hash == row.head_event_hash
        && head.made_at == row.made_at
        && head.reason == row.reason;
    Ok(same.then_some(head))
}

/// Refuses when the clock is earlier than the newest genuine checkpoint on this laptop. A row
/// that is not a genuine checkpoint (say one dated 2099, inserted to freeze the app) is passed
/// over here and named by `audit verify`.
pub async fn check_clock(conn: &mut SqliteConnection, now: DateTime<Utc>) -> OpResult<()> {
    const PAGE: i64 = 4;
    let mut offset = 0;
    loop {
        let page = cp_store::newest_first_page(conn, offset, PAGE).await?;
        if page.is_empty() {
            return Ok(());
        }
        offset += PAGE;
        for row in page {
            if genuine(conn, &row).await?.is_some() {
                return clock_not_behind(&row, now);
            }
        }
    }
}

/// Refuses when `now` is earlier than a genuine checkpoint's time.
fn clock_not_behind(row: &CheckpointRow, now: DateTime<Utc>) -> OpResult<()> {
    let last = &row.made_at;
    let last_t = DateTime::parse_from_rfc3339(last)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("checkpoint time {last:?}")))?;
    if now < last_t {
        return Err(CheckpointProblem::ClockBehind {
            now: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            last: last.clone(),
        }
        .into());
    }
    Ok(())
}

/// Every checkpoint stored in the database against the log (for `audit verify`): each must be
/// genuine (above), and the log must still extend it (at least `tree_size` events, the same
/// tree hash over them, the same hash of event #`tree_size`). The checkpoints are signed with
/// the root's secret, which the database file alone does not hold: a log rewritten with every
/// hash recomputed still contradicts them.
pub async fn stored_problems(conn: &mut SqliteConnection) -> OpResult<Vec<AuditProblemKind>> {
    if !crate::store::ledger::table_exists(conn, "checkpoints").await? {
        // A backup from before checkpoints.
        return Ok(Vec::new());
    }
    let rows = cp_store::all_newest_first(conn).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = cp_store::event_hashes_as_stored(conn).await?;
    let tree = Tree::from_event_hashes(hashes.iter());
    let mut found = Vec::new();
    let problem = |tree_size: i64, how: &str| AuditProblemKind::Checkpoint {
        tree_size,
        how: how.to_string(),
    };
    for row in rows.iter().rev() {
        let Some(head) = genuine(conn, row).await? else {
            found.push(problem(row.tree_size, "stored_not_genuine"));
            continue;
        };
        if head.tree_size > tree.size() {
            found.push(problem(row.tree_size, "shorter"));
            continue;
        }
        let at = tree.root_at(head.tree_size).expect("size checked");
        let last = hashes
            .get(head.tree_size as usize - 1)
            .map(merkle::to_hex)
            .unwrap_or_default();
        if at != head.root_hash || last != head.head_event_hash {
            found.push(problem(row.tree_size, "rewritten"));
        }
    }
    Ok(found)
}

/// Why a checkpoint is made (the `reason` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    VoteOpened,
    VoteClosed,
    Printed,
    Backup,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::VoteOpened => "vote_opened",
            Reason::VoteClosed => "vote_closed",
            Reason::Printed => "printed",
            Reason::Backup => "backup",
        }
    }
}

/// Makes a checkpoint of the log as this transaction sees it (the act's own events included),
/// signed by the community's root (made first if the community has none), stores it and logs
/// `checkpoint.made`. Refused when the clock is earlier than the newest checkpoint.
pub async fn make_checkpoint(
    tx: &mut WriteTx,
    secrets: &crate::secrets::Bundle,
    community_id: i64,
    reason: Reason,
    by: &Caller,
) -> OpResult<CheckpointView> {
    check_clock(tx.conn(), by.now).await?;
    let community = crate::store::community::get(tx.conn(), community_id)
        .await?
        .ok_or(OpError::NotFound(crate::ops::Missing::Community(
            community_id,
        )))?;
    let root = crate::ops::anchor::ensure_root(tx, secrets, community_id, by)
        .await?
        .public;
    let tree = log_tree(tx.conn()).await?;
    let (size, head_event_hash) = events::head(tx.conn()).await?;
    debug_assert_eq!(size as u64, tree.size());
    let made_at = by.now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let head = CheckpointHead {
        community: community.name.clone(),
        root,
        tree_size: tree.size(),
        root_hash: tree.root(),
        head_event_hash,
        made_at: made_at.clone(),
        reason: reason.as_str().into(),
    };
    let (info, file) =
        crate::ops::anchor::root_sign(tx.conn(), secrets, community_id, &head.document()).await?;
    let file_json = serde_json::to_string(&file).map_err(|e| OpError::BadArguments {
        op: "checkpoint".into(),
        detail: e.to_string(),
    })?;
    let root_hash = merkle::to_hex(&head.root_hash);
    let id = cp_store::insert(
        tx.conn(),
        &NewCheckpoint {
            community_id,
            tree_size: size,
            root_hash: &root_hash,
            head_event_hash: &head.head_event_hash,
            made_at: &made_at,
            reason: reason.as_str(),
            signer_key: &info.public.hex(),
            signed_file: &file_json,
        },
    )
    .await?;
    events::append(
        tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(community_id),
            kind: "checkpoint.made",
            payload: json!({
                "checkpoint_id": id, "tree_size": size, "root_hash": root_hash,
                "made_at": made_at, "reason": reason.as_str(),
                "root_generation": info.generation, "signature": file.signature,
            }),
        },
    )
    .await?;
    let row = cp_store::by_id(tx.conn(), id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("checkpoint just written is gone".into()))?;
    Ok(view_of(&row))
}

/// For a printed page: the newest checkpoint, made first when the log has grown since (beyond
/// that checkpoint's own `checkpoint.made` event), in its own transaction.
pub async fn checkpoint_for_print(
    ctx: &crate::ops::Ctx,
    by: &Caller,
    community_id: i64,
) -> OpResult<CheckpointView> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let latest = cp_store::latest(tx.conn(), community_id).await?;
    let (size, _) = events::head(tx.conn()).await?;
    if let Some(l) = latest.filter(|l| l.tree_size + 1 >= size) {
        // Nothing happened since but the checkpoint's own event: print that one.
        drop(tx);
        return Ok(view_of(&l));
    }
    let secrets = ctx.secrets();
    let view = make_checkpoint(&mut tx, &secrets, community_id, Reason::Printed, by).await?;
    tx.commit().await?;
    Ok(view)
}

/// A community's newest checkpoint (`None` before the first).
pub async fn latest_view(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<Option<CheckpointView>> {
    Ok(cp_store::latest(conn, community_id)
        .await?
        .as_ref()
        .map(view_of))
}

/// What a receipt carries: the newest checkpoint when it was given.
pub async fn latest_ref(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<Option<CheckpointRef>> {
    Ok(cp_store::latest(conn, community_id)
        .await?
        .map(|r| CheckpointRef {
            root_hash_short: short_hash(&r.root_hash),
            tree_size: r.tree_size,
            root_hash: r.root_hash,
            made_at: r.made_at,
        }))
}

/// The newest checkpoint's signed file (what `yishi checkpoint export` writes).
pub async fn latest_file(conn: &mut SqliteConnection, community_id: i64) -> OpResult<SignedFile> {
    let row = cp_store::latest(conn, community_id)
        .await?
        .ok_or(CheckpointProblem::NoneYet)?;
    serde_json::from_str(&row.signed_file)
        .map_err(|e| StoreError::Corrupt(format!("checkpoint #{}: {e}", row.id)).into())
}

/// A checkpoint given to check the log against: a signed file, or a written-down size and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    Signed(Box<CheckpointHead>),
    /// Size and the hex digits given (the short form's 32, or all 64).
    Written {
        tree_size: u64,
        hash_prefix: String,
    },
}

/// Reads what a user gives: the JSON of a checkpoint file, "SIZE / HASH" (short form or full
/// hex, spaces and dashes ignored, any case), or the QR's "SIZE/HEX".
pub fn parse_anchor_text(text: &str) -> Result<Anchor, CheckpointProblem> {
    let t = text.trim();
    if t.starts_with('{') {
        let file: SignedFile = serde_json::from_str(t)
            .map_err(|e| CheckpointProblem::Unreadable(format!("not a checkpoint file: {e}")))?;
        return CheckpointHead::from_signed(&file)
            .map(|h| Anchor::Signed(Box::new(h)))
            .map_err(CheckpointProblem::Unreadable);
    }
    let (size, hash) = t
        .split_once('/')
        .or_else(|| t.split_once(':'))
        .or_else(|| t.split_once(char::is_whitespace))
        .ok_or_else(|| CheckpointProblem::Unreadable("no size before the hash".into()))?;
    let tree_size: u64 = size
        .trim()
        .parse()
        .map_err(|_| CheckpointProblem::Unreadable(format!("\"{}\" is not a size", size.trim())))?;
    // An empty tree's hash is public: a checkpoint of nothing proves nothing.
    if tree_size == 0 {
        return Err(CheckpointProblem::Unreadable(
            "a checkpoint of 0 events proves nothing: give one with its size".into(),
        ));
    }
    let hex = match crate::ops::anchor::parse_anchor(hash) {
        Some(crate::ops::anchor::Anchor::Full(h) | crate::ops::anchor::Anchor::Short(h)) => h,
        None => {
            return Err(CheckpointProblem::Unreadable(
                "the hash must be the 32 hex digits of the short form or all 64".into(),
            ));
        }
    };
    Ok(Anchor::Written {
        tree_size,
        hash_prefix: hex,
    })
}

/// The outcome of checking the log against a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckpointCheck {
    pub ok: bool,
    #[ts(type = "number")]
    pub tree_size: i64,
    pub root_hash: String,
    /// Events in the log now.
    #[ts(type = "number")]
    pub log_size: i64,
    /// Whether the checkpoint was a signed file (a written-down one carries no signature).
    pub signed: bool,
    pub made_at: Option<String>,
    /// The signing root's fingerprint (short form), to compare with the printed notices.
    pub root_fingerprint: Option<String>,
    /// The RFC 9162 consistency proof from the checkpoint's size to the log now (hex).
    pub consistency_proof: Vec<String>,
    pub message: String,
}

/// Every root key (all generations) of every community in the store.
pub async fn known_roots(store: &crate::store::Store) -> OpResult<Vec<PublicKey>> {
    let mut out = Vec::new();
    for c in crate::store::community::list(store.reader()).await? {
        let mut conn = store.reader().acquire().await?;
        out.extend(crate::ops::anchor::root_keys(&mut conn, c.id).await?);
    }
    Ok(out)
}

/// Checks that the current log extends `anchor`, whose signer must be one of `known_roots`. A problem is returned with the report.
pub async fn verify_against(
    conn: &mut SqliteConnection,
    known_roots: &[PublicKey],
    anchor: &Anchor,
    lang: Lang,
) -> OpResult<(CheckpointCheck, Option<AuditProblemKind>)> {
    // A gap or an edited row shows as a different tree (the chain check names the row).
    let hashes = cp_store::event_hashes_as_stored(conn).await?;
    let tree = Tree::from_event_hashes(hashes.iter());
    let log_size = tree.size();
    let (tree_size, want, signed, made_at, fingerprint) = match anchor {
        Anchor::Signed(h) => (
            h.tree_size,
            merkle::to_hex(&h.root_hash),
            true,
            Some(h.made_at.clone()),
            Some(crate::ops::anchor::short_form(
                &crate::crypto::canonical::sha256_hex(&h.root.0),
            )),
        ),
        Anchor::Written {
            tree_size,
            hash_prefix,
        } => (*tree_size, hash_prefix.clone(), false, None, None),
    };
    let mut check = CheckpointCheck {
        ok: false,
        tree_size: tree_size as i64,
        root_hash: want.clone(),
        log_size: log_size as i64,
        signed,
        made_at,
        root_fingerprint: fingerprint,
        consistency_proof: Vec::new(),
        message: String::new(),
    };
    // A signed checkpoint must be signed by a root this database knows for a community.
    if let Anchor::Signed(h) = anchor {
        if !known_roots.contains(&h.root) {
            check.message = lang.pick(
                format!("该检查点由密钥 {} 签名，它不是本数据库任何小区的根密钥：检查点是伪造的，或属于另一个数据库。", check.root_fingerprint.clone().unwrap_or_default()),
                format!("The checkpoint is signed by key {}, which is not the root key of any community in this database: it is forged, or belongs to another database.", check.root_fingerprint.clone().unwrap_or_default()),
            );
            let how = "not_root".to_string();
            return Ok((
                check,
                Some(AuditProblemKind::Checkpoint {
                    tree_size: tree_size as i64,
                    how,
                }),
            ));
        }
    }
    if tree_size > log_size {
        check.message = lang.pick(
            format!("检查点记录了 {tree_size} 条事件，而现在的记录只有 {log_size} 条：记录被回退（例如恢复了旧备份或删去了末尾的事件）。"),
            format!("The checkpoint covers {tree_size} events but the log now has only {log_size}: the log was rolled back (an older backup restored, or events cut off the end)."),
        );
        return Ok((
            check,
            Some(AuditProblemKind::Checkpoint {
                tree_size: tree_size as i64,
                how: "shorter".into(),
            }),
        ));
    }
    let at_size = merkle::to_hex(&tree.root_at(tree_size).expect("size checked"));
    if !at_size.starts_with(&want) {
        check.message = lang.pick(
            format!("现在的记录前 {tree_size} 条事件的树哈希是 {}，而检查点是 {}：这些事件在检查点之后被改写或回退后重写（即使每条哈希都重新计算过）。", short_hash(&at_size), short_hash(&want)),
            format!("The tree hash of the log's first {tree_size} events is now {}, but the checkpoint says {}: those events were rewritten, or rolled back and rewritten, after the checkpoint (even with every hash recomputed).", short_hash(&at_size), short_hash(&want)),
        );
        return Ok((
            check,
            Some(AuditProblemKind::Checkpoint {
                tree_size: tree_size as i64,
                how: "rewritten".into(),
            }),
        ));
    }
    // Prove it the RFC's way, as an outside verifier would.
    let proof = tree
        .consistency_proof(tree_size, log_size)
        .expect("sizes checked");
    merkle::verify_consistency(
        tree_size,
        log_size,
        &tree.root_at(tree_size).expect("size checked"),
        &tree.root(),
        &proof,
    )
    .map_err(|e| StoreError::Corrupt(format!("consistency proof: {e}")))?;
    check.consistency_proof = proof.iter().map(merkle::to_hex).collect();
    check.ok = true;
    check.message = lang.pick(
        format!("现在的记录（{log_size} 条事件）延续了检查点（{tree_size} 条事件，{}）：此后没有回退或改写。", short_hash(&want)),
        format!("The log now ({log_size} events) extends the checkpoint ({tree_size} events, {}): nothing was rolled back or rewritten since.", short_hash(&want)),
    );
    Ok((check, None))
}

pub async fn consistency(
    conn: &mut SqliteConnection,
    first: u64,
    second: Option<u64>,
) -> OpResult<ConsistencyProof> {
    let tree = log_tree(conn).await?;
    let second = second.unwrap_or(tree.size());
    let proof = tree
        .consistency_proof(first, second)
        .map_err(|e| CheckpointProblem::OutOfRange(e.to_string()))?;
    Ok(ConsistencyProof {
        format: CONSISTENCY_FORMAT.into(),
        hash_alg: "sha256".into(),
        first_size: first as i64,
        first_root_hash: merkle::to_hex(&tree.root_at(first).expect("checked")),
        second_size: second as i64,
        second_root_hash: merkle::to_hex(&tree.root_at(second).expect("checked")),
        proof: proof.iter().map(merkle::to_hex).collect(),
    })
}

/// Inclusion proofs for the events `seqs` in the tree of the first `tree_size` events.
pub fn event_proofs(
    tree: &Tree,
    rows: &[crate::store::events::EventRow],
    tree_size: u64,
) -> Result<Vec<EventProof>, CheckpointProblem> {
    let root = tree
        .root_at(tree_size)
        .map_err(|e| CheckpointProblem::OutOfRange(e.to_string()))?;
    rows.iter()
        .map(|r| {
            let path = tree
                .inclusion_proof((r.seq - 1).max(0) as u64, tree_size)
                .map_err(|e| CheckpointProblem::OutOfRange(e.to_string()))?;
            Ok(EventProof {
                format: INCLUSION_FORMAT.into(),
                seq: r.seq,
                at: r.at.clone(),
                actor: r.actor.clone(),
                community_id: r.community_id,
                kind: r.kind.clone(),
                payload: r.payload.clone(),
                prev_hash: r.prev_hash.clone(),
                hash: r.hash.clone(),
                tree_size: tree_size as i64,
                root_hash: merkle::to_hex(&root),
                path: path.iter().map(merkle::to_hex).collect(),
            })
        })
        .collect()
}

/// For a record (helper D's format): the community's newest checkpoint and, for each event
/// `seq`, its inclusion proof in that checkpoint's tree. Events after the checkpoint get none
/// (they are not covered yet): make a checkpoint first (closing a vote makes one).
pub async fn attach_proofs(
    conn: &mut SqliteConnection,
    community_id: i64,
    seqs: &[i64],
) -> OpResult<(SignedFile, Vec<EventProof>)> {
    let file = latest_file(conn, community_id).await?;
    let head = CheckpointHead::from_signed(&file)
        .map_err(|e| StoreError::Corrupt(format!("stored checkpoint: {e}")))?;
    let tree = log_tree(conn).await?;
    let all = events::rows_by_seq(conn, seqs).await?;
    let covered: Vec<_> = all
        .into_iter()
        .filter(|r| r.seq >= 1 && (r.seq as u64) <= head.tree_size)
        .collect();
    let proofs = event_proofs(&tree, &covered, head.tree_size)?;
    Ok((file, proofs))
}

/// For a record: RFC 9162 consistency proofs from each of the community's checkpoints of at
/// least `from` events (the vote's opening) up to the one of `to` events (the record's), so a
/// verifier given an earlier posted checkpoint can relate it to the record's.
pub async fn consistency_to(
    conn: &mut SqliteConnection,
    community_id: i64,
    from: u64,
    to: u64,
) -> OpResult<Vec<ConsistencyProof>> {
    let sizes = cp_store::sizes_between(conn, community_id, from as i64, to as i64 - 1).await?;
    if sizes.is_empty() {
        return Ok(Vec::new());
    }
    let tree = log_tree(conn).await?;
    let second_root = tree
        .root_at(to)
        .map_err(|e| CheckpointProblem::OutOfRange(e.to_string()))?;
    sizes
        .into_iter()
        .filter(|m| *m >= 1)
        .map(|m| {
            let m = m as u64;
            let proof = tree
                .consistency_proof(m, to)
                .map_err(|e| CheckpointProblem::OutOfRange(e.to_string()))?;
            Ok(ConsistencyProof {
                format: CONSISTENCY_FORMAT.into(),
                hash_alg: "sha256".into(),
                first_size: m as i64,
                first_root_hash: merkle::to_hex(&tree.root_at(m).expect("m < to")),
                second_size: to as i64,
                second_root_hash: merkle::to_hex(&second_root),
                proof: proof.iter().map(merkle::to_hex).collect(),
            })
        })
        .collect()
}

/// Which community's checkpoint (the operations' argument).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckpointQuery {
    #[ts(type = "number")]
    pub community_id: i64,
}

/// The community's newest checkpoint (`None` before the first).
pub async fn checkpoint_latest(
    ctx: &crate::ops::Ctx,
    community_id: i64,
) -> OpResult<Option<CheckpointView>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    latest_view(&mut conn, community_id).await
}

/// The newest checkpoint's signed file, to keep outside the laptop.
pub async fn checkpoint_export(
    ctx: &crate::ops::Ctx,
    community_id: i64,
) -> OpResult<crate::ops::types::ExportFile> {
    use base64::Engine;
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let file = latest_file(&mut conn, community_id).await?;
    let size = file.document.get_int("tree_size").unwrap_or_default();
    let community = file
        .document
        .get_text("community")
        .unwrap_or_default()
        .to_string();
    let text = serde_json::to_string_pretty(&file).map_err(|e| OpError::BadArguments {
        op: "checkpoint".into(),
        detail: e.to_string(),
    })?;
    Ok(crate::ops::types::ExportFile {
        file_name: crate::domain::file_names::safe_file_name(&format!(
            "{community}-检查点-{size}.json"
        )),
        mime: "application/json".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(text),
        saved_to: None,
    })
}

/// A consistency proof between two sizes of the log (the second defaults to the log now).
pub async fn checkpoint_prove(
    ctx: &crate::ops::Ctx,
    first: u64,
    second: Option<u64>,
) -> OpResult<ConsistencyProof> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    consistency(&mut conn, first, second).await
}

/// Event `seq` with its inclusion proof in the tree of `size` events (default: the community's
/// newest checkpoint, so the proof is checked against a signed tree hash).
pub async fn checkpoint_include(
    ctx: &crate::ops::Ctx,
    community_id: i64,
    seq: i64,
    size: Option<u64>,
) -> OpResult<EventProof> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let size = match size {
        Some(s) => s,
        None => {
            let l = cp_store::latest(&mut conn, community_id)
                .await?
                .ok_or(CheckpointProblem::NoneYet)?;
            l.tree_size as u64
        }
    };
    if seq < 1 || seq as u64 > size {
        return Err(CheckpointProblem::OutOfRange(format!(
            "event #{seq} is not among the first {size} events"
        ))
        .into());
    }
    let tree = log_tree(&mut conn).await?;
    let rows = events::rows_by_seq(&mut conn, &[seq]).await?;
    event_proofs(&tree, &rows, size)?
        .pop()
        .ok_or_else(|| CheckpointProblem::OutOfRange(format!("event #{seq}")).into())
}

/// A checkpoint signed by each community's root, in one transaction (before a backup). Skipped,
/// not refused, when the clock is earlier than the newest checkpoint or there is no community.
pub async fn checkpoint_all(
    store: &crate::store::Store,
    secrets: &crate::secrets::Bundle,
    reason: Reason,
    by: &Caller,
) -> OpResult<Vec<CheckpointView>> {
    let communities = crate::store::community::list(store.reader()).await?;
    if communities.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = store.begin().await?;
    if let Err(OpError::Checkpoint(CheckpointProblem::ClockBehind { .. })) =
        check_clock(tx.conn(), by.now).await
    {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(communities.len());
    for c in &communities {
        out.push(make_checkpoint(&mut tx, secrets, c.id, reason, by).await?);
    }
    tx.commit().await?;
    Ok(out)
}

/// The block a printed page carries: the checkpoint's size, short root hash, time, the root's
/// fingerprint and a QR code of "SIZE/ROOT_HASH".
pub fn html_block(v: &CheckpointView) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<div class=\"checkpoint\" style=\"display:flex;gap:1em;align-items:center;margin-top:1.5em;border-top:1px solid #444;padding-top:.5em;font-size:.85em\">\
         <div>{}</div><div>记录检查点 Checkpoint：<b style=\"font-family:monospace\">{}</b><br>时间 Made at：{}<br>根密钥指纹 Root key：<span style=\"font-family:monospace\">{}</span><br>\
         核验 Verify：yishi audit verify --checkpoint \"{}\"</div></div>",
        v.qr_svg,
        esc(&v.printed),
        esc(&v.made_at),
        esc(&v.root_fingerprint),
        esc(&v.printed),
    )
}

/// A printed page with the checkpoint's block at its end.
pub fn with_block(mut html: String, v: &CheckpointView) -> String {
    let at = html
        .rfind("</body>")
        .or_else(|| html.rfind("</html>"))
        .unwrap_or(html.len());
    html.insert_str(at, &html_block(v));
    html
}
