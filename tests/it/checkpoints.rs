//! Signed checkpoints over the log (RFC 9162 tree heads): made at a vote's opening, a backup and
//! a printed notice; a rollback, a rewrite with every hash recomputed, a forged checkpoint and a
//! clock set back are each caught; receipts carry the checkpoint and `verify-receipt` proves a
//! ballot is in a record.

use crate::common;
use chrono::Duration;
use std::process::Command;
use yishi::crypto::merkle;
use yishi::lang::Lang;
use yishi::ops::anchor::checkpoint::{self as cp, CheckpointHead};
use yishi::ops::{self, Caller, ErrorCode};

fn by(minute: i64) -> Caller {
    Caller::new("测试主持人", common::at(22, 9) + Duration::minutes(minute))
}

async fn latest(db: &common::TestDb, c: i64) -> cp::CheckpointView {
    cp::checkpoint_latest(&db.ctx, c)
        .await
        .expect("latest")
        .expect("a checkpoint")
}

async fn export(db: &common::TestDb, c: i64) -> String {
    use base64::Engine;
    let f = cp::checkpoint_export(&db.ctx, c).await.expect("export");
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(f.content_base64)
            .expect("base64"),
    )
    .expect("utf-8")
}

async fn audit(db: &common::TestDb, checkpoint: &str) -> ops::types::AuditReport {
    ops::record::audit_verify_with(&db.ctx, None, Some(checkpoint), Lang::En)
        .await
        .expect("audit runs")
}

fn cli_verify(path: &std::path::Path, checkpoint: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["--db", path.to_str().expect("utf-8"), "--lang", "en"])
        .args(["audit", "verify", "--checkpoint", checkpoint])
        .output()
        .expect("run yishi");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

async fn tamper(path: &std::path::Path, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    sqlx::raw_sql(sql).execute(&mut conn).await.expect("tamper");
    conn.close().await.expect("close");
}

async fn events(db: &common::TestDb) -> Vec<yishi::store::events::EventRow> {
    let store = db.ctx.store().await;
    yishi::store::events::all(store.reader())
        .await
        .expect("events")
}

#[tokio::test]
async fn opening_a_vote_makes_a_checkpoint_that_the_log_extends() {
    let db = common::fresh().await;
    let (c, _v, _) = common::open_demo_vote(&db, &by(0), "检查点").await;
    let view = latest(&db, c).await;
    assert_eq!(view.reason, "vote_opened");
    let rows = events(&db).await;
    // The checkpoint covers the log up to the act (vote.opened) and is logged right after it.
    let at = view.tree_size as usize;
    assert_eq!(rows[at - 1].kind, "vote.opened");
    assert_eq!(rows[at].kind, "checkpoint.made");
    assert_eq!(rows.len(), at + 1);
    assert_eq!(view.head_event_hash, rows[at - 1].hash);
    // The tree hash is the RFC 9162 hash of the event hashes.
    let leaves: Vec<merkle::Hash> = rows[..at]
        .iter()
        .map(|r| merkle::from_hex(&r.hash).expect("hex"))
        .collect();
    let tree = merkle::Tree::from_event_hashes(leaves.iter());
    assert_eq!(merkle::to_hex(&tree.root()), view.root_hash);
    assert!(view.qr_svg.starts_with("<?xml") || view.qr_svg.contains("<svg"));

    // The exported file is a signed checkpoint of the root; the log extends it.
    let file = export(&db, c).await;
    let signed: yishi::formats::signed::SignedFile = serde_json::from_str(&file).expect("json");
    let head = CheckpointHead::from_signed(&signed).expect("valid checkpoint");
    assert_eq!(head.tree_size as i64, view.tree_size);
    let report = audit(&db, &file).await;
    assert!(report.ok, "{:?}", report.problems);
    let check = report.checkpoint.expect("checked");
    assert!(check.ok && check.signed);
    assert_eq!(check.log_size, rows.len() as i64);
    // The printed short form works too, and so does the command line with the file.
    assert!(audit(&db, &view.printed).await.ok);
    let path = db.dir.path().join("checkpoint.json");
    std::fs::write(&path, &file).expect("write");
    db.ctx.store().await.close().await;
    let (ok, out) = cli_verify(&db.path, path.to_str().expect("utf-8"));
    assert!(ok, "{out}");
    assert!(out.contains("extends the checkpoint"), "{out}");
}

