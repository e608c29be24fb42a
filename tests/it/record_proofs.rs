//! A record carries the root hand-overs from generation 1 with their countersignatures, and
//! the community's checkpoint with the vote's events and their inclusion proofs (issue 14).
//! `yishi verify --root OLD` follows the hand-overs; a hand-over signed by a third key, one
//! whose named countersigner did not sign, or one countersigned by another key is refused by
//! the Rust verifier and the Python cross-check; an edited ballot receipt fails the inclusion
//! check naming the ballot; another community's or a forged checkpoint is refused;
//! `--checkpoint` says equal or different.

use crate::record_anchor::{
    Setup, by, close, exported, file_ballot, open_vote, python_with_cryptography, setup,
    setup_community, yishi_verify,
};
use std::process::Command;
use yishi::crypto::signing::{Document, sign_with_seed};
use yishi::formats::record::VoteRecord;
use yishi::formats::signed::SignedFile;
use yishi::ops;
use yishi::ops::keys::{RootCountersign, RootQuery, RootRotate};

const STREET: [u8; 32] = [77u8; 32];
const STRANGER: [u8; 32] = [78u8; 32];

fn file_by(seed: &[u8; 32], doc: &Document) -> SignedFile {
    let (k, sig) = sign_with_seed(seed, doc);
    SignedFile::new(doc.clone(), &k, sig)
}

fn python(r: &VoteRecord, dir: &std::path::Path, args: &[&str]) -> Option<(bool, String)> {
    let python = python_with_cryptography()?;
    let path = dir.join("py-record.json");
    std::fs::write(&path, serde_json::to_vec(r).expect("json")).expect("write");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/yishi_record.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&path)
        .args(args)
        .output()
        .expect("run python");
    Some((
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    ))
}

async fn two_ballots_and_close(s: &Setup) {
    for (i, (choice, min)) in [("agree", 0), ("oppose", 5)].into_iter().enumerate() {
        let ballot = file_ballot(s, i, choice, by(10, min)).await;
        ops::signing::signature_submit(&s.db.ctx, &by(10, min), ballot)
            .await
            .expect("a ballot");
    }
    close(s).await;
}

/// The community's root is handed over (naming the street office as countersigner, who
/// countersigns) before the vote opens: the manifest is signed by generation 2.
async fn rotated() -> (Setup, String) {
    let s = setup_community().await;
    let first = ops::keys::root_show(&s.db.ctx, RootQuery { community_id: s.c })
        .await
        .expect("root")
        .current
        .fingerprint;
    let street = sign_with_seed(&STREET, &Document::new("yishi/probe/v1")).0;
    let view = ops::keys::root_rotate(
        &s.db.ctx,
        &by(9, 10),
        RootRotate {
            community_id: s.c,
            reason: "笔记本被盗".into(),
            countersigned_by: format!("某某街道办事处 {}", street.text()),
        },
    )
    .await
    .expect("rotated");
    let doc = view.current.handover.clone().expect("a hand-over");
    ops::keys::root_countersign(
        &s.db.ctx,
        &by(9, 12),
        RootCountersign {
            community_id: s.c,
            generation: 2,
            file: file_by(&STREET, &doc),
        },
    )
    .await
    .expect("countersigned");
    let s = open_vote(s).await;
    two_ballots_and_close(&s).await;
    (s, first)
}

