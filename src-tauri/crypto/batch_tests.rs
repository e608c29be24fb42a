//! `verify_all` must give exactly the strict verdict of each item, whatever eighths come with
//! them: right, wrong, missing, or crafted for torsion-carrying points.

use super::*;
use crate::crypto::signing::{PublicKey, VerifyError};
use curve25519_dalek::constants::EIGHT_TORSION;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};

fn strict_alone(key: &[u8; 32], msg: &[u8], sig_hex: &str) -> Result<(), VerifyError> {
    let vk = VerifyingKey::from_bytes(key).map_err(|_| VerifyError::Mismatch)?;
    strict(&vk, msg, &signature_bytes(sig_hex)?)
}

struct Case {
    key: [u8; 32],
    key_eighth: Option<String>,
    msg: Vec<u8>,
    sig: String,
    r_eighth: Option<String>,
}

impl Case {
    fn honest(i: u8, msg: &[u8]) -> Case {
        let sk = SigningKey::from_bytes(&[i; 32]);
        let sig = sk.sign(msg).to_bytes();
        let key = sk.verifying_key().to_bytes();
        Case {
            key,
            key_eighth: eighth_hex(&key),
            msg: msg.to_vec(),
            sig: hex::encode(sig),
            r_eighth: eighth_hex(&sig[..32].try_into().expect("32")),
        }
    }
}

/// Runs `verify_all` over the cases and checks each verdict against the strict check alone.
fn same_as_strict(cases: &[Case]) -> Vec<Result<(), VerifyError>> {
    let keys: Vec<PreparedKey> = cases
        .iter()
        .map(|c| {
            PublicKey(c.key)
                .prepare()
                .expect("a usable key")
                .with_eighth(c.key_eighth.as_deref())
        })
        .collect();
    let items: Vec<Item<'_>> = cases
        .iter()
        .zip(&keys)
        .map(|(c, k)| Item {
            key: k,
            bytes: &c.msg,
            signature: &c.sig,
            r_eighth: c.r_eighth.as_deref(),
        })
        .collect();
    let verdicts = verify_all(&items);
    for (i, (c, v)) in cases.iter().zip(&verdicts).enumerate() {
        assert_eq!(*v, strict_alone(&c.key, &c.msg, &c.sig), "item {i}");
    }
    verdicts
}

#[test]
fn an_eighth_times_eight_is_the_point_and_torsion_has_none() {
    for i in 1..20u8 {
        let sk = SigningKey::from_bytes(&[i; 32]);
        let a = sk.verifying_key().to_bytes();
        let q = eighth(&a).expect("an honest key has an eighth");
        let back = CompressedEdwardsY(q)
            .decompress()
            .expect("a point")
            .mul_by_cofactor()
            .compress()
            .0;
        assert_eq!(back, a);
        let p = CompressedEdwardsY(a).decompress().expect("a point");
        for t in EIGHT_TORSION.iter().skip(1) {
            assert_eq!(eighth(&(p + t).compress().0), None, "torsion {t:?}");
        }
    }
    assert_eq!(eighth(&[0xff; 32]), None, "not a point");
}

#[test]
fn honest_signatures_with_eighths_pass_as_one_batch() {
    let cases: Vec<Case> = (1..=40u8).map(|i| Case::honest(i, &[i; 33])).collect();
    assert!(same_as_strict(&cases).iter().all(|v| v.is_ok()));
}

#[test]
fn a_bad_signature_in_a_batch_is_named_and_the_rest_pass() {
    for bad in [0usize, 17, 39] {
        let mut cases: Vec<Case> = (1..=40u8).map(|i| Case::honest(i, &[i; 33])).collect();
        cases[bad].msg[0] ^= 1;
        let verdicts = same_as_strict(&cases);
        for (i, v) in verdicts.iter().enumerate() {
            assert_eq!(v.is_ok(), i != bad, "item {i}");
        }
    }
}

#[test]
fn wrong_or_missing_eighths_change_no_verdict() {
    let mut cases: Vec<Case> = (1..=12u8).map(|i| Case::honest(i, b"ballot")).collect();
    cases[0].r_eighth = None;
    cases[1].key_eighth = None;
    cases[2].r_eighth = cases[3].r_eighth.clone();
    cases[4].key_eighth = cases[5].key_eighth.clone();
    cases[6].r_eighth = Some("zz".into());
    cases[7].key_eighth = Some(hex::encode([0u8; 32]));
    cases[8].r_eighth = Some(hex::encode([1u8; 31]));
    cases[9].sig = "not hex".into();
    assert_eq!(
        same_as_strict(&cases),
        (0..12)
            .map(|i| if i == 9 {
                Err(VerifyError::Malformed)
            } else {
                Ok(())
            })
            .collect::<Vec<_>>()
    );
}

