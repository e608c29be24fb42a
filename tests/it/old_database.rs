//! A database made by the December 2026 release (tests/fixtures/release-2026-12.db, described
//! with every figure below in release-2026-12.md) opens with today's code: every migration runs
//! on it, `yishi audit verify` passes, and what it recorded is still there and still verifies:
//! the closed votes with their signed results, the final signed minutes, the convention adopted
//! through a vote. Nothing a community already recorded may be lost.

use crate::common;

use base64::Engine;
use chrono::{TimeZone, Utc};
use std::path::Path;
use std::process::Command;
use yishi::crypto::canonical::sha256_hex;
use yishi::formats::record::{Outcome, VoteRecord, verify_record};
use yishi::lang::Lang;
use yishi::ops::conventions::{ConventionRef, VersionStatus};
use yishi::ops::votes::VoteStatus;
use yishi::ops::{self, Caller, Ctx};

const FIXTURE: &str = "release-2026-12.db";
/// The chain as the release left it: its length and the hash of its last event.
const EVENTS: i64 = 469;
const HEAD: &str = "47b11264cb0fc7b23b6ff12e37fcd6edec8b89a95a14bf6244b0a2c75547f290";
const MINUTES_HASH: &str = "ad75d9b0f5be58d543f3b4c2c73b19342921e026b17e6e7bc48153adfeb6684a";
const OWNERS_RESULT: &str = "ffbc061b4a35ae56923e19ddcb2cb7f3d30fbb179fedcc774e767d5d3d067089";
const ADOPTION_RESULT: &str = "49af07ea9419f41fc200c83bcbc26e82c0c6390bf4fd8769f147e6838802e9e2";
const VERSION_HASH: &str = "4753ae706eb5e68b2dfea998f91e35340259159dcdfcf31099c9a8b5705a67e0";

/// A copy of the fixture in a temp dir (the fixture itself is never opened: opening migrates).
fn copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("yishi.db");
    std::fs::write(&path, common::fixture(FIXTURE)).expect("copy the fixture");
    (dir, path)
}

fn audit_verify_cli(path: &Path, extra: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["--db", path.to_str().expect("utf-8 path"), "--lang", "en"])
        .args(["audit", "verify"])
        .args(extra)
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

async fn sql(path: &Path, statements: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    sqlx::raw_sql(statements)
        .execute(&mut conn)
        .await
        .expect("plain SQL runs");
    conn.close().await.expect("close");
}

async fn record(ctx: &Ctx, vote_id: i64) -> (VoteRecord, Vec<u8>) {
    let file = ops::votes::vote_record(ctx, vote_id)
        .await
        .expect("export the record");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("base64");
    (serde_json::from_slice(&bytes).expect("record JSON"), bytes)
}

fn question(r: &VoteRecord) -> yishi::domain::vote::Tally {
    match r.result.as_ref().map(|x| &x.outcome) {
        Some(Outcome::Question(t)) => t.clone(),
        other => panic!(
            "vote #{}: a question's signed result, got {other:?}",
            r.vote.id
        ),
    }
}

/// (N, A, Pn, Pa, Yn, Ya, On, Oa, abstaining persons, abstaining area, quorum met, passed)
type Figures = (u32, i64, u32, i64, u32, i64, u32, i64, u32, i64, bool, bool);

fn figures(t: &yishi::domain::vote::Tally) -> Figures {
    (
        t.n,
        t.a.0,
        t.pn,
        t.pa.0,
        t.yn,
        t.ya.0,
        t.on,
        t.oa.0,
        t.abstain_n,
        t.abstain_a.0,
        t.quorum_met,
        t.passed,
    )
}

/// The exported record re-verifies: no discrepancy, and the recount is the signed result.
fn reverifies(r: &VoteRecord) {
    let verdict = verify_record(r);
    assert!(
        verdict.discrepancies.is_empty(),
        "vote #{}: {:?}",
        r.vote.id,
        verdict
            .discrepancies
            .iter()
            .map(|d| d.message(Lang::En))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        verdict.recount.as_ref(),
        r.result.as_ref().map(|x| &x.outcome),
        "vote #{}: the recount is the signed result",
        r.vote.id
    );
    assert_eq!(
        r.result.as_ref().map(|x| x.signatures.len()),
        Some(2),
        "host and secretary signed the result"
    );
}

async fn result_hash(ctx: &Ctx, vote_id: i64) -> String {
    let store = ctx.store().await;
    sqlx::query_scalar("SELECT result_hash FROM votes WHERE id = ?")
        .bind(vote_id)
        .fetch_one(store.reader())
        .await
        .expect("the vote's result hash")
}

