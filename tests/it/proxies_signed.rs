//! Proxies are signed, and paper never quietly overrides a signature (issue 14's review). A
//! proxy registered during the vote is signed (`yishi/proxy/v1`) by two officers of the manifest
//! or by the owner's own key, carried in the record, and named by `yishi verify`; a forged proxy
//! row (unsigned, signed by one officer, by a key nobody listed, bound to another manifest,
//! expired or registered after the ballot it authorised) is refused by `yishi verify` and by the
//! Python verifier, each naming the entry. A paper ballot after a signed ballot of the same home
//! is refused live and in verification (`yishi/paper-ballot/v4`); an older record's override is
//! named; an electronic ballot after paper still stands.

use crate::common;
use crate::record_anchor::{
    PIN, by, close, enrol, exported, file_ballot, forge, python_with_cryptography, seed, setup,
    yishi_verify,
};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use std::process::Command;
use yishi::crypto::signing::sign_with_seed;
use yishi::formats::record::{
    self, Binding, ProxyFields, RecordBallot, RecordProxy, RecordResult, VoteRecord, verify_record,
};
use yishi::formats::signed::SignedFile;
use yishi::lang::Lang;
use yishi::ops::keys::HostApproval;
use yishi::ops::votes::*;
use yishi::ops::{self, OpError, VoteProblem};

fn approval(key: i64) -> HostApproval {
    HostApproval {
        host_key_id: key,
        host_pin: PIN.into(),
    }
}

/// The Python verifier's verdict and output, or `None` where it cannot run.
fn python_verify(r: &VoteRecord, dir: &std::path::Path) -> Option<(bool, String)> {
    let python = python_with_cryptography()?;
    let path = dir.join("py-record.json");
    std::fs::write(&path, serde_json::to_vec(r).expect("json")).expect("write");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/yishi_record.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&path)
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

/// Both verifiers refuse `r`, each naming `entry` (and `rust_says` in the Rust verdict).
fn refused_naming(r: &VoteRecord, dir: &std::path::Path, entry: i64, rust_says: &str, case: &str) {
    let verdict = verify_record(r);
    let named = format!("entry {entry}");
    assert!(
        verdict
            .discrepancies
            .iter()
            .any(|d| d.en.contains(&named) && d.en.contains(rust_says)),
        "{case}: verify_record names {named} ({rust_says}): {:?}",
        verdict.discrepancies
    );
    let (ok, out) = yishi_verify(r, dir, &[]);
    assert!(
        !ok && out.contains(&named),
        "{case}: yishi verify refuses naming {named}: {out}"
    );
    if let Some((ok, out)) = python_verify(r, dir) {
        assert!(
            !ok && out.contains(&named),
            "{case}: the Python verifier refuses naming {named}: {out}"
        );
    }
}

/// Re-signs a proxy row's authorisation with `seeds` (a forger holding those keys).
fn signed_row(
    r: &VoteRecord,
    row: &RecordProxy,
    manifest_hash: &str,
    registered_at: &str,
    seeds: &[[u8; 32]],
) -> RecordProxy {
    let entry = r
        .roll
        .entries
        .iter()
        .find(|e| e.person_id == row.owner_id)
        .expect("entry");
    let doc = record::proxy_document(&ProxyFields {
        community: &r.community,
        vote_id: r.vote.id,
        manifest_hash,
        entry,
        proxy_id: row.proxy_id,
        scope: &row.scope,
        expires_at: &row.expires_at,
        scan_sha256: &row.scan_sha256,
        registered_at,
    });
    RecordProxy {
        signed: seeds
            .iter()
            .map(|s| {
                let (key, signature) = sign_with_seed(s, &doc);
                SignedFile::new(doc.clone(), &key, signature)
            })
            .collect(),
        ..row.clone()
    }
}

