//! Scope × rule in the app: a roster with an entrance (单元) column, the lift proposal over the
//! entrance it serves, a vote frozen over that entrance's roll (and the record tying the claimed
//! scope to the signed roll hash), refusals with messages, and residents' meetings whose
//! entitled count follows the meeting's mode (居委会组织法 Art. 9).

use crate::common;

use common::{at, b64, fresh};
use yishi::domain::vote::{MatterCategory, ResidentsMode, Rule, Scope, VoteSettings};
use yishi::formats::record::verify_record;
use yishi::lang::Lang;
use yishi::ops::meetings::{MeetingMode, MeetingSchedule};
use yishi::ops::types::{CommunityCreate, ImportCommit, ImportOptions, ImportRequest};
use yishi::ops::votes::{RuleQuery, VoteCreate, VoteKind};
use yishi::ops::{self, Caller, ErrorCode, OpError, VoteProblem};

/// 3栋 has entrances 1 and 2 (a 单元 column); 5栋 has none. 3栋 2单元: four owners, one of whom
/// (周) also owns 3栋 1单元 101; 201 is co-owned. Residents: tenants and a minor in 2单元.
const ROSTER: &str = concat!(
    "楼栋,单元,房号,面积,姓名,证件号,身份,投票人,出生日期,是否居住\n",
    "3栋,1,101,90.00,周一,110101197001010011,业主,,,是\n",
    "3栋,1,102,90.00,吴二,110101197002020022,业主,,,否\n",
    "3栋,2,101,100.00,周一,110101197001010011,业主,,,否\n",
    "3栋,2,201,100.00,郑三,110101197503030033,业主,是,,是\n",
    "3栋,2,201,100.00,王四,110101197604040044,共有人,,,是\n",
    "3栋,2,301,100.00,冯五,110101198005050055,业主,,,\n",
    "3栋,2,301,100.00,冯小五,,住户,,2015-06-01,\n",
    "3栋,2,401,100.00,陈六,110101198506060066,业主,,,否\n",
    "3栋,2,401,100.00,褚租,,租户,,1992-02-02,\n",
    "5栋,,101,120.00,卫七,110101199007070077,业主,,,是\n",
);

fn by(day: u32, hour: u32) -> Caller {
    Caller::new("测试主持人", at(day, hour))
}

async fn community() -> (common::TestDb, i64) {
    let db = fresh().await;
    let c = ops::roll::community_create(
        &db.ctx,
        &by(20, 8),
        CommunityCreate {
            name: "加梯小区".into(),
            address: String::new(),
            buildings: vec![],
            settings: Default::default(),
        },
    )
    .await
    .expect("community")
    .id;
    let req = ImportRequest {
        community_id: c,
        file_name: "roster.csv".into(),
        content_base64: b64(ROSTER.as_bytes()),
        options: ImportOptions {
            create_buildings: true,
        },
    };
    let preview = ops::roll::roll_import_preview(&db.ctx, req.clone(), Lang::Zh)
        .await
        .expect("preview");
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    ops::roll::roll_import_commit(
        &db.ctx,
        &by(20, 9),
        ImportCommit {
            request: req,
            plan_digest: preview.plan_digest,
            job_id: None,
        },
        Lang::Zh,
    )
    .await
    .expect("import");
    (db, c)
}