/// The signer's own torsion: an R or a key carrying a small-order component. Strict refuses what
/// the cofactored equation would accept; no eighth can bring such a signature into a batch.
#[test]
fn torsion_carrying_signatures_get_the_strict_verdict_with_any_eighth() {
    let a = Scalar::from_bytes_mod_order([9u8; 32]);
    let r = Scalar::from_bytes_mod_order([3u8; 32]);
    let mut cases = Vec::new();
    for (ti, t) in EIGHT_TORSION.iter().enumerate() {
        let big_a = a * ED25519_BASEPOINT_POINT + t;
        let a_bytes = big_a.compress().0;
        let clean_a_eighth = eighth_hex(&(a * ED25519_BASEPOINT_POINT).compress().0);
        for extra in EIGHT_TORSION.iter() {
            let r_point = r * ED25519_BASEPOINT_POINT + extra;
            let r_bytes = r_point.compress().0;
            let clean_r_eighth = eighth_hex(&(r * ED25519_BASEPOINT_POINT).compress().0);
            let msg = vec![ti as u8; 7];
            let k = Scalar::from_hash(
                Sha512::new()
                    .chain_update(r_bytes)
                    .chain_update(a_bytes)
                    .chain_update(&msg),
            );
            let s = r + k * a;
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&r_bytes);
            sig[32..].copy_from_slice(s.as_bytes());
            for (ke, re) in [
                (clean_a_eighth.clone(), clean_r_eighth.clone()),
                (eighth_hex(&a_bytes), eighth_hex(&r_bytes)),
            ] {
                cases.push(Case {
                    key: a_bytes,
                    key_eighth: ke,
                    msg: msg.clone(),
                    sig: hex::encode(sig),
                    r_eighth: re,
                });
            }
        }
    }
    // Honest company, so that the crafted ones sit in a batch that otherwise holds.
    cases.extend((1..=8u8).map(|i| Case::honest(i, b"company")));
    let verdicts = same_as_strict(&cases);
    assert!(
        verdicts.iter().any(|v| v.is_err()),
        "some crafted cases fail strictly"
    );
    // Strictly valid: where the torsion cancels (R's = −[k] times the key's), with either eighth.
    let valid = verdicts.iter().filter(|v| v.is_ok()).count();
    assert!(valid >= 2 + 8 && valid < cases.len() / 2, "{valid} valid");
}

#[test]
fn only_canonical_encodings_below_p_count() {
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    for add in 0..19u8 {
        let mut y = p;
        y[0] = 0xed + add;
        assert!(!y_is_canonical(&y), "p + {add}");
        y[31] |= 0x80;
        assert!(!y_is_canonical(&y), "p + {add} with the sign bit");
    }
    let mut below = p;
    below[0] = 0xec;
    assert!(y_is_canonical(&below));
    assert!(y_is_canonical(&[0u8; 32]));
}

#[test]
fn small_order_r_and_non_canonical_s_get_the_strict_verdict() {
    let mut cases: Vec<Case> = (1..=6u8).map(|i| Case::honest(i, b"x")).collect();
    // R replaced by each small-order point, its eighth offered too (the neutral element has one).
    for (i, t) in EIGHT_TORSION.iter().enumerate() {
        let mut c = Case::honest(10 + i as u8, b"y");
        let mut sig = hex::decode(&c.sig).expect("hex");
        sig[..32].copy_from_slice(&t.compress().0);
        c.r_eighth = eighth_hex(&t.compress().0);
        c.sig = hex::encode(sig);
        cases.push(c);
    }
    // S + L.
    let mut c = Case::honest(30, b"z");
    let mut sig = hex::decode(&c.sig).expect("hex");
    let s = Scalar::from_canonical_bytes(sig[32..].try_into().expect("32")).expect("canonical");
    let mut bigger = [0u8; 32];
    let mut carry = 0u16;
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    let order: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    for (i, b) in bigger.iter_mut().enumerate() {
        let x = u16::from(s.as_bytes()[i]) + u16::from(order[i]) + carry;
        *b = x as u8;
        carry = x >> 8;
    }
    sig[32..].copy_from_slice(&bigger);
    c.sig = hex::encode(sig);
    cases.push(c);
    let verdicts = same_as_strict(&cases);
    assert_eq!(verdicts.iter().filter(|v| v.is_ok()).count(), 6);
}

/// The fast path is really taken for honest signatures with their eighths (and not without):
/// otherwise every test above would pass through the one-by-one fallback alone.
#[test]
fn honest_signatures_with_eighths_enter_the_batch() {
    for i in 1..=5u8 {
        let c = Case::honest(i, b"ballot");
        let sig = signature_bytes(&c.sig).expect("hex");
        let with = PublicKey(c.key)
            .prepare()
            .expect("key")
            .with_eighth(c.key_eighth.as_deref());
        let without = PublicKey(c.key).prepare().expect("key");
        let item = |key, r_eighth| Item {
            key,
            bytes: &c.msg,
            signature: &c.sig,
            r_eighth,
        };
        let batch: Vec<Ready> = [
            ready(0, &item(&with, c.r_eighth.as_deref()), &sig),
            ready(1, &item(&without, c.r_eighth.as_deref()), &sig),
            ready(2, &item(&with, None), &sig),
        ]
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(batch.len(), 1, "only the fully hinted item is ready");
        assert!(batch_holds(&batch));
        let mut wrong = batch.into_iter().next().expect("one");
        wrong.k += Scalar::ONE;
        assert!(!batch_holds(&[wrong]), "the batch equation is checked");
    }
}
