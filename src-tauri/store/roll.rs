//! The roll's tables: reading units with everyone attached, applying an import plan, and the
//! roll digest the log records after every change.

use super::{StoreError, StoreResult};
use crate::crypto::canonical::{
    IdKey, KEYED_PREFIX, identity_digest, keyed_digest_in, resident_digest,
};
pub use crate::crypto::chain::RollDigestVersion;
use crate::crypto::chain::{RollLine, RollPerson, roll_digest};
use crate::domain::area::Area;
use crate::domain::roster::{
    AreaSource, PlannedPerson, PlannedUnit, Relation, UnitKind, UnitStatus,
};
use sqlx::{Row, SqliteConnection};
use std::collections::BTreeMap;

/// A person attached to a unit, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPerson {
    pub person_id: i64,
    pub name: String,
    pub id_digest: String,
    pub id_tail: String,
    pub phone: String,
    pub is_developer: bool,
    pub relation: Relation,
    pub designated_voter: bool,
    /// The day the person turns 18 ("YYYY-MM-DD"), when the roster said or an ID number gave it.
    pub adult_from: Option<chrono::NaiveDate>,
    /// Whether the person lives in this unit; `None` when the roster did not say.
    pub lives_there: Option<bool>,
}

/// A unit with everyone attached, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUnit {
    pub unit_id: i64,
    pub building: String,
    pub number: String,
    /// The entrance (单元), "2单元"; empty when unknown.
    pub entrance: String,
    pub kind: UnitKind,
    pub area: Area,
    pub area_source: AreaSource,
    pub status: UnitStatus,
    pub people: Vec<StoredPerson>,
}

macro_rules! db_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl DbText for $ty {
            fn db(self) -> &'static str {
                match self { $(<$ty>::$variant => $text),+ }
            }
            fn from_db(text: &str) -> StoreResult<Self> {
                match text {
                    $($text => Ok(<$ty>::$variant),)+
                    other => Err(StoreError::Corrupt(format!("unexpected {} value {other:?}", stringify!($ty)))),
                }
            }
        }
    };
}

/// How an enum is spelled in its column.
pub trait DbText: Sized {
    fn db(self) -> &'static str;
    fn from_db(text: &str) -> StoreResult<Self>;
}

db_enum!(UnitKind { Residence => "residence", Shop => "shop", Parking => "parking" });
db_enum!(AreaSource { Register => "register", Survey => "survey", Contract => "contract" });
db_enum!(UnitStatus { Delivered => "delivered", Unsold => "unsold", Undelivered => "undelivered" });
db_enum!(Relation { Owner => "owner", Developer => "developer", Resident => "resident" });

/// A person attached to a unit, from a row of the queries below.
fn person_row(r: &sqlx::sqlite::SqliteRow, person_id: i64) -> StoreResult<StoredPerson> {
    Ok(StoredPerson {
        person_id,
        name: r.try_get("name")?,
        id_digest: r.try_get("id_digest")?,
        id_tail: r.try_get("id_tail")?,
        phone: r.try_get("phone")?,
        is_developer: r.try_get::<i64, _>("is_developer")? == 1,
        relation: Relation::from_db(r.try_get("relation")?)?,
        designated_voter: r.try_get::<i64, _>("designated_voter")? == 1,
        adult_from: match r.try_get::<Option<String>, _>("adult_from")? {
            None => None,
            Some(text) => Some(
                chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
                    StoreError::Corrupt(format!(
                        "persons.adult_from of person {person_id} is {text:?}, not a date"
                    ))
                })?,
            ),
        },
        lives_there: r.try_get::<Option<i64>, _>("lives_there")?.map(|v| v == 1),
    })
}