fn create(c: i64, settings: VoteSettings, category: MatterCategory) -> VoteCreate {
    VoteCreate {
        community_id: c,
        title: "3栋2单元加装电梯".into(),
        motion: "同意在3栋2单元加装电梯".into(),
        category,
        kind: VoteKind::Question,
        settings,
        opens_at: "2026-11-21T01:00:00Z".into(),
        closes_at: "2026-11-25T01:00:00Z".into(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    }
}

fn entrance() -> Scope {
    Scope::Entrance {
        building: "3栋".into(),
        entrance: "2单元".into(),
    }
}

#[tokio::test]
async fn the_import_keeps_the_entrance_beside_the_unit_number() {
    let (db, c) = community().await;
    let store = db.ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let units = yishi::store::roll::units(&mut conn, c, None)
        .await
        .expect("units");
    let shown: Vec<(String, String, String)> = units
        .iter()
        .map(|u| (u.building.clone(), u.number.clone(), u.entrance.clone()))
        .collect();
    assert!(shown.contains(&("3栋".into(), "2单元201".into(), "2单元".into())));
    assert!(shown.contains(&("3栋".into(), "1单元101".into(), "1单元".into())));
    assert!(shown.contains(&("5栋".into(), "101".into(), String::new())));
    // Only the day a person turns 18 is kept, never the birth date's source.
    let minor = units
        .iter()
        .flat_map(|u| u.people.iter())
        .find(|p| p.name == "冯小五")
        .expect("minor");
    assert_eq!(
        minor.adult_from,
        chrono::NaiveDate::from_ymd_opt(2033, 6, 1)
    );
    assert_eq!(minor.lives_there, Some(true));
}

#[tokio::test]
async fn a_lift_is_a_major_vote_over_the_entrance_it_serves() {
    let (db, c) = community().await;
    let advice = ops::votes::rule_advice(
        &db.ctx,
        RuleQuery {
            community_id: c,
            category: MatterCategory::InstallLift,
            building: Some("3栋".into()),
            entrance: Some("2单元".into()),
            residents_mode: None,
        },
    )
    .await
    .expect("advice");
    assert_eq!(advice.proposal.rule, Rule::OwnersMajor);
    assert_eq!(advice.settings.scope, entrance());
    assert!(advice.proposal.reason_zh.contains("第七项"));

    let by = by(21, 0);
    let v = ops::votes::vote_create(
        &db.ctx,
        &by,
        create(c, advice.settings.clone(), MatterCategory::InstallLift),
    )
    .await
    .expect("create")
    .vote_id;
    let opened = ops::votes::vote_open(&db.ctx, &Caller::new("测试主持人", at(21, 2)), v)
        .await
        .expect("open");
    assert_eq!(opened.settings.scope, entrance());
    let record = ops::votes::build_record(&db.ctx, v).await.expect("record");
    assert_eq!(record.roll.scope.as_deref(), Some("3栋/2单元"));
    // 周一 (2单元101), 郑三 for 201 (co-owned), 冯五, 陈六: the 1单元 unit of 周一 stays out.
    let mut names: Vec<(&str, i64, usize)> = record
        .roll
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e.area.0, e.units.len()))
        .collect();
    names.sort();
    let mut want = vec![
        ("冯五", 10_000, 1),
        ("周一", 10_000, 1),
        ("郑三", 10_000, 1),
        ("陈六", 10_000, 1),
    ];
    want.sort();
    assert_eq!(names, want);
    let scope_problem = |r: &yishi::formats::record::VoteRecord| {
        verify_record(r)
            .discrepancies
            .iter()
            .any(|d| d.en.contains("scope"))
    };
    assert!(!scope_problem(&record));
    // Claiming the whole community for a roll frozen over one entrance is caught.
    let mut claimed = record.clone();
    claimed.vote.settings.scope = Scope::Community;
    assert!(scope_problem(&claimed));
}

#[tokio::test]
async fn scopes_that_do_not_fit_are_refused_with_a_reason() {
    let (db, c) = community().await;
    let by = by(21, 0);
    let refuse = async |settings: VoteSettings| {
        ops::votes::vote_create(
            &db.ctx,
            &by,
            create(c, settings, MatterCategory::InstallLift),
        )
        .await
        .expect_err("refused")
    };
    let e = refuse(
        VoteSettings::new(Rule::OwnersMajor).scoped(Scope::Entrance {
            building: "3栋".into(),
            entrance: "9单元".into(),
        }),
    )
    .await;
    assert!(
        matches!(e, OpError::Vote(VoteProblem::NoSuchEntrance { .. })),
        "{e:?}"
    );
    assert!(e.message(Lang::Zh).contains("9单元") && e.message(Lang::En).contains("单元"));
    let e = refuse(
        VoteSettings::new(Rule::OwnersOrdinary).scoped(Scope::Building {
            building: "8栋".into(),
        }),
    )
    .await;
    assert_eq!(e.code(), ErrorCode::NotFound);
    let e = refuse(
        VoteSettings::new(Rule::CommitteeMeeting {
            members: 5,
            strict_majority: false,
        })
        .scoped(Scope::Building {
            building: "3栋".into(),
        }),
    )
    .await;
    assert!(
        matches!(e, OpError::Vote(VoteProblem::ScopeNotForRule)),
        "{e:?}"
    );
}