#[tokio::test]
async fn a_rollback_after_a_checkpoint_is_detected() {
    let db = common::fresh().await;
    let (c, _v, _) = common::open_demo_vote(&db, &by(0), "回退").await;
    // More history, then a backup (which makes a checkpoint first).
    ops::record::backup_create(&db.ctx, by(5).now, None)
        .await
        .expect("backup");
    let view = latest(&db, c).await;
    assert_eq!(view.reason, "backup");
    let file = export(&db, c).await;
    assert!(audit(&db, &file).await.ok);
    db.ctx.store().await.close().await;
    // Cut the end of the log off, as restoring an older copy would.
    let keep = view.tree_size - 4;
    tamper(
        &db.path,
        &format!("DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq > {keep};"),
    )
    .await;
    let (ok, out) = cli_verify(&db.path, &file);
    assert!(!ok, "{out}");
    assert!(out.contains("rolled back"), "{out}");
    assert!(out.contains(&format!("{}", view.tree_size)), "{out}");
}

/// Re-hashes the whole chain after an edit, as a careful intruder would: the chain agrees with
/// itself, but the checkpoints stored in the file (signed by the root, whose secret the file
/// does not hold) name it, and so does one kept outside.
#[tokio::test]
async fn a_rewritten_log_with_every_hash_recomputed_fails_against_the_checkpoint() {
    use yishi::crypto::chain::{EventFields, GENESIS, event_hash};
    let db = common::fresh().await;
    let (c, _v, _) = common::open_demo_vote(&db, &by(0), "改写").await;
    let file = export(&db, c).await;
    let mut rows = events(&db).await;
    db.ctx.store().await.close().await;
    rows[1].actor = "别人".into();
    let mut prev = GENESIS.to_string();
    let mut sql = String::from("DROP TRIGGER events_no_update;");
    for r in &rows {
        let hash = event_hash(&EventFields {
            seq: r.seq,
            at: &r.at,
            actor: &r.actor,
            community_id: r.community_id,
            kind: &r.kind,
            payload: &r.payload,
            prev_hash: &prev,
        });
        sql.push_str(&format!(
            "UPDATE events SET actor = '{}', prev_hash = '{prev}', hash = '{hash}' WHERE seq = {};",
            r.actor.replace('\'', "''"),
            r.seq
        ));
        prev = hash;
    }
    sql.push_str(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\nBEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
    );
    tamper(&db.path, &sql).await;
    let db2 = yishi::ops::Ctx::open(&db.path)
        .await
        .expect("reopen")
        .with_practice_keys();
    let plain = ops::record::audit_verify(&db2, None, Lang::En)
        .await
        .expect("audit");
    assert!(!plain.ok, "the stored checkpoint names the rewrite");
    assert!(
        plain.problems.iter().all(|p| matches!(
            &p.kind,
            ops::types::AuditProblemKind::Checkpoint { how, .. } if how == "rewritten"
        )),
        "the chain agrees with itself; only the checkpoints object: {:?}",
        plain.problems
    );
    let report = ops::record::audit_verify_with(&db2, None, Some(&file), Lang::En)
        .await
        .expect("audit");
    assert!(!report.ok);
    let p = report.problems.last().expect("a problem");
    assert!(
        matches!(&p.kind, ops::types::AuditProblemKind::Checkpoint { how, .. } if how == "rewritten"),
        "{:?}",
        p.kind
    );
    assert!(report.summary.contains("rewritten"), "{}", report.summary);
}

