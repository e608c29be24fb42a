//! The event log as a Merkle tree, exactly as RFC 9162 §2.1 (Certificate Transparency v2)
//! defines it: the Merkle Tree Hash, inclusion proofs (§2.1.3) and consistency proofs (§2.1.4),
//! with the RFC's own verification algorithms (§2.1.3.2, §2.1.4.2).
//!
//! A leaf is one event: its bytes are the 32 raw bytes of the event's `hash` (the hex in
//! `events.hash`, decoded), and event `seq` is leaf index `seq - 1`. Bytes: docs/record-format.md
//! "Checkpoints".
//!
//! [`Tree`] keeps the hash of every complete, aligned power-of-two subtree (about 2n hashes), so
//! building it is linear and any root, inclusion path or consistency proof for any size up to
//! its own costs O(log² n) hashes at most.

use sha2::{Digest, Sha256};

/// One SHA-256 value.
pub type Hash = [u8; 32];

/// MTH({}) = SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// `SHA-256(0x00 || leaf)`.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(leaf);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two strictly smaller than `n` (n ≥ 2).
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// Why a proof could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("tree size {size} is larger than the {have} leaves held")]
    SizeTooLarge { size: u64, have: u64 },
    #[error("leaf index {index} is not below tree size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("first size {first} is larger than second size {second}")]
    SizesReversed { first: u64, second: u64 },
}

/// A Merkle tree over leaf hashes, with every complete aligned subtree's hash kept.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// `levels[h][i]` = hash of leaves `[i·2^h, (i+1)·2^h)`; `levels[0]` are the leaf hashes.
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    /// A tree over already hashed leaves (`leaf_hash` of each leaf's bytes), in order.
    pub fn from_leaf_hashes(leaves: Vec<Hash>) -> Tree {
        let mut t = Tree {
            levels: vec![leaves],
        };
        t.complete_levels();
        t
    }

    /// A tree over event hashes (each the 32 raw bytes of an event's hash).
    pub fn from_event_hashes<'a>(events: impl IntoIterator<Item = &'a Hash>) -> Tree {
        Tree::from_leaf_hashes(events.into_iter().map(|e| leaf_hash(e)).collect())
    }

    /// Appends one leaf (already hashed); amortised O(1).
    pub fn push_leaf_hash(&mut self, leaf: Hash) {
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        self.levels[0].push(leaf);
        let mut h = 0;
        loop {
            let len = self.levels[h].len();
            if len % 2 != 0 {
                break;
            }
            let parent = node_hash(&self.levels[h][len - 2], &self.levels[h][len - 1]);
            if self.levels.len() == h + 1 {
                self.levels.push(Vec::new());
            }
            self.levels[h + 1].push(parent);
            h += 1;
        }
    }

    fn complete_levels(&mut self) {
        let mut h = 0;
        while self.levels[h].len() >= 2 {
            let next: Vec<Hash> = self.levels[h]
                .chunks_exact(2)
                .map(|pair| node_hash(&pair[0], &pair[1]))
                .collect();
            self.levels.push(next);
            h += 1;
        }
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// MTH(D[start:start+len]) for a range the RFC's recursion visits (start is a multiple of
    /// the largest power of two ≤ len, which holds for every left and right subtree below a root).
    fn subtree(&self, start: u64, len: u64) -> Hash {
        if len.is_power_of_two() && start % len == 0 {
            let h = len.trailing_zeros() as usize;
            return self.levels[h][(start >> h) as usize];
        }
        let k = split(len);
        node_hash(&self.subtree(start, k), &self.subtree(start + k, len - k))
    }

    /// The Merkle Tree Hash of the first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError> {
        self.check_size(size)?;
        Ok(if size == 0 {
            empty_root()
        } else {
            self.subtree(0, size)
        })
    }

    /// The Merkle Tree Hash of all leaves.
    pub fn root(&self) -> Hash {
        self.root_at(self.size()).expect("own size")
    }

    fn check_size(&self, size: u64) -> Result<(), ProofError> {
        if size > self.size() {
            return Err(ProofError::SizeTooLarge {
                size,
                have: self.size(),
            });
        }
        Ok(())
    }

    /// PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), leaf-side first.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(size)?;
        if index >= size {
            return Err(ProofError::IndexOutOfRange { index, size });
        }
        let mut out = Vec::new();
        self.path(index, 0, size, &mut out);
        Ok(out)
    }

    fn path(&self, m: u64, start: u64, n: u64, out: &mut Vec<Hash>) {
        if n == 1 {
            return;
        }
        let k = split(n);
        if m < k {
            self.path(m, start, k, out);
            out.push(self.subtree(start + k, n - k));
        } else {
            self.path(m - k, start + k, n - k, out);
            out.push(self.subtree(start, k));
        }
    }

    /// PROOF(first, D[0:second]) (RFC 9162 §2.1.4.1). Empty when `first` is 0 or equals `second`.
    pub fn consistency_proof(&self, first: u64, second: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(second)?;
        if first > second {
            return Err(ProofError::SizesReversed { first, second });
        }
        let mut out = Vec::new();
        if first > 0 && first < second {
            self.subproof(first, 0, second, true, &mut out);
        }
        Ok(out)
    }

    fn subproof(&self, m: u64, start: u64, n: u64, b: bool, out: &mut Vec<Hash>) {
        if m == n {
            if !b {
                out.push(self.subtree(start, n));
            }
            return;
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, start, k, b, out);
            out.push(self.subtree(start + k, n - k));
        } else {
            self.subproof(m - k, start + k, n - k, false, out);
            out.push(self.subtree(start, k));
        }
    }
}

