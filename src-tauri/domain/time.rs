//! Instants and the community's dates.
//!
//! * An **instant** (a vote's window, a signature's time, a proxy's expiry) is a `DateTime<Utc>`.
//!   Text may carry any RFC 3339 offset (a device in Los Angeles writes `-08:00`); it is parsed
//!   into an instant before any comparison, never compared as text. The store writes instants in
//!   one form, [`utc_text`]: `YYYY-MM-DDTHH:MM:SSZ`.
//! * A **legal date** (a notice period, a publication deadline, "today") is a calendar date in the
//!   community's time zone, China Standard Time (UTC+08:00, Asia/Shanghai, no daylight saving),
//!   whatever zone the computer running the app is set to. Functions take the zone explicitly;
//!   [`COMMUNITY_OFFSET_SECONDS`] is the one place it is chosen.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// China Standard Time, UTC+08:00 (Asia/Shanghai has had no daylight saving since 1991).
pub const COMMUNITY_OFFSET_SECONDS: i32 = 8 * 3600;

/// The community's time zone.
pub fn community_zone() -> FixedOffset {
    FixedOffset::east_opt(COMMUNITY_OFFSET_SECONDS).expect("UTC+8 is a valid offset")
}

/// The one stored form of an instant: RFC 3339 in UTC, whole seconds, `Z`.
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An RFC 3339 time with any offset, as an instant; `None` when it is not one.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The wall-clock date and time of an instant in `zone`.
pub fn local_in(t: DateTime<Utc>, zone: FixedOffset) -> NaiveDateTime {
    t.with_timezone(&zone).naive_local()
}

/// The calendar date of an instant in `zone` (for the community: [`community_zone`]).
pub fn date_in(t: DateTime<Utc>, zone: FixedOffset) -> NaiveDate {
    local_in(t, zone).date()
}

/// The calendar date of a stored instant in `zone`; `None` when the text is not an instant.
pub fn text_date_in(text: &str, zone: FixedOffset) -> Option<NaiveDate> {
    parse_instant(text).map(|t| date_in(t, zone))
}

/// The community day of a stored "day or instant" field: `YYYY-MM-DD` is that day; an instant
/// is the date it falls on in `zone`.
pub fn day_in(text: &str, zone: FixedOffset) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .or_else(|| text_date_in(t, zone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn offsets_are_instants() {
        let la = parse_instant("2026-11-22T02:00:00-08:00").expect("parses");
        let z = parse_instant("2026-11-22T10:00:00Z").expect("parses");
        assert_eq!(la, z);
        assert_eq!(utc_text(la), "2026-11-22T10:00:00Z");
        // As text the Los Angeles form sorts before an earlier instant; as instants it does not.
        let opened = parse_instant("2026-11-22T09:30:00Z").expect("parses");
        assert!("2026-11-22T02:00:00-08:00" < "2026-11-22T09:30:00Z");
        assert!(la > opened);
        assert_eq!(parse_instant("22/11/2026"), None);
    }

    #[test]
    fn community_dates_do_not_depend_on_the_process_zone() {
        // 2026-12-31 17:30 UTC is already 2027-01-01 01:30 in the community.
        let t = Utc
            .with_ymd_and_hms(2026, 12, 31, 17, 30, 0)
            .single()
            .expect("valid");
        let cst = community_zone();
        assert_eq!(
            date_in(t, cst),
            NaiveDate::from_ymd_opt(2027, 1, 1).expect("date")
        );
        let la = FixedOffset::west_opt(8 * 3600).expect("UTC-8");
        assert_eq!(
            date_in(t, la),
            NaiveDate::from_ymd_opt(2026, 12, 31).expect("date")
        );
        assert_eq!(
            text_date_in("2026-12-31T09:30:00-08:00", cst),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        assert_eq!(
            day_in("2026-12-31T17:30:00Z", cst),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        assert_eq!(
            day_in("2026-12-31", cst),
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(day_in("soon", cst), None);
    }
}
