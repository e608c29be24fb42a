//! Unit tests of `signing.rs`; the frozen cross-implementation vectors are in
//! `tests/signing_vectors.rs` and `tests/crosscheck/`.

use super::*;

const SEED: [u8; 32] = [0x42; 32];

/// The neutral point (0, 1): order 1.
const IDENTITY: &str = "0100000000000000000000000000000000000000000000000000000000000000";
/// (0, -1): order 2.
const ORDER_TWO: &str = "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
/// y = 0: a point of order 4.
const ALL_ZERO: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// y = 2 is not the y of any curve point.
const NOT_A_POINT: &str = "0200000000000000000000000000000000000000000000000000000000000000";

fn doc() -> Document {
    Document::new("yishi/test/v1")
        .text("unit", "3栋1201")
        .text("choice", "同意")
        .int("area_centi", 8950)
}

fn key_of(hex_text: &str) -> PublicKey {
    PublicKey(hex::decode(hex_text).unwrap().try_into().unwrap())
}

#[test]
fn context_validation_table() {
    let valid = [
        "yishi/enrolment/v1",
        "yishi/statement/v1",
        "yishi/revocation/v1",
        "yishi/unlock/v1",
        "yishi/rotation/v1",
        "yishi/test-empty/v1",
        "yishi/a/v2",
        "yishi/statement/v10",
        "yishi/statement/v0",
    ];
    for context in valid {
        assert!(
            Document::new(context).context_is_valid(),
            "{context:?} is valid"
        );
    }
    let invalid = [
        "",
        "yishi",
        "yishi/statement",
        "yishi/statement/",
        "yishi/statement/v",
        "yishi/statement/1",
        "yishi/statement/V1",
        "yishi/statement/v1/",
        "yishi/statement/v1/x",
        "yishi/statement/v-1",
        "yishi/statement/v1.0",
        "yishi/statement/v1 ",
        " yishi/statement/v1",
        "yishi/statement/v\u{0661}",
        "yishi/statement/v1\0",
        "yishi//v1",
        "yishi/Statement/v1",
        "yishi/state ment/v1",
        "yishi/statement_x/v1",
        "yishi/statement2/v1",
        "yishi/stätement/v1",
        "yishi/签名/v1",
        "Yishi/statement/v1",
        "/yishi/statement/v1",
        "other/statement/v1",
        "yishi\\statement\\v1",
    ];
    for context in invalid {
        assert!(
            !Document::new(context).context_is_valid(),
            "{context:?} is invalid"
        );
    }
}

#[test]
fn a_good_signature_under_a_bad_context_is_refused() {
    let bad = Document::new("yishi/Test/v1").text("a", "b");
    let (public, signature) = sign_with_seed(&SEED, &bad);
    assert_eq!(
        verify(&public, &bad, &signature),
        Err(VerifyError::BadContext)
    );
}

#[test]
fn bytes_are_context_nul_count_then_name_value_pairs() {
    let d = Document::new("yishi/t/v1").text("名", "").int("n", -2);
    let mut expected = b"yishi/t/v1\0".to_vec();
    expected.extend_from_slice(b"i\0\0\0\0\0\0\0\x02");
    expected.extend_from_slice(b"s\0\0\0\0\0\0\0\x03");
    expected.extend_from_slice("名".as_bytes());
    expected.extend_from_slice(b"s\0\0\0\0\0\0\0\0");
    expected.extend_from_slice(b"s\0\0\0\0\0\0\0\x01n");
    expected.extend_from_slice(b"i\xff\xff\xff\xff\xff\xff\xff\xfe");
    assert_eq!(d.bytes(), expected);
    assert_eq!(d.hash_hex(), hex::encode(Sha256::digest(&expected)));
    assert_eq!(
        Document::new("yishi/t/v1").bytes(),
        b"yishi/t/v1\0i\0\0\0\0\0\0\0\0".to_vec()
    );
}

#[test]
fn bytes_are_injective_over_boundaries_and_types() {
    let pairs = [
        (
            Document::new("yishi/t/v1").text("ab", "c"),
            Document::new("yishi/t/v1").text("a", "bc"),
        ),
        (
            Document::new("yishi/t/v1").text("n", "1"),
            Document::new("yishi/t/v1").int("n", 1),
        ),
        (
            Document::new("yishi/t/v1").text("a", "").text("", ""),
            Document::new("yishi/t/v1").text("a", ""),
        ),
        (
            Document::new("yishi/t/v1").text("a", "b").text("c", "d"),
            Document::new("yishi/t/v1").text("c", "d").text("a", "b"),
        ),
        (
            Document::new("yishi/t/v1").text("e", "\u{e9}"),
            Document::new("yishi/t/v1").text("e", "e\u{301}"),
        ),
        (Document::new("yishi/t/v1"), Document::new("yishi/t/v2")),
        (Document::new("yishi/t/v1"), Document::new("yishi/u/v1")),
    ];
    for (a, b) in pairs {
        assert_ne!(a.bytes(), b.bytes(), "{a:?} vs {b:?}");
        assert_ne!(a.hash_hex(), b.hash_hex());
    }
}

