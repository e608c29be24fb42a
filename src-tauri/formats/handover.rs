//! The hand-over of a community's root to its next generation (`yishi/root-handover/v1`),
//! signed by the old root and by the new, stored (and carried by records) as a JSON array of the
//! two signed files. Pure: `check` is what the app, `yishi verify` and an outside verifier do
//! to accept generation n+1 on the word of generation n (docs/signing.md, "Root hand-over").

use crate::crypto::signing::{Document, PublicKey};
use crate::formats::signed::SignedFile;

pub const HANDOVER_CONTEXT: &str = "yishi/root-handover/v1";

/// What a hand-over says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub community: String,
    /// The new generation (2, 3, …).
    pub generation: i64,
    pub old_root: PublicKey,
    pub new_root: PublicKey,
    pub reason: String,
    /// Who must countersign it ("某某街道办事处 yishi-key:v1:<hex>"), or '' for nobody.
    pub countersigned_by: String,
    pub handed_over_at: String,
}

impl Handover {
    pub fn document(&self) -> Document {
        Document::new(HANDOVER_CONTEXT)
            .text("community", &self.community)
            .int("generation", self.generation)
            .text("old_root", self.old_root.hex())
            .text("new_root", self.new_root.hex())
            .text("reason", &self.reason)
            .text("countersigned_by", &self.countersigned_by)
            .text("handed_over_at", &self.handed_over_at)
    }

    /// Reads a hand-over document, refusing any other field list.
    pub fn from_document(doc: &Document) -> Result<Handover, HandoverProblem> {
        let text = |n: &str| {
            doc.get_text(n)
                .map(str::to_string)
                .ok_or(HandoverProblem::Malformed)
        };
        let key = |n: &str| PublicKey::parse(&text(n)?).map_err(|_| HandoverProblem::Malformed);
        let h = Handover {
            community: text("community")?,
            generation: doc
                .get_int("generation")
                .ok_or(HandoverProblem::Malformed)?,
            old_root: key("old_root")?,
            new_root: key("new_root")?,
            reason: text("reason")?,
            countersigned_by: text("countersigned_by")?,
            handed_over_at: text("handed_over_at")?,
        };
        if doc.context != HANDOVER_CONTEXT || h.document() != *doc {
            return Err(HandoverProblem::Malformed);
        }
        Ok(h)
    }

    /// The countersigner's key, when the hand-over names one (the last word of
    /// `countersigned_by`).
    pub fn countersigner(&self) -> Option<PublicKey> {
        let (_, key) = self
            .countersigned_by
            .trim()
            .rsplit_once(char::is_whitespace)?;
        PublicKey::parse(key).ok()
    }
}

/// Why a hand-over is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoverProblem {
    #[error("the hand-over is not two signed files of one yishi/root-handover/v1 document")]
    Malformed,
    #[error("the hand-over is not signed by the previous root")]
    NotByOldRoot,
    #[error("the hand-over is not signed by the new root")]
    NotByNewRoot,
    #[error("the hand-over names another generation or root than the one it makes")]
    Mismatch,
}

/// Accepts `new_root` as generation `generation` on the word of `old_root`: `stored` (the JSON
/// array of two signed files) holds one document, strictly signed by the old root and the new.
pub fn check(
    old_root: &PublicKey,
    new_root: &PublicKey,
    generation: i64,
    stored: &str,
) -> Result<Handover, HandoverProblem> {
    let files: Vec<SignedFile> =
        serde_json::from_str(stored).map_err(|_| HandoverProblem::Malformed)?;
    let [a, b] = files.as_slice() else {
        return Err(HandoverProblem::Malformed);
    };
    if a.document != b.document {
        return Err(HandoverProblem::Malformed);
    }
    let h = Handover::from_document(&a.document)?;
    if h.old_root != *old_root || h.new_root != *new_root || h.generation != generation {
        return Err(HandoverProblem::Mismatch);
    }
    let signers: Vec<PublicKey> = files.iter().filter_map(|f| f.verify().ok()).collect();
    if !signers.contains(old_root) {
        return Err(HandoverProblem::NotByOldRoot);
    }
    if !signers.contains(new_root) {
        return Err(HandoverProblem::NotByNewRoot);
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::signing::sign_with_seed;

    fn pair(old: &[u8; 32], new: &[u8; 32]) -> (PublicKey, PublicKey, Document, String) {
        let probe = Document::new("yishi/probe/v1");
        let (o, _) = sign_with_seed(old, &probe);
        let (n, _) = sign_with_seed(new, &probe);
        let doc = Handover {
            community: "阳光山庄".into(),
            generation: 2,
            old_root: o,
            new_root: n,
            reason: "stolen laptop".into(),
            countersigned_by: String::new(),
            handed_over_at: "2026-12-01T09:00:00Z".into(),
        }
        .document();
        let files: Vec<SignedFile> = [old, new]
            .iter()
            .map(|s| {
                let (k, sig) = sign_with_seed(s, &doc);
                SignedFile::new(doc.clone(), &k, sig)
            })
            .collect();
        (o, n, doc, serde_json::to_string(&files).expect("json"))
    }

    #[test]
    fn a_hand_over_needs_both_roots_and_names_what_it_makes() {
        let (old, new) = ([1u8; 32], [2u8; 32]);
        let (o, n, doc, stored) = pair(&old, &new);
        assert_eq!(check(&o, &n, 2, &stored).expect("accepted").generation, 2);
        assert_eq!(check(&o, &n, 3, &stored), Err(HandoverProblem::Mismatch));
        assert_eq!(check(&n, &o, 2, &stored), Err(HandoverProblem::Mismatch));
        // Signed twice by the new root (a thief without the old one): refused.
        let (k, sig) = sign_with_seed(&new, &doc);
        let twice = serde_json::to_string(&vec![
            SignedFile::new(doc.clone(), &k, sig.clone()),
            SignedFile::new(doc.clone(), &k, sig),
        ])
        .expect("json");
        assert_eq!(check(&o, &n, 2, &twice), Err(HandoverProblem::NotByOldRoot));
        assert_eq!(check(&o, &n, 2, "[]"), Err(HandoverProblem::Malformed));
        // A changed field breaks both signatures.
        let altered = stored.replace("stolen laptop", "routine");
        assert_eq!(
            check(&o, &n, 2, &altered),
            Err(HandoverProblem::NotByOldRoot)
        );
    }

    #[test]
    fn the_countersigner_is_the_last_word() {
        let (_, n, _, _) = pair(&[1u8; 32], &[2u8; 32]);
        let h = Handover {
            community: "c".into(),
            generation: 2,
            old_root: n,
            new_root: n,
            reason: String::new(),
            countersigned_by: format!("某某街道办事处 {}", n.text()),
            handed_over_at: String::new(),
        };
        assert_eq!(h.countersigner(), Some(n));
        assert_eq!(
            Handover {
                countersigned_by: "街道".into(),
                ..h
            }
            .countersigner(),
            None
        );
    }
}
