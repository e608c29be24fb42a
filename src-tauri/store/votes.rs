//! Votes, ballots, proxies and refusals as stored. Settings, candidate lists, frozen rolls and
//! results are kept as JSON text written by `ops`; this module does not interpret them. Kinds,
//! statuses and categories are parsed into enums and times into instants where a row is read
//! (`typed`); times are written in the one UTC form.

use super::StoreResult;
use super::typed::{At, key, stamp};
use crate::domain::states::{VoteForm, VoteStatus};
use crate::domain::vote::MatterCategory;
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteRow {
    pub id: i64,
    pub community_id: i64,
    pub title: String,
    pub motion: String,
    pub kind: VoteForm,
    pub candidates: String,
    pub seats: i64,
    pub max_approvals: i64,
    pub category: MatterCategory,
    pub settings: String,
    pub status: VoteStatus,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub objection_days: i64,
    pub roll_snapshot: Option<String>,
    pub roll_hash: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub result: Option<String>,
    pub result_hash: Option<String>,
}

fn vote_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<VoteRow> {
    let id: i64 = r.try_get("id")?;
    let at = At::new("votes", id);
    let text = |c: &str| r.try_get::<String, _>(c);
    let opt = |c: &str| r.try_get::<Option<String>, _>(c);
    Ok(VoteRow {
        id,
        community_id: r.try_get("community_id")?,
        title: r.try_get("title")?,
        motion: r.try_get("motion")?,
        kind: at.parse("kind", &text("kind")?)?,
        candidates: r.try_get("candidates")?,
        seats: r.try_get("seats")?,
        max_approvals: r.try_get("max_approvals")?,
        category: at.parse("category", &text("category")?)?,
        settings: r.try_get("settings")?,
        status: at.parse("status", &text("status")?)?,
        opens_at: at.instant("opens_at", &text("opens_at")?)?,
        closes_at: at.instant("closes_at", &text("closes_at")?)?,
        objection_days: r.try_get("objection_days")?,
        roll_snapshot: r.try_get("roll_snapshot")?,
        roll_hash: r.try_get("roll_hash")?,
        created_at: at.instant("created_at", &text("created_at")?)?,
        created_by: r.try_get("created_by")?,
        opened_at: at.instant_opt("opened_at", opt("opened_at")?.as_deref())?,
        closed_at: at.instant_opt("closed_at", opt("closed_at")?.as_deref())?,
        result: r.try_get("result")?,
        result_hash: r.try_get("result_hash")?,
    })
}

pub struct NewVote<'a> {
    pub community_id: i64,
    pub title: &'a str,
    pub motion: &'a str,
    pub kind: VoteForm,
    pub candidates: &'a str,
    pub seats: i64,
    pub max_approvals: i64,
    pub category: MatterCategory,
    pub settings: &'a str,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub objection_days: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: &'a str,
}