#[tokio::test]
async fn proxies_are_signed_carried_named_and_forged_rows_refused() {
    let s = setup().await;
    let [(host, host_key), (_, secretary_key), _] = s.officers;
    let (holder, holder_seed) = s.owners[1];
    let (owner, owner_seed) = s.owners[0];
    let (owner2, _) = s.owners[2];
    let entry = common::entry_of(&s.db, s.v, owner).await;
    let entry2 = common::entry_of(&s.db, s.v, owner2).await;
    let ask = |owner_id, signers| ProxyAdd {
        vote_id: s.v,
        owner_id,
        proxy_id: holder,
        scan_base64: common::b64(b"scan of the written authorisation"),
        scope: "本次表决".into(),
        expires_at: "2026-11-22T18:00:00Z".into(),
        signers,
    };

    // Live: one officer twice, and someone else's key as the owner's, are refused before any
    // PIN is tried.
    let err = ops::votes::proxy_add(
        &s.db.ctx,
        &by(10, 0),
        ask(
            entry,
            ProxySigners::Officers {
                officers: [approval(host_key), approval(host_key)],
            },
        ),
    )
    .await
    .expect_err("one officer is not two");
    assert!(
        matches!(err, OpError::Vote(VoteProblem::ProxyNeedsTwoOfficers)),
        "{err:?}"
    );
    assert!(err.message(Lang::Zh).contains("两位不同"), "{err:?}");
    let err = ops::votes::proxy_add(
        &s.db.ctx,
        &by(10, 0),
        ask(
            entry,
            ProxySigners::Owner {
                key: approval(host_key),
            },
        ),
    )
    .await
    .expect_err("the host's key is not the owner's");
    assert!(
        matches!(err, OpError::Vote(VoteProblem::ProxyNotOwnersKey)),
        "{err:?}"
    );
    assert_ne!(host, owner);

    // Two officers sign 1栋 301's authorisation to the holder; the holder votes for it.
    let listed = ops::votes::proxy_add(
        &s.db.ctx,
        &by(10, 0),
        ask(
            entry,
            ProxySigners::Officers {
                officers: [approval(host_key), approval(secretary_key)],
            },
        ),
    )
    .await
    .expect("two officers sign the proxy");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].signed_by.len(),
        2,
        "the screen names both signers"
    );
    assert_eq!(listed[0].registered_at, "2026-11-22T10:00:00Z");
    let ballot = common::signed_ballot_for(
        &s.db,
        &by(10, 5),
        (s.c, s.v),
        holder,
        Some(entry),
        &holder_seed,
        "oppose",
    )
    .await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 5), ballot)
        .await
        .expect("the proxy's ballot");
    let own = file_ballot(&s, 1, "agree", by(10, 6)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 6), own)
        .await
        .expect("the holder's own ballot");
    close(&s).await;
    let real = exported(&s).await;
    let dir = tempfile::tempdir().expect("tmp");
    let verdict = verify_record(&real);
    assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    assert_eq!(real.proxies.len(), 1);
    assert_eq!(real.proxies[0].signed.len(), 2, "two officers' signatures");
    assert_eq!(
        real.proxies[0].signed[0].document.context,
        record::PROXY_CONTEXT
    );
    let during = format!(
        "the proxy of entry {entry}: the authorisation to person {holder} was registered during the vote"
    );
    assert!(
        verdict.notes.iter().any(|n| n.en.contains(&during)),
        "a proxy registered during the vote is named: {:?}",
        verdict.notes
    );
    let (ok, out) = yishi_verify(&real, dir.path(), &[]);
    assert!(ok && out.contains(&during), "{out}");
    if let Some((ok, out)) = python_verify(&real, dir.path()) {
        assert!(ok, "python accepts the real record: {out}");
        assert!(
            out.contains(&format!("proxy of entry {entry}: the authorisation to person {holder} was registered during the vote")),
            "{out}"
        );
    }

    let manifest_hash = real.manifest.as_ref().expect("v2").manifest.hash();
    let registered = real.proxies[0].signed[0]
        .document
        .get_text("registered_at")
        .expect("registered_at")
        .to_string();
    // The holder's row for another entry, signed by the owner of that entry would be fine; the
    // forgeries below are not.
    let template = RecordProxy {
        owner_id: entry2,
        ..real.proxies[0].clone()
    };
    // Unsigned.
    let mut r = real.clone();
    r.proxies.push(RecordProxy {
        signed: Vec::new(),
        ..template.clone()
    });
    refused_naming(
        &r,
        dir.path(),
        entry2,
        "no signed authorisation",
        "unsigned",
    );
    // The real row with one officer's signature dropped.
    let mut r = real.clone();
    r.proxies[0].signed.truncate(1);
    refused_naming(
        &r,
        dir.path(),
        entry,
        "two different officers",
        "one officer",
    );
    // Signed by two keys nobody listed.
    let mut r = real.clone();
    r.proxies.push(signed_row(
        &r,
        &template,
        &manifest_hash,
        &registered,
        &[seed(71), seed(72)],
    ));
    refused_naming(
        &r,
        dir.path(),
        entry2,
        "two different officers",
        "unlisted keys",
    );
    // Signed by the owner's own key (listed in the manifest): the control that verifies...
    let owner_row = RecordProxy {
        owner_id: entry,
        ..real.proxies[0].clone()
    };
    let mut r = real.clone();
    r.proxies[0] = signed_row(&r, &owner_row, &manifest_hash, &registered, &[owner_seed]);
    let ok = verify_record(&r);
    assert!(
        ok.discrepancies.is_empty(),
        "the owner's own key signs: {:?}",
        ok.discrepancies
    );
    if let Some((ok, out)) = python_verify(&r, dir.path()) {
        assert!(ok, "python accepts the owner's own signature: {out}");
    }
    // ... and the same bound to another manifest does not.
    let mut r = real.clone();
    r.proxies[0] = signed_row(&r, &owner_row, &"ab".repeat(32), &registered, &[owner_seed]);
    refused_naming(
        &r,
        dir.path(),
        entry,
        "is not this record's",
        "another manifest",
    );
    // Signed by the owner, but expired before the proxy's ballot (10:05).
    let mut r = real.clone();
    let early = RecordProxy {
        expires_at: "2026-11-22T10:02:00Z".into(),
        ..owner_row.clone()
    };
    r.proxies[0] = signed_row(&r, &early, &manifest_hash, &registered, &[owner_seed]);
    refused_naming(&r, dir.path(), entry, "the proxy expired", "expired");
    // Signed by the owner, registered after the proxy's ballot.
    let mut r = real.clone();
    r.proxies[0] = signed_row(
        &r,
        &owner_row,
        &manifest_hash,
        "2026-11-22T10:30:00Z",
        &[owner_seed],
    );
    refused_naming(
        &r,
        dir.path(),
        entry,
        "before the proxy was registered",
        "late",
    );
    // A v2 record's proxy rows without signatures (as exported before proxies were signed).
    let mut r = real.clone();
    r.proxies[0].signed.clear();
    refused_naming(
        &r,
        dir.path(),
        entry,
        "no signed authorisation",
        "old unsigned row",
    );
}

