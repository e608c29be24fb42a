//! Typed columns: kinds, stages and statuses are parsed into enums, and times into instants,
//! where a row is read. A value this version does not know is `StoreError::UnknownValue` naming
//! the table, row and value, never a silent default. Enums are stored by their `serde` name;
//! instants in the one UTC form `domain::time::utc_text`.

use super::{StoreError, StoreResult};
use crate::domain::time::{parse_instant, utc_text};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where a value was read from, for the error that names it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At {
    pub table: &'static str,
    pub id: i64,
}

impl At {
    pub(crate) fn new(table: &'static str, id: i64) -> At {
        At { table, id }
    }

    fn unknown(self, column: &'static str, value: &str) -> StoreError {
        StoreError::UnknownValue {
            table: self.table,
            column,
            id: self.id,
            value: value.to_string(),
        }
    }

    /// A stored kind, stage or status as its enum.
    pub(crate) fn parse<T: DeserializeOwned>(
        self,
        column: &'static str,
        text: &str,
    ) -> StoreResult<T> {
        serde_json::from_value(serde_json::Value::String(text.to_string()))
            .map_err(|_| self.unknown(column, text))
    }

    /// A stored instant (any RFC 3339 offset is read; only `utc_text` is written).
    pub(crate) fn instant(self, column: &'static str, text: &str) -> StoreResult<DateTime<Utc>> {
        parse_instant(text).ok_or_else(|| self.unknown(column, text))
    }

    pub(crate) fn instant_opt(
        self,
        column: &'static str,
        text: Option<&str>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        text.map(|t| self.instant(column, t)).transpose()
    }
}

/// The stored name of an enum value (its `serde` name).
pub fn key<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("stored enums serialise to a name, not {other:?}"),
    }
}

/// The stored form of an instant.
pub fn stamp(t: DateTime<Utc>) -> String {
    utc_text(t)
}