#[tokio::test]
async fn residents_entitled_follow_the_mode() {
    let (db, c) = community().await;
    let advice = |mode: ResidentsMode| {
        ops::votes::rule_advice(
            &db.ctx,
            RuleQuery {
                community_id: c,
                category: MatterCategory::ResidentsAffairs,
                building: None,
                entrance: None,
                residents_mode: Some(mode),
            },
        )
    };
    // Living there and adult: 周一 (1单元101), 郑三, 王四, 冯五 (residence unknown: counted),
    // 褚 (tenant), 卫七. Not: 吴二 and 陈六 (live elsewhere), 周一 is not counted twice, 冯小五
    // (a minor until 2033-06-01).
    let adults = advice(ResidentsMode::Adults).await.expect("adults");
    let e = adults.residents.expect("entitlement");
    assert_eq!(e.entitled, 6, "{e:?}");
    assert_eq!(
        (e.minors, e.non_resident_owners, e.unknown_residence),
        (1, 2, 1)
    );
    assert_eq!(
        adults.proposal.rule,
        Rule::ResidentsMeeting {
            entitled: 6,
            mode: ResidentsMode::Adults
        }
    );
    // Households with an adult resident: 1单元101, 2单元201, 301, 401, 5栋101 (not 1单元102,
    // whose owner lives elsewhere, nor 2单元101).
    let homes = advice(ResidentsMode::Households).await.expect("households");
    assert_eq!(homes.residents.expect("entitlement").entitled, 5);
    let groups = advice(ResidentsMode::GroupRepresentatives {
        groups: 3,
        per_group: 2,
    })
    .await
    .expect("groups");
    assert_eq!(groups.residents.expect("entitlement").entitled, 6);
    let bad = advice(ResidentsMode::GroupRepresentatives {
        groups: 3,
        per_group: 4,
    })
    .await
    .expect_err("four per group is not Art. 9");
    assert!(matches!(bad, OpError::Vote(VoteProblem::BadResidentsMode)));

    // A residents' meeting with a mode counts its quorum from the roll on the meeting's day.
    let schedule = |mode: Option<ResidentsMode>, entitled: Option<u32>| MeetingSchedule {
        community_id: c,
        kind: yishi::domain::meeting::MeetingKind::Residents,
        mode: MeetingMode::InPerson,
        title: "居民会议".into(),
        place: "议事亭".into(),
        starts_at: "2026-12-10T19:00".into(),
        host_id: None,
        secretary_id: None,
        entitled,
        residents_mode: mode,
    };
    let counted = ops::meetings::meeting_schedule(
        &db.ctx,
        &by(22, 9),
        schedule(Some(ResidentsMode::Households), Some(999)),
        Lang::Zh,
    )
    .await
    .expect("schedule");
    assert_eq!(counted.quorum.map(|q| q.entitled), Some(5));
    let typed =
        ops::meetings::meeting_schedule(&db.ctx, &by(22, 9), schedule(None, Some(40)), Lang::Zh)
            .await
            .expect("schedule");
    assert_eq!(
        typed.quorum.map(|q| q.entitled),
        Some(40),
        "without a mode, as before"
    );

    // A residents' vote by adults freezes exactly those entitled, and N is theirs even when the
    // draft counted differently (the roll or ages changed before it opened).
    let by_open = Caller::new("测试主持人", at(21, 2));
    let mut stale = adults.settings.clone();
    stale.rule = Rule::ResidentsMeeting {
        entitled: 99,
        mode: ResidentsMode::Adults,
    };
    let v = ops::votes::vote_create(
        &db.ctx,
        &by(21, 0),
        create(c, stale, MatterCategory::ResidentsAffairs),
    )
    .await
    .expect("create")
    .vote_id;
    ops::votes::vote_open(&db.ctx, &by_open, v)
        .await
        .expect("open");
    let record = ops::votes::build_record(&db.ctx, v).await.expect("record");
    assert_eq!(record.roll.scope.as_deref(), Some("residents"));
    assert_eq!(
        record.vote.settings.rule,
        Rule::ResidentsMeeting {
            entitled: 6,
            mode: ResidentsMode::Adults
        }
    );
    let mut names: Vec<&str> = record
        .roll
        .entries
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    names.sort();
    let mut want = vec!["冯五", "卫七", "周一", "王四", "郑三", "褚租"];
    want.sort();
    assert_eq!(names, want);
}

#[tokio::test]
async fn units_stored_before_entrances_get_them_from_their_numbers() {
    // A database as the previous release left it: migrations up to 0009, units with the
    // entrance folded into the number.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let pool = sqlx::SqlitePool::connect(&url).await.expect("pool");
    let mut before = sqlx::migrate!("./migrations");
    before.migrations = std::borrow::Cow::Owned(
        before
            .migrations
            .iter()
            .filter(|m| m.version < 10)
            .cloned()
            .collect(),
    );
    before.run(&pool).await.expect("old migrations");
    for sql in [
        "INSERT INTO communities (id, name, created_at) VALUES (1, '旧小区', '2026-01-01T00:00:00Z')",
        "INSERT INTO buildings (id, community_id, name) VALUES (1, 1, '3栋')",
        "INSERT INTO units (building_id, number, kind, area_centi, area_source, status) VALUES
           (1, '2单元1201', 'residence', 9000, 'register', 'delivered'),
           (1, '12单元301', 'residence', 9000, 'register', 'delivered'),
           (1, '1201', 'residence', 9000, 'register', 'delivered'),
           (1, 'A1201', 'residence', 9000, 'register', 'delivered'),
           (1, '东2单元101', 'residence', 9000, 'register', 'delivered')",
    ] {
        sqlx::query(sql).execute(&pool).await.expect(sql);
    }
    pool.close().await;
    // Opening it with this release runs 0010.
    let ctx = yishi::ops::Ctx::open(&path).await.expect("migrates");
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let units = yishi::store::roll::units(&mut conn, 1, None)
        .await
        .expect("units");
    let mut got: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.number.clone(), u.entrance.clone()))
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("2单元1201", "2单元"),
        ("12单元301", "12单元"),
        ("1201", ""),
        ("A1201", ""),
        ("东2单元101", ""),
    ]
    .iter()
    .map(|(n, e)| (n.to_string(), e.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    // The domain's rule for new imports derives the same entrances.
    for (number, entrance) in &want {
        assert_eq!(&yishi::domain::roster::entrance_of_number(number), entrance);
    }
}