#[test]
fn json_form_is_as_documented() {
    let d = Document::new("yishi/t/v1").text("a", "议").int("n", -3);
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(
        json,
        r#"{"context":"yishi/t/v1","fields":[{"name":"a","value":{"type":"text","value":"议"}},{"name":"n","value":{"type":"int","value":-3}}]}"#
    );
    assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), d);
    for bad in [
        r#"{"context":"yishi/t/v1","fields":[{"name":"n","value":{"type":"int","value":1.0}}]}"#,
        r#"{"context":"yishi/t/v1","fields":[{"name":"n","value":{"type":"int","value":"1"}}]}"#,
        r#"{"context":"yishi/t/v1","fields":[{"name":"n","value":{"type":"Text","value":"x"}}]}"#,
        r#"{"context":"yishi/t/v1","fields":[{"name":"n","value":{"type":"int","value":9223372036854775808}}]}"#,
        r#"{"context":"yishi/t/v1","context":"yishi/u/v1","fields":[]}"#,
        r#"{"context":"yishi/t/v1"}"#,
    ] {
        assert!(serde_json::from_str::<Document>(bad).is_err(), "{bad}");
    }
}

#[test]
fn getters_find_the_first_field_of_the_right_type() {
    let d = doc().text("choice", "反对");
    assert_eq!(d.get_text("choice"), Some("同意"));
    assert_eq!(d.get_int("area_centi"), Some(8950));
    assert_eq!(d.get_int("unit"), None);
    assert_eq!(d.get_text("area_centi"), None);
    assert_eq!(d.get_text("missing"), None);
}

#[test]
fn public_key_parse_accepts_the_documented_forms() {
    let (public, _) = sign_with_seed(&SEED, &doc());
    let h = public.hex();
    let upper = h.to_uppercase();
    let grouped: Vec<String> = upper
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    let forms = [
        h.clone(),
        upper.clone(),
        public.text(),
        format!("  {}\n", public.text()),
        grouped.join(" "),
        grouped.join("-"),
        format!("yishi-key:v1:{}", grouped.join(" ")),
        format!("\u{3000}{}\t", grouped.join("\n")),
        h.as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect::<Vec<_>>()
            .join(":"),
    ];
    for form in forms {
        assert_eq!(PublicKey::parse(&form), Ok(public), "{form:?}");
    }
    assert_eq!(
        PublicKey::parse(&public.text()).unwrap().text(),
        public.text()
    );
}

#[test]
fn public_key_parse_rejects_what_it_must() {
    let (public, _) = sign_with_seed(&SEED, &doc());
    let h = public.hex();
    let malformed = [
        String::new(),
        "yishi-key:v1:".to_string(),
        h[..62].to_string(),
        h[..63].to_string(),
        format!("{h}00"),
        format!("{}g", &h[..63]),
        format!("0x{h}"),
        format!("yishi-key:v2:{h}"),
        format!("YISHI-KEY:V1:{h}"),
        format!("{h}{h}"),
        "议".repeat(32),
    ];
    for text in &malformed {
        assert_eq!(
            PublicKey::parse(text),
            Err(KeyTextError::Malformed),
            "{text:?}"
        );
    }
    assert_eq!(PublicKey::parse(NOT_A_POINT), Err(KeyTextError::NotAPoint));
    for weak in [IDENTITY, ORDER_TWO, ALL_ZERO] {
        assert_eq!(PublicKey::parse(weak), Err(KeyTextError::Weak), "{weak}");
        assert_eq!(
            PublicKey::parse(&format!("yishi-key:v1:{weak}")),
            Err(KeyTextError::Weak)
        );
    }
}

#[test]
fn fingerprint_is_first_eight_bytes_of_sha256_in_four_groups() {
    let (public, _) = sign_with_seed(&SEED, &doc());
    let fp = public.fingerprint();
    assert_eq!(fp.len(), 19);
    let groups: Vec<&str> = fp.split(' ').collect();
    assert_eq!(groups.len(), 4);
    assert!(groups.iter().all(|g| {
        g.len() == 4
            && g.bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    }));
    let digest = Sha256::digest(public.0);
    assert_eq!(fp.replace(' ', ""), hex::encode_upper(&digest[..8]));
}

