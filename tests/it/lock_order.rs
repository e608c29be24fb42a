//! Restores run concurrently with matter, vote and meeting operations, and everything finishes.
//! An operation that took a second store guard while holding one would deadlock with a restore
//! queued for the write lock between the two (tokio's RwLock lets no new reader past a waiting
//! writer); the timeout turns such a deadlock into a failure.

use crate::common;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use yishi::domain::vote::{MatterCategory, Rule, VoteSettings};
use yishi::lang::Lang;
use yishi::ops::{self, Caller};

/// Rounds of (one restore ‖ loops of matter, vote and meeting operations).
const ROUNDS: usize = 24;
/// At most this many operations of each kind per round, back to back until the restore is done,
/// so the restore's request for the write lock falls in the middle of some operation.
const OPS: usize = 400;
/// Far more than a round takes (well under a second) even on a loaded machine.
const LIMIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restores_run_concurrently_with_operations_and_all_finish() {
    let db = common::fresh().await;
    let by = common::caller();
    let c = crate::common::demo_without_keys(&db.ctx, &by)
        .await
        .expect("demo")
        .id;
    let matter = ops::matters::matter_raise(
        &db.ctx,
        &by,
        ops::meetings::MatterRaise {
            community_id: c,
            title: "南门路灯".into(),
            description: "南门路灯不亮，夜间出行不便。".into(),
            category: MatterCategory::PropertyCompany,
            buildings: Vec::new(),
            raised_by: "网格员".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("raise")
    .summary
    .matter_id;
    let vote = ops::votes::vote_create(
        &db.ctx,
        &by,
        ops::votes::VoteCreate {
            community_id: c,
            title: "南门路灯维修".into(),
            motion: "同意维修".into(),
            category: MatterCategory::PropertyCompany,
            kind: ops::votes::VoteKind::Question,
            settings: VoteSettings::new(Rule::OwnersOrdinary),
            opens_at: (by.now - chrono::Duration::hours(1)).to_rfc3339(),
            closes_at: (by.now + chrono::Duration::hours(2)).to_rfc3339(),
            objection_days: 0,
            agenda_item_id: None,
            matter_id: Some(matter),
        },
    )
    .await
    .expect("create")
    .vote_id;
    ops::votes::vote_open(&db.ctx, &by, vote)
        .await
        .expect("open");
    let meeting = ops::meetings::meeting_list(&db.ctx, &by, c, Lang::Zh)
        .await
        .expect("meetings")
        .first()
        .expect("the demo announces a meeting")
        .meeting_id;
    // Each round's restore discards the previous round's `backup.restored` (and whatever the
    // operations wrote): the host confirms with their key.
    let host_key = crate::restore::enrol_host(&db, c).await;
    let backup = ops::record::backup_create(&db.ctx, by.now, None)
        .await
        .expect("backup");

    let ctx = &db.ctx;
    let round = |i: usize| {
        let by = Caller::new("测试主持人", by.now + chrono::Duration::seconds(i as i64));
        let file_name = backup.file_name.clone();
        async move {
            let done = AtomicBool::new(false);
            let done = &done;
            let restore = async {
                let report = ops::record::backup_restore(
                    ctx,
                    &by,
                    ops::record::BackupRestore {
                        file_name,
                        expect_live_head: None,
                        confirmation: Some(crate::restore::host_confirms(host_key)),
                    },
                    Lang::Zh,
                )
                .await
                .expect("the backup verifies and is restored");
                done.store(true, Ordering::SeqCst);
                report
            };
            // Acting on the matter with its vote reads the vote's record under the same guard;
            // the vote is still open, so the step itself is refused, which is not the point.
            let act = || async {
                for _ in 0..OPS {
                    if done.load(Ordering::SeqCst) {
                        break;
                    }
                    let step = ops::meetings::MatterStep::DecidedByVote { vote_id: vote };
                    let input = ops::meetings::MatterAct {
                        matter_id: matter,
                        step,
                    };
                    let refused = ops::matters::matter_act(ctx, &by, input, Lang::Zh).await;
                    assert!(
                        matches!(
                            refused,
                            Err(ops::OpError::Flow(ops::FlowProblem::VoteNotClosed))
                        ),
                        "an open vote decides nothing: {refused:?}"
                    );
                }
                ops::matters::matter_detail(ctx, &by, matter, Lang::Zh)
                    .await
                    .expect("matter detail");
            };
            let votes = async {
                for _ in 0..OPS {
                    if done.load(Ordering::SeqCst) {
                        break;
                    }
                    ops::votes::vote_detail(ctx, by.now, vote, Lang::Zh)
                        .await
                        .expect("vote detail");
                    ops::votes::vote_record(ctx, vote).await.expect("record");
                }
            };
            let meetings = async {
                for _ in 0..OPS {
                    if done.load(Ordering::SeqCst) {
                        break;
                    }
                    ops::meetings::minutes_draft(ctx, &by, meeting)
                        .await
                        .expect("minutes draft");
                    ops::meetings::meeting_detail(ctx, &by, meeting, Lang::Zh)
                        .await
                        .expect("meeting detail");
                }
            };
            let (report, (), (), (), ()) = tokio::join!(restore, act(), act(), votes, meetings);
            assert!(report.report.ok, "the restored database verifies");
        }
    };
    for i in 0..ROUNDS {
        tokio::time::timeout(LIMIT, round(i))
            .await
            .unwrap_or_else(|_| panic!("round {i} did not finish in {LIMIT:?}: a deadlock"));
    }
    let left = ops::record::backup_list(&db.ctx).await.expect("backups");
    assert!(
        left.len() > ROUNDS,
        "each restore first keeps the database it replaces ({} files)",
        left.len()
    );
}
