//! Database-wide settings rows (`migrations/0014_settings.sql`): the database id, the escrowed
//! secrets, the identity-digest migration mark.

use super::StoreResult;
use sqlx::SqliteConnection;

pub const DATABASE_ID: &str = "database_id";
pub const RECOVERY_ESCROW: &str = "recovery_escrow";
pub const ID_DIGESTS: &str = "id_digests";
/// The value of `ID_DIGESTS` once identity digests are keyed.
pub const ID_DIGESTS_KEYED: &str = "keyed-v1";

pub async fn get(conn: &mut SqliteConnection, name: &str) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE name = ?")
            .bind(name)
            .fetch_optional(conn)
            .await?,
    )
}

/// Reads a setting from a database that may predate the settings table (an old backup).
pub async fn get_if_any(conn: &mut SqliteConnection, name: &str) -> StoreResult<Option<String>> {
    let has_table: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'settings'",
    )
    .fetch_one(&mut *conn)
    .await?;
    if has_table == 0 {
        return Ok(None);
    }
    get(conn, name).await
}

pub async fn set(conn: &mut SqliteConnection, name: &str, value: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO settings (name, value) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(name)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