#[test]
fn signing_is_deterministic_and_verifies() {
    let d = doc();
    let (public, signature) = sign_with_seed(&SEED, &d);
    assert_eq!(sign_with_seed(&SEED, &d), (public, signature.clone()));
    assert_eq!(signature.len(), 128);
    assert!(
        signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_eq!(verify(&public, &d, &signature), Ok(()));
    // Input tolerance: surrounding white space and upper case are read too.
    assert_eq!(
        verify(&public, &d, &format!(" {}\n", signature.to_uppercase())),
        Ok(())
    );
    let (other, other_signature) = sign_with_seed(&[0x43; 32], &d);
    assert_ne!(other, public);
    assert_eq!(verify(&other, &d, &signature), Err(VerifyError::Mismatch));
    assert_eq!(
        verify(&public, &d, &other_signature),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn verify_names_malformed_signatures() {
    let d = doc();
    let (public, signature) = sign_with_seed(&SEED, &d);
    for bad in [
        String::new(),
        signature[..126].to_string(),
        format!("{signature}00"),
        format!("{}zz", &signature[..126]),
        format!("{}0", &signature),
        format!("{} {}", &signature[..64], &signature[64..]),
    ] {
        assert_eq!(
            verify(&public, &d, &bad),
            Err(VerifyError::Malformed),
            "{bad:?}"
        );
    }
}

#[test]
fn verify_refuses_weak_and_invalid_keys() {
    let d = doc();
    let (_, signature) = sign_with_seed(&SEED, &d);
    for key in [IDENTITY, ORDER_TWO, ALL_ZERO, NOT_A_POINT] {
        assert_eq!(
            verify(&key_of(key), &d, &signature),
            Err(VerifyError::Mismatch),
            "{key}"
        );
    }
    // The classic forgery under the neutral key: R = B, S = 1 satisfies [S]B = R + [k]A for any
    // message. Plain RFC 8032 verification (OpenSSL) accepts it; strict verification must not.
    let forged = format!(
        "{}{}",
        "5866666666666666666666666666666666666666666666666666666666666666",
        "0100000000000000000000000000000000000000000000000000000000000000"
    );
    assert_eq!(
        verify(&key_of(IDENTITY), &d, &forged),
        Err(VerifyError::Mismatch)
    );
    let item = (
        key_of(IDENTITY),
        d.bytes(),
        <[u8; 64]>::try_from(hex::decode(&forged).unwrap()).unwrap(),
    );
    assert!(!verify_batch(&[item]));
}

fn batch(n: u8) -> Vec<(PublicKey, Vec<u8>, [u8; 64])> {
    (0..n)
        .map(|i| {
            let d = doc().int("ballot", i64::from(i));
            let (public, signature) = sign_with_seed(&[i; 32], &d);
            let signature: [u8; 64] = hex::decode(signature).unwrap().try_into().unwrap();
            (public, d.bytes(), signature)
        })
        .collect()
}

#[test]
fn verify_batch_true_for_all_valid_false_with_one_bad() {
    let good = batch(12);
    assert!(verify_batch(&good));
    assert!(verify_batch(&good[..1]));
    assert!(verify_batch(&[]));
    for i in [0, 5, 11] {
        let mut bad = good.clone();
        bad[i].2[7] ^= 1;
        assert!(!verify_batch(&bad), "signature {i} changed");
        let mut bad = good.clone();
        bad[i].1.push(0);
        assert!(!verify_batch(&bad), "message {i} changed");
        let mut bad = good.clone();
        bad[i].0 = good[(i + 1) % good.len()].0;
        assert!(!verify_batch(&bad), "key {i} swapped");
        let mut bad = good.clone();
        bad[i].0 = key_of(NOT_A_POINT);
        assert!(!verify_batch(&bad), "key {i} not a point");
    }
    // Two signatures swapped between their messages.
    let mut bad = good.clone();
    let s = bad[2].2;
    bad[2].2 = bad[3].2;
    bad[3].2 = s;
    assert!(!verify_batch(&bad));
}

#[test]
fn verify_batch_agrees_with_verify_on_a_non_canonical_scalar() {
    // S + L: the same equation with an unreduced scalar (signature malleability).
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let d = doc();
    let (public, signature) = sign_with_seed(&SEED, &d);
    let mut sig: [u8; 64] = hex::decode(signature).unwrap().try_into().unwrap();
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
        sig[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    assert_eq!(
        verify(&public, &d, &hex::encode(sig)),
        Err(VerifyError::Mismatch)
    );
    assert!(!verify_batch(&[(public, d.bytes(), sig)]));
}

#[test]
fn generated_key_signs_through_its_sealed_secret() {
    let (public, sealed) = generate("246810", crate::crypto::sealed::Cost::PRACTICE).unwrap();
    assert!(PublicKey::parse(&public.text()).is_ok());
    let d = doc();
    let signature = sealed.sign("246810", &public, &d).unwrap();
    assert_eq!(verify(&public, &d, &signature), Ok(()));
    assert_eq!(sealed.sign("246811", &public, &d), Err(SealError::WrongPin));
    assert_eq!(
        generate("12345", crate::crypto::sealed::Cost::PRACTICE).map(|_| ()),
        Err(SealError::PinTooShort)
    );
}