#[tokio::test]
async fn the_owner_signs_a_proxy_with_their_own_key() {
    // The owner enrols a PIN key before the vote opens, so the manifest lists it.
    let s = setup().await;
    let (owner, _) = s.owners[0];
    let entry = common::entry_of(&s.db, s.v, owner).await;
    // A key enrolled after the opening without a registrar's certificate is not the owner's
    // for this vote: the owner's path needs a key the manifest vouches for.
    let owner_key = common::active_key(&s.db, owner).await;
    let (holder, _) = s.owners[1];
    let err = ops::votes::proxy_add(
        &s.db.ctx,
        &by(10, 0),
        ProxyAdd {
            vote_id: s.v,
            owner_id: entry,
            proxy_id: holder,
            scan_base64: common::b64(b"scan"),
            scope: "本次表决".into(),
            expires_at: "2026-11-22T18:00:00Z".into(),
            signers: ProxySigners::Owner {
                key: approval(s.officers[2].1),
            },
        },
    )
    .await
    .expect_err("the scrutineer's key is not the owner's");
    assert!(
        matches!(err, OpError::Vote(VoteProblem::ProxyNotOwnersKey)),
        "{err:?}"
    );
    // The owner's own file key has no PIN on this laptop: signing it here is refused, and
    // nothing is registered.
    let err = ops::votes::proxy_add(
        &s.db.ctx,
        &by(10, 0),
        ProxyAdd {
            vote_id: s.v,
            owner_id: entry,
            proxy_id: holder,
            scan_base64: common::b64(b"scan"),
            scope: "本次表决".into(),
            expires_at: "2026-11-22T18:00:00Z".into(),
            signers: ProxySigners::Owner {
                key: approval(owner_key),
            },
        },
    )
    .await
    .expect_err("a file key cannot sign at the laptop");
    assert!(
        !matches!(err, OpError::Vote(VoteProblem::ProxyNotOwnersKey)),
        "{err:?}"
    );
    let detail = ops::votes::vote_detail(&s.db.ctx, by(10, 1).now, s.v, Lang::En)
        .await
        .expect("detail");
    assert!(detail.proxies.is_empty());

    // An owner with a PIN key at the laptop, enrolled before a second vote opens, signs the
    // authorisation themselves; the holder votes for that home.
    let taken: Vec<i64> = s.owners.iter().map(|o| o.0).collect();
    let staff: Vec<i64> = ops::access::role_list(&s.db.ctx, s.c)
        .await
        .expect("roles")
        .iter()
        .map(|r| r.person_id)
        .collect();
    let found = ops::roll::person_search(
        &s.db.ctx,
        yishi::ops::types::PersonQuery {
            community_id: s.c,
            search: "1栋".into(),
        },
    )
    .await
    .expect("search");
    let signer = found
        .iter()
        .map(|x| x.person.person_id)
        .find(|p| !taken.contains(p) && !staff.contains(p))
        .expect("another owner in 1栋");
    let signer_key = enrol(&s.db, s.c, signer).await;
    let create = VoteCreate {
        community_id: s.c,
        title: "续聘物业".into(),
        motion: "同意续聘物业公司".into(),
        category: yishi::domain::vote::MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: yishi::domain::vote::VoteSettings {
            ballot_policy: yishi::domain::vote::BallotPolicy::LastStands,
            proxy_limit: Some(3),
            ..yishi::domain::vote::VoteSettings::new(yishi::domain::vote::Rule::OwnersOrdinary)
        },
        opens_at: "2026-11-22T09:30:00Z".into(),
        closes_at: "2026-11-22T18:00:00Z".into(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v2 = ops::votes::vote_create(&s.db.ctx, &by(9, 40), create)
        .await
        .expect("create")
        .vote_id;
    ops::votes::vote_open(&s.db.ctx, &by(9, 45), v2)
        .await
        .expect("open");
    let signer_entry = common::entry_of(&s.db, v2, signer).await;
    ops::votes::proxy_add(
        &s.db.ctx,
        &by(10, 0),
        ProxyAdd {
            vote_id: v2,
            owner_id: signer_entry,
            proxy_id: holder,
            scan_base64: common::b64(b"scan"),
            scope: "本次表决".into(),
            expires_at: "2026-11-22T18:00:00Z".into(),
            signers: ProxySigners::Owner {
                key: approval(signer_key),
            },
        },
    )
    .await
    .unwrap_or_else(|e| panic!("the owner signs: {}", e.message(Lang::En)));
    let ballot = common::signed_ballot_for(
        &s.db,
        &by(10, 5),
        (s.c, v2),
        holder,
        Some(signer_entry),
        &s.owners[1].1,
        "agree",
    )
    .await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 5), ballot)
        .await
        .expect("the proxy's ballot");
    let close = VoteClose {
        vote_id: v2,
        host: approval(s.officers[0].1),
        secretary: approval(s.officers[1].1),
        officer: Some(approval(s.officers[2].1)),
    };
    ops::votes::vote_close(&s.db.ctx, &by(18, 5), close, Lang::En)
        .await
        .expect("close");
    use base64::Engine;
    let file = ops::votes::vote_record(&s.db.ctx, v2)
        .await
        .expect("record");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("base64");
    let real: VoteRecord = serde_json::from_slice(&bytes).expect("record JSON");
    let verdict = verify_record(&real);
    assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    assert_eq!(real.proxies[0].signed.len(), 1, "the owner's one signature");
    assert!(
        verdict.notes.iter().any(|n| n.en.contains(&format!(
            "the proxy of entry {signer_entry}: the authorisation to person {holder} was registered during the vote"
        )) && n.en.contains("signed by the owner")),
        "{:?}",
        verdict.notes
    );
    let dir = tempfile::tempdir().expect("tmp");
    if let Some((ok, out)) = python_verify(&real, dir.path()) {
        assert!(ok, "{out}");
    }
}