#[tokio::test]
async fn a_record_after_a_root_rotation_verifies_through_the_countersigned_hand_over() {
    let (s, first) = rotated().await;
    let real = exported(&s).await;
    let part = real.manifest.as_ref().expect("v2");
    assert_eq!(part.root.generation, 2);
    assert_eq!(
        part.root.handovers.len(),
        3,
        "old root, new root, street office"
    );
    let dir = tempfile::tempdir().expect("dir");
    let (ok, out) = yishi_verify(&real, dir.path(), &["--root", &first]);
    assert!(
        ok,
        "the first root's fingerprint leads to generation 2: {out}"
    );
    assert!(
        out.contains("root hand-over to generation 2")
            && out.contains("reason: 笔记本被盗")
            && out.contains("countersigned by 某某街道办事处"),
        "each step is reported: {out}"
    );
    if let Some((ok, out)) = python(&real, dir.path(), &["--root", &first]) {
        assert!(ok, "python follows the chain too: {out}");
        assert!(out.contains("countersigned"), "{out}");
    }

    let doc = real.manifest.as_ref().expect("v2").root.handovers[0]
        .document
        .clone();
    let with_files = |files: Vec<SignedFile>| {
        let mut r = real.clone();
        r.manifest.as_mut().expect("v2").root.handovers = files;
        r
    };
    let files = &part.root.handovers;
    let by_key = |seed: &[u8; 32]| sign_with_seed(seed, &doc).0.text();
    let street = files
        .iter()
        .position(|f| f.public_key == by_key(&STREET))
        .expect("the street office's countersignature travels in the record");
    let roots: Vec<SignedFile> = files
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != street)
        .map(|(_, f)| f.clone())
        .collect();
    let cases = [
        (
            "countersigner named, countersignature missing",
            with_files(roots.clone()),
            "carries no valid countersignature",
        ),
        (
            "countersigned by another key",
            with_files([roots.clone(), vec![file_by(&STRANGER, &doc)]].concat()),
            "signed by a key it does not name",
        ),
        (
            "signed by a third key instead of the old root",
            with_files(vec![
                file_by(&STRANGER, &doc),
                roots[1].clone(),
                files[street].clone(),
            ]),
            "signed by a key it does not name",
        ),
        (
            "the old root's signature alone (no new root)",
            with_files(vec![roots[0].clone(), files[street].clone()]),
            "not signed by the new root",
        ),
    ];
    for (what, forged, says) in cases {
        let (ok, out) = yishi_verify(&forged, dir.path(), &["--root", &first]);
        assert!(!ok, "{what}: refused: {out}");
        assert!(out.contains(says), "{what}: says {says:?}: {out}");
        assert!(
            out.contains("is not the posted"),
            "{what}: the first root no longer leads to the manifest's: {out}"
        );
        let (ok, out) = yishi_verify(&forged, dir.path(), &[]);
        assert!(!ok, "{what}: refused without an anchor too: {out}");
        if let Some((ok, out)) = python(&forged, dir.path(), &["--root", &first]) {
            assert!(!ok, "{what}: python refuses it: {out}");
            assert!(out.contains("hand-over"), "{what}: {out}");
        }
    }

    // A later hand-over naming nobody, then a backup: the record's checkpoint is signed by
    // generation 3, reached through both steps; the step without a countersigner says so.
    ops::keys::root_rotate(
        &s.db.ctx,
        &by(19, 0),
        RootRotate {
            community_id: s.c,
            reason: "年度更换".into(),
            countersigned_by: String::new(),
        },
    )
    .await
    .expect("rotated again");
    ops::record::backup_create(&s.db.ctx, by(19, 10).now, None)
        .await
        .expect("a backup makes a checkpoint signed by generation 3");
    let later = exported(&s).await;
    assert_eq!(later.manifest.as_ref().expect("v2").root.handovers.len(), 5);
    let (ok, out) = yishi_verify(&later, dir.path(), &["--root", &first]);
    assert!(ok, "{out}");
    assert!(
        out.contains("root hand-over to generation 3")
            && out.contains("no countersigner named")
            && out.contains("signed by root generation 3"),
        "{out}"
    );
    if let Some((ok, out)) = python(&later, dir.path(), &["--root", &first]) {
        assert!(ok, "{out}");
    }
    // Without the step to generation 3 the checkpoint's signer is no root of the record.
    let mut cut = later.clone();
    cut.manifest
        .as_mut()
        .expect("v2")
        .root
        .handovers
        .truncate(3);
    let (ok, out) = yishi_verify(&cut, dir.path(), &[]);
    assert!(
        !ok && out.contains("the checkpoint is not signed by the record's root"),
        "{out}"
    );
    if let Some((ok, out)) = python(&cut, dir.path(), &[]) {
        assert!(
            !ok && out.contains("not signed by a root of the record"),
            "{out}"
        );
    }
}

