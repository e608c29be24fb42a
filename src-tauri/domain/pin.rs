//! The PIN policy, in one place: what a new PIN (or passphrase) must be, how many wrong PINs a
//! stored key takes, and how long the holder waits between tries. `crypto::sealed` refuses to
//! seal under a PIN this refuses, `ops::keys` checks new PINs (with the holder's birth date when
//! known) and words the attempts left and the wait from it, and `store::keys::begin_attempt`
//! counts an attempt *before* the key derivation runs, in one SQL statement that applies
//! [`MAX_ATTEMPTS`] and [`retry_delay_secs`] (so no number of concurrent guesses passes the limit).
//!
//! Pure: no clock, no I/O; the caller passes dates and instants in.

use chrono::{Datelike, NaiveDate};

/// The shortest PIN or passphrase accepted, in characters (not bytes: "山高水长月明" is six).
pub const MIN_CHARS: usize = 6;

/// Attempts a stored key takes while none succeeds; the last of them locks it until a host
/// unlocks it.
pub const MAX_ATTEMPTS: i64 = 5;

/// Why a new PIN cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort { min_chars: usize },
    /// One character repeated (000000, 888888).
    OneRepeated,
    /// Digits counting straight up or down (123456, 654321, 2345678, 890123).
    Sequence,
    /// A group of two or three repeated (121212, 123123, 520520).
    RepeatedGroup,
    /// On the list of PINs leak studies found most chosen (`data/common_pins.txt`).
    Common,
    /// The holder's birth date in one of its usual forms (19800101, 800101, 010180, ...).
    BirthDate,
}

/// The published common-PIN list, one per line (see the file for its sources).
const COMMON_PINS: &str = include_str!("../../data/common_pins.txt");

fn is_common(pin: &str) -> bool {
    COMMON_PINS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == pin)
}

fn one_repeated(chars: &[char]) -> bool {
    chars.windows(2).all(|w| w[0] == w[1])
}

/// Straight up or down by one, wrapping 9→0 (890123) and 0→9 (109876).
fn sequence(digits: &[u8]) -> bool {
    let step = |a: u8, b: u8| (i16::from(b) - i16::from(a)).rem_euclid(10);
    let up = digits.windows(2).all(|w| step(w[0], w[1]) == 1);
    let down = digits.windows(2).all(|w| step(w[0], w[1]) == 9);
    up || down
}

/// The whole PIN is a group of two or three characters repeated (a trailing part of the group
/// allowed: 1212121).
fn repeated_group(chars: &[char]) -> bool {
    (2..=3)
        .any(|n| chars.len() >= 2 * n && chars.iter().enumerate().all(|(i, c)| *c == chars[i % n]))
}

/// The usual ways a birth date is typed as digits.
pub fn birth_date_forms(birth: NaiveDate) -> Vec<String> {
    let y = format!("{:04}", birth.year());
    let yy = &y[2..];
    let m = format!("{:02}", birth.month());
    let d = format!("{:02}", birth.day());
    let mut out = vec![
        format!("{y}{m}{d}"),
        format!("{y}{d}{m}"),
        format!("{d}{m}{y}"),
        format!("{m}{d}{y}"),
        format!("{yy}{m}{d}"),
        format!("{yy}{d}{m}"),
        format!("{d}{m}{yy}"),
        format!("{m}{d}{yy}"),
        format!("{m}{d}"),
        format!("{d}{m}"),
        format!("{m}{d}{m}{d}"),
        format!("{y}{m}"),
        format!("{m}{y}"),
    ];
    out.sort();
    out.dedup();
    out
}

/// Whether a PIN is acceptable for a new key, given the holder's birth date when known. A
/// passphrase of any characters is fine if long enough and not one repeated character or group;
/// digit PINs are also checked against sequences, the common list and the birth date.
pub fn check_new_pin(pin: &str, birth: Option<NaiveDate>) -> Result<(), PinProblem> {
    let chars: Vec<char> = pin.chars().collect();
    if chars.len() < MIN_CHARS {
        return Err(PinProblem::TooShort {
            min_chars: MIN_CHARS,
        });
    }
    if one_repeated(&chars) {
        return Err(PinProblem::OneRepeated);
    }
    if repeated_group(&chars) {
        return Err(PinProblem::RepeatedGroup);
    }
    if pin.bytes().all(|b| b.is_ascii_digit()) {
        let digits: Vec<u8> = pin.bytes().map(|b| b - b'0').collect();
        if sequence(&digits) {
            return Err(PinProblem::Sequence);
        }
        if is_common(pin) {
            return Err(PinProblem::Common);
        }
        if let Some(birth) = birth {
            let forms = birth_date_forms(birth);
            // The whole PIN a form, or a full date (8 or 6 digits) inside a longer PIN.
            if forms.iter().any(|f| {
                f == pin || (f.len() >= 6 && pin.len() > f.len() && pin.contains(f.as_str()))
            }) {
                return Err(PinProblem::BirthDate);
            }
        }
    }
    Ok(())
}

