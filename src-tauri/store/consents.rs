//! The consent tables (migrations/0012_consents.sql): requests to change a home to business use,
//! their interested owners and the signed answers. Rows are only ever inserted (triggers refuse
//! updates and deletes); each row's digest (`*_digest`) goes into the event that created it, so
//! `yishi audit verify` can name a row edited or deleted outside the app.

use super::{StoreError, StoreResult};
use crate::crypto::canonical::Canonical;
use crate::domain::consent::{Answer, Basis, CoOwnerRule, Party, PartyMember};
use sqlx::{Row, SqliteConnection, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    pub community_id: i64,
    pub unit_id: i64,
    pub unit_label: String,
    pub applicant: String,
    pub business: String,
    pub deadline: String,
    pub co_owners: CoOwnerRule,
    pub roll_extract: String,
    pub roll_hash: String,
    pub opened_at: String,
    pub opened_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyRow {
    pub id: i64,
    pub consent_id: i64,
    pub party: Party,
    pub added_at: String,
    pub added_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub id: i64,
    pub consent_id: i64,
    pub party_id: i64,
    pub person_id: i64,
    pub answer: Answer,
    pub signature_id: i64,
    pub signed_at: String,
}

pub fn request_digest(r: &RequestRow) -> String {
    Canonical::new("yishi/consent-request-row/v1")
        .int(r.id)
        .int(r.community_id)
        .int(r.unit_id)
        .text(&r.unit_label)
        .text(&r.applicant)
        .text(&r.business)
        .text(&r.deadline)
        .text(r.co_owners.as_str())
        .text(&r.roll_extract)
        .text(&r.roll_hash)
        .text(&r.opened_at)
        .text(&r.opened_by)
        .sha256_hex()
}

pub fn party_digest(p: &PartyRow) -> String {
    let (basis, reason, evidence) = basis_columns(&p.party.basis);
    Canonical::new("yishi/consent-party-row/v1")
        .int(p.id)
        .int(p.consent_id)
        .text(&p.party.key)
        .text(basis)
        .text(&json(&p.party.units))
        .text(&json(&p.party.members))
        .int(i64::from(p.party.developer))
        .text(reason)
        .text(evidence)
        .text(&p.added_at)
        .text(&p.added_by)
        .sha256_hex()
}

pub fn answer_digest(a: &AnswerRow) -> String {
    Canonical::new("yishi/consent-answer-row/v1")
        .int(a.id)
        .int(a.consent_id)
        .int(a.party_id)
        .int(a.person_id)
        .text(a.answer.as_str())
        .int(a.signature_id)
        .text(&a.signed_at)
        .sha256_hex()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("lists of strings and plain structs always serialise")
}

fn basis_columns(b: &Basis) -> (&'static str, &str, &str) {
    match b {
        Basis::SameBuilding => ("same_building", "", ""),
        Basis::ShownHarm {
            reason,
            evidence_sha256,
            ..
        } => ("shown_harm", reason, evidence_sha256),
    }
}

fn corrupt(what: &str, id: i64, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} row {id}: unexpected value {value:?}"))
}

