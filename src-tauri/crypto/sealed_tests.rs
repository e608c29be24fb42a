//! Unit tests of `sealed.rs`. Each `open` runs Argon2id with the real parameters (19 MiB), so the
//! tamper tests try a few positions in each part rather than every byte.

use super::*;
use crate::crypto::signing::{self, Document, sign_with_seed};

const PIN: &str = "135790";
const SEED: [u8; 32] = [0x5a; 32];

fn public_of(seed: &[u8; 32]) -> PublicKey {
    sign_with_seed(seed, &Document::new("yishi/test/v1")).0
}

fn sealed() -> (PublicKey, SealedSecret) {
    let public = public_of(&SEED);
    (
        public,
        SealedSecret::seal(&SEED, PIN, &public, Cost::LEGACY).unwrap(),
    )
}

/// Opening must fail with one of the two errors, never succeed and never panic.
fn refused(s: &SealedSecret, public: &PublicKey) -> bool {
    matches!(
        s.open(PIN, public),
        Err(SealError::WrongPin | SealError::Corrupt)
    )
}

#[test]
fn seal_then_open_gives_the_seed_back() {
    let (public, s) = sealed();
    assert_eq!(*s.open(PIN, &public).unwrap(), SEED);
    assert_eq!(
        (s.memory_kib, s.passes, s.lanes),
        (
            Cost::LEGACY.memory_kib,
            Cost::LEGACY.passes,
            Cost::LEGACY.lanes
        )
    );
    assert_eq!(s.ciphertext.len(), 32 + 16);
    // Fresh salt and nonce every time.
    let again = SealedSecret::seal(&SEED, PIN, &public, Cost::LEGACY).unwrap();
    assert_ne!(again.salt, s.salt);
    assert_ne!(again.nonce, s.nonce);
    assert_ne!(again.ciphertext, s.ciphertext);
}

#[test]
fn wrong_pin_is_wrong_pin() {
    let (public, s) = sealed();
    for pin in ["135791", "13579", "1357900", "", " 135790", "135790 "] {
        assert_eq!(
            s.open(pin, &public).map(|_| ()),
            Err(SealError::WrongPin),
            "{pin:?}"
        );
    }
}

#[test]
fn short_pins_are_refused_counting_characters() {
    let public = public_of(&SEED);
    for pin in ["", "1", "12345", "密码密码密"] {
        assert_eq!(check_pin(pin), Err(SealError::PinTooShort), "{pin:?}");
        assert_eq!(
            SealedSecret::seal(&SEED, pin, &public, Cost::LEGACY),
            Err(SealError::PinTooShort)
        );
    }
    for pin in ["123456", "000000", "121212", "112233"] {
        assert_eq!(check_pin(pin), Err(SealError::PinTooWeak), "{pin:?}");
        assert_eq!(
            SealedSecret::seal(&SEED, pin, &public, Cost::PRACTICE),
            Err(SealError::PinTooWeak)
        );
    }
    for pin in ["135790", "山高水长月明", "correct horse"] {
        assert_eq!(check_pin(pin), Ok(()), "{pin:?}");
    }
}

#[test]
fn text_form_round_trips() {
    let (public, s) = sealed();
    let text = s.to_text();
    let parts: Vec<&str> = text.split('$').collect();
    assert_eq!(parts.len(), 6);
    assert_eq!(parts[..3], ["argon2id", "v=19", "m=19456,t=2,p=1"]);
    // Unpadded standard base64: 16, 24 and 48 bytes.
    assert_eq!(
        (parts[3].len(), parts[4].len(), parts[5].len()),
        (22, 32, 64)
    );
    let back = SealedSecret::from_text(&text).unwrap();
    assert_eq!(back, s);
    assert_eq!(SealedSecret::from_text(&format!("  {text}\n")).unwrap(), s);
    // Parameters in another order read the same.
    let reordered = text.replace("m=19456,t=2,p=1", "p=1,t=2,m=19456");
    assert_eq!(SealedSecret::from_text(&reordered).unwrap(), s);
    assert_eq!(*back.open(PIN, &public).unwrap(), SEED);
}

fn with_byte_flipped(s: &SealedSecret, part: &str, i: usize) -> SealedSecret {
    let mut t = s.clone();
    match part {
        "salt" => t.salt[i] ^= 0x01,
        "nonce" => t.nonce[i] ^= 0x80,
        _ => t.ciphertext[i] ^= 0x01,
    }
    t
}