#[tokio::test]
async fn a_forged_checkpoint_is_refused() {
    use yishi::crypto::signing::sign_with_seed;
    use yishi::formats::signed::SignedFile;
    let db = common::fresh().await;
    let (c, _v, _) = common::open_demo_vote(&db, &by(0), "伪造").await;
    let file = export(&db, c).await;
    let signed: SignedFile = serde_json::from_str(&file).expect("json");
    // A field changed under the root's signature: the signature fails.
    let mut changed = signed.clone();
    let mut head = CheckpointHead::from_signed(&signed).expect("valid");
    head.tree_size -= 3;
    changed.document = head.document();
    let err = ops::record::audit_verify_with(
        &db.ctx,
        None,
        Some(&serde_json::to_string(&changed).expect("json")),
        Lang::En,
    )
    .await
    .expect_err("bad signature");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.message(Lang::En).contains("signature"),
        "{}",
        err.message(Lang::En)
    );
    // Signed by another key that names itself as root: not this database's root.
    let seed = [7u8; 32];
    let (other, _) = sign_with_seed(&seed, &head.document());
    head.root = other;
    let (public, sig) = sign_with_seed(&seed, &head.document());
    let forged = SignedFile::new(head.document(), &public, sig);
    let report = audit(&db, &serde_json::to_string(&forged).expect("json")).await;
    assert!(!report.ok);
    assert!(
        report.problems.iter().any(|p| matches!(&p.kind,
            ops::types::AuditProblemKind::Checkpoint { how, .. } if how == "not_root")),
        "{:?}",
        report.problems
    );
    // A written-down hash that is not the log's: rewritten.
    let report = audit(&db, "3 / 0000 1111 2222 3333 4444 5555 6666 7777").await;
    assert!(!report.ok);
    // Garbage is a clear input error.
    let err = ops::record::audit_verify_with(&db.ctx, None, Some("hello"), Lang::Zh)
        .await
        .expect_err("garbage");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.message(Lang::Zh).contains("检查点"));
}

