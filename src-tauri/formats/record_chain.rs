//! The chain of root hand-overs a v2 record carries (`manifest.root.handovers`), from generation
//! 1 to the newest root the record uses: each hand-over is the signed files of one
//! `yishi/root-handover/v1` document, by the old root, by the new root and, when the hand-over
//! names a countersigner, by that countersigner (docs/record-format.md, "Hand-overs").
//!
//! A step counts only when the old root and the new root both signed it strictly, and, when it
//! names a countersigner (`countersigned_by`), the key it names signed it too. A hand-over not
//! signed by the old root never counts, countersigned or not: the app makes none (no recovery
//! path skips the old root; a lost root comes back from the sealed backup). Pure.

use super::handover::Handover;
use super::manifest::key_fingerprint;
use super::record::{Discrepancy, RecordRoot};
use super::signed::SignedFile;
use crate::crypto::signing::PublicKey;
use chrono::{DateTime, Utc};

/// One hand-over as the record shows it, accepted (both roots and, when it names one, the
/// countersigner signed it).
#[derive(Debug, Clone)]
pub struct Step {
    pub handover: Handover,
    /// The countersigner's key when it signed (strictly) the same document.
    pub countersigned: Option<PublicKey>,
}

/// The roots the record's hand-overs lead through, checked.
#[derive(Debug, Clone, Default)]
pub struct Chain {
    /// (generation, key, when it was handed over to the next: `None` for the newest), oldest
    /// first, as far as every step is valid and follows the one before.
    pub roots: Vec<(i64, PublicKey, Option<String>)>,
    pub steps: Vec<Step>,
    pub problems: Vec<Discrepancy>,
}