#[test]
fn tampered_salt_nonce_or_ciphertext_is_refused() {
    let (public, s) = sealed();
    for (part, positions) in [
        ("salt", &[0usize, 15][..]),
        ("nonce", &[0, 23][..]),
        ("ciphertext", &[0, 31, 32, 47][..]),
    ] {
        for &i in positions {
            let t = with_byte_flipped(&s, part, i);
            assert!(refused(&t, &public), "{part}[{i}]");
            // Through the text form as well.
            let back = SealedSecret::from_text(&t.to_text()).unwrap();
            assert_eq!(back, t);
        }
    }
    let mut truncated = s.clone();
    truncated.ciphertext.truncate(47);
    assert!(refused(&truncated, &public));
    let mut longer = s.clone();
    longer.ciphertext.push(0);
    assert!(refused(&longer, &public));
    let mut empty = s.clone();
    empty.ciphertext.clear();
    assert!(refused(&empty, &public));
}

#[test]
fn damaged_text_is_corrupt() {
    let (_, s) = sealed();
    let text = s.to_text();
    let parts: Vec<&str> = text.split('$').collect();
    let with = |i: usize, v: &str| {
        let mut p = parts.clone();
        p[i] = v;
        p.join("$")
    };
    let salt15 = base64::engine::general_purpose::STANDARD_NO_PAD.encode([0u8; 15]);
    let nonce12 = base64::engine::general_purpose::STANDARD_NO_PAD.encode([0u8; 12]);
    let damaged = [
        String::new(),
        "argon2id".to_string(),
        parts[..5].join("$"),
        format!("{text}$"),
        with(0, "argon2i"),
        with(0, "Argon2id"),
        with(1, "v=16"),
        with(2, "m=19456,t=2"),
        with(2, "m=19456,t=2,p=1,x=1"),
        with(2, "m=19456,t=two,p=1"),
        with(2, "m=-1,t=2,p=1"),
        with(2, "m=19456;t=2;p=1"),
        with(3, "not base64!"),
        with(3, &format!("{}==", parts[3])),
        with(3, &salt15),
        with(4, &nonce12),
        with(5, "%%%"),
        text.replace('$', "$$"),
    ];
    for t in &damaged {
        assert_eq!(SealedSecret::from_text(t), Err(SealError::Corrupt), "{t:?}");
    }
}

#[test]
fn hostile_parameters_are_refused_quickly() {
    let (public, s) = sealed();
    let text = s.to_text();
    // Values a damaged record could name: refused before any memory is reserved.
    for params in [
        "m=4294967295,t=2,p=1",
        "m=19456,t=4294967295,p=1",
        "m=19456,t=2,p=16777215",
        "m=262145,t=2,p=1",
        "m=19456,t=17,p=1",
        "m=19456,t=2,p=9",
    ] {
        let t = text.replace("m=19456,t=2,p=1", params);
        assert_eq!(
            SealedSecret::from_text(&t),
            Err(SealError::Corrupt),
            "{params}"
        );
    }
    // Values Argon2 itself refuses.
    for params in [
        "m=19456,t=0,p=1",
        "m=19456,t=2,p=0",
        "m=7,t=1,p=1",
        "m=15,t=1,p=2",
    ] {
        let t = text.replace("m=19456,t=2,p=1", params);
        let r = SealedSecret::from_text(&t).and_then(|x| x.open(PIN, &public).map(|_| ()));
        assert_eq!(r, Err(SealError::Corrupt), "{params}");
    }
    // Honest but different parameters derive another key: the PIN no longer opens it.
    for params in ["m=19455,t=2,p=1", "m=19456,t=1,p=1", "m=19456,t=2,p=2"] {
        let t = SealedSecret::from_text(&text.replace("m=19456,t=2,p=1", params)).unwrap();
        assert!(refused(&t, &public), "{params}");
    }
}

#[test]
fn a_sealed_secret_moved_to_another_key_does_not_open() {
    let (public, s) = sealed();
    let other = public_of(&[0x5b; 32]);
    assert_eq!(s.open(PIN, &other).map(|_| ()), Err(SealError::WrongPin));
    let d = Document::new("yishi/test/v1").text("a", "b");
    assert_eq!(s.sign(PIN, &other, &d), Err(SealError::WrongPin));
    assert!(s.sign(PIN, &public, &d).is_ok());
}

