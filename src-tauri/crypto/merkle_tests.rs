//! RFC 6962/9162 test vectors (the ones Google's certificate-transparency and
//! transparency-dev/merkle publish for the 8-leaf tree) and exhaustive checks against the
//! RFC's recursive definitions for every size up to 64.

use super::*;
use proptest::prelude::*;

fn h(s: &str) -> Hash {
    from_hex(s).expect("64 hex digits")
}

/// The 8 leaves of the published vectors (raw leaf bytes).
fn vector_leaves() -> Vec<Vec<u8>> {
    [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
    .iter()
    .map(|x| hex::decode(x).expect("hex"))
    .collect()
}

const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn vector_tree() -> Tree {
    Tree::from_leaf_hashes(vector_leaves().iter().map(|l| leaf_hash(l)).collect())
}

#[test]
fn empty_tree_is_sha256_of_nothing() {
    assert_eq!(
        to_hex(&Tree::default().root()),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn roots_match_the_published_vectors() {
    let t = vector_tree();
    for (i, want) in ROOTS.iter().enumerate() {
        assert_eq!(
            to_hex(&t.root_at(i as u64 + 1).unwrap()),
            *want,
            "size {}",
            i + 1
        );
    }
    // Built leaf by leaf, the same.
    let mut inc = Tree::default();
    for (i, l) in vector_leaves().iter().enumerate() {
        inc.push_leaf_hash(leaf_hash(l));
        assert_eq!(to_hex(&inc.root()), ROOTS[i]);
    }
}

#[test]
fn inclusion_proofs_match_the_published_vectors() {
    // (leaf index, tree size, path)
    let cases: [(u64, u64, &[&str]); 5] = [
        (0, 1, &[]),
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            3,
            &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
        ),
        (
            1,
            5,
            &[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    let t = vector_tree();
    let leaves = vector_leaves();
    for (index, size, path) in cases {
        let want: Vec<Hash> = path.iter().map(|x| h(x)).collect();
        assert_eq!(
            t.inclusion_proof(index, size).unwrap(),
            want,
            "{index}/{size}"
        );
        let root = h(ROOTS[size as usize - 1]);
        verify_inclusion(
            index,
            size,
            &leaf_hash(&leaves[index as usize]),
            &want,
            &root,
        )
        .unwrap();
    }
}

#[test]
fn consistency_proofs_match_the_published_vectors() {
    let cases: [(u64, u64, &[&str]); 5] = [
        (1, 1, &[]),
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            6,
            7,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ];
    let t = vector_tree();
    for (first, second, path) in cases {
        let want: Vec<Hash> = path.iter().map(|x| h(x)).collect();
        assert_eq!(
            t.consistency_proof(first, second).unwrap(),
            want,
            "{first}->{second}"
        );
        verify_consistency(
            first,
            second,
            &h(ROOTS[first as usize - 1]),
            &h(ROOTS[second as usize - 1]),
            &want,
        )
        .unwrap();
    }
}

/// MTH straight from RFC 9162 §2.1.1, over leaf hashes.
fn naive_root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split(n as u64) as usize;
            node_hash(&naive_root(&leaves[..k]), &naive_root(&leaves[k..]))
        }
    }
}

fn leaves(n: u64, salt: u8) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(&[salt, (i >> 8) as u8, i as u8]))
        .collect()
}

fn flipped(proof: &[Hash], i: usize, byte: usize) -> Vec<Hash> {
    let mut p = proof.to_vec();
    p[i][byte] ^= 0x01;
    p
}

