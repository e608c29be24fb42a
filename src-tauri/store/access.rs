//! What the access guard reads: a person's offices, whether they are on the roll, which
//! community a record belongs to, and who can sign in.

use super::StoreResult;
use crate::domain::states::Role;
use sqlx::{Row, SqliteConnection};

/// A person as the guard needs them: community, name, offices, whether they are on the roll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonAccess {
    pub person_id: i64,
    pub community_id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    pub on_roll: bool,
}

impl PersonAccess {
    /// The parties this person holds now: their offices, and Member when on the roll.
    pub fn parties(&self) -> Vec<crate::domain::access::Party> {
        use crate::domain::access::Party;
        let mut out: Vec<Party> = self.roles.iter().map(|r| Party::of_role(*r)).collect();
        if self.on_roll {
            out.push(Party::Member);
        }
        out.sort();
        out.dedup();
        out
    }
}

pub async fn person(
    conn: &mut SqliteConnection,
    person_id: i64,
) -> StoreResult<Option<PersonAccess>> {
    let Some(row) = sqlx::query(
        "SELECT p.community_id, p.name,
                EXISTS (SELECT 1 FROM unit_people up WHERE up.person_id = p.id) AS on_roll
         FROM persons p WHERE p.id = ?",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT role FROM roles WHERE person_id = ? ORDER BY role")
            .bind(person_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Some(PersonAccess {
        person_id,
        community_id: row.try_get("community_id")?,
        name: row.try_get("name")?,
        // A role text this release does not know grants nothing.
        roles: roles.iter().filter_map(|r| Role::from_key(r)).collect(),
        on_roll: row.try_get::<i64, _>("on_roll")? == 1,
    }))
}

/// The record kinds an operation's arguments can name, and how each finds its community.
/// Every id field the guard checks is here (`ops::access::guard::SCOPED`).
pub fn community_query(field: &str) -> Option<&'static str> {
    Some(match field {
        "community_id" => "SELECT id FROM communities WHERE id = ?",
        "person_id" | "host_id" | "secretary_id" | "voter_id" | "owner_id" | "proxy_id"
        | "proxy_for" => "SELECT community_id FROM persons WHERE id = ?",
        "vote_id" => "SELECT community_id FROM votes WHERE id = ?",
        "meeting_id" => "SELECT community_id FROM meetings WHERE id = ?",
        "matter_id" | "into_matter_id" => "SELECT community_id FROM matters WHERE id = ?",
        "item_id" | "agenda_item_id" => {
            "SELECT m.community_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?"
        }
        "speech_id" => {
            "SELECT m.community_id FROM speeches s JOIN meetings m ON m.id = s.meeting_id WHERE s.id = ?"
        }
        "minutes_id" => {
            "SELECT m.community_id FROM minutes x JOIN meetings m ON m.id = x.meeting_id WHERE x.id = ?"
        }
        "convention_id" => "SELECT community_id FROM conventions WHERE id = ?",
        "version_id" | "from_version_id" | "to_version_id" => {
            "SELECT c.community_id FROM convention_versions v JOIN conventions c ON c.id = v.convention_id WHERE v.id = ?"
        }
        "file_id" => {
            "SELECT m.community_id FROM matter_files f JOIN matters m ON m.id = f.matter_id WHERE f.id = ?"
        }
        "key_id" | "host_key_id" => "SELECT community_id FROM signing_keys WHERE id = ?",
        "role_id" => "SELECT community_id FROM roles WHERE id = ?",
        "statement_id" => "SELECT community_id FROM statements WHERE id = ?",
        "consent_id" => "SELECT community_id FROM consent_requests WHERE id = ?",
        "unit_id" => {
            "SELECT b.community_id FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = ?"
        }
        _ => return None,
    })
}