/// A paper ballot whose voter's identity fails, at 11:00 + `min` minutes: a refusal.
async fn refuse_paper(s: &Setup, min: i64) {
    let approval = |i: usize| ops::keys::HostApproval {
        host_key_id: s.officers[i].1,
        host_pin: crate::record_anchor::PIN.into(),
    };
    let ballot = ops::votes::PaperBallot {
        vote_id: s.v,
        person_id: s.owners[2].0,
        entry_id: None,
        mark: ops::votes::PaperMark::IdentityFailed,
        scan_base64: String::new(),
        witnesses: [approval(0), approval(1)],
    };
    ops::votes::paper_ballot(&s.db.ctx, &by(11, min), ballot)
        .await
        .expect_err("identity failed: refused");
}

#[tokio::test]
async fn the_record_carries_its_checkpoint_and_the_votes_events_with_proofs() {
    let s = setup().await;
    let opening = ops::anchor::checkpoint::checkpoint_latest(&s.db.ctx, s.c)
        .await
        .expect("read")
        .expect("opening made a checkpoint");
    // A paper ballot whose voter's identity fails is refused before the close (counted) and
    // after it (logged after the closing checkpoint: not in the outcome, not required there).
    refuse_paper(&s, 0).await;
    two_ballots_and_close(&s).await;
    refuse_paper(&s, 600).await;
    let real = exported(&s).await;
    assert_eq!(real.refused.len(), 2, "both refusals are in the record");
    let closing = ops::anchor::checkpoint::checkpoint_latest(&s.db.ctx, s.c)
        .await
        .expect("read")
        .expect("closing made a checkpoint");
    assert!(
        real.checkpoint.is_some(),
        "the record carries its checkpoint"
    );
    let kinds: Vec<&str> = real.event_proofs.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "vote.opened",
            "ballot.refused",
            "ballot.cast",
            "ballot.cast",
            "vote.closed"
        ],
        "the refusal after the close is after the record's checkpoint"
    );
    let dir = tempfile::tempdir().expect("dir");
    let (ok, out) = yishi_verify(&real, dir.path(), &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!("The record's checkpoint: {}", closing.printed)),
        "printed for comparison with the posted one: {out}"
    );
    if let Some((ok, out)) = python(&real, dir.path(), &[]) {
        assert!(ok, "python checks the checkpoint and proofs: {out}");
    }

    // --checkpoint: the same one (printed, or the exported file), or another.
    let (ok, out) = yishi_verify(&real, dir.path(), &["--checkpoint", &closing.printed]);
    assert!(ok && out.contains("is the one given"), "{out}");
    let path = dir.path().join("checkpoint.json");
    std::fs::write(
        &path,
        serde_json::to_vec(real.checkpoint.as_ref().expect("checkpoint")).expect("json"),
    )
    .expect("write");
    let (ok, out) = yishi_verify(
        &real,
        dir.path(),
        &["--checkpoint", path.to_str().expect("utf-8")],
    );
    assert!(ok && out.contains("is the one given"), "a file: {out}");
    // The opening's checkpoint (on the notice): the record carries the consistency proof.
    let (ok, out) = yishi_verify(&real, dir.path(), &["--checkpoint", &opening.printed]);
    assert!(ok && out.contains("extends the one given"), "{out}");
    let other_hash = format!(
        "{} / {}",
        closing.tree_size,
        "0123 4567 89AB CDEF ".repeat(2)
    );
    let (ok, out) = yishi_verify(&real, dir.path(), &["--checkpoint", other_hash.trim()]);
    assert!(!ok, "another checkpoint: {out}");
    assert!(
        out.contains("is not the one given")
            && out.contains(&closing.printed)
            && out.contains("0123 4567 89AB CDEF 0123 4567 89AB CDEF"),
        "both printed for a person to compare: {out}"
    );
    let mut bent = real.clone();
    let c = bent.consistency.first_mut().expect("a consistency proof");
    c.first_root_hash = "00".repeat(32);
    let (ok, out) = yishi_verify(&bent, dir.path(), &[]);
    assert!(!ok && out.contains("consistency proof from"), "{out}");
    for (given, extends) in [(&closing.printed, false), (&opening.printed, true)] {
        if let Some((ok, out)) = python(&real, dir.path(), &["--checkpoint", given]) {
            assert!(ok && (!extends || out.contains("extends")), "{out}");
        }
    }
    if let Some((ok, out)) = python(&real, dir.path(), &["--checkpoint", other_hash.trim()]) {
        assert!(!ok && out.contains("is not the one given"), "{out}");
    }
    if let Some((ok, out)) = python(&bent, dir.path(), &[]) {
        assert!(!ok && out.contains("consistency proof"), "{out}");
    }

    // An edited ballot receipt: the ballot is not in the checkpointed log, named.
    let mut edited = real.clone();
    edited.ballots[1].receipt = "ab".repeat(32);
    let (ok, out) = yishi_verify(&edited, dir.path(), &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains(
            "ballot #2 (receipt abababababab…) is not in the log the record's checkpoint covers"
        ),
        "{out}"
    );
    if let Some((ok, out)) = python(&edited, dir.path(), &[]) {
        assert!(
            !ok && out.contains("ballot #2: not in the log the record's checkpoint covers"),
            "{out}"
        );
    }
    // A ballot dropped from the record (and its proof): the close counts two.
    let mut dropped = real.clone();
    dropped.ballots.pop();
    let (ok, out) = yishi_verify(&dropped, dir.path(), &[]);
    assert!(
        !ok && out.contains("records a ballot with receipt"),
        "the dropped ballot's event is named: {out}"
    );
    // An event's payload edited: its hash no longer comes from its fields.
    let mut tampered = real.clone();
    let p = tampered
        .event_proofs
        .iter_mut()
        .find(|p| p.kind == "vote.closed")
        .expect("the close");
    p.payload = p.payload.replace("\"passed\":false", "\"passed\":true");
    let (ok, out) = yishi_verify(&tampered, dir.path(), &[]);
    assert!(!ok && out.contains("the inclusion proof fails"), "{out}");
    if let Some((ok, out)) = python(&tampered, dir.path(), &[]) {
        assert!(!ok && out.contains("inclusion proof"), "{out}");
    }

    // A forged checkpoint (its size changed) and another community's checkpoint.
    let mut forged = real.clone();
    let cp = forged.checkpoint.as_mut().expect("checkpoint");
    for f in &mut cp.document.fields {
        if f.name == "tree_size" {
            f.value = yishi::crypto::signing::FieldValue::Int(3);
        }
    }
    let (ok, out) = yishi_verify(&forged, dir.path(), &[]);
    assert!(
        !ok && out.contains("the record's checkpoint is invalid"),
        "{out}"
    );
    if let Some((ok, out)) = python(&forged, dir.path(), &[]) {
        assert!(!ok && out.contains("checkpoint"), "{out}");
    }
    let other = setup().await;
    two_ballots_and_close(&other).await;
    let theirs = exported(&other).await;
    let mut swapped = real.clone();
    swapped.checkpoint = theirs.checkpoint.clone();
    swapped.event_proofs = theirs.event_proofs.clone();
    let (ok, out) = yishi_verify(&swapped, dir.path(), &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("the checkpoint is not signed by the record's root"),
        "{out}"
    );
    if let Some((ok, out)) = python(&swapped, dir.path(), &[]) {
        assert!(
            !ok && out.contains("not signed by a root of the record"),
            "{out}"
        );
    }
}
