//! Strict verification of many signatures at the cost of one batch, with the help of eighths
//! (docs/signing.md §8.3).
//!
//! A randomised batch equation `Σ z_i([S_i]B − R_i − [k_i]A_i) = 0` cannot see torsion: a
//! residual of small order cancels with constant probability, so on its own it accepts
//! signatures that strict verification (§8.2) refuses. But the curve's group is Z/8 × Z/ℓ, so a
//! point lies in the prime-order subgroup exactly when it is `[8]Q` for some point `Q`. When every
//! `R_i` and `A_i` is shown to be such a point, every residual lies in the subgroup too, where a
//! random 128-bit combination vanishes only if each residual does (error at most 2^-128): the
//! batch then proves each cofactorless equation, which is the strict verdict.
//!
//! The record carries these `Q`s ("eighths") beside the keys and signatures; an exporter makes
//! them with one scalar multiplication each. They are not signed and need no trust: a missing or
//! wrong eighth only sends that signature to the one-by-one strict check, and a batch that fails
//! sends all of its signatures there, so the verdict of every signature is always exactly
//! `signing::verify`'s.
//!
//! Invariant: `verify_all(items)[i]` equals the strict verdict of item `i`, for every input.

use super::signing::{PreparedKey, VerifyError, signature_bytes, strict};
use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha512};
use std::sync::OnceLock;

/// 8⁻¹ mod ℓ.
fn inverse_of_eight() -> &'static Scalar {
    static INV: OnceLock<Scalar> = OnceLock::new();
    INV.get_or_init(|| Scalar::from(8u8).invert())
}

/// The eighth of an encoded point: `Q` with `[8]Q = P`, when `P` decodes and lies in the
/// prime-order subgroup (every honest key and every honest signature's `R`); `None` otherwise.
pub fn eighth(point: &[u8; 32]) -> Option<[u8; 32]> {
    let p = CompressedEdwardsY(*point).decompress()?;
    let q = inverse_of_eight() * p;
    // [8](8⁻¹ P) = P exactly when P has no torsion component.
    (q.mul_by_cofactor() == p).then(|| q.compress().0)
}

/// The eighth as text: 64 hex digits.
pub fn eighth_hex(point: &[u8; 32]) -> Option<String> {
    eighth(point).map(hex::encode)
}

/// The eighth of a signature's `R` (its first 32 bytes), from the signature's hex text.
pub fn r_eighth_hex(signature_hex: &str) -> Option<String> {
    let sig = signature_bytes(signature_hex).ok()?;
    eighth_hex(sig[..32].try_into().ok()?)
}

fn parse_eighth(text: &str) -> Option<[u8; 32]> {
    let mut q = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut q).ok()?;
    Some(q)
}

/// Whether `y < p` in an encoding (the sign bit aside): the only non-canonical encodings of a
/// point with `x ≠ 0` are those with `y ≥ p`.
fn y_is_canonical(bytes: &[u8; 32]) -> bool {
    let top = bytes[31] & 0x7f;
    !(top == 0x7f && bytes[1..31].iter().all(|b| *b == 0xff) && bytes[0] >= 0xed)
}

/// Whether the decoded point `p`, read from `bytes`, is shown by `eighth` to be a point of the
/// prime-order subgroup other than the neutral element, canonically encoded.
pub(super) fn proven_in_subgroup(p: &EdwardsPoint, bytes: &[u8; 32], eighth: &str) -> bool {
    // In the subgroup and not neutral, so x ≠ 0 and the sign bit is meaningful: with y < p the
    // encoding is the canonical one (the strict check compares R byte for byte).
    !p.is_identity()
        && y_is_canonical(bytes)
        && parse_eighth(eighth)
            .and_then(|q| CompressedEdwardsY(q).decompress())
            .is_some_and(|q| q.mul_by_cofactor() == *p)
}

/// One signature to check: the signer's prepared key, the signed bytes, the signature's hex
/// text, and, if the record has it, the eighth of the signature's `R`.
pub struct Item<'a> {
    pub key: &'a PreparedKey,
    pub bytes: &'a [u8],
    pub signature: &'a str,
    pub r_eighth: Option<&'a str>,
}

/// A signature whose key and `R` are proven in the subgroup, ready for the batch equation.
struct Ready {
    index: usize,
    s: Scalar,
    k: Scalar,
    r: EdwardsPoint,
    a: EdwardsPoint,
}

fn ready(index: usize, item: &Item<'_>, sig: &[u8; 64]) -> Option<Ready> {
    let a = item.key.subgroup_point()?;
    let s_bytes: [u8; 32] = sig[32..].try_into().ok()?;
    let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes))?;
    let r_bytes: [u8; 32] = sig[..32].try_into().ok()?;
    let r = CompressedEdwardsY(r_bytes).decompress()?;
    if !proven_in_subgroup(&r, &r_bytes, item.r_eighth?) {
        return None;
    }
    let k = Scalar::from_hash(
        Sha512::new()
            .chain_update(r_bytes)
            .chain_update(item.key.public.0)
            .chain_update(item.bytes),
    );
    Some(Ready { index, s, k, r, a })
}

/// Whether `Σ z_i([S_i]B − R_i − [k_i]A_i)` is neutral for fresh random 128-bit `z_i`.
fn batch_holds(batch: &[Ready]) -> bool {
    if batch.is_empty() {
        return true;
    }
    let mut random = vec![0u8; 16 * batch.len()];
    OsRng.fill_bytes(&mut random);
    let z: Vec<Scalar> = random
        .chunks_exact(16)
        .map(|c| Scalar::from(u128::from_le_bytes(c.try_into().unwrap_or([1; 16]))))
        .collect();
    let b_coefficient: Scalar = batch.iter().zip(&z).map(|(x, z)| z * x.s).sum();
    let scalars = std::iter::once(b_coefficient)
        .chain(z.iter().map(|z| -z))
        .chain(batch.iter().zip(&z).map(|(x, z)| -(z * x.k)));
    let points = std::iter::once(ED25519_BASEPOINT_POINT)
        .chain(batch.iter().map(|x| x.r))
        .chain(batch.iter().map(|x| x.a));
    EdwardsPoint::vartime_multiscalar_mul(scalars, points).is_identity()
}

/// The strict verdict of every item, in order. Items whose key and `R` carry valid eighths are
/// checked together in one batch; the rest, and all of a batch that fails, one by one.
pub fn verify_all(items: &[Item<'_>]) -> Vec<Result<(), VerifyError>> {
    let mut verdicts: Vec<Option<Result<(), VerifyError>>> = Vec::with_capacity(items.len());
    let mut batch = Vec::new();
    let mut sigs = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let sig = match signature_bytes(item.signature) {
            Ok(sig) => sig,
            Err(e) => {
                verdicts.push(Some(Err(e)));
                sigs.push([0u8; 64]);
                continue;
            }
        };
        match ready(i, item, &sig) {
            Some(x) => {
                batch.push(x);
                verdicts.push(None);
            }
            None => verdicts.push(Some(strict(item.key.verifying_key(), item.bytes, &sig))),
        }
        sigs.push(sig);
    }
    let passed = batch_holds(&batch);
    for x in &batch {
        let item = &items[x.index];
        verdicts[x.index] = Some(if passed {
            Ok(())
        } else {
            strict(item.key.verifying_key(), item.bytes, &sigs[x.index])
        });
    }
    verdicts
        .into_iter()
        .map(|v| v.unwrap_or(Err(VerifyError::Mismatch)))
        .collect()
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
