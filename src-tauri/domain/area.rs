//! Exact floor area: an integer count of 0.01 m².
//!
//! Invariant: no floating point ever touches an area. Parsing accepts at most two decimals and
//! rejects anything else with a reason; sums are checked integer additions.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// An area in hundredths of a square metre (`4500000` is 45,000.00 m²).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, TS,
)]
#[ts(export, type = "number")]
pub struct Area(pub i64);

/// Why a text is not an area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaParseError {
    Empty,
    NotANumber,
    Negative,
    Zero,
    TooManyDecimals,
    TooLarge,
}

impl Area {
    pub const ZERO: Area = Area(0);

    pub fn centi(self) -> i64 {
        self.0
    }

    /// Parses "123", "123.4", "123.45", "1,234.50" (thousands commas allowed) and the full-width
    /// forms Chinese spreadsheets contain. A unit's area must be strictly positive.
    pub fn parse_unit_area(text: &str) -> Result<Area, AreaParseError> {
        let a = Self::parse(text)?;
        if a.0 == 0 {
            return Err(AreaParseError::Zero);
        }
        Ok(a)
    }

    /// Parses a non-negative decimal with at most two decimals.
    pub fn parse(text: &str) -> Result<Area, AreaParseError> {
        let cleaned: String = text
            .trim()
            .trim_end_matches(['㎡', ' '])
            .trim_end_matches("m²")
            .trim_end_matches("平方米")
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '．' => '.',
                '－' => '-',
                other => other,
            })
            .collect();
        if cleaned.is_empty() {
            return Err(AreaParseError::Empty);
        }
        let (negative, body) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty())
            || !digits_ok(int_part)
            || !digits_ok(frac_part)
        {
            return Err(AreaParseError::NotANumber);
        }
        if negative {
            return Err(AreaParseError::Negative);
        }
        // Trailing zeros beyond two decimals ("12.500") are still exact.
        let frac_trimmed = frac_part.trim_end_matches('0');
        if frac_trimmed.len() > 2 {
            return Err(AreaParseError::TooManyDecimals);
        }
        let int_value: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| AreaParseError::TooLarge)?
        };
        let mut frac_value: i64 = 0;
        for (i, c) in frac_trimmed.chars().enumerate() {
            let d = i64::from(c as u8 - b'0');
            frac_value += if i == 0 { d * 10 } else { d };
        }
        int_value
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac_value))
            .filter(|v| *v <= Self::MAX.0)
            .map(Area)
            .ok_or(AreaParseError::TooLarge)
    }

    /// Larger than any plausible community (10 km²) yet far from overflow when summed.
    pub const MAX: Area = Area(100_000_000_000);

    pub fn checked_add(self, other: Area) -> Option<Area> {
        self.0.checked_add(other.0).map(Area)
    }

    /// "45,000.00": grouped for reading on screen and in notices.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (int_part, frac) = plain
            .split_once('.')
            .expect("Display always writes two decimals");
        let mut out = String::new();
        for (i, c) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{out}.{frac}")
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl std::iter::Sum for Area {
    fn sum<I: Iterator<Item = Area>>(iter: I) -> Area {
        Area(iter.map(|a| a.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        let cases: &[(&str, Result<i64, AreaParseError>)] = &[
            ("89.99", Ok(8999)),
            ("90", Ok(9000)),
            ("90.5", Ok(9050)),
            ("0.01", Ok(1)),
            (".5", Ok(50)),
            ("1,234.50", Ok(123450)),
            ("１２３．４５", Ok(12345)),
            ("88.00㎡", Ok(8800)),
            ("12.500", Ok(1250)),
            ("12.345", Err(AreaParseError::TooManyDecimals)),
            ("-3", Err(AreaParseError::Negative)),
            ("abc", Err(AreaParseError::NotANumber)),
            ("1.2.3", Err(AreaParseError::NotANumber)),
            ("", Err(AreaParseError::Empty)),
            ("99999999999999999999", Err(AreaParseError::TooLarge)),
        ];
        for (text, want) in cases {
            assert_eq!(Area::parse(text).map(|a| a.0), *want, "parsing {text:?}");
        }
        assert_eq!(Area::parse_unit_area("0"), Err(AreaParseError::Zero));
    }

    #[test]
    fn displays_grouped() {
        assert_eq!(Area(4_500_000).grouped(), "45,000.00");
        assert_eq!(Area(1).to_string(), "0.01");
        assert_eq!(Area(123_456_789).grouped(), "1,234,567.89");
        assert_eq!(Area(99_999).grouped(), "999.99");
    }
}