/// Paper after a signed ballot of the same home is refused live (and filed as a refusal); an
/// electronic ballot after paper stands.
#[tokio::test]
async fn paper_never_overrides_a_signature_live() {
    let s = setup().await;
    let [(_, host_key), (_, secretary_key), _] = s.officers;
    let b = file_ballot(&s, 0, "agree", by(10, 0)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 0), b)
        .await
        .expect("owner 0 votes with their key");
    let paper = |person_id, min| {
        let (db, v) = (&s.db, s.v);
        async move {
            ops::votes::paper_ballot(
                &db.ctx,
                &by(11, min),
                PaperBallot {
                    vote_id: v,
                    person_id,
                    entry_id: None,
                    mark: PaperMark::Oppose,
                    scan_base64: common::b64(b"photo of the paper ballot"),
                    witnesses: [approval(host_key), approval(secretary_key)],
                },
            )
            .await
        }
    };
    let err = paper(s.owners[0].0, 0)
        .await
        .expect_err("paper after a signed ballot");
    assert!(
        matches!(&err, OpError::Vote(VoteProblem::PaperAfterSigned(at)) if at == "2026-11-22T10:00:00Z"),
        "{err:?}"
    );
    assert!(
        err.message(Lang::Zh).contains("2026-11-22T10:00:00Z")
            && err.message(Lang::Zh).contains("自己的密钥再投一次"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        err.message(Lang::En)
            .contains("vote again with their own key")
    );
    // Owner 1: paper first, then their own key: the signature stands.
    let receipt = paper(s.owners[1].0, 5).await.expect("paper first");
    assert!(!receipt.document_hash.is_empty());
    let b = file_ballot(&s, 1, "agree", by(11, 30)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(11, 30), b)
        .await
        .expect("an electronic ballot after paper is admitted");
    let detail = ops::votes::vote_detail(&s.db.ctx, by(11, 31).now, s.v, Lang::Zh)
        .await
        .expect("detail");
    assert!(
        detail
            .refused
            .iter()
            .any(|r| r.contains("2026-11-22T10:00:00Z")),
        "the paper is filed as a refusal: {:?}",
        detail.refused
    );
    close(&s).await;
    let real = exported(&s).await;
    let verdict = verify_record(&real);
    assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    assert!(
        real.ballots
            .iter()
            .filter(|b| b.channel == "paper")
            .all(|b| b.witnesses[0].document.context == "yishi/paper-ballot/v4"),
        "paper ballots sign their entry time"
    );
    let Some(record::Outcome::Question(t)) = verdict.recount else {
        panic!("a question")
    };
    assert_eq!((t.pn, t.yn, t.on), (2, 2, 0), "owner 1's signature stands");
    let dir = tempfile::tempdir().expect("tmp");
    if let Some((ok, out)) = python_verify(&real, dir.path()) {
        assert!(ok, "{out}");
    }
}