/// The community of the record `field` = `id` names, or None when there is no such record.
pub async fn community_of(
    conn: &mut SqliteConnection,
    field: &str,
    id: i64,
) -> StoreResult<Option<i64>> {
    let Some(sql) = community_query(field) else {
        return Ok(None);
    };
    Ok(sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// Communities with whether each has a host who can sign in (an active key with its secret here).
pub async fn communities_with_hosts(
    conn: &mut SqliteConnection,
) -> StoreResult<Vec<(i64, String, bool)>> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, EXISTS (
             SELECT 1 FROM roles r JOIN signing_keys k ON k.person_id = r.person_id AND k.status = 'active'
             WHERE r.community_id = c.id AND r.role = 'host' AND k.sealed_secret IS NOT NULL
         ) AS has_host
         FROM communities c ORDER BY c.id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("name")?,
                r.try_get::<i64, _>("has_host")? == 1,
            ))
        })
        .collect()
}

/// One person who can sign in at this laptop: an office holder with an active key whose
/// secret is kept here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInCandidate {
    pub person_id: i64,
    pub name: String,
    pub roles: Vec<Role>,
}

pub async fn sign_in_candidates(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Vec<SignInCandidate>> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, group_concat(DISTINCT r.role) AS roles
         FROM persons p JOIN roles r ON r.person_id = p.id
         JOIN signing_keys k ON k.person_id = p.id AND k.status = 'active' AND k.sealed_secret IS NOT NULL
         WHERE p.community_id = ?
         GROUP BY p.id ORDER BY p.name, p.id",
    )
    .bind(community_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let roles: Option<String> = r.try_get("roles")?;
            Ok(SignInCandidate {
                person_id: r.try_get("id")?,
                name: r.try_get("name")?,
                roles: roles
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(Role::from_key)
                    .collect(),
            })
        })
        .collect()
}

/// The demo community `c`: a practice community the demo loader marked (its event says so).
const DEMO: &str = "c.practice = 1 AND EXISTS (
    SELECT 1 FROM events e WHERE e.community_id = c.id AND e.kind = 'community.practice'
      AND json_extract(e.payload, '$.reason') = 'demo')";

/// Whether a community is the demo (`yishi demo`, the welcome screen's demo button): a practice
/// community whose office holders' PINs are printed for anyone to try.
pub async fn is_demo(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM communities c WHERE c.id = ? AND {DEMO}"
    ))
    .bind(community_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Whether a community other than the demo exists.
pub async fn any_other_than_demo(conn: &mut SqliteConnection) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM communities c WHERE NOT ({DEMO})"
    ))
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Hosts of a community who can sign in now (an active, unlocked key whose secret is here),
/// leaving out the host role `except_role` when given.
async fn signing_in_hosts(
    conn: &mut SqliteConnection,
    community_id: i64,
    except_role: Option<i64>,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(DISTINCT r.person_id) FROM roles r
         JOIN signing_keys k ON k.person_id = r.person_id AND k.status = 'active'
              AND k.sealed_secret IS NOT NULL AND k.locked = 0
         WHERE r.community_id = ? AND r.role = 'host' AND r.id IS NOT ?",
    )
    .bind(community_id)
    .bind(except_role)
    .fetch_one(conn)
    .await?)
}

/// Hosts of a community who can sign in now: an active, unlocked key whose secret is here.
pub async fn hosts_who_can_sign_in(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<i64> {
    signing_in_hosts(conn, community_id, None).await
}

/// Whether a host was ever set up for the community with sign-in (`access.host_set_up`).
pub async fn host_ever_set_up(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE community_id = ? AND kind = 'access.host_set_up'",
    )
    .bind(community_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Whether removing role `role_id` would leave the community without a host who can sign in
/// (it is a host role, and no other host has an active, unlocked key with its secret here).
pub async fn removes_last_host(
    conn: &mut SqliteConnection,
    community_id: i64,
    role_id: i64,
) -> StoreResult<bool> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM roles WHERE id = ? AND community_id = ?")
            .bind(role_id)
            .bind(community_id)
            .fetch_optional(&mut *conn)
            .await?;
    if role.as_deref() != Some("host") {
        return Ok(false);
    }
    Ok(signing_in_hosts(conn, community_id, Some(role_id)).await? == 0)
}
