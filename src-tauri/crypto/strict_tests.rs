//! `strict` must accept exactly what ed25519-dalek's `verify_strict` accepts: the table of
//! small-order encodings is the whole torsion subgroup, and crafted signatures with small-order
//! or torsion-carrying parts get the same verdict from both.

use super::*;
use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use sha2::Sha512;

fn dalek_strict(key: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(key)
        .is_ok_and(|vk| vk.verify_strict(msg, &Signature::from_bytes(sig)).is_ok())
}

fn ours(key: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(key).is_ok_and(|vk| strict(&vk, msg, sig).is_ok())
}

#[test]
fn the_table_is_the_canonical_encodings_of_the_eight_torsion_points() {
    let mut table: Vec<[u8; 32]> = SMALL_ORDER.to_vec();
    let mut torsion: Vec<[u8; 32]> = EIGHT_TORSION.iter().map(|p| p.compress().0).collect();
    table.sort();
    torsion.sort();
    assert_eq!(table, torsion);
}

fn k_of(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
    let mut h = Sha512::new();
    h.update(r);
    h.update(a);
    h.update(msg);
    Scalar::from_hash(h)
}

/// For a key `aB + T` (not weak when a != 0) and every small-order R, a signature that the
/// cofactorless equation accepts: both strict checks must refuse it.
#[test]
fn small_order_r_is_refused_like_verify_strict() {
    let a = Scalar::from_bytes_mod_order([7u8; 32]);
    let mut crafted = 0;
    for t in EIGHT_TORSION.iter() {
        let big_a: EdwardsPoint = a * ED25519_BASEPOINT_POINT + t;
        let a_bytes = big_a.compress().0;
        for r in EIGHT_TORSION.iter() {
            let r_bytes = r.compress().0;
            // s = k·a makes [s]B - [k]A = -[k]T; find a message where that is R.
            for m in 0u32..256 {
                let msg = m.to_le_bytes();
                let k = k_of(&r_bytes, &a_bytes, &msg);
                if -(k * t) != *r {
                    continue;
                }
                let s = k * a;
                let mut sig = [0u8; 64];
                sig[..32].copy_from_slice(&r_bytes);
                sig[32..].copy_from_slice(s.as_bytes());
                let vk = VerifyingKey::from_bytes(&a_bytes).expect("a point");
                assert!(
                    ed25519_dalek::Verifier::verify(&vk, &msg, &Signature::from_bytes(&sig))
                        .is_ok(),
                    "the cofactorless equation holds"
                );
                assert!(!dalek_strict(&a_bytes, &msg, &sig));
                assert!(!ours(&a_bytes, &msg, &sig));
                crafted += 1;
                break;
            }
        }
    }
    assert!(crafted >= 8, "crafted {crafted} small-order-R signatures");
}

/// A torsion-free R on a mixed-order key: the cofactored equation holds, the cofactorless one
/// fails when -[k]T is not neutral; both strict checks agree on every such case.
#[test]
fn torsion_carrying_signatures_get_the_same_verdict() {
    let a = Scalar::from_bytes_mod_order([9u8; 32]);
    let r_scalar = Scalar::from_bytes_mod_order([3u8; 32]);
    for t in EIGHT_TORSION.iter() {
        let a_bytes = (a * ED25519_BASEPOINT_POINT + t).compress().0;
        for extra in EIGHT_TORSION.iter() {
            let r_point = r_scalar * ED25519_BASEPOINT_POINT + extra;
            let r_bytes = r_point.compress().0;
            for m in 0u8..8 {
                let msg = [m; 5];
                let k = k_of(&r_bytes, &a_bytes, &msg);
                let s = r_scalar + k * a;
                let mut sig = [0u8; 64];
                sig[..32].copy_from_slice(&r_bytes);
                sig[32..].copy_from_slice(s.as_bytes());
                assert_eq!(
                    ours(&a_bytes, &msg, &sig),
                    dalek_strict(&a_bytes, &msg, &sig),
                    "key torsion {t:?}, R torsion {extra:?}, message {m}"
                );
            }
        }
    }
}

/// Valid signatures, then every single-bit flip of R, S and the message: same verdicts.
#[test]
fn bit_flips_get_the_same_verdict() {
    for i in 0..4u8 {
        let key = SigningKey::from_bytes(&[i + 1; 32]);
        let a_bytes = key.verifying_key().to_bytes();
        let msg = vec![i; 40];
        let sig = key.sign(&msg).to_bytes();
        assert!(ours(&a_bytes, &msg, &sig) && dalek_strict(&a_bytes, &msg, &sig));
        for bit in 0..512 {
            let mut bad = sig;
            bad[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(
                ours(&a_bytes, &msg, &bad),
                dalek_strict(&a_bytes, &msg, &bad),
                "bit {bit}"
            );
        }
        for bit in 0..msg.len() * 8 {
            let mut m = msg.clone();
            m[bit / 8] ^= 1 << (bit % 8);
            assert!(!ours(&a_bytes, &m, &sig) && !dalek_strict(&a_bytes, &m, &sig));
        }
    }
}

/// Non-canonical encodings of small-order points (y + p, and x = 0 with the sign bit set) as R:
/// refused by both.
#[test]
fn non_canonical_small_order_r_is_refused() {
    let key = SigningKey::from_bytes(&[5u8; 32]);
    let a_bytes = key.verifying_key().to_bytes();
    let mut encodings: Vec<[u8; 32]> = Vec::new();
    let mut neutral_plus_p = [0xffu8; 32];
    neutral_plus_p[0] = 0xee; // 1 + p = 2^255 - 18
    neutral_plus_p[31] = 0x7f;
    encodings.push(neutral_plus_p);
    let mut neg_zero = [0u8; 32];
    neg_zero[0] = 1;
    neg_zero[31] = 0x80; // (−0, 1)
    encodings.push(neg_zero);
    for r in encodings {
        for s in [[0u8; 32], [1u8; 32]] {
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&r);
            sig[32..].copy_from_slice(&s);
            assert!(!ours(&a_bytes, b"m", &sig));
            assert!(!dalek_strict(&a_bytes, b"m", &sig));
        }
    }
}
