//! Roll entries and the humans who sign: one person who owns one unit alone and is the
//! designated voter of a co-owned unit is on the roll twice (DOMAIN.md: co-owners together are a
//! different buyer), and votes twice.

use crate::common;

use chrono::Duration;
use yishi::domain::vote::{MatterCategory, Rule, VoteSettings};
use yishi::ops::votes::*;
use yishi::ops::{self, Caller};

/// 吴 owns 1栋605 alone; 吴 (designated voter) and 肖 (co-owner) own 2栋2505.
const WU_AND_XIAO: &str = "楼栋,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人
1栋,605,住宅,89.50,登记,已交付,吴建平,510107197709021733,,业主,
2栋,2505,住宅,132.08,登记,已交付,吴建平,510107197709021733,,业主,是
2栋,2505,住宅,132.08,登记,已交付,肖红,500113198803065521,,共有人,
";

pub(crate) async fn open_owners_vote(db: &common::TestDb, by: &Caller, c: i64) -> i64 {
    let create = VoteCreate {
        community_id: c,
        title: "续聘物业".into(),
        motion: "同意续聘".into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: VoteSettings::new(Rule::OwnersOrdinary),
        opens_at: (by.now - Duration::hours(1)).to_rfc3339(),
        closes_at: (by.now + Duration::hours(2)).to_rfc3339(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v = ops::votes::vote_create(&db.ctx, by, create)
        .await
        .expect("create")
        .vote_id;
    ops::votes::vote_open(&db.ctx, by, v)
        .await
        .unwrap_or_else(|e| panic!("open: {}", e.message(yishi::lang::Lang::En)));
    v
}

#[tokio::test]
async fn a_sole_owner_who_also_votes_for_a_co_owned_unit_is_two_roll_entries() {
    let db = common::fresh().await;
    let by = common::caller();
    let c = common::import_roster(&db, &by, "吴肖小区", WU_AND_XIAO).await;
    let v = open_owners_vote(&db, &by, c).await;
    let record = ops::votes::build_record(&db.ctx, v).await.expect("record");
    let wu = common::person_named(&db, c, "吴建平").await;
    let entries = &record.roll.entries;
    assert_eq!(entries.len(), 2, "N = 2: 吴 alone, and 吴 with 肖");
    assert!(
        entries
            .iter()
            .all(|e| e.voter_id.unwrap_or(e.person_id) == wu),
        "吴 votes for both: {entries:?}"
    );
    assert_ne!(entries[0].person_id, entries[1].person_id);
}