pub async fn insert(conn: &mut SqliteConnection, v: NewVote<'_>) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO votes (community_id, title, motion, kind, candidates, seats, max_approvals, category, settings, status,
                            opens_at, closes_at, objection_days, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
    )
    .bind(v.community_id)
    .bind(v.title)
    .bind(v.motion)
    .bind(key(v.kind))
    .bind(v.candidates)
    .bind(v.seats)
    .bind(v.max_approvals)
    .bind(key(v.category))
    .bind(v.settings)
    .bind(stamp(v.opens_at))
    .bind(stamp(v.closes_at))
    .bind(v.objection_days)
    .bind(stamp(v.created_at))
    .bind(v.created_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<VoteRow>> {
    let row = sqlx::query("SELECT * FROM votes WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(vote_row).transpose()
}

pub async fn list(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<Vec<VoteRow>> {
    let rows = sqlx::query("SELECT * FROM votes WHERE community_id = ? ORDER BY id DESC")
        .bind(community_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(vote_row).collect()
}

/// Freezes the roll and opens the vote (only from draft).
pub async fn open(
    conn: &mut SqliteConnection,
    id: i64,
    snapshot: &str,
    hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE votes SET status = 'open', roll_snapshot = ?, roll_hash = ?, opened_at = ? WHERE id = ? AND status = 'draft'")
        .bind(snapshot)
        .bind(hash)
        .bind(stamp(at))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores each frozen roll entry for point lookups: `(entry id, the person who votes for it,
/// the entry's JSON)`.
pub async fn insert_roll(
    conn: &mut SqliteConnection,
    vote_id: i64,
    entries: &[(i64, i64, String)],
) -> StoreResult<()> {
    for (entry_id, voter_id, entry) in entries {
        sqlx::query(
            "INSERT INTO vote_roll (vote_id, entry_id, voter_id, entry) VALUES (?, ?, ?, ?)",
        )
        .bind(vote_id)
        .bind(entry_id)
        .bind(voter_id)
        .bind(entry)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// One roll entry of a vote's frozen roll (JSON), if it is on it.
pub async fn roll_entry(
    conn: &mut SqliteConnection,
    vote_id: i64,
    entry_id: i64,
) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT entry FROM vote_roll WHERE vote_id = ? AND entry_id = ?")
            .bind(vote_id)
            .bind(entry_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The entries (JSON) a person casts the own ballot of, in the frozen roll of a vote.
pub async fn entries_voted_by(
    conn: &mut SqliteConnection,
    vote_id: i64,
    person_id: i64,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT entry FROM vote_roll WHERE vote_id = ? AND voter_id = ? ORDER BY entry_id",
    )
    .bind(vote_id)
    .bind(person_id)
    .fetch_all(conn)
    .await?)
}

/// Roll entry ids start above this, far above any person's id, so an id names one or the other.
pub const ENTRY_IDS_FROM: i64 = 1_000_000_000;

/// The stable id of the roll entry whose owners are `owners` ('developer', or the owners'
/// person ids ascending, joined by ','), made the first time it is frozen.
pub async fn roll_entry_id(
    conn: &mut SqliteConnection,
    community_id: i64,
    owners: &str,
    at: &str,
) -> StoreResult<i64> {
    // Ids above ENTRY_IDS_FROM never meet a person's id (see migrations/0007).
    sqlx::query("INSERT INTO roll_entries (id, community_id, owners, created_at) SELECT MAX(COALESCE(MAX(id), 0), ?) + 1, ?, ?, ? FROM roll_entries WHERE true ON CONFLICT (community_id, owners) DO NOTHING")
        .bind(ENTRY_IDS_FROM)
        .bind(community_id)
        .bind(owners)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    Ok(
        sqlx::query_scalar("SELECT id FROM roll_entries WHERE community_id = ? AND owners = ?")
            .bind(community_id)
            .bind(owners)
            .fetch_one(conn)
            .await?,
    )
}

/// Who a roll entry stands for ('developer', or the owners' person ids joined by ','); `None`
/// for an id that is not a roll entry's (rolls frozen before entries were kept apart).
pub async fn roll_entry_owners(
    conn: &mut SqliteConnection,
    entry_id: i64,
) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT owners FROM roll_entries WHERE id = ?")
            .bind(entry_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Whether a roll entry already has an own ballot (cast by `voter`, the person who votes for
/// it), and a ballot cast by a proxy.
pub async fn ballots_for(
    conn: &mut SqliteConnection,
    vote_id: i64,
    entry_id: i64,
    voter: i64,
) -> StoreResult<(bool, bool)> {
    let (own, proxy): (i64, i64) = sqlx::query_as("SELECT COALESCE(SUM(cast_by = ?), 0), COALESCE(SUM(cast_by <> ?), 0) FROM ballots WHERE vote_id = ? AND person_id = ?")
        .bind(voter)
        .bind(voter)
        .bind(vote_id)
        .bind(entry_id)
        .fetch_one(conn)
        .await?;
    Ok((own > 0, proxy > 0))
}

/// When the entry's newest ballot signed with a key (kiosk or file, the owner's or a proxy's)
/// was signed, if it has one: a paper ballot may not follow it (`domain::vote::admit`).
pub async fn signed_ballot_at(
    conn: &mut SqliteConnection,
    vote_id: i64,
    entry_id: i64,
) -> StoreResult<Option<DateTime<Utc>>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, cast_at FROM ballots WHERE vote_id = ? AND person_id = ? AND signature_id IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(vote_id)
    .bind(entry_id)
    .fetch_optional(conn)
    .await?;
    row.map(|(id, at)| At::new("ballots", id).instant("cast_at", &at))
        .transpose()
}

pub async fn close(
    conn: &mut SqliteConnection,
    id: i64,
    result: &str,
    result_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE votes SET status = 'closed', result = ?, result_hash = ?, closed_at = ? WHERE id = ? AND status = 'open'")
        .bind(result)
        .bind(result_hash)
        .bind(stamp(at))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotRow {
    pub id: i64,
    pub vote_id: i64,
    pub person_id: i64,
    pub cast_by: i64,
    pub channel: String,
    pub choice: String,
    pub signature_id: Option<i64>,
    pub scan_sha256: Option<String>,
    pub witness1_id: Option<i64>,
    pub witness2_id: Option<i64>,
    pub receipt: String,
    pub cast_at: DateTime<Utc>,
}

pub struct NewBallot<'a> {
    pub vote_id: i64,
    pub person_id: i64,
    pub cast_by: i64,
    pub channel: &'a str,
    pub choice: &'a str,
    pub signature_id: Option<i64>,
    pub scan_sha256: Option<&'a str>,
    pub witness1_id: Option<i64>,
    pub witness2_id: Option<i64>,
    pub receipt: &'a str,
    pub cast_at: DateTime<Utc>,
}

pub async fn insert_ballot(conn: &mut SqliteConnection, b: NewBallot<'_>) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO ballots (vote_id, person_id, cast_by, channel, choice, signature_id, scan_sha256, witness1_id, witness2_id, receipt, cast_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(b.vote_id)
    .bind(b.person_id)
    .bind(b.cast_by)
    .bind(b.channel)
    .bind(b.choice)
    .bind(b.signature_id)
    .bind(b.scan_sha256)
    .bind(b.witness1_id)
    .bind(b.witness2_id)
    .bind(b.receipt)
    .bind(stamp(b.cast_at))
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn ballots(conn: &mut SqliteConnection, vote_id: i64) -> StoreResult<Vec<BallotRow>> {
    let rows = sqlx::query("SELECT * FROM ballots WHERE vote_id = ? ORDER BY id")
        .bind(vote_id)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let at = At::new("ballots", id);
            Ok(BallotRow {
                id,
                vote_id: r.try_get("vote_id")?,
                person_id: r.try_get("person_id")?,
                cast_by: r.try_get("cast_by")?,
                channel: r.try_get("channel")?,
                choice: r.try_get("choice")?,
                signature_id: r.try_get("signature_id")?,
                scan_sha256: r.try_get("scan_sha256")?,
                witness1_id: r.try_get("witness1_id")?,
                witness2_id: r.try_get("witness2_id")?,
                receipt: r.try_get("receipt")?,
                cast_at: at.instant("cast_at", &r.try_get::<String, _>("cast_at")?)?,
            })
        })
        .collect()
}

pub async fn insert_refusal(
    conn: &mut SqliteConnection,
    vote_id: i64,
    person_id: Option<i64>,
    reason: &str,
    at: &str,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO refused_ballots (vote_id, person_id, reason, at) VALUES (?, ?, ?, ?)")
        .bind(vote_id)
        .bind(person_id)
        .bind(reason)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// (person_id, reason, at) of every refused ballot of a vote.
pub async fn refusals(
    conn: &mut SqliteConnection,
    vote_id: i64,
) -> StoreResult<Vec<(Option<i64>, String, String)>> {
    let rows = sqlx::query(
        "SELECT person_id, reason, at FROM refused_ballots WHERE vote_id = ? ORDER BY id",
    )
    .bind(vote_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("person_id")?,
                r.try_get("reason")?,
                r.try_get("at")?,
            ))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRow {
    pub id: i64,
    pub owner_id: i64,
    pub proxy_id: i64,
    pub scan_sha256: String,
    pub scope: String,
    pub expires_at: DateTime<Utc>,
    /// When it was registered (the signed authorisation's `registered_at`).
    pub created_at: DateTime<Utc>,
}

pub async fn proxies(conn: &mut SqliteConnection, vote_id: i64) -> StoreResult<Vec<ProxyRow>> {
    let rows = sqlx::query("SELECT * FROM proxies WHERE vote_id = ? ORDER BY id")
        .bind(vote_id)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let at = At::new("proxies", id);
            Ok(ProxyRow {
                id,
                owner_id: r.try_get("owner_id")?,
                proxy_id: r.try_get("proxy_id")?,
                scan_sha256: r.try_get("scan_sha256")?,
                scope: r.try_get("scope")?,
                expires_at: at.instant("expires_at", &r.try_get::<String, _>("expires_at")?)?,
                created_at: at.instant("created_at", &r.try_get::<String, _>("created_at")?)?,
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_proxy(
    conn: &mut SqliteConnection,
    vote_id: i64,
    owner_id: i64,
    proxy_id: i64,
    scan: &str,
    scope: &str,
    expires_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(sqlx::query("INSERT INTO proxies (vote_id, owner_id, proxy_id, scan_sha256, scope, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(vote_id)
        .bind(owner_id)
        .bind(proxy_id)
        .bind(scan)
        .bind(scope)
        .bind(stamp(expires_at))
        .bind(stamp(at))
        .execute(conn)
        .await?
        .last_insert_rowid())
}

/// (person, method, evidence hash, served at) of a vote's service records, oldest first.
pub async fn served(
    conn: &mut SqliteConnection,
    vote_id: i64,
) -> StoreResult<Vec<(i64, String, String, String)>> {
    let rows = sqlx::query(
        "SELECT person_id, method, evidence_sha256, served_at FROM vote_served WHERE vote_id = ? ORDER BY rowid",
    )
    .bind(vote_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_served(
    conn: &mut SqliteConnection,
    vote_id: i64,
    person_id: i64,
    method: &str,
    evidence_sha256: &str,
    served_at: &str,
    at: &str,
    by: &str,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO vote_served (vote_id, person_id, method, evidence_sha256, served_at, recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(vote_id)
    .bind(person_id)
    .bind(method)
    .bind(evidence_sha256)
    .bind(served_at)
    .bind(at)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Rewrites a draft vote's settings (JSON): a residents' meeting's entitled count is fixed by the
/// roll frozen when it opens.
pub async fn set_draft_settings(
    conn: &mut SqliteConnection,
    id: i64,
    settings: &str,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE votes SET settings = ? WHERE id = ? AND status = 'draft'")
        .bind(settings)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many ballots a roll entry has in a vote (own and proxies'): the next ballot's person
/// sequence number is this plus one.
pub async fn entry_ballot_count(
    conn: &mut SqliteConnection,
    vote_id: i64,
    entry_id: i64,
) -> StoreResult<u32> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ballots WHERE vote_id = ? AND person_id = ?")
            .bind(vote_id)
            .bind(entry_id)
            .fetch_one(conn)
            .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