#[test]
fn every_inclusion_proof_up_to_64_verifies_and_any_flip_fails() {
    let all = leaves(64, 7);
    let full = Tree::from_leaf_hashes(all.clone());
    for n in 1..=64u64 {
        let root = naive_root(&all[..n as usize]);
        assert_eq!(full.root_at(n).unwrap(), root, "root {n}");
        let own = Tree::from_leaf_hashes(all[..n as usize].to_vec());
        for m in 0..n {
            let proof = full.inclusion_proof(m, n).unwrap();
            assert_eq!(proof, own.inclusion_proof(m, n).unwrap());
            let leaf = &all[m as usize];
            verify_inclusion(m, n, leaf, &proof, &root).unwrap();
            for i in 0..proof.len() {
                for byte in [0, 17, 31] {
                    assert!(
                        verify_inclusion(m, n, leaf, &flipped(&proof, i, byte), &root).is_err()
                    );
                }
            }
            let mut bad_leaf = *leaf;
            bad_leaf[5] ^= 0x80;
            assert!(verify_inclusion(m, n, &bad_leaf, &proof, &root).is_err());
            let mut bad_root = root;
            bad_root[0] ^= 1;
            assert!(verify_inclusion(m, n, leaf, &proof, &bad_root).is_err());
            // Another index, a shorter or longer proof, another size: refused.
            if n > 1 {
                assert!(verify_inclusion((m + 1) % n, n, leaf, &proof, &root).is_err());
            }
            if !proof.is_empty() {
                assert!(verify_inclusion(m, n, leaf, &proof[..proof.len() - 1], &root).is_err());
            }
            let mut longer = proof.clone();
            longer.push(root);
            assert!(verify_inclusion(m, n, leaf, &longer, &root).is_err());
            // Twice the size needs one more level: refused. (The size alone is not bound by the
            // path, e.g. leaf 0 has the same path in trees of 3 and 4: the signed head binds it.)
            assert!(verify_inclusion(m, n * 2, leaf, &proof, &root).is_err());
        }
        assert!(full.inclusion_proof(n, n).is_err());
    }
}

#[test]
fn every_consistency_proof_up_to_64_verifies_and_any_flip_fails() {
    let all = leaves(64, 9);
    let full = Tree::from_leaf_hashes(all.clone());
    let roots: Vec<Hash> = (0..=64).map(|n| naive_root(&all[..n])).collect();
    for n in 1..=64u64 {
        for m in 1..=n {
            let proof = full.consistency_proof(m, n).unwrap();
            let (r1, r2) = (&roots[m as usize], &roots[n as usize]);
            verify_consistency(m, n, r1, r2, &proof).unwrap();
            for i in 0..proof.len() {
                for byte in [0, 31] {
                    assert!(
                        verify_consistency(m, n, r1, r2, &flipped(&proof, i, byte)).is_err(),
                        "{m}->{n} flip {i}/{byte}"
                    );
                }
            }
            if m < n {
                // A different old tree (one leaf changed) is not extended by the new one.
                let mut other = all[..m as usize].to_vec();
                other[(m - 1) as usize][3] ^= 0x10;
                assert!(verify_consistency(m, n, &naive_root(&other), r2, &proof).is_err());
                let mut bad2 = *r2;
                bad2[9] ^= 2;
                assert!(verify_consistency(m, n, r1, &bad2, &proof).is_err());
                assert!(verify_consistency(m, n, r1, r2, &proof[..proof.len() - 1]).is_err());
                let mut longer = proof.clone();
                longer.push(*r1);
                assert!(verify_consistency(m, n, r1, r2, &longer).is_err());
                assert!(verify_consistency(m, n, r1, r2, &[]).is_err());
                if m > 1 {
                    assert!(verify_consistency(m - 1, n, r1, r2, &proof).is_err());
                }
            }
        }
        assert!(full.consistency_proof(n, n - 1).is_err());
    }
    assert!(verify_consistency(3, 3, &roots[3], &roots[4], &[]).is_err());
    assert!(verify_consistency(0, 5, &empty_root(), &roots[5], &[]).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn larger_trees_agree_with_the_rfc_recursion(n in 1u64..3000, a in 0u64..3000, b in 0u64..3000, salt in any::<u8>()) {
        let all = leaves(n, salt);
        let t = Tree::from_leaf_hashes(all.clone());
        let mut inc = Tree::default();
        for l in &all { inc.push_leaf_hash(*l); }
        prop_assert_eq!(inc.root(), t.root());
        prop_assert_eq!(t.root(), naive_root(&all));
        let second = 1 + b % n;
        let first = 1 + a % second;
        let index = a % second;
        let r2 = naive_root(&all[..second as usize]);
        let p = t.inclusion_proof(index, second).unwrap();
        prop_assert!(verify_inclusion(index, second, &all[index as usize], &p, &r2).is_ok());
        let c = t.consistency_proof(first, second).unwrap();
        prop_assert!(verify_consistency(first, second, &naive_root(&all[..first as usize]), &r2, &c).is_ok());
    }
}