/// Inserts a request; the caller fills in `id` from the result.
pub async fn insert_request(conn: &mut SqliteConnection, r: &RequestRow) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO consent_requests (community_id, unit_id, unit_label, applicant, business, deadline,
            co_owners, roll_extract, roll_hash, opened_at, opened_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(r.community_id)
    .bind(r.unit_id)
    .bind(&r.unit_label)
    .bind(&r.applicant)
    .bind(&r.business)
    .bind(&r.deadline)
    .bind(r.co_owners.as_str())
    .bind(&r.roll_extract)
    .bind(&r.roll_hash)
    .bind(&r.opened_at)
    .bind(&r.opened_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn insert_party(conn: &mut SqliteConnection, p: &PartyRow) -> StoreResult<i64> {
    let (basis, reason, evidence) = basis_columns(&p.party.basis);
    Ok(sqlx::query(
        "INSERT INTO consent_parties (consent_id, party_key, basis, units, members, developer, reason,
            evidence_sha256, added_at, added_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(p.consent_id)
    .bind(&p.party.key)
    .bind(basis)
    .bind(json(&p.party.units))
    .bind(json(&p.party.members))
    .bind(p.party.developer)
    .bind(reason)
    .bind(evidence)
    .bind(&p.added_at)
    .bind(&p.added_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn insert_answer(conn: &mut SqliteConnection, a: &AnswerRow) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO consent_answers (consent_id, party_id, person_id, answer, signature_id, signed_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(a.consent_id)
    .bind(a.party_id)
    .bind(a.person_id)
    .bind(a.answer.as_str())
    .bind(a.signature_id)
    .bind(&a.signed_at)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

const REQUEST_SELECT: &str =
    "SELECT id, community_id, unit_id, unit_label, applicant, business, deadline, co_owners,
    roll_extract, roll_hash, opened_at, opened_by FROM consent_requests";

fn request_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<RequestRow> {
    let id: i64 = r.try_get("id")?;
    let co: String = r.try_get("co_owners")?;
    Ok(RequestRow {
        id,
        community_id: r.try_get("community_id")?,
        unit_id: r.try_get("unit_id")?,
        unit_label: r.try_get("unit_label")?,
        applicant: r.try_get("applicant")?,
        business: r.try_get("business")?,
        deadline: r.try_get("deadline")?,
        co_owners: CoOwnerRule::parse(&co).ok_or_else(|| corrupt("consent_requests", id, &co))?,
        roll_extract: r.try_get("roll_extract")?,
        roll_hash: r.try_get("roll_hash")?,
        opened_at: r.try_get("opened_at")?,
        opened_by: r.try_get("opened_by")?,
    })
}

pub async fn request(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<RequestRow>> {
    sqlx::query(&format!("{REQUEST_SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(request_row)
        .transpose()
}

pub async fn requests(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Vec<RequestRow>> {
    sqlx::query(&format!(
        "{REQUEST_SELECT} WHERE community_id = ? ORDER BY id DESC"
    ))
    .bind(community_id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(request_row)
    .collect()
}

fn party_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<PartyRow> {
    let id: i64 = r.try_get("id")?;
    let basis: String = r.try_get("basis")?;
    let added_at: String = r.try_get("added_at")?;
    let basis = match basis.as_str() {
        "same_building" => Basis::SameBuilding,
        "shown_harm" => Basis::ShownHarm {
            reason: r.try_get("reason")?,
            evidence_sha256: r.try_get("evidence_sha256")?,
            added_at: added_at.clone(),
        },
        other => return Err(corrupt("consent_parties", id, other)),
    };
    let units: String = r.try_get("units")?;
    let members: String = r.try_get("members")?;
    Ok(PartyRow {
        id,
        consent_id: r.try_get("consent_id")?,
        party: Party {
            key: r.try_get("party_key")?,
            basis,
            units: serde_json::from_str(&units)
                .map_err(|_| corrupt("consent_parties", id, &units))?,
            members: serde_json::from_str::<Vec<PartyMember>>(&members)
                .map_err(|_| corrupt("consent_parties", id, &members))?,
            developer: r.try_get::<i64, _>("developer")? == 1,
        },
        added_at,
        added_by: r.try_get("added_by")?,
    })
}

const PARTY_SELECT: &str =
    "SELECT id, consent_id, party_key, basis, units, members, developer, reason, evidence_sha256,
    added_at, added_by FROM consent_parties";

pub async fn parties(conn: &mut SqliteConnection, consent_id: i64) -> StoreResult<Vec<PartyRow>> {
    sqlx::query(&format!("{PARTY_SELECT} WHERE consent_id = ? ORDER BY id"))
        .bind(consent_id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(party_row)
        .collect()
}

fn answer_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<AnswerRow> {
    let id: i64 = r.try_get("id")?;
    let answer: String = r.try_get("answer")?;
    Ok(AnswerRow {
        id,
        consent_id: r.try_get("consent_id")?,
        party_id: r.try_get("party_id")?,
        person_id: r.try_get("person_id")?,
        answer: Answer::parse(&answer).ok_or_else(|| corrupt("consent_answers", id, &answer))?,
        signature_id: r.try_get("signature_id")?,
        signed_at: r.try_get("signed_at")?,
    })
}

const ANSWER_SELECT: &str = "SELECT id, consent_id, party_id, person_id, answer, signature_id, signed_at FROM consent_answers";

pub async fn answers(conn: &mut SqliteConnection, consent_id: i64) -> StoreResult<Vec<AnswerRow>> {
    sqlx::query(&format!("{ANSWER_SELECT} WHERE consent_id = ? ORDER BY id"))
        .bind(consent_id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(answer_row)
        .collect()
}

/// Every consent row's digest as it is now, for the audit: (table, id, digest). A row that no
/// longer parses gets a digest that matches nothing, so the audit names it instead of failing.
pub async fn all_digests(pool: &SqlitePool) -> StoreResult<Vec<(&'static str, i64, String)>> {
    if !tables_exist(pool).await? {
        return Ok(Vec::new());
    }
    let mut conn = pool.acquire().await?;
    let mut out = Vec::new();
    let unreadable = |r: &sqlx::sqlite::SqliteRow| -> StoreResult<i64> { Ok(r.try_get("id")?) };
    for r in sqlx::query(REQUEST_SELECT).fetch_all(&mut *conn).await? {
        out.push(match request_row(&r) {
            Ok(row) => ("consent_requests", row.id, request_digest(&row)),
            Err(_) => ("consent_requests", unreadable(&r)?, "unreadable".into()),
        });
    }
    for r in sqlx::query(PARTY_SELECT).fetch_all(&mut *conn).await? {
        out.push(match party_row(&r) {
            Ok(row) => ("consent_parties", row.id, party_digest(&row)),
            Err(_) => ("consent_parties", unreadable(&r)?, "unreadable".into()),
        });
    }
    for r in sqlx::query(ANSWER_SELECT).fetch_all(&mut *conn).await? {
        out.push(match answer_row(&r) {
            Ok(row) => ("consent_answers", row.id, answer_digest(&row)),
            Err(_) => ("consent_answers", unreadable(&r)?, "unreadable".into()),
        });
    }
    Ok(out)
}

/// Whether the consent tables exist: a backup made before migration 0012 is checked as it is,
/// without migrating it, and has none.
async fn tables_exist(pool: &SqlitePool) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'consent_requests'",
    )
    .fetch_one(pool)
    .await?;
    Ok(n == 1)
}

/// Whether the consent tables' append-only triggers are all in place (or the tables are not
/// there yet at all).
pub async fn guards_present(pool: &SqlitePool) -> StoreResult<bool> {
    if !tables_exist(pool).await? {
        return Ok(true);
    }
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (
            'consent_requests_no_update', 'consent_requests_no_delete',
            'consent_parties_no_update', 'consent_parties_no_delete',
            'consent_answers_no_update', 'consent_answers_no_delete')",
    )
    .fetch_one(pool)
    .await?;
    Ok(n == 6)
}