/// Every unit of a community (or of one building), ordered by building then unit number, with
/// its people ordered by identity digest.
pub async fn units(
    conn: &mut SqliteConnection,
    community_id: i64,
    building: Option<&str>,
) -> StoreResult<Vec<StoredUnit>> {
    let rows = sqlx::query(
        "SELECT u.id AS unit_id, b.name AS building, u.number, u.entrance, u.kind, u.area_centi, u.area_source, u.status,
                p.id AS person_id, p.name, p.id_digest, p.id_tail, p.phone, p.is_developer, p.adult_from,
                up.relation, up.designated_voter, up.lives_there
         FROM units u
         JOIN buildings b ON b.id = u.building_id
         LEFT JOIN unit_people up ON up.unit_id = u.id
         LEFT JOIN persons p ON p.id = up.person_id
         WHERE b.community_id = ?1 AND (?2 IS NULL OR b.name = ?2)
         ORDER BY u.id, p.id_digest",
    )
    .bind(community_id)
    .bind(building)
    .fetch_all(conn)
    .await?;
    let mut by_id: BTreeMap<i64, StoredUnit> = BTreeMap::new();
    for r in &rows {
        let unit_id: i64 = r.try_get("unit_id")?;
        let unit = match by_id.entry(unit_id) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => e.insert(StoredUnit {
                unit_id,
                building: r.try_get("building")?,
                number: r.try_get("number")?,
                entrance: r.try_get("entrance")?,
                kind: UnitKind::from_db(r.try_get("kind")?)?,
                area: Area(r.try_get("area_centi")?),
                area_source: AreaSource::from_db(r.try_get("area_source")?)?,
                status: UnitStatus::from_db(r.try_get("status")?)?,
                people: Vec::new(),
            }),
        };
        let person_id: Option<i64> = r.try_get("person_id")?;
        if let Some(person_id) = person_id {
            unit.people.push(person_row(r, person_id)?);
        }
    }
    let mut units: Vec<StoredUnit> = by_id.into_values().collect();
    units.sort_by(|a, b| {
        super::community::natural_cmp(&a.building, &b.building)
            .then_with(|| super::community::natural_cmp(&a.number, &b.number))
    });
    Ok(units)
}

/// A roll digest and the version of the encoding it was computed in (`crypto::chain`). An event
/// that records one writes both: `"roll_digest": hex, "roll_digest_version": version.number()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollDigest {
    pub version: RollDigestVersion,
    pub hex: String,
}

/// The digest of a community's roll as it is in the tables now, in the given version.
pub async fn digest(
    conn: &mut SqliteConnection,
    community_id: i64,
    version: RollDigestVersion,
) -> StoreResult<RollDigest> {
    let parking: i64 = sqlx::query_scalar("SELECT parking_counts FROM communities WHERE id = ?")
        .bind(community_id)
        .fetch_one(&mut *conn)
        .await?;
    let units = units(conn, community_id, None).await?;
    Ok(digest_of(version, parking == 1, &units))
}

/// The digest of these units (all of a community's, sorted as `units` returns them).
pub fn digest_of(
    version: RollDigestVersion,
    parking_counts: bool,
    units: &[StoredUnit],
) -> RollDigest {
    let adult_from: Vec<Vec<Option<String>>> = units
        .iter()
        .map(|u| {
            u.people
                .iter()
                .map(|p| p.adult_from.map(|d| d.format("%Y-%m-%d").to_string()))
                .collect()
        })
        .collect();
    let hex = roll_digest(
        version,
        parking_counts,
        units.iter().zip(&adult_from).map(|(u, days)| RollLine {
            building: &u.building,
            number: &u.number,
            entrance: &u.entrance,
            kind: u.kind.db(),
            area_centi: u.area.0,
            area_source: u.area_source.db(),
            status: u.status.db(),
            people: u
                .people
                .iter()
                .zip(days)
                .map(|(p, day)| RollPerson {
                    id_digest: &p.id_digest,
                    name: &p.name,
                    relation: p.relation.db(),
                    designated_voter: p.designated_voter,
                    adult_from: day.as_deref(),
                    lives_there: p.lives_there,
                })
                .collect(),
        }),
    );
    RollDigest { version, hex }
}

/// The unkeyed digest of a planned person: SHA-256 of the identity number (or, for a resident
/// listed without one, of the unit and name). Never stored; the stored key is `planned_digest`.
pub fn unkeyed_digest(unit: &PlannedUnit, person: &PlannedPerson) -> String {
    if person.id_number.is_empty() {
        resident_digest(&unit.building, &unit.unit, &person.name)
    } else {
        identity_digest(&person.id_number)
    }
}

/// The key under which a planned person is stored: the community's keyed digest of
/// `unkeyed_digest`, or the keyed digest a roll export wrote (`hmac-sha256:…`) as is.
pub fn planned_digest(key: &IdKey, unit: &PlannedUnit, person: &PlannedPerson) -> String {
    keyed_digest_in(&person.id_number).unwrap_or_else(|| key.digest(&unkeyed_digest(unit, person)))
}

