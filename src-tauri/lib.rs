//! # Yishi 议事厅
//!
//! A community's deliberation and lawful voting, with a record anyone can re-check.
//!
//! # Layout
//! - [`domain`]: the field's pure rules: exact areas, the roster's shape, the voting roll.
//! - [`crypto`]: canonical, versioned bytes and the hashes (later signatures) over them.
//! - [`formats`]: spreadsheet files (CSV in any Chinese encoding, XLSX) to roster rows and back.
//! - [`store`]: the only SQL: SQLite via sqlx, the hash-chained event log, backups.
//! - [`secrets`]: what is kept outside the database file: the PIN pepper, the identity-digest
//!   key, their escrow under the recovery code, and the OS keystore (or user-only file).
//! - [`ops`]: one async function per user operation; owns transactions; what tests call.
//! - [`commands`]: the JSON edge: one dispatcher by operation name, and the Tauri command.
//! - [`server`]: the same operations over HTTP for browsers and the meeting room's phones.
//! - [`cli`]: the headless `yishi` command line.
//! - [`lang`]: the user's language (Chinese by default, English on request).
//!
//! Dependencies point one way: domain <- crypto <- formats <- store <- secrets <- ops <- commands <- (server, cli).

pub mod cli;
pub mod commands;
pub mod crypto;
pub mod domain;
pub mod formats;
pub mod lang;
pub mod ops;
pub mod secrets;
pub mod server;
pub mod store;
