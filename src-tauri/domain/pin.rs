//! The PIN policy, in one place: what a new PIN (or passphrase) must be, and how many wrong PINs
//! a stored key takes before it locks. `crypto::sealed` refuses to seal under a PIN this refuses,
//! `ops::keys` checks new PINs and words the attempts left from it, and `store::keys::record_failure`
//! counts a wrong PIN and locks at [`MAX_ATTEMPTS`] in one SQL statement (the counter stays atomic).

/// The shortest PIN or passphrase accepted, in characters (not bytes: "密码密码密码" is six).
pub const MIN_CHARS: usize = 6;

/// Wrong PINs a stored key takes; the last of them locks it until the host unlocks it.
pub const MAX_ATTEMPTS: i64 = 5;

/// Why a new PIN cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort { min_chars: usize },
}

/// Whether a PIN is acceptable for a new key. Only the length is ruled: a passphrase of any
/// characters is fine, and nothing else is refused as too weak.
pub fn check_new_pin(pin: &str) -> Result<(), PinProblem> {
    if pin.chars().count() < MIN_CHARS {
        return Err(PinProblem::TooShort {
            min_chars: MIN_CHARS,
        });
    }
    Ok(())
}

/// Whether a key is locked after this many wrong PINs in a row.
pub fn locked_after(failures: i64) -> bool {
    failures >= MAX_ATTEMPTS
}

/// Wrong PINs the holder may still type after `failures` of them before the key locks.
pub fn remaining_attempts(failures: i64) -> i64 {
    (MAX_ATTEMPTS - failures).clamp(0, MAX_ATTEMPTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_pins_by_length_in_characters() {
        let short = Err(PinProblem::TooShort { min_chars: 6 });
        let cases: &[(&str, Result<(), PinProblem>)] = &[
            ("", short),
            ("1", short),
            ("12345", short),
            ("密码密码密", short),
            ("     ", short),
            ("123456", Ok(())),
            ("000000", Ok(())),
            ("密码密码密码", Ok(())),
            ("correct horse battery", Ok(())),
        ];
        for (pin, expected) in cases {
            assert_eq!(check_new_pin(pin), *expected, "{pin:?}");
        }
    }

    #[test]
    fn attempts_before_the_lock() {
        // (wrong PINs so far, locked, attempts left)
        let cases: &[(i64, bool, i64)] = &[
            (0, false, 5),
            (1, false, 4),
            (4, false, 1),
            (5, true, 0),
            (6, true, 0),
        ];
        for &(failures, locked, left) in cases {
            assert_eq!(locked_after(failures), locked, "{failures}");
            assert_eq!(remaining_attempts(failures), left, "{failures}");
        }
    }
}