/// The last four characters kept of an identity number (none for an already-digested one).
pub fn id_tail(id_number: &str) -> String {
    if id_number.starts_with("sha256:") || id_number.starts_with(KEYED_PREFIX) {
        return String::new();
    }
    let chars: Vec<char> = id_number.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// Writes the planned units: upserts buildings' units and persons, and replaces each listed
/// unit's people. Units the plan does not mention are left alone. `progress` is called with the
/// number of units written so far.
pub async fn apply_plan(
    conn: &mut SqliteConnection,
    community_id: i64,
    key: &IdKey,
    plan: &[PlannedUnit],
    progress: &(dyn Fn(u32) + Sync),
) -> StoreResult<()> {
    let buildings: BTreeMap<String, i64> = super::community::buildings(conn, community_id)
        .await?
        .into_iter()
        .map(|(id, name)| (name, id))
        .collect();
    let mut person_ids: BTreeMap<String, i64> = BTreeMap::new();
    for (index, unit) in plan.iter().enumerate() {
        let building_id = *buildings.get(&unit.building).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "building {} was not created before the import",
                unit.building
            ))
        })?;
        let unit_id: i64 = sqlx::query_scalar(
            "INSERT INTO units (building_id, number, entrance, kind, area_centi, area_source, status) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (building_id, number) DO UPDATE SET entrance = excluded.entrance, kind = excluded.kind,
               area_centi = excluded.area_centi, area_source = excluded.area_source, status = excluded.status
             RETURNING id",
        )
        .bind(building_id)
        .bind(&unit.unit)
        .bind(&unit.entrance)
        .bind(unit.kind.db())
        .bind(unit.area.0)
        .bind(unit.area_source.db())
        .bind(unit.status.db())
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM unit_people WHERE unit_id = ?")
            .bind(unit_id)
            .execute(&mut *conn)
            .await?;
        for person in &unit.people {
            let digest = planned_digest(key, unit, person);
            let person_id = match person_ids.get(&digest) {
                Some(id) => *id,
                None => {
                    let id = upsert_person(conn, community_id, &digest, person).await?;
                    person_ids.insert(digest, id);
                    id
                }
            };
            sqlx::query("INSERT INTO unit_people (unit_id, person_id, relation, designated_voter, lives_there) VALUES (?, ?, ?, ?, ?)")
                .bind(unit_id)
                .bind(person_id)
                .bind(person.relation.db())
                .bind(i64::from(person.designated_voter))
                .bind(person.lives_there.map(i64::from))
                .execute(&mut *conn)
                .await?;
        }
        if index % 200 == 0 || index + 1 == plan.len() {
            progress(index as u32 + 1);
        }
    }
    Ok(())
}

async fn upsert_person(
    conn: &mut SqliteConnection,
    community_id: i64,
    digest: &str,
    person: &PlannedPerson,
) -> StoreResult<i64> {
    let is_developer = person.relation == Relation::Developer;
    let id = sqlx::query_scalar(
        "INSERT INTO persons (community_id, name, id_digest, id_tail, phone, is_developer, adult_from) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (community_id, id_digest) DO UPDATE SET name = excluded.name,
           phone = CASE WHEN excluded.phone = '' THEN persons.phone ELSE excluded.phone END,
           id_tail = CASE WHEN excluded.id_tail = '' THEN persons.id_tail ELSE excluded.id_tail END,
           is_developer = excluded.is_developer,
           adult_from = COALESCE(excluded.adult_from, persons.adult_from)
         RETURNING id",
    )
    .bind(community_id)
    .bind(&person.name)
    .bind(digest)
    .bind(id_tail(&person.id_number))
    .bind(&person.phone)
    .bind(i64::from(is_developer))
    .bind(person.adult_from.map(|d| d.format("%Y-%m-%d").to_string()))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A person who holds an office without (yet) being on the roll, e.g. the first host: found by
/// their identity digest when already a person of the community, else added.
pub async fn office_holder(
    conn: &mut SqliteConnection,
    community_id: i64,
    name: &str,
    digest: &str,
    id_number: &str,
) -> StoreResult<i64> {
    if let Some(id) =
        sqlx::query_scalar("SELECT id FROM persons WHERE community_id = ? AND id_digest = ?")
            .bind(community_id)
            .bind(digest)
            .fetch_optional(&mut *conn)
            .await?
    {
        return Ok(id);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO persons (community_id, name, id_digest, id_tail, phone, is_developer) VALUES (?, ?, ?, ?, '', 0) RETURNING id",
    )
    .bind(community_id)
    .bind(name)
    .bind(digest)
    .bind(id_tail(id_number))
    .fetch_one(&mut *conn)
    .await?)
}