/// A paper ballot for entry 0 after its signed ballot, in a record a forger made whole (own
/// root, officers and keys, `record_anchor::forge`): refused when the paper is v4, named when it
/// is an older v3 paper ballot (the rule it was made under let it override).
#[tokio::test]
async fn paper_after_a_signature_in_a_record_is_refused_or_named() {
    let s = setup().await;
    let b = file_ballot(&s, 0, "agree", by(10, 0)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 0), b)
        .await
        .expect("ballot");
    close(&s).await;
    let real = exported(&s).await;
    let whole = forge(&real, true);
    let entries = whole.roll.entries.clone();
    let manifest_hash = whole.manifest.as_ref().expect("v2").manifest.hash();
    let opened: DateTime<Utc> = whole.vote.opened_at.parse().expect("opened_at");
    let entered = (opened + Duration::minutes(30)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let with_paper = |v4: bool| {
        let mut r = whole.clone();
        r.ballots.truncate(entries.len());
        let e = &entries[0];
        let bind = Binding {
            manifest_hash: &manifest_hash,
            person_seq: 2,
        };
        let doc = if v4 {
            record::paper_document_v4(
                &r.community,
                &r.vote,
                e,
                "oppose",
                &"cd".repeat(32),
                bind,
                &entered,
            )
        } else {
            record::paper_document_v3(&r.community, &r.vote, e, "oppose", &"cd".repeat(32), bind)
        };
        let witnesses = (0..2)
            .map(|i| {
                let (key, signature) = sign_with_seed(&seed(i), &doc);
                SignedFile::new(doc.clone(), &key, signature)
            })
            .collect();
        r.ballots.push(RecordBallot {
            seq: entries.len() as u32 + 1,
            person_id: e.person_id,
            cast_by: e.voter(),
            channel: "paper".into(),
            choice: "oppose".into(),
            receipt: doc.hash_hex(),
            signed: None,
            scan_sha256: Some("cd".repeat(32)),
            witnesses,
            person_seq: Some(2),
        });
        r.result = None;
        let outcome = verify_record(&r).recount.expect("recount");
        let doc = record::result_document_for(&r, &outcome);
        r.result = Some(RecordResult {
            outcome,
            signatures: (0..3)
                .map(|i| {
                    let (key, signature) = sign_with_seed(&seed(i), &doc);
                    SignedFile::new(doc.clone(), &key, signature)
                })
                .collect(),
        });
        r
    };
    let dir = tempfile::tempdir().expect("tmp");
    let entry = entries[0].person_id;
    let v4 = with_paper(true);
    refused_naming(
        &v4,
        dir.path(),
        entry,
        "a paper ballot cannot replace it",
        "paper v4",
    );
    let v3 = with_paper(false);
    let verdict = verify_record(&v3);
    assert!(
        verdict.discrepancies.is_empty(),
        "an older record's override still counts as it did: {:?}",
        verdict.discrepancies
    );
    let named = format!("entry {entry}'s paper ballot was entered after its signed ballot #1");
    assert!(
        verdict.notes.iter().any(|n| n.en.contains(&named)),
        "{:?}",
        verdict.notes
    );
    let (ok, out) = yishi_verify(&v3, dir.path(), &[]);
    assert!(ok && out.contains(&named), "{out}");
    if let Some((ok, out)) = python_verify(&v3, dir.path()) {
        assert!(
            ok && out.contains(&format!("entry {entry}'s paper ballot (older format")),
            "{out}"
        );
    }
}
