//! Spreadsheet formats: bytes of a CSV or XLSX file in, typed roster rows out, and back.
//! Pure functions, no IO: the caller reads the file.

pub mod checkpoint;
pub mod consent;
pub mod export;
pub mod handover;
pub mod manifest;
pub mod messages;
pub mod record;
pub mod record_chain;
pub mod record_checkpoint;
pub mod record_v2;
pub mod roster;
pub mod signed;
pub mod table;