/// Persons whose name or unit matches, with their units' labels.
pub async fn search_persons(
    conn: &mut SqliteConnection,
    community_id: i64,
    needle: &str,
    limit: u32,
) -> StoreResult<Vec<(StoredPerson, Vec<String>)>> {
    let like = format!("%{}%", needle.replace(['%', '_'], ""));
    let rows = sqlx::query(
        "SELECT p.id AS person_id, p.name, p.id_digest, p.id_tail, p.phone, p.is_developer, p.adult_from,
                up.relation, up.designated_voter, up.lives_there, b.name AS building, u.number
         FROM persons p
         JOIN unit_people up ON up.person_id = p.id
         JOIN units u ON u.id = up.unit_id
         JOIN buildings b ON b.id = u.building_id
         WHERE p.community_id = ?1 AND p.id IN (
             SELECT p2.id FROM persons p2
             JOIN unit_people up2 ON up2.person_id = p2.id
             JOIN units u2 ON u2.id = up2.unit_id
             JOIN buildings b2 ON b2.id = u2.building_id
             WHERE p2.community_id = ?1 AND (p2.name LIKE ?2 OR u2.number LIKE ?2 OR (b2.name || ' ' || u2.number) LIKE ?2 OR (b2.name || u2.number) LIKE ?2)
             LIMIT ?3)
         ORDER BY p.name, p.id",
    )
    .bind(community_id)
    .bind(&like)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    let mut out: Vec<(StoredPerson, Vec<String>)> = Vec::new();
    for r in &rows {
        let person_id: i64 = r.try_get("person_id")?;
        let label = format!(
            "{} {}",
            r.try_get::<String, _>("building")?,
            r.try_get::<String, _>("number")?
        );
        if let Some(last) = out.last_mut().filter(|(p, _)| p.person_id == person_id) {
            last.1.push(label);
            continue;
        }
        out.push((person_row(r, person_id)?, vec![label]));
    }
    Ok(out)
}

/// Labels ("3栋 1201") of every unit a person is attached to.
pub async fn units_of_person(
    conn: &mut SqliteConnection,
    person_id: i64,
) -> StoreResult<Vec<String>> {
    let rows = sqlx::query(
        "SELECT b.name AS building, u.number FROM unit_people up
         JOIN units u ON u.id = up.unit_id JOIN buildings b ON b.id = u.building_id
         WHERE up.person_id = ?",
    )
    .bind(person_id)
    .fetch_all(conn)
    .await?;
    let mut labels: Vec<(String, String)> = rows
        .iter()
        .map(|r| Ok((r.try_get("building")?, r.try_get("number")?)))
        .collect::<StoreResult<_>>()?;
    labels.sort_by(|a, b| {
        super::community::natural_cmp(&a.0, &b.0)
            .then_with(|| super::community::natural_cmp(&a.1, &b.1))
    });
    Ok(labels
        .into_iter()
        .map(|(b, n)| format!("{b} {n}"))
        .collect())
}

/// The persons of a community: (id, stored digest), for the identity-digest migration.
pub async fn person_digests(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, id_digest FROM persons WHERE community_id = ? ORDER BY id")
        .bind(community_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("id_digest")?)))
        .collect()
}

/// Replaces one person's stored digest.
pub async fn set_person_digest(
    conn: &mut SqliteConnection,
    person_id: i64,
    digest: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE persons SET id_digest = ? WHERE id = ?")
        .bind(digest)
        .bind(person_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the database holds any person or signing key (a database that is not empty).
pub async fn has_people_or_keys(conn: &mut SqliteConnection) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM persons) + (SELECT COUNT(*) FROM signing_keys)",
    )
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
