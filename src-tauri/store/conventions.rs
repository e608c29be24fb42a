//! Conventions as stored: conventions, versions and their articles, suggestions, reviews,
//! adoptions, filings, publications, acknowledgements per unit, violations.
//!
//! Invariants: the schema's triggers keep a frozen version's text and every record after it
//! append-only; this module only inserts them. Dates are stored as given (RFC 3339 times,
//! `YYYY-MM-DD` days) so they sort as text.

use super::StoreResult;
use super::typed::At;
use crate::domain::convention::{Article, ArticleRule, ConductParam, ConventionKind, Instrument};
use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ConventionRow {
    pub id: i64,
    pub community_id: i64,
    pub kind: String,
    pub title: String,
    pub created_at: String,
    pub created_by: String,
}

impl ConventionRow {
    /// The stored kind; one this version does not know is an error naming the row.
    pub fn kind(&self) -> StoreResult<ConventionKind> {
        At::new("conventions", self.id).parse("kind", &self.kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub convention_id: i64,
    pub number: i64,
    pub based_on: Option<i64>,
    pub created_at: String,
    pub created_by: String,
    pub hash: Option<String>,
    pub frozen_at: Option<String>,
    pub frozen_by: Option<String>,
    pub instrument: Option<String>,
    pub vote_id: Option<i64>,
}

impl VersionRow {
    /// The instrument chosen for adoption, if any; an unknown one is an error naming the row.
    pub fn instrument(&self) -> StoreResult<Option<Instrument>> {
        let at = At::new("convention_versions", self.id);
        self.instrument
            .as_deref()
            .map(|i| at.parse("instrument", i))
            .transpose()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SuggestionRow {
    pub id: i64,
    pub version_id: i64,
    pub article: Option<i64>,
    pub author: String,
    pub person_id: Option<i64>,
    pub text: String,
    pub created_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ReviewRow {
    pub id: i64,
    pub version_id: i64,
    pub reviewer: String,
    pub organisation: String,
    pub comments: String,
    pub approved: bool,
    pub text_hash: String,
    pub reviewed_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AdoptionRow {
    pub version_id: i64,
    pub vote_id: Option<i64>,
    pub instrument: String,
    pub result_hash: String,
    pub evidence: String,
    pub evidence_sha256: Option<String>,
    pub adopted_at: String,
    pub recorded_by: String,
}

impl AdoptionRow {
    /// The adopting instrument (the row is keyed by its version); unknown is a named error.
    pub fn instrument(&self) -> StoreResult<Instrument> {
        At::new("convention_adoptions", self.version_id).parse("instrument", &self.instrument)
    }
}

/// A filing (备案) or a publication (公布): where, on which day, and (filing) the reference.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub version_id: i64,
    pub place: String,
    pub day: String,
    pub reference: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AckRow {
    pub version_id: i64,
    pub version_number: i64,
    pub unit_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub signature_id: i64,
    pub acked_at: String,
}

/// A household that acknowledges: a delivered residence.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct HouseholdRow {
    pub unit_id: i64,
    pub building: String,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ViolationRow {
    pub id: i64,
    pub version_id: i64,
    pub version_number: i64,
    pub article: i64,
    pub unit_id: Option<i64>,
    pub unit: Option<String>,
    pub building: Option<String>,
    pub place: String,
    pub occurred_at: String,
    pub recorder: String,
    pub recorder_role: String,
    pub persuaded: bool,
    pub persuasion: String,
    pub outcome: String,
    pub photo_sha256: Option<String>,
    pub recorded_at: String,
    pub recorded_by: String,
}

pub struct NewViolation<'a> {
    pub convention_id: i64,
    pub version_id: i64,
    pub article: i64,
    pub unit_id: Option<i64>,
    pub building_id: Option<i64>,
    pub place: &'a str,
    pub occurred_at: &'a str,
    pub recorder: &'a str,
    pub recorder_role: &'a str,
    pub persuaded: bool,
    pub persuasion: &'a str,
    pub outcome: &'a str,
    pub photo_sha256: Option<&'a str>,
    pub recorded_at: &'a str,
    pub recorded_by: &'a str,
}

pub async fn insert_convention(conn: &mut SqliteConnection, c: &ConventionRow) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO conventions (community_id, kind, title, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(c.community_id)
    .bind(&c.kind)
    .bind(&c.title)
    .bind(&c.created_at)
    .bind(&c.created_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn convention(
    conn: &mut SqliteConnection,
    id: i64,
) -> StoreResult<Option<ConventionRow>> {
    Ok(sqlx::query_as("SELECT * FROM conventions WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

pub async fn conventions(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Vec<ConventionRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM conventions WHERE community_id = ? ORDER BY id")
            .bind(community_id)
            .fetch_all(conn)
            .await?,
    )
}

pub async fn insert_version(
    conn: &mut SqliteConnection,
    convention_id: i64,
    based_on: Option<i64>,
    at: &str,
    by: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO convention_versions (convention_id, number, based_on, created_at, created_by)
         VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM convention_versions WHERE convention_id = ?1), ?2, ?3, ?4)",
    )
    .bind(convention_id)
    .bind(based_on)
    .bind(at)
    .bind(by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn version(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<VersionRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM convention_versions WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// A convention's versions, oldest first.
pub async fn versions(
    conn: &mut SqliteConnection,
    convention_id: i64,
) -> StoreResult<Vec<VersionRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM convention_versions WHERE convention_id = ? ORDER BY number")
            .bind(convention_id)
            .fetch_all(conn)
            .await?,
    )
}

/// Replaces a draft's articles (the triggers refuse it once the version is frozen).
pub async fn replace_articles(
    conn: &mut SqliteConnection,
    version_id: i64,
    articles: &[Article],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM convention_articles WHERE version_id = ?")
        .bind(version_id)
        .execute(&mut *conn)
        .await?;
    for a in articles {
        sqlx::query(
            "INSERT INTO convention_articles (version_id, number, text, rule_param, rule_value) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(version_id)
        .bind(i64::from(a.number))
        .bind(&a.text)
        .bind(a.rule.map(|r| r.param.as_str()))
        .bind(a.rule.map(|r| i64::from(r.value)))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn articles(conn: &mut SqliteConnection, version_id: i64) -> StoreResult<Vec<Article>> {
    let rows: Vec<(i64, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT number, text, rule_param, rule_value FROM convention_articles WHERE version_id = ? ORDER BY number",
    )
    .bind(version_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(number, text, param, value)| {
            let rule = match (param, value) {
                (Some(p), Some(v)) => Some(ArticleRule {
                    param: ConductParam::parse(&p)
                        .ok_or_else(|| super::StoreError::Corrupt(format!("rule {p}")))?,
                    value: u32::try_from(v)
                        .map_err(|_| super::StoreError::Corrupt(format!("rule value {v}")))?,
                }),
                _ => None,
            };
            Ok(Article {
                number: u32::try_from(number)
                    .map_err(|_| super::StoreError::Corrupt(format!("article {number}")))?,
                text,
                rule,
            })
        })
        .collect()
}

pub async fn freeze(
    conn: &mut SqliteConnection,
    version_id: i64,
    hash: &str,
    at: &str,
    by: &str,
) -> StoreResult<bool> {
    Ok(sqlx::query(
        "UPDATE convention_versions SET hash = ?, frozen_at = ?, frozen_by = ? WHERE id = ? AND hash IS NULL",
    )
    .bind(hash)
    .bind(at)
    .bind(by)
    .bind(version_id)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

pub async fn link_vote(
    conn: &mut SqliteConnection,
    version_id: i64,
    instrument: &str,
    vote_id: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE convention_versions SET instrument = ?, vote_id = ? WHERE id = ?")
        .bind(instrument)
        .bind(vote_id)
        .bind(version_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_suggestion(
    conn: &mut SqliteConnection,
    convention_id: i64,
    s: &SuggestionRow,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO convention_suggestions (convention_id, version_id, article, author, person_id, text, created_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(convention_id)
    .bind(s.version_id)
    .bind(s.article)
    .bind(&s.author)
    .bind(s.person_id)
    .bind(&s.text)
    .bind(&s.created_at)
    .bind(&s.recorded_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn suggestions(
    conn: &mut SqliteConnection,
    convention_id: i64,
) -> StoreResult<Vec<SuggestionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, version_id, article, author, person_id, text, created_at, recorded_by
         FROM convention_suggestions WHERE convention_id = ? ORDER BY id",
    )
    .bind(convention_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_review(conn: &mut SqliteConnection, r: &ReviewRow) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO convention_reviews (version_id, reviewer, organisation, comments, approved, text_hash, reviewed_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(r.version_id)
    .bind(&r.reviewer)
    .bind(&r.organisation)
    .bind(&r.comments)
    .bind(r.approved)
    .bind(&r.text_hash)
    .bind(&r.reviewed_at)
    .bind(&r.recorded_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn reviews(conn: &mut SqliteConnection, version_id: i64) -> StoreResult<Vec<ReviewRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM convention_reviews WHERE version_id = ? ORDER BY id")
            .bind(version_id)
            .fetch_all(conn)
            .await?,
    )
}

pub async fn insert_adoption(conn: &mut SqliteConnection, a: &AdoptionRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO convention_adoptions (version_id, vote_id, instrument, result_hash, evidence, evidence_sha256, adopted_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.version_id)
    .bind(a.vote_id)
    .bind(&a.instrument)
    .bind(&a.result_hash)
    .bind(&a.evidence)
    .bind(&a.evidence_sha256)
    .bind(&a.adopted_at)
    .bind(&a.recorded_by)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn adoption(
    conn: &mut SqliteConnection,
    version_id: i64,
) -> StoreResult<Option<AdoptionRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM convention_adoptions WHERE version_id = ?")
            .bind(version_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Which of the two notice tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Filing,
    Publication,
}

impl Notice {
    fn sql(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Notice::Filing => ("convention_filings", "authority", "filed_on", "reference"),
            Notice::Publication => ("convention_publications", "place", "published_on", "''"),
        }
    }
}

pub async fn insert_notice(
    conn: &mut SqliteConnection,
    which: Notice,
    n: &NoticeRow,
) -> StoreResult<i64> {
    let sql = match which {
        Notice::Filing => {
            "INSERT INTO convention_filings (version_id, authority, filed_on, reference, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)"
        }
        Notice::Publication => {
            "INSERT INTO convention_publications (version_id, place, published_on, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)"
        }
    };
    let mut q = sqlx::query(sql)
        .bind(n.version_id)
        .bind(&n.place)
        .bind(&n.day);
    if which == Notice::Filing {
        q = q.bind(&n.reference);
    }
    Ok(q.bind(&n.recorded_at)
        .bind(&n.recorded_by)
        .execute(conn)
        .await?
        .last_insert_rowid())
}

pub async fn notices(
    conn: &mut SqliteConnection,
    which: Notice,
    version_id: i64,
) -> StoreResult<Vec<NoticeRow>> {
    let (table, place, day, reference) = which.sql();
    Ok(sqlx::query_as(&format!(
        "SELECT id, version_id, {place} AS place, {day} AS day, {reference} AS reference, recorded_at, recorded_by
         FROM {table} WHERE version_id = ? ORDER BY id"
    ))
    .bind(version_id)
    .fetch_all(conn)
    .await?)
}

/// Records the acknowledgement for every unit the person is attached to; a unit already
/// acknowledged for this version keeps its first acknowledgement. Returns how many were new.
pub async fn insert_acks(
    conn: &mut SqliteConnection,
    version_id: i64,
    person_id: i64,
    signature_id: i64,
    at: &str,
) -> StoreResult<u64> {
    Ok(sqlx::query(
        "INSERT OR IGNORE INTO convention_acks (version_id, unit_id, person_id, signature_id, acked_at)
         SELECT ?1, up.unit_id, ?2, ?3, ?4 FROM unit_people up WHERE up.person_id = ?2",
    )
    .bind(version_id)
    .bind(person_id)
    .bind(signature_id)
    .bind(at)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Every acknowledgement of every version of a convention.
pub async fn acks(conn: &mut SqliteConnection, convention_id: i64) -> StoreResult<Vec<AckRow>> {
    Ok(sqlx::query_as(
        "SELECT a.version_id, v.number AS version_number, a.unit_id, a.person_id, p.name AS person_name,
                a.signature_id, a.acked_at
         FROM convention_acks a JOIN convention_versions v ON v.id = a.version_id
         JOIN persons p ON p.id = a.person_id
         WHERE v.convention_id = ? ORDER BY a.acked_at, a.unit_id",
    )
    .bind(convention_id)
    .fetch_all(conn)
    .await?)
}

/// The households asked to acknowledge: delivered residences, in id order.
pub async fn households(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Vec<HouseholdRow>> {
    Ok(sqlx::query_as(
        "SELECT u.id AS unit_id, b.name AS building, u.number FROM units u JOIN buildings b ON b.id = u.building_id
         WHERE b.community_id = ? AND u.kind = 'residence' AND u.status = 'delivered' ORDER BY u.id",
    )
    .bind(community_id)
    .fetch_all(conn)
    .await?)
}

/// A unit (or only the building, with `number` None) of a community by name.
pub async fn locate(
    conn: &mut SqliteConnection,
    community_id: i64,
    building: &str,
    number: Option<&str>,
) -> StoreResult<Option<(i64, Option<i64>)>> {
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT b.id, u.id FROM buildings b LEFT JOIN units u ON u.building_id = b.id AND u.number = ?3
         WHERE b.community_id = ?1 AND b.name = ?2",
    )
    .bind(community_id)
    .bind(building)
    .bind(number)
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

pub async fn insert_violation(
    conn: &mut SqliteConnection,
    v: &NewViolation<'_>,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO convention_violations (convention_id, version_id, article, unit_id, building_id, place, occurred_at,
             recorder, recorder_role, persuaded, persuasion, outcome, photo_sha256, recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(v.convention_id)
    .bind(v.version_id)
    .bind(v.article)
    .bind(v.unit_id)
    .bind(v.building_id)
    .bind(v.place)
    .bind(v.occurred_at)
    .bind(v.recorder)
    .bind(v.recorder_role)
    .bind(v.persuaded)
    .bind(v.persuasion)
    .bind(v.outcome)
    .bind(v.photo_sha256)
    .bind(v.recorded_at)
    .bind(v.recorded_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Violations of a convention whose community day (`domain::time::day_in`, UTC+8: an instant
/// stored in UTC may fall on the next day there) is in [from, to], newest first.
pub async fn violations(
    conn: &mut SqliteConnection,
    convention_id: i64,
    from: &str,
    to: &str,
) -> StoreResult<Vec<ViolationRow>> {
    use crate::domain::time::{community_zone, day_in};
    let day = |t: &str| chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
    let (Some(first), Some(last)) = (day(from), day(to)) else {
        return Ok(Vec::new());
    };
    // The UTC date of an instant is the community day or the day before it.
    let rows: Vec<ViolationRow> = sqlx::query_as(
        "SELECT x.id, x.version_id, v.number AS version_number, x.article, x.unit_id,
                CASE WHEN u.id IS NULL THEN NULL ELSE ub.name || ' ' || u.number END AS unit,
                COALESCE(ub.name, b.name) AS building, x.place, x.occurred_at, x.recorder, x.recorder_role,
                x.persuaded, x.persuasion, x.outcome, x.photo_sha256, x.recorded_at, x.recorded_by
         FROM convention_violations x JOIN convention_versions v ON v.id = x.version_id
         LEFT JOIN units u ON u.id = x.unit_id LEFT JOIN buildings ub ON ub.id = u.building_id
         LEFT JOIN buildings b ON b.id = x.building_id
         WHERE x.convention_id = ?1 AND substr(x.occurred_at, 1, 10) BETWEEN ?2 AND ?3
         ORDER BY x.occurred_at DESC, x.id DESC",
    )
    .bind(convention_id)
    .bind((first - chrono::Duration::days(1)).to_string())
    .bind(last.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|x| {
            day_in(&x.occurred_at, community_zone()).is_some_and(|d| d >= first && d <= last)
        })
        .collect())
}

/// A convention's versions, oldest first, each with whether its adoption is recorded.
pub async fn versions_with_adoption(
    conn: &mut SqliteConnection,
    convention_id: i64,
) -> StoreResult<Vec<(VersionRow, bool)>> {
    let adopted: std::collections::BTreeSet<i64> = sqlx::query_scalar(
        "SELECT a.version_id FROM convention_adoptions a
         JOIN convention_versions v ON v.id = a.version_id WHERE v.convention_id = ?",
    )
    .bind(convention_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    Ok(versions(conn, convention_id)
        .await?
        .into_iter()
        .map(|v| {
            let a = adopted.contains(&v.id);
            (v, a)
        })
        .collect())
}
