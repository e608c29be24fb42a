//! Group commit (`Store::batched`): pieces of work queued while the write connection is busy
//! share one transaction; a piece that fails, or appends no event, is undone alone; the chain
//! stays one line. Then the same through the operations layer: many ballots at once, duplicates
//! and bad signatures among them, exactly one ballot per voter, every refusal on the record.

use crate::common;

use serde_json::json;
use std::sync::Arc;
use yishi::lang::Lang;
use yishi::ops::{self, Caller, OpError};
use yishi::store::StoreError;
use yishi::store::events::{self, NewEvent};

/// Ten pieces queued while another transaction holds the write connection all go into the next
/// commit; the failing ones leave nothing behind.
#[tokio::test]
async fn pieces_share_a_commit_and_fail_alone() {
    let db = common::fresh().await;
    let store = db.ctx.store().await.clone();
    let blocker = store.begin().await.expect("hold the write connection");
    let mut tasks = Vec::new();
    for i in 0..10i64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .batched(move |tx| {
                    Box::pin(async move {
                        if i == 5 {
                            // Changes nothing and records nothing: refused as NoEvent.
                            return Ok(i);
                        }
                        events::append(
                            tx,
                            NewEvent {
                                at: common::at(22, 9),
                                actor: "测试",
                                community_id: None,
                                kind: "test.piece",
                                payload: json!({ "piece": i }),
                            },
                        )
                        .await?;
                        if i % 3 == 0 {
                            return Err(StoreError::Corrupt(format!("piece {i} fails")));
                        }
                        Ok(i)
                    })
                })
                .await
        }));
    }
    // On this single-threaded runtime every spawned task runs up to its first wait here.
    for _ in 0..4 {
        tokio::task::yield_now().await;
    }
    drop(blocker);
    let mut ok = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.expect("task") {
            Ok(v) => ok.push(v),
            Err(StoreError::Corrupt(m)) => assert_eq!(m, format!("piece {i} fails")),
            Err(StoreError::NoEvent) => assert_eq!(i, 5),
            Err(e) => panic!("piece {i}: unexpected {e}"),
        }
    }
    assert_eq!(ok, vec![1, 2, 4, 7, 8]);
    assert_eq!(
        store.group_commits(),
        (1, 5),
        "one commit held the five good pieces"
    );
    let rows = events::all(store.reader()).await.expect("events");
    let pieces: Vec<i64> = rows
        .iter()
        .filter(|r| r.kind == "test.piece")
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(&r.payload).expect("json")["piece"]
                .as_i64()
                .expect("piece")
        })
        .collect();
    assert_eq!(
        pieces,
        vec![1, 2, 4, 7, 8],
        "in queue order, nothing of the failed ones"
    );
    let report = ops::record::audit_verify(&db.ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{:?}", report.problems);
}

fn seed(i: usize) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&(i as u64 + 1000).to_le_bytes());
    s
}

/// 30 voters cast at once, 6 of them twice (first stands) and 4 files with a broken signature.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_ballots_keep_first_stands_and_record_every_refusal() {
    let db = common::fresh().await;
    let by = Caller::new("测试", chrono::Utc::now());
    // The voters' own keys are enrolled before the vote opens: its manifest lists them.
    let (c, voters) = common::demo_roll(&db, &by).await;
    for (i, e) in voters.iter().take(30).enumerate() {
        common::enrol_seed(&db, &by, c, e.voter(), &seed(i)).await;
    }
    let (v, voters) = common::open_vote_in(&db, &by, c, "并发测试").await;
    let mut submissions = Vec::new();
    for (i, e) in voters.iter().take(30).enumerate() {
        let choices: &[&str] = if i < 6 {
            &["agree", "oppose"]
        } else {
            &["agree"]
        };
        for choice in choices {
            let mut ballot =
                common::signed_ballot(&db, &by, (c, v), e.voter(), &seed(i), choice).await;
            if (10..14).contains(&i) {
                // A flipped digit in S: the signature no longer verifies.
                let sig = &mut ballot.file.signature;
                let last = if sig.ends_with('0') { "1" } else { "0" };
                sig.replace_range(127.., last);
            }
            submissions.push(ballot);
        }
    }
    let ctx = Arc::new(db.ctx);
    let tasks: Vec<_> = submissions
        .into_iter()
        .map(|s| {
            let (ctx, by) = (ctx.clone(), by.clone());
            tokio::spawn(async move { ops::signing::signature_submit(&ctx, &by, s).await })
        })
        .collect();
    let mut receipts = Vec::new();
    let mut refused = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(r) => receipts.push(r.document_hash),
            Err(OpError::Vote(_) | OpError::Key(_)) => refused += 1,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(
        receipts.len(),
        30 - 4,
        "one ballot per voter with a good signature"
    );
    assert_eq!(refused, 6 + 4, "six second ballots and four bad signatures");
    let record = ops::votes::build_record(&ctx, v).await.expect("record");
    let mut stored: Vec<&str> = record.ballots.iter().map(|b| b.receipt.as_str()).collect();
    stored.sort_unstable();
    receipts.sort_unstable();
    assert_eq!(
        stored, receipts,
        "exactly the receipted ballots are in the record"
    );
    let persons: std::collections::BTreeSet<i64> =
        record.ballots.iter().map(|b| b.person_id).collect();
    assert_eq!(persons.len(), record.ballots.len(), "nobody twice");
    assert_eq!(record.refused.len(), 10, "every refusal is on the record");
    assert!(
        yishi::formats::record::verify_record(&record)
            .discrepancies
            .is_empty()
    );
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{:?}", report.problems);
}