#[tokio::test]
async fn the_release_database_migrates_verifies_and_keeps_what_it_recorded() {
    let (_dir, path) = copy();
    let ctx = Ctx::open(&path).await.expect("open and migrate");
    let now = Utc
        .with_ymd_and_hms(2026, 12, 7, 9, 0, 0)
        .single()
        .expect("time");
    let by = Caller::new("审计员", now);

    // The chain: the release's events are all there, unchanged, the last one the recorded head.
    // (A later migration may append events; it may never change these.)
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");
    assert!(report.events >= EVENTS, "{} events", report.events);
    let head: String = {
        let store = ctx.store().await;
        sqlx::query_scalar("SELECT hash FROM events WHERE seq = ?")
            .bind(EVENTS)
            .fetch_one(store.reader())
            .await
            .expect("the release's last event")
    };
    assert_eq!(head, HEAD);

    // Vote #1, owners' ordinary rule: 7 ballots (kiosk, a proxy's, an own file, paper), closed
    // without quorum.
    let detail = ops::votes::vote_detail(&ctx, now, 1, Lang::Zh)
        .await
        .expect("vote #1");
    assert_eq!(detail.vote.status, VoteStatus::Closed);
    assert_eq!(detail.passed, Some(false));
    assert_eq!(detail.vote.ballots, 7);
    let (owners, bytes) = record(&ctx, 1).await;
    reverifies(&owners);
    assert_eq!(
        figures(&question(&owners)),
        (
            272, 3_054_600, 7, 66_920, 4, 44_698, 2, 16_120, 1, 6_102, false, false
        )
    );
    let mut channels: Vec<&str> = owners.ballots.iter().map(|b| b.channel.as_str()).collect();
    channels.sort();
    assert_eq!(
        channels,
        ["file", "kiosk", "kiosk", "kiosk", "kiosk", "kiosk", "paper"]
    );
    let proxied: Vec<(i64, i64)> = owners
        .ballots
        .iter()
        .filter(|b| b.cast_by != b.person_id)
        .map(|b| (b.person_id, b.cast_by))
        .collect();
    assert_eq!(proxied, [(150, 72)], "the proxy's ballot for #150");
    assert_eq!(owners.proxies.len(), 1);
    let paper = owners
        .ballots
        .iter()
        .find(|b| b.channel == "paper")
        .expect("paper ballot");
    assert_eq!((paper.person_id, paper.witnesses.len()), (233, 2));
    assert_eq!(result_hash(&ctx, 1).await, OWNERS_RESULT);
    // The real `yishi verify` agrees.
    let file = path.with_file_name("vote-1.json");
    std::fs::write(&file, &bytes).expect("write the record");
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["--lang", "en", "verify", file.to_str().expect("utf-8")])
        .output()
        .expect("run yishi verify");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Vote #2, the residents' meeting that adopted the convention: 180 of 299, passed.
    let (adoption, _) = record(&ctx, 2).await;
    reverifies(&adoption);
    assert_eq!(adoption.ballots.len(), 180);
    assert_eq!(
        figures(&question(&adoption)),
        (299, 0, 180, 0, 144, 0, 18, 0, 18, 0, true, true)
    );
    assert_eq!(result_hash(&ctx, 2).await, ADOPTION_RESULT);

    // Minutes #1 of meeting #1: final, text unchanged, signed by all three who must sign.
    let meeting = ops::meetings::meeting_detail(&ctx, &by, 1, Lang::Zh)
        .await
        .expect("meeting #1");
    let minutes = meeting.minutes.expect("final minutes");
    assert_eq!(minutes.minutes_id, 1);
    assert_eq!(minutes.text_hash, MINUTES_HASH);
    assert_eq!(sha256_hex(minutes.text.as_bytes()), MINUTES_HASH);
    assert!(minutes.complete, "missing: {:?}", minutes.missing);
    assert_eq!(minutes.signatures.len(), 3);
    assert!(minutes.signatures.iter().all(|s| s.valid));

    // Convention #1: version 1 (paper) superseded by version 2, adopted through vote #2.
    let convention = ops::conventions::convention_detail(
        &ctx,
        now,
        ConventionRef { convention_id: 1 },
        Lang::Zh,
    )
    .await
    .expect("convention #1");
    let statuses: Vec<VersionStatus> = convention.versions.iter().map(|v| v.status).collect();
    assert_eq!(
        statuses,
        [VersionStatus::Superseded, VersionStatus::Adopted]
    );
    let v2 = &convention.versions[1];
    assert_eq!(v2.hash.as_deref(), Some(VERSION_HASH));
    let adopted = v2.adoption.as_ref().expect("adoption");
    assert_eq!(
        (adopted.vote_id, adopted.result_hash.as_str()),
        (Some(2), ADOPTION_RESULT)
    );
    assert_eq!(v2.vote.as_ref().and_then(|v| v.passed), Some(true));
    assert_eq!(v2.articles.len(), 7);

    // The real binary, on the migrated copy.
    ctx.store().await.close().await;
    let (ok, out) = audit_verify_cli(&path, &[]);
    assert!(ok, "{out}");
}