/// The birth date of someone who becomes an adult on `adult_from` (`persons.adult_from` is the
/// 18th birthday, `domain::roster::adult_from`): one or, for 1 March, also 29 February.
pub fn births_from_adult_from(adult_from: NaiveDate) -> Vec<NaiveDate> {
    let year = adult_from.year() - 18;
    let mut out: Vec<NaiveDate> = adult_from.with_year(year).into_iter().collect();
    if (adult_from.month(), adult_from.day()) == (3, 1)
        && let Some(leap) = NaiveDate::from_ymd_opt(year, 2, 29)
    {
        out.push(leap);
    }
    out
}

/// Whether a key is locked after this many attempts with none succeeding.
pub fn locked_after(failures: i64) -> bool {
    failures >= MAX_ATTEMPTS
}

/// Wrong PINs the holder may still type after `failures` of them before the key locks.
pub fn remaining_attempts(failures: i64) -> i64 {
    (MAX_ATTEMPTS - failures).clamp(0, MAX_ATTEMPTS)
}

/// Seconds the next attempt must wait after the previous one when `failures` attempts in a row
/// have not succeeded: none for the first three tries, then 15 s, then 60 s; the fifth failure
/// locks the key (no delay: [`locked_after`]).
pub fn retry_delay_secs(failures: i64) -> i64 {
    match failures {
        ..=2 => 0,
        3 => 15,
        _ => 60,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn new_pins_table() {
        use PinProblem::*;
        let short = Err(TooShort { min_chars: 6 });
        let born = Some(day(1980, 1, 1));
        let cases: &[(&str, Option<NaiveDate>, Result<(), PinProblem>)] = &[
            ("", None, short),
            ("1", None, short),
            ("12345", None, short),
            ("密码密码密", None, short),
            ("     ", None, short),
            ("000000", None, Err(OneRepeated)),
            ("999999", None, Err(OneRepeated)),
            ("aaaaaaaa", None, Err(OneRepeated)),
            ("123456", None, Err(Sequence)),
            ("654321", None, Err(Sequence)),
            ("2345678", None, Err(Sequence)),
            ("890123", None, Err(Sequence)),
            ("109876", None, Err(Sequence)),
            ("121212", None, Err(RepeatedGroup)),
            ("123123", None, Err(RepeatedGroup)),
            ("520520", None, Err(RepeatedGroup)),
            ("1212121", None, Err(RepeatedGroup)),
            ("abcabc", None, Err(RepeatedGroup)),
            ("112233", None, Err(Common)),
            ("159753", None, Err(Common)),
            ("789456", None, Err(Common)),
            ("5201314", None, Err(Common)),
            ("19800101", born, Err(BirthDate)),
            ("800101", born, Err(BirthDate)),
            ("010180", born, Err(BirthDate)),
            ("01011980", born, Err(BirthDate)),
            ("7319800101", born, Err(BirthDate)),
            ("19800101", None, Ok(())),
            ("19800101", Some(day(1981, 1, 1)), Ok(())),
            ("733914", born, Ok(())),
            ("246810", None, Ok(())),
            ("135790", None, Ok(())),
            ("密码密码密码", None, Err(RepeatedGroup)),
            ("山高水长月明", None, Ok(())),
            ("correct horse battery", None, Ok(())),
        ];
        for (pin, birth, expected) in cases {
            assert_eq!(
                check_new_pin(pin, *birth),
                *expected,
                "{pin:?} born {birth:?}"
            );
        }
    }

    #[test]
    fn every_listed_pin_is_refused_and_the_list_is_digits() {
        let listed: Vec<&str> = COMMON_PINS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert!(listed.len() >= 50, "{}", listed.len());
        for pin in listed {
            assert!(pin.bytes().all(|b| b.is_ascii_digit()), "{pin:?}");
            assert!(check_new_pin(pin, None).is_err(), "{pin:?}");
        }
    }

    #[test]
    fn birth_from_the_adult_day() {
        assert_eq!(
            births_from_adult_from(day(1998, 1, 1)),
            vec![day(1980, 1, 1)]
        );
        // Born 29 February 1980: adult on 1 March 1998.
        assert_eq!(
            births_from_adult_from(day(1998, 3, 1)),
            vec![day(1980, 3, 1), day(1980, 2, 29)]
        );
        assert_eq!(
            births_from_adult_from(day(1999, 3, 1)),
            vec![day(1981, 3, 1)]
        );
    }

    #[test]
    fn attempts_before_the_lock_and_the_waits() {
        // (attempts without success so far, locked, attempts left, wait before the next)
        let cases: &[(i64, bool, i64, i64)] = &[
            (0, false, 5, 0),
            (1, false, 4, 0),
            (2, false, 3, 0),
            (3, false, 2, 15),
            (4, false, 1, 60),
            (5, true, 0, 60),
            (6, true, 0, 60),
        ];
        for &(failures, locked, left, wait) in cases {
            assert_eq!(locked_after(failures), locked, "{failures}");
            assert_eq!(remaining_attempts(failures), left, "{failures}");
            assert_eq!(retry_delay_secs(failures), wait, "{failures}");
        }
    }
}
