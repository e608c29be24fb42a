//! Office holders: who is party branch member, committee member, property representative,
//! building head, secretary or host in a community.

use super::StoreResult;
use super::typed::At;
use crate::domain::states::Role;
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    pub role_id: i64,
    pub person_id: i64,
    pub name: String,
    pub role: Role,
    pub building: Option<String>,
    pub units: Vec<String>,
}

pub async fn list(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<Vec<RoleRow>> {
    let rows = sqlx::query(
        "SELECT r.id AS role_id, r.person_id, p.name, r.role, b.name AS building,
                (SELECT group_concat(b2.name || ' ' || u.number, '、') FROM unit_people up
                   JOIN units u ON u.id = up.unit_id JOIN buildings b2 ON b2.id = u.building_id
                  WHERE up.person_id = p.id) AS units
         FROM roles r JOIN persons p ON p.id = r.person_id
         LEFT JOIN buildings b ON b.id = r.building_id
         WHERE r.community_id = ? ORDER BY r.role, p.name",
    )
    .bind(community_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let units: Option<String> = r.try_get("units")?;
            let role_id: i64 = r.try_get("role_id")?;
            Ok(RoleRow {
                role_id,
                person_id: r.try_get("person_id")?,
                name: r.try_get("name")?,
                role: At::new("roles", role_id).parse("role", &r.try_get::<String, _>("role")?)?,
                building: r.try_get("building")?,
                units: units
                    .map(|u| u.split('、').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// The person's community, if the person exists.
pub async fn person_community(
    conn: &mut SqliteConnection,
    person_id: i64,
) -> StoreResult<Option<(i64, String)>> {
    let row = sqlx::query("SELECT community_id, name FROM persons WHERE id = ?")
        .bind(person_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.try_get("community_id")?, r.try_get("name")?)))
        .transpose()
}

/// Inserts the role unless the same one exists; returns whether it was added.
pub async fn assign(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: i64,
    role: Role,
    building_id: Option<i64>,
) -> StoreResult<bool> {
    let exists: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM roles WHERE community_id = ? AND person_id = ? AND role = ? AND building_id IS ?",
    )
    .bind(community_id)
    .bind(person_id)
    .bind(role.key())
    .bind(building_id)
    .fetch_one(&mut *conn)
    .await?;
    if exists > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO roles (community_id, person_id, role, building_id) VALUES (?, ?, ?, ?)",
    )
    .bind(community_id)
    .bind(person_id)
    .bind(role.key())
    .bind(building_id)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Removes a role of this community; returns (person name, role) when one was removed.
pub async fn remove(
    conn: &mut SqliteConnection,
    community_id: i64,
    role_id: i64,
) -> StoreResult<Option<(String, Role)>> {
    let row = sqlx::query(
        "DELETE FROM roles WHERE id = ? AND community_id = ?
         RETURNING role, (SELECT name FROM persons WHERE persons.id = roles.person_id) AS name",
    )
    .bind(role_id)
    .bind(community_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        let role = At::new("roles", role_id).parse("role", &r.try_get::<String, _>("role")?)?;
        Ok((r.try_get("name")?, role))
    })
    .transpose()
}