#[tokio::test]
async fn a_clock_earlier_than_the_last_checkpoint_is_refused_and_reads_still_work() {
    let db = common::fresh().await;
    let (c, v, _) = common::open_demo_vote(&db, &by(60), "时钟").await;
    let before = events(&db).await.len();
    // Someone sets the laptop's clock back a day and tries to back up and print.
    let earlier = Caller::new("测试主持人", common::at(21, 9));
    let create = ops::votes::VoteCreate {
        community_id: c,
        title: "倒退".into(),
        motion: "同意".into(),
        category: yishi::domain::vote::MatterCategory::PropertyCompany,
        kind: ops::votes::VoteKind::Question,
        settings: yishi::domain::vote::VoteSettings::new(yishi::domain::vote::Rule::OwnersOrdinary),
        opens_at: (earlier.now + Duration::hours(1)).to_rfc3339(),
        closes_at: (earlier.now + Duration::hours(5)).to_rfc3339(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v2 = ops::votes::vote_create(&db.ctx, &earlier, create)
        .await
        .expect("a draft makes no checkpoint")
        .vote_id;
    let mid = events(&db).await.len();
    let err = ops::votes::vote_open(&db.ctx, &earlier, v2)
        .await
        .expect_err("clock behind");
    assert_eq!(err.code(), ErrorCode::Conflict);
    let msg = err.message(Lang::En);
    assert!(msg.contains("clock says 2026-11-21T09:00:00Z"), "{msg}");
    assert!(msg.contains("Set the computer's date and time"), "{msg}");
    assert!(err.message(Lang::Zh).contains("电脑时钟"));
    assert_eq!(events(&db).await.len(), mid, "nothing of the opening saved");
    assert_eq!(mid, before + 1);
    // Reads work.
    assert!(
        ops::votes::vote_detail(&db.ctx, earlier.now, v, Lang::En)
            .await
            .is_ok()
    );
    assert!(audit(&db, &latest(&db, c).await.printed).await.ok);
    // A backup is still made (never refused for the clock), without a checkpoint.
    let n = latest(&db, c).await.id;
    ops::record::backup_create(&db.ctx, earlier.now, None)
        .await
        .expect("backup");
    assert_eq!(latest(&db, c).await.id, n);
}

#[tokio::test]
async fn receipts_carry_the_checkpoint_and_verify_receipt_finds_the_ballot() {
    let db = common::fresh().await;
    let start = by(0);
    // The voter's key is enrolled before the vote opens, so the manifest lists it.
    let (c, voters) = common::demo_roll(&db, &start).await;
    let e = &voters[0];
    let seed = [51u8; 32];
    common::enrol_seed(&db, &start, c, e.voter(), &seed).await;
    let (v, _) = common::open_vote_in(&db, &start, c, "回执").await;
    let opened = latest(&db, c).await;
    let ballot = common::signed_ballot(&db, &start, (c, v), e.voter(), &seed, "agree").await;
    let receipt = ops::signing::signature_submit(&db.ctx, &start, ballot)
        .await
        .expect("ballot");
    let carried = receipt
        .checkpoint
        .clone()
        .expect("the receipt carries a checkpoint");
    assert_eq!(carried.tree_size, opened.tree_size);
    assert_eq!(carried.root_hash_short, opened.root_hash_short);

    // The record (its exported form) holds the ballot: by file, hash, QR text or short code.
    let record = {
        use base64::Engine;
        let f = ops::votes::vote_record(&db.ctx, v).await.expect("record");
        base64::engine::general_purpose::STANDARD
            .decode(f.content_base64)
            .expect("b64")
    };
    use yishi::ops::anchor::receipt::check_receipt;
    let receipt_json = serde_json::to_string(&receipt).expect("json");
    for given in [
        receipt_json.clone(),
        receipt.document_hash.clone(),
        format!("yishi-receipt:v1:{}", receipt.document_hash),
        receipt.short_code.clone(),
    ] {
        let check = check_receipt(&given, &record, Lang::En);
        assert!(check.ok, "{given}: {:?}", check.lines);
    }
    assert!(!check_receipt(&"ab".repeat(32), &record, Lang::En).ok);

    // With a checkpoint and inclusion proofs attached (what the record export can carry), the
    // ballot's event is proven in the signed tree; a changed proof is refused.
    ops::record::backup_create(&db.ctx, by(5).now, None)
        .await
        .expect("a backup makes a checkpoint covering the ballot");
    let seq = events(&db)
        .await
        .iter()
        .find(|r| r.kind == "ballot.cast")
        .expect("ballot event")
        .seq;
    let (file, proofs) = {
        let store = db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        cp::attach_proofs(&mut conn, c, &[seq])
            .await
            .expect("proofs")
    };
    assert_eq!(proofs.len(), 1);
    let mut with: serde_json::Value = serde_json::from_slice(&record).expect("json");
    with["checkpoint"] = serde_json::to_value(&file).expect("json");
    with["event_proofs"] = serde_json::to_value(&proofs).expect("json");
    let bytes = serde_json::to_vec(&with).expect("json");
    let check = check_receipt(&receipt.document_hash, &bytes, Lang::En);
    assert!(check.ok, "{:?}", check.lines);
    assert!(
        check
            .lines
            .iter()
            .any(|l| l.contains("is in the checkpoint")),
        "{:?}",
        check.lines
    );
    let mut bad = proofs.clone();
    bad[0].path[0] = "00".repeat(32);
    with["event_proofs"] = serde_json::to_value(&bad).expect("json");
    let check = check_receipt(
        &receipt.document_hash,
        &serde_json::to_vec(&with).expect("json"),
        Lang::En,
    );
    assert!(!check.ok, "{:?}", check.lines);

    // The command line says the same.
    let rpath = db.dir.path().join("receipt.json");
    let dpath = db.dir.path().join("record.json");
    std::fs::write(&rpath, &receipt_json).expect("write");
    std::fs::write(&dpath, &record).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["--lang", "en", "verify-receipt"])
        .args([
            rpath.to_str().expect("utf-8"),
            dpath.to_str().expect("utf-8"),
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[tokio::test]
async fn printed_pages_carry_a_checkpoint_made_when_the_log_grew() {
    let db = common::fresh().await;
    let (c, _v, _) = common::open_demo_vote(&db, &by(0), "打印").await;
    let opened = latest(&db, c).await;
    let store_events = events(&db).await.len();
    // Nothing happened since the opening's checkpoint: printing reuses it.
    let again = cp::checkpoint_for_print(&db.ctx, &by(1), c)
        .await
        .expect("print");
    assert_eq!(again.id, opened.id);
    assert_eq!(events(&db).await.len(), store_events);
    // After more history, a print makes a new one.
    ops::record::backup_create(&db.ctx, by(2).now, None)
        .await
        .expect("backup");
    {
        let store = db.ctx.store().await;
        let mut tx = store.begin().await.expect("tx");
        common::test_event(&mut tx, &by(3), c, "test.more").await;
        tx.commit().await.expect("commit");
    }
    let printed = cp::checkpoint_for_print(&db.ctx, &by(4), c)
        .await
        .expect("print");
    assert_eq!(printed.reason, "printed");
    let html = cp::with_block("<html><body><p>x</p></body></html>".into(), &printed);
    assert!(html.contains(&printed.printed) && html.contains("<svg"));
    assert!(html.find("记录检查点").expect("block") < html.find("</body>").expect("end"));
}

/// `yishi checkpoint prove` and `include` give RFC 9162 proofs that verify on their own.
#[tokio::test]
async fn cli_proofs_verify_independently() {
    let db = common::fresh().await;
    let (c, _v, _) = common::open_demo_vote(&db, &by(0), "证明").await;
    let view = latest(&db, c).await;
    ops::record::backup_create(&db.ctx, by(5).now, None)
        .await
        .expect("backup");
    db.ctx.store().await.close().await;
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
            .args([
                "--db",
                db.path.to_str().expect("utf-8"),
                "--lang",
                "en",
                "checkpoint",
            ])
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let from = view.tree_size.to_string();
    let p: cp::ConsistencyProof =
        serde_json::from_str(&run(&["prove", "--from", &from])).expect("json");
    assert_eq!(p.first_root_hash, view.root_hash);
    let hex = |v: &[String]| -> Vec<merkle::Hash> {
        v.iter()
            .map(|h| merkle::from_hex(h).expect("hex"))
            .collect()
    };
    merkle::verify_consistency(
        p.first_size as u64,
        p.second_size as u64,
        &merkle::from_hex(&p.first_root_hash).expect("hex"),
        &merkle::from_hex(&p.second_root_hash).expect("hex"),
        &hex(&p.proof),
    )
    .expect("consistency verifies");
    let inc: cp::EventProof = serde_json::from_str(&run(&["include", "3"])).expect("json");
    cp::verify_event_proof(&inc).expect("inclusion verifies");
    let latest_text = run(&["latest"]);
    assert!(latest_text.contains("Size / root hash"), "{latest_text}");
}

/// The empty tree's hash is public knowledge: a "checkpoint" of 0 events would pass against any
/// log, so it is refused as written and as a signed file alike.
#[test]
fn a_checkpoint_of_no_events_is_refused() {
    let empty = merkle::to_hex(&merkle::Tree::default().root());
    assert!(cp::parse_anchor_text(&format!("0 / {empty}")).is_err());
    assert!(cp::parse_anchor_text(&format!("1 / {empty}")).is_ok());
}

/// Through the API every change is refused while the clock is behind the newest checkpoint
/// (a ballot, an enrolment or a draft would carry a time before what is already published);
/// reads still work.
#[tokio::test]
async fn every_change_through_the_api_waits_for_the_clock() {
    use yishi::commands::{Request, dispatch};
    use yishi::domain::states::Role;
    let db = common::fresh().await;
    let c = ops::demo::demo_load(&db.ctx, &by(60))
        .await
        .expect("demo")
        .id;
    let (v, _) = common::open_vote_in(&db, &by(60), c, "时钟").await;
    let later = by(90).now;
    let (_, token) = common::demo_sign_in(&db.ctx, c, Role::Host, later).await;
    let call = |op: &'static str, args: serde_json::Value, now| {
        let (ctx, token) = (&db.ctx, token.clone());
        async move {
            dispatch(
                ctx,
                Request {
                    op,
                    args,
                    session: Some(&token),
                    lang: Lang::En,
                    now,
                },
            )
            .await
        }
    };
    let before = events(&db).await.len();
    let earlier = common::at(21, 9);
    let err = call(
        "community_settings",
        serde_json::json!({ "community_id": c, "settings": { "parking_counts": true } }),
        earlier,
    )
    .await
    .expect_err("clock behind");
    assert!(
        err.message.contains("clock says 2026-11-21T09:00:00Z"),
        "{}",
        err.message
    );
    assert_eq!(events(&db).await.len(), before, "nothing saved");
    call("vote_detail", serde_json::json!({ "vote_id": v }), earlier)
        .await
        .expect("reads still work");
    call(
        "community_settings",
        serde_json::json!({ "community_id": c, "settings": { "parking_counts": true } }),
        later,
    )
    .await
    .expect("with the clock right, the change goes through");
}

/// A checkpoint row written outside the app (unsigned, dated 2099) does not freeze the app
/// through the clock check, and `audit verify` names it.
#[tokio::test]
async fn a_checkpoint_row_inserted_outside_the_app_is_named_and_ignored_by_the_clock() {
    let db = common::fresh().await;
    let (c, _v, _) = common::open_demo_vote(&db, &by(0), "冻结").await;
    let real = latest(&db, c).await;
    db.ctx.store().await.close().await;
    tamper(
        &db.path,
        &format!(
            "INSERT INTO checkpoints (community_id, tree_size, root_hash, head_event_hash, made_at,
                                      reason, signer_key, signed_file)
             SELECT community_id, tree_size, root_hash, head_event_hash, '2099-01-01T00:00:00.000Z',
                    reason, signer_key, '{{}}' FROM checkpoints WHERE tree_size = {};",
            real.tree_size
        ),
    )
    .await;
    let db2 = yishi::ops::Ctx::open(&db.path)
        .await
        .expect("reopen")
        .with_practice_keys();
    let report = ops::record::audit_verify(&db2, None, Lang::En)
        .await
        .expect("audit");
    assert!(
        report.problems.iter().any(|p| matches!(
            &p.kind,
            ops::types::AuditProblemKind::Checkpoint { how, .. } if how == "stored_not_genuine"
        )),
        "{:?}",
        report.problems
    );
    let store = db2.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    cp::check_clock(&mut conn, by(5).now)
        .await
        .expect("the forged 2099 row does not stop the clock");
    assert!(
        cp::check_clock(&mut conn, by(0).now - chrono::Duration::days(1))
            .await
            .is_err(),
        "the genuine checkpoint still does"
    );
}

/// A receipt file whose printed manifest or checkpoint lies is refused, even though its hash is
/// a ballot of the record.
#[test]
fn a_receipt_that_lies_about_its_manifest_or_checkpoint_is_refused() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/records/vote-v2.json"
    );
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture).expect("fixture")).expect("json");
    let hash = record["ballots"][0]["receipt"].as_str().expect("receipt");
    let dir = tempfile::tempdir().expect("dir");
    let run = |receipt: serde_json::Value| {
        let path = dir.path().join("receipt.json");
        std::fs::write(&path, receipt.to_string()).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
            .args(["--lang", "en", "verify-receipt"])
            .arg(&path)
            .arg(fixture)
            .output()
            .expect("run");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, out) = run(serde_json::json!({ "document_hash": hash }));
    assert!(ok, "the plain receipt verifies: {out}");
    let (ok, out) = run(serde_json::json!({ "document_hash": hash,
        "manifest": "0000 0000 0000 0000 0000 0000 0000 0000" }));
    assert!(
        !ok && out.contains("the receipt is not from this vote"),
        "{out}"
    );
    let (ok, out) = run(serde_json::json!({ "document_hash": hash,
        "checkpoint": { "tree_size": 0, "root_hash": "", "root_hash_short": "", "made_at": "" } }));
    assert!(!ok && out.contains("the receipt was altered"), "{out}");
}