#[test]
fn a_secret_sealed_under_the_wrong_key_cannot_sign() {
    // Sealed (with the right AAD) for a public key that is not the seed's own.
    let other = public_of(&[0x5b; 32]);
    let s = SealedSecret::seal(&SEED, PIN, &other, Cost::LEGACY).unwrap();
    let d = Document::new("yishi/test/v1").text("a", "b");
    assert_eq!(s.sign(PIN, &other, &d), Err(SealError::Corrupt));
}

#[test]
fn generate_seal_sign_verify() {
    let (public, s) = signing::generate(PIN, Cost::LEGACY).unwrap();
    let d = Document::new("yishi/statement/v1")
        .text("signer", "张三")
        .int("statement_id", 7);
    let signature = s.sign(PIN, &public, &d).unwrap();
    assert_eq!(signing::verify(&public, &d, &signature), Ok(()));
    let back = SealedSecret::from_text(&s.to_text()).unwrap();
    assert_eq!(back.sign(PIN, &public, &d).unwrap(), signature);
    assert_eq!(back.sign("000000", &public, &d), Err(SealError::WrongPin));
}

#[test]
fn the_practice_mark_is_kept_in_the_text_and_cheap_keys_count_as_practice() {
    let public = public_of(&SEED);
    let s = SealedSecret::seal(&SEED, PIN, &public, Cost::PRACTICE).unwrap();
    let text = s.to_text();
    assert!(
        text.starts_with("argon2id$v=19$m=64,t=1,p=1,practice=1$"),
        "{text}"
    );
    let back = SealedSecret::from_text(&text).unwrap();
    assert_eq!(back.cost(), Cost::PRACTICE);
    assert!(back.cost().is_practice());
    assert_eq!(*back.open(PIN, &public).unwrap(), SEED);
    // The mark removed by hand: still a practice key by its cost; the mark is part of nothing
    // else, so the secret still opens (the ops layer refuses it in a real community).
    let unmarked = SealedSecret::from_text(&text.replace(",practice=1", "")).unwrap();
    assert!(!unmarked.cost().practice);
    assert!(unmarked.cost().is_practice());
    // Real costs are not practice; the legacy one is weaker than a calibrated one.
    assert!(!Cost::LEGACY.is_practice());
    let calibrated = Cost::real(CALIBRATION_MEMORY_KIB, 3);
    assert!(!calibrated.is_practice());
    assert!(Cost::LEGACY.weaker_than(&calibrated));
    assert!(!calibrated.weaker_than(&calibrated));
    assert!(!Cost::real(CALIBRATION_MEMORY_KIB, 4).weaker_than(&calibrated));
    // practice=0 or any other value is not a form we write.
    for bad in [",practice=0", ",practice=2"] {
        let t = text.replace(",practice=1", bad);
        assert_eq!(
            SealedSecret::from_text(&t),
            Err(SealError::Corrupt),
            "{bad}"
        );
    }
}

#[test]
fn an_opened_key_signs_and_reseals_under_a_new_cost_keeping_an_old_pin() {
    let public = public_of(&SEED);
    // 123456 is refused for a new key, but a key sealed under it before keeps working.
    let old = SealedSecret::seal_unchecked(&SEED, "123456", &public, Cost::PRACTICE).unwrap();
    let opened = old.unseal("123456", &public).unwrap();
    let doc = Document::new("yishi/test/v1").text("a", "b");
    assert_eq!(opened.sign(&doc), sign_with_seed(&SEED, &doc).1);
    let higher = Cost::real(Cost::LEGACY.memory_kib, 3);
    let again = opened.reseal("123456", higher).unwrap();
    assert_eq!(again.cost(), higher);
    assert_ne!(again.salt, old.salt);
    assert_eq!(*again.open("123456", &public).unwrap(), SEED);
    assert!(format!("{opened:?}").contains(&public.hex()));
    assert!(!format!("{opened:?}").contains(&hex::encode(SEED)));
}

#[test]
fn calibration_reaches_the_target_with_at_least_64_mib() {
    // A small target keeps the test quick; the rule is the same for 250 ms.
    let target = std::time::Duration::from_millis(60);
    let (cost, took) = calibrate(target);
    assert!(took >= target, "{took:?}");
    assert!(cost.memory_kib >= CALIBRATION_MEMORY_KIB);
    assert!(cost.passes >= 1 && cost.passes <= MAX_PASSES);
    assert!(!cost.is_practice());
    assert!(Cost::LEGACY.weaker_than(&cost));
}