fn problem(zh: String, en: String) -> Discrepancy {
    Discrepancy::new(format!("根密钥交接：{zh}"), format!("root hand-over: {en}"))
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Chain {
    /// The generation of `key` in the chain, if it is one of its roots.
    pub fn generation_of(&self, key: &PublicKey) -> Option<i64> {
        self.roots
            .iter()
            .find(|(_, k, _)| k == key)
            .map(|(g, _, _)| *g)
    }

    /// Whether `key` was a root of the chain at `at`: one of its roots, and `at` not later than
    /// the second its generation was handed over (hand-over times are written to the second).
    pub fn root_at(&self, key: &PublicKey, at: &str) -> Result<i64, String> {
        let Some((g, _, ended)) = self.roots.iter().find(|(_, k, _)| k == key) else {
            return Err("not a root of the record's chain".into());
        };
        if let (Some(end), Some(t)) = (ended.as_deref().and_then(instant), instant(at)) {
            if t.timestamp() > end.timestamp() {
                return Err(format!(
                    "generation {g} signed at {at}, after it was handed over at {}",
                    ended.as_deref().unwrap_or("")
                ));
            }
        }
        Ok(*g)
    }

    /// One line per step for verify's report.
    pub fn report(&self) -> Vec<Discrepancy> {
        self.steps
            .iter()
            .map(|s| {
                let h = &s.handover;
                let (zh, en) = match (&s.countersigned, h.countersigned_by.trim()) {
                    (Some(k), named) => (
                        format!("由 {named} 会签（密钥 {}）", key_fingerprint(k)),
                        format!("countersigned by {named} (key {})", key_fingerprint(k)),
                    ),
                    (None, "") => (
                        "未指定会签人，没有会签（只凭旧根密钥的签名）".to_string(),
                        "no countersigner named, not countersigned (on the old root's word alone)"
                            .to_string(),
                    ),
                    (None, named) => (
                        format!("指定由 {named} 会签，但没有有效的会签"),
                        format!("names {named} as countersigner, but carries no valid countersignature"),
                    ),
                };
                Discrepancy::new(
                    format!(
                        "根密钥交接到第 {} 代（{}，原因：{}）：旧根 {} → 新根 {}，{zh}",
                        h.generation,
                        h.handed_over_at,
                        h.reason,
                        key_fingerprint(&h.old_root),
                        key_fingerprint(&h.new_root)
                    ),
                    format!(
                        "root hand-over to generation {} ({}, reason: {}): old root {} → new root {}, {en}",
                        h.generation,
                        h.handed_over_at,
                        h.reason,
                        key_fingerprint(&h.old_root),
                        key_fingerprint(&h.new_root)
                    ),
                )
            })
            .collect()
    }
}

/// Groups the files by document, oldest first (a document's files are kept together in the
/// order they first appear).
fn groups(files: &[SignedFile]) -> Vec<Vec<&SignedFile>> {
    let mut out: Vec<Vec<&SignedFile>> = Vec::new();
    for f in files {
        match out.iter_mut().find(|g| g[0].document == f.document) {
            Some(g) => g.push(f),
            None => out.push(vec![f]),
        }
    }
    out
}

/// Checks one hand-over's files.
fn step(community: &str, files: &[&SignedFile], n: usize) -> Result<Step, Discrepancy> {
    let h = Handover::from_document(&files[0].document).map_err(|_| {
        problem(
            format!("第 {n} 份交接文件不是 yishi/root-handover/v1 文件"),
            format!("hand-over #{n} is not a yishi/root-handover/v1 document"),
        )
    })?;
    let g = h.generation;
    let mut signers = Vec::new();
    for f in files {
        match f.verify() {
            Ok(k) => signers.push(k),
            Err(_) => {
                return Err(problem(
                    format!("交接到第 {g} 代的一个签名无效"),
                    format!("a signature on the hand-over to generation {g} does not verify"),
                ));
            }
        }
    }
    if h.community != community {
        return Err(problem(
            format!("交接到第 {g} 代的文件属于另一个小区（{}）", h.community),
            format!(
                "the hand-over to generation {g} is another community's ({})",
                h.community
            ),
        ));
    }
    let named = h.countersigner();
    if !h.countersigned_by.trim().is_empty() && named.is_none() {
        return Err(problem(
            format!("交接到第 {g} 代指定的会签人没有写明密钥"),
            format!("the hand-over to generation {g} names a countersigner without a key"),
        ));
    }
    if let Some(other) = signers
        .iter()
        .find(|k| **k != h.old_root && **k != h.new_root && Some(**k) != named)
    {
        return Err(problem(
            format!(
                "交接到第 {g} 代由一把它没有提到的密钥（{}）签名",
                key_fingerprint(other)
            ),
            format!(
                "the hand-over to generation {g} is signed by a key it does not name ({})",
                key_fingerprint(other)
            ),
        ));
    }
    if !signers.contains(&h.old_root) {
        return Err(problem(
            format!("交接到第 {g} 代没有旧根密钥的签名"),
            format!("the hand-over to generation {g} is not signed by the old root"),
        ));
    }
    if !signers.contains(&h.new_root) {
        return Err(problem(
            format!("交接到第 {g} 代没有新根密钥的签名"),
            format!("the hand-over to generation {g} is not signed by the new root"),
        ));
    }
    let countersigned = named.filter(|k| signers.contains(k));
    if let (Some(_), None) = (named, countersigned) {
        return Err(problem(
            format!(
                "交接到第 {g} 代指定由 {} 会签，但记录中没有该密钥的有效会签：不能凭旧根密钥接受它",
                h.countersigned_by
            ),
            format!(
                "the hand-over to generation {g} names {} as countersigner, but the record carries no valid countersignature by that key: it is not accepted on the old root's word",
                h.countersigned_by
            ),
        ));
    }
    Ok(Step {
        handover: h,
        countersigned,
    })
}

/// Reads and checks the record's hand-overs. `root` is the manifest's root part.
pub fn chain(community: &str, root: &RecordRoot) -> Chain {
    let mut out = Chain::default();
    let Ok(current) = PublicKey::parse(&root.public_key) else {
        return out;
    };
    let mut steps = Vec::new();
    for (i, g) in groups(&root.handovers).iter().enumerate() {
        match step(community, g, i + 1) {
            Ok(s) => steps.push(s),
            Err(d) => out.problems.push(d),
        }
    }
    steps.sort_by_key(|s| s.handover.generation);
    // Generation 1 is the first step's old root (or the manifest's root when there is none);
    // each step must make the next generation from the root before it.
    let first = steps.first().map_or(current, |s| s.handover.old_root);
    out.roots.push((1, first, None));
    let mut broken = !out.problems.is_empty();
    for s in &steps {
        let (g, prev, _) = *out.roots.last().expect("generation 1");
        if broken || s.handover.generation != g + 1 || s.handover.old_root != prev {
            if !broken {
                out.problems.push(problem(
                    format!(
                        "交接到第 {} 代不接在第 {g} 代之后：交接不成一条链",
                        s.handover.generation
                    ),
                    format!(
                        "the hand-over to generation {} does not follow generation {g}: the hand-overs are not one chain",
                        s.handover.generation
                    ),
                ));
            }
            broken = true;
            continue;
        }
        if let Some(last) = out.roots.last_mut() {
            last.2 = Some(s.handover.handed_over_at.clone());
        }
        out.roots
            .push((s.handover.generation, s.handover.new_root, None));
    }
    out.steps = steps;
    match out.generation_of(&current) {
        Some(g) if g == root.generation || (root.handovers.is_empty() && g == 1) => {}
        Some(g) => out.problems.push(problem(
            format!("记录称清单由第 {} 代根密钥签署，交接链显示是第 {g} 代", root.generation),
            format!(
                "the record says generation {} signed the manifest; its hand-overs make that root generation {g}",
                root.generation
            ),
        )),
        None if !broken => out.problems.push(problem(
            "签署清单的根密钥不在记录所载的交接链上".into(),
            "the root that signed the manifest is not reached by the record's hand-overs".into(),
        )),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::signing::{Document, sign_with_seed};

    fn key(seed: u8) -> PublicKey {
        sign_with_seed(&[seed; 32], &Document::new("yishi/probe/v1")).0
    }

    /// The files of a hand-over from `old` to `new` (generation `g`), signed by `signers`.
    fn files(g: i64, old: u8, new: u8, counter: &str, signers: &[u8]) -> Vec<SignedFile> {
        let doc = Handover {
            community: "阳光山庄".into(),
            generation: g,
            old_root: key(old),
            new_root: key(new),
            reason: "r".into(),
            countersigned_by: counter.into(),
            handed_over_at: format!("2026-12-0{g}T09:00:00Z"),
        }
        .document();
        signers
            .iter()
            .map(|s| {
                let (k, sig) = sign_with_seed(&[*s; 32], &doc);
                SignedFile::new(doc.clone(), &k, sig)
            })
            .collect()
    }

    fn root(current: u8, generation: i64, handovers: Vec<SignedFile>) -> RecordRoot {
        RecordRoot {
            public_key: key(current).text(),
            generation,
            handovers,
        }
    }

    #[test]
    fn a_chain_of_two_steps_reaches_generation_three() {
        let street = format!("街道 {}", key(9).text());
        let hs = [
            files(2, 1, 2, &street, &[1, 2, 9]),
            files(3, 2, 3, "", &[2, 3]),
        ]
        .concat();
        let c = chain("阳光山庄", &root(3, 3, hs));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.generation_of(&key(1)), Some(1));
        assert_eq!(c.generation_of(&key(3)), Some(3));
        assert_eq!(c.steps[0].countersigned, Some(key(9)));
        // Generation 1 ended with its hand-over; after that it signs nothing of this record.
        assert!(c.root_at(&key(1), "2026-12-02T09:00:00.900Z").is_ok());
        assert!(c.root_at(&key(1), "2026-12-02T09:00:01Z").is_err());
        assert!(c.root_at(&key(3), "2030-01-01T00:00:00Z").is_ok());
        assert!(c.root_at(&key(7), "2026-12-01T00:00:00Z").is_err());
    }

    #[test]
    fn a_gap_another_community_or_a_missing_countersignature_is_named() {
        // Generation 3 without generation 2.
        let c = chain("阳光山庄", &root(3, 3, files(3, 2, 3, "", &[2, 3])));
        assert!(!c.problems.is_empty());
        assert!(c.generation_of(&key(3)).is_none());
        let c = chain("别的小区", &root(2, 2, files(2, 1, 2, "", &[1, 2])));
        assert!(
            c.problems[0].en.contains("another community's"),
            "{:?}",
            c.problems
        );
        let street = format!("街道 {}", key(9).text());
        let c = chain("阳光山庄", &root(2, 2, files(2, 1, 2, &street, &[1, 2])));
        assert!(
            c.problems[0]
                .en
                .contains("carries no valid countersignature"),
            "{:?}",
            c.problems
        );
        // The new root alone, or with the countersigner: never without the old root.
        let c = chain("阳光山庄", &root(2, 2, files(2, 1, 2, &street, &[2, 9])));
        assert!(
            c.problems[0].en.contains("not signed by the old root"),
            "{:?}",
            c.problems
        );
        // A generation the record misstates.
        let c = chain("阳光山庄", &root(2, 5, files(2, 1, 2, "", &[1, 2])));
        assert!(
            c.problems[0].en.contains("generation 5"),
            "{:?}",
            c.problems
        );
    }
}