/// Why a proof does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("leaf index {index} is not below tree size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("first size {first} is larger than second size {second}")]
    SizesReversed { first: u64, second: u64 },
    #[error("the proof has the wrong number of hashes")]
    WrongLength,
    #[error("the proof does not lead to the expected root hash")]
    RootMismatch,
    #[error("equal sizes with different root hashes")]
    DifferentRootsSameSize,
}

/// RFC 9162 §2.1.3.2: does `proof` show the leaf with hash `leaf` at `index` in the tree of
/// `size` leaves whose root is `root`?
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), VerifyError> {
    // 1.
    if index >= size {
        return Err(VerifyError::IndexOutOfRange { index, size });
    }
    // 2., 3.
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    // 4.
    for p in proof {
        if sn == 0 {
            return Err(VerifyError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    // 5.
    if sn != 0 {
        return Err(VerifyError::WrongLength);
    }
    if &r != root {
        return Err(VerifyError::RootMismatch);
    }
    Ok(())
}

/// RFC 9162 §2.1.4.2: does `proof` show that the tree of `second` leaves with root
/// `second_root` extends the tree of `first` leaves with root `first_root`?
///
/// Edge cases the RFC's algorithm leaves to the caller: equal sizes need an empty proof and equal
/// roots; a first size of 0 (the empty tree) is extended by anything, with an empty proof.
pub fn verify_consistency(
    first: u64,
    second: u64,
    first_root: &Hash,
    second_root: &Hash,
    proof: &[Hash],
) -> Result<(), VerifyError> {
    if first > second {
        return Err(VerifyError::SizesReversed { first, second });
    }
    if first == second {
        if !proof.is_empty() {
            return Err(VerifyError::WrongLength);
        }
        return if first_root == second_root {
            Ok(())
        } else {
            Err(VerifyError::DifferentRootsSameSize)
        };
    }
    if first == 0 {
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(VerifyError::WrongLength)
        };
    }
    // 1.
    if proof.is_empty() {
        return Err(VerifyError::WrongLength);
    }
    // 2.
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    // 3.
    let (mut fn_, mut sn) = (first - 1, second - 1);
    // 4.
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    // 5.
    let (mut fr, mut sr) = (path[0], path[0]);
    // 6.
    for c in &path[1..] {
        if sn == 0 {
            return Err(VerifyError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    // 7.
    if sn != 0 {
        return Err(VerifyError::WrongLength);
    }
    if &fr != first_root || &sr != second_root {
        return Err(VerifyError::RootMismatch);
    }
    Ok(())
}

/// Lowercase hex of a hash.
pub fn to_hex(h: &Hash) -> String {
    hex::encode(h)
}

/// A hash from 64 hex digits (either case); `None` otherwise.
pub fn from_hex(s: &str) -> Option<Hash> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(s.trim(), &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
#[path = "merkle_tests.rs"]
mod tests;