#[tokio::test]
async fn edited_minutes_in_the_release_database_fail_audit_verify() {
    let (_dir, path) = copy();
    let ctx = Ctx::open(&path).await.expect("open and migrate");
    ctx.store().await.close().await;
    let (ok, out) = audit_verify_cli(&path, &[]);
    assert!(ok, "untouched: {out}");
    sql(
        &path,
        "DROP TRIGGER minutes_fixed; UPDATE minutes SET text = replace(text, '同意', '反对') WHERE id = 1;",
    )
    .await;
    let (ok, out) = audit_verify_cli(&path, &[]);
    assert!(!ok, "edited minutes must fail:\n{out}");
    assert!(out.contains("Minutes #1"), "{out}");
}

#[tokio::test]
async fn a_changed_ballot_in_the_release_database_fails_its_record() {
    let (_dir, path) = copy();
    let ctx = Ctx::open(&path).await.expect("open and migrate");
    ctx.store().await.close().await;
    // The owner #8's signed "oppose" rewritten as "agree" in the ballots table.
    sql(
        &path,
        "DROP TRIGGER ballots_no_update; \
         UPDATE ballots SET choice = 'agree' WHERE vote_id = 1 AND person_id = 8 AND choice = 'oppose';",
    )
    .await;
    let ctx = Ctx::open(&path).await.expect("reopen");
    let (r, _) = record(&ctx, 1).await;
    let verdict = verify_record(&r);
    let messages: Vec<String> = verdict
        .discrepancies
        .iter()
        .map(|d| d.message(Lang::En))
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("ballot #")),
        "the changed ballot is named: {messages:?}"
    );
}

/// The newest roll-changing event: (community, roll_digest_version).
async fn recorded(ctx: &Ctx) -> (i64, Option<i64>) {
    let store = ctx.store().await;
    sqlx::query_as(
        "SELECT community_id, json_extract(payload, '$.roll_digest_version') FROM events
         WHERE json_extract(payload, '$.roll_digest') IS NOT NULL ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(store.reader())
    .await
    .expect("a roll-changing event")
}

/// The release recorded roll digests of version 1 (no `roll_digest_version`): verify recomputes
/// v1 and passes. The next roll-changing event records v2, which covers the entrance, the day a
/// person turns 18 and whether they live in the unit: an edit of one is then named.
#[tokio::test]
async fn the_release_roll_is_checked_as_v1_until_the_next_roll_change_records_v2() {
    let (_dir, path) = copy();
    let ctx = Ctx::open(&path).await.expect("open and migrate");
    let (community_id, version) = recorded(&ctx).await;
    // The release wrote version 1 digests (no number); opening keyed its identity digests and
    // recorded the roll's digest anew, in the same version 1 (tests/it/secrets.rs).
    assert_eq!(version, Some(1), "the roll stays checked as version 1");
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");

    let parking = ops::roll::community_list(&ctx)
        .await
        .expect("communities")
        .into_iter()
        .find(|c| c.id == community_id)
        .expect("the community")
        .settings
        .parking_counts;
    ops::roll::community_settings(
        &ctx,
        &Caller::new("主持人", Utc::now()),
        ops::types::CommunitySettingsUpdate {
            community_id,
            settings: yishi::domain::roll::RollSettings {
                parking_counts: !parking,
            },
        },
    )
    .await
    .expect("a roll-changing event");
    assert_eq!(recorded(&ctx).await, (community_id, Some(2)));
    ctx.store().await.close().await;
    let (ok, out) = audit_verify_cli(&path, &[]);
    assert!(ok, "after the v2 event: {out}");
    sql(
        &path,
        "UPDATE unit_people SET lives_there = CASE lives_there WHEN 0 THEN 1 ELSE 0 END
         WHERE rowid = (SELECT MIN(rowid) FROM unit_people);",
    )
    .await;
    let (ok, out) = audit_verify_cli(&path, &[]);
    assert!(!ok, "an edited lives_there must fail:\n{out}");
    assert!(out.contains("differs from the digest"), "{out}");
}

/// The minutes' wording lives in `domain::meeting` (typed values in, text out): composing the
/// release's meeting #1 again, from its rows, gives the very bytes the release fixed and hashed.
#[tokio::test]
async fn recomposing_the_release_minutes_gives_the_bytes_it_fixed() {
    let (_dir, path) = copy();
    let ctx = Ctx::open(&path).await.expect("open and migrate");
    ctx.store().await.close().await;
    // Only in this throwaway copy: the fixed minutes removed so the draft is composed afresh.
    sql(
        &path,
        "PRAGMA foreign_keys = OFF; DROP TRIGGER minutes_no_delete; DELETE FROM minutes WHERE id = 1;",
    )
    .await;
    let ctx = Ctx::open(&path).await.expect("reopen");
    let now = Utc
        .with_ymd_and_hms(2026, 12, 7, 9, 0, 0)
        .single()
        .expect("time");
    let draft = ops::meetings::minutes_draft(&ctx, &Caller::new("审计员", now), 1)
        .await
        .expect("the draft of meeting #1");
    assert_eq!(sha256_hex(draft.as_bytes()), MINUTES_HASH, "{draft}");
}
