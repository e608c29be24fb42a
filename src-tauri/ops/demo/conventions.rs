//! The demo community's conventions: a civility convention (居民文明公约) and meeting conduct
//! rules, both adopted at residents' meetings held on paper before the community used Yishi,
//! filed and published; some households acknowledged the civility convention with keys they
//! brought; patrols recorded violations over the last two whole months, so the evaluation report
//! shows a real trend (down 58%).
//!
//! Tenant households acknowledge. Everything goes through the same operations a real community uses. The demo households' keys
//! come from fixed seeds: demo signatures verify, and are worthless anywhere else.

use crate::crypto::canonical::sha256_hex;
use crate::crypto::signing::sign_with_seed;
use crate::domain::convention::{ArticleRule, ConductParam, ConventionKind, Instrument};
use crate::domain::roster::Relation;
use crate::lang::Lang;
use crate::ops::conventions::*;
use crate::ops::keys::{
    IdCheck, KeyEnrolPublic, SignRequest, SignSubject, SignedFile, SignedFileSubmit,
};
use crate::ops::{Caller, Ctx, OpResult};
use chrono::{Datelike, Months, NaiveDate};

const CIVILITY: &[&str] = &[
    "爱护公共绿化，不毁绿种菜，不在绿地内堆放杂物。",
    "严禁高空抛物，阳台花盆须固定。",
    "文明养犬，出门牵绳，及时清理粪便。",
    "车辆停放在划定车位，不占用消防通道。",
    "垃圾分类投放，大件垃圾预约清运。",
    "晚十点至早七点不进行产生噪声的装修和娱乐活动。",
];

const CONDUCT: &[(&str, Option<(ConductParam, u32)>)] = &[
    ("发言须经主持人许可，围绕议程，不作人身攻击。", None),
    (
        "每人每次发言不超过三分钟。",
        Some((ConductParam::SpeechSeconds, 180)),
    ),
    (
        "同一议程项每人发言不超过两次，程序性发言除外。",
        Some((ConductParam::SpeechesPerItem, 2)),
    ),
    (
        "经主持人两次警告仍违反本规则的，本议程项不再给予发言。",
        Some((ConductParam::WarningsToLoseFloor, 2)),
    ),
];

/// (article, building, unit, day of month, persuaded) for the month before last; then last month.
const EARLIER: &[(u32, &str, &str, u32)] = &[
    (2, "1栋", "1201", 3),
    (3, "2栋", "", 4),
    (4, "", "", 6),
    (1, "3栋", "", 7),
    (3, "1栋", "", 9),
    (2, "4栋", "1702", 11),
    (4, "", "", 13),
    (6, "2栋", "801", 15),
    (3, "5栋", "", 18),
    (5, "3栋", "", 21),
    (4, "", "", 24),
    (3, "4栋", "", 27),
];
const LATER: &[(u32, &str, &str, u32)] = &[
    (3, "1栋", "", 5),
    (4, "", "", 9),
    (2, "3栋", "1503", 14),
    (5, "2栋", "", 19),
    (3, "5栋", "", 25),
];

fn inputs(texts: &[(&str, Option<(ConductParam, u32)>)]) -> Vec<ArticleInput> {
    texts
        .iter()
        .map(|(t, r)| ArticleInput {
            text: (*t).into(),
            rule: r.map(|(param, value)| ArticleRule { param, value }),
        })
        .collect()
}

/// Drafts, reviews, freezes and records the paper adoption, filing and publication; returns
/// (convention id, version id).
async fn adopted(
    ctx: &Ctx,
    by: &Caller,
    community_id: i64,
    kind: ConventionKind,
    title: &str,
    articles: Vec<ArticleInput>,
    held: &str,
) -> OpResult<(i64, i64)> {
    let lang = Lang::Zh;
    let d = crate::ops::conventions::convention_create(
        ctx,
        by,
        ConventionCreate {
            community_id,
            kind,
            title: title.into(),
            articles,
        },
        lang,
    )
    .await?;
    let (id, v) = (d.convention_id, d.versions[0].version_id);
    crate::ops::conventions::convention_suggest(
        ctx,
        by,
        SuggestionAdd {
            convention_id: id,
            article: Some(1),
            author: "2栋 楼栋长".into(),
            person_id: None,
            text: "建议写明由谁监督、如何劝导。".into(),
        },
        lang,
    )
    .await?;
    crate::ops::conventions::convention_review(
        ctx,
        by,
        ReviewRecord {
            version_id: v,
            reviewer: "刘主任".into(),
            organisation: "莲花街道党工委".into(),
            comments: "内容合法，表述清楚，同意提交居民会议表决。".into(),
            approved: true,
        },
        lang,
    )
    .await?;
    crate::ops::conventions::convention_freeze(ctx, by, VersionRef { version_id: v }, lang).await?;
    let evidence = format!(
        "{held}居民会议纪要（纸质，存居委会档案）：应到 212 户，实到 158 户，同意 149 户。"
    );
    let record = RecordedAdoption {
        version_id: v,
        instrument: Instrument::ResidentsMeeting,
        evidence_sha256: sha256_hex(evidence.as_bytes()),
        evidence,
    };
    crate::ops::conventions::convention_adopt_recorded(ctx, by, record, lang).await?;
    let day = |d: &str| d.to_string();
    crate::ops::conventions::convention_file(
        ctx,
        by,
        NoticeInput {
            version_id: v,
            place: "莲花街道办事处".into(),
            day: day(held),
            reference: format!("莲街备〔{}〕{}号", &held[..4], id + 10),
        },
        lang,
    )
    .await?;
    crate::ops::conventions::convention_publish(
        ctx,
        by,
        NoticeInput {
            version_id: v,
            place: "小区公告栏、各单元楼道".into(),
            day: day(held),
            reference: String::new(),
        },
        lang,
    )
    .await?;
    Ok((id, v))
}

/// Tenant households acknowledge with keys they brought (signed files).
async fn acknowledgements(
    ctx: &Ctx,
    by: &Caller,
    community_id: i64,
    version_id: i64,
) -> OpResult<()> {
    let people: Vec<i64> = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        let roles: Vec<i64> = crate::store::roles::list(&mut conn, community_id)
            .await?
            .into_iter()
            .map(|r| r.person_id)
            .collect();
        let units = crate::store::roll::units(&mut conn, community_id, None).await?;
        // Tenants (住户 who own nothing) only: they are on no owners' roll, so the other demo
        // stories and tests, which enrol owners' keys, never meet a key made here.
        let owners: std::collections::BTreeSet<i64> = units
            .iter()
            .flat_map(|u| &u.people)
            .filter(|p| p.relation != Relation::Resident)
            .map(|p| p.person_id)
            .collect();
        let mut out: Vec<i64> = units
            .iter()
            .flat_map(|u| &u.people)
            .filter(|p| {
                p.relation == Relation::Resident
                    && !owners.contains(&p.person_id)
                    && !roles.contains(&p.person_id)
            })
            .map(|p| p.person_id)
            .collect();
        out.sort();
        out.dedup();
        out
    };
    // The demo's registrar certifies the members' keys (demo PIN).
    let registrar = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        let mut found = None;
        for r in crate::store::roles::list(&mut conn, community_id).await? {
            if r.role == crate::domain::states::Role::Registrar
                && let Some(key) = crate::store::keys::active_for(&mut conn, r.person_id).await?
            {
                found = crate::domain::demo::demo_pin(r.role).map(|pin| {
                    crate::ops::keys::RegistrarSign {
                        key_id: key.id,
                        pin: pin.to_string(),
                    }
                });
            }
        }
        found
    };
    for person_id in people {
        let digest = sha256_hex(format!("yishi-demo-key:{person_id}").as_bytes());
        let mut seed = [0u8; 32];
        hex::decode_to_slice(&digest, &mut seed).expect("a SHA-256 hex digest is 32 bytes");
        let (public, _) = sign_with_seed(
            &seed,
            &crate::crypto::signing::Document::new("yishi/probe/v1"),
        );
        let (community, holder) = {
            let store = ctx.store().await;
            let mut conn = store.reader().acquire().await?;
            let name = crate::store::roles::person_community(&mut conn, person_id)
                .await?
                .map(|(_, n)| n)
                .unwrap_or_default();
            (
                crate::ops::context::require(&mut conn, community_id)
                    .await?
                    .name,
                name,
            )
        };
        let made_at = by.now.timestamp();
        // A setup step, whoever loads the demo: its registrar signs (demo PIN).
        if crate::ops::keys::key_enrol_public(
            ctx,
            &crate::ops::Caller::new(by.actor.clone(), by.now),
            KeyEnrolPublic {
                community_id,
                person_id,
                public_key: crate::ops::keys::possession_line_from_seed(
                    &seed, &community, &holder, made_at,
                ),
                checked_by: "演示数据".into(),
                check: IdCheck::KnownInPerson,
                registrar: registrar.clone(),
            },
        )
        .await
        .is_err()
        {
            continue;
        }
        let request = SignRequest {
            community_id,
            person_id,
            subject: SignSubject::Acknowledgement { version_id },
        };
        let preview = crate::ops::signing::sign_preview(ctx, by, request.clone(), Lang::Zh).await?;
        let (_, signature) = sign_with_seed(&seed, &preview.document);
        let file = SignedFile {
            format: "yishi-signed/v1".into(),
            document: preview.document,
            public_key: public.text(),
            signature,
        };
        crate::ops::signing::signature_submit(ctx, by, SignedFileSubmit { request, file }).await?;
    }
    Ok(())
}

async fn violations(ctx: &Ctx, by: &Caller, convention_id: i64) -> OpResult<()> {
    let today = crate::domain::time::date_in(by.now, crate::domain::time::community_zone());
    let this_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    for (months_back, rows) in [(2u32, EARLIER), (1, LATER)] {
        let first = this_month
            .checked_sub_months(Months::new(months_back))
            .unwrap_or(this_month);
        for (i, (article, building, unit, day)) in rows.iter().enumerate() {
            let on = first.with_day(*day).unwrap_or(first);
            let input = ViolationRecord {
                convention_id,
                article: *article,
                building: (!building.is_empty()).then(|| building.to_string()),
                unit: (!unit.is_empty()).then(|| unit.to_string()),
                place: if building.is_empty() {
                    "地下车库入口".into()
                } else {
                    String::new()
                },
                occurred_at: on.to_string(),
                recorder: if i % 2 == 0 {
                    "巡查队 冉建华".into()
                } else {
                    "楼栋长 向秀兰".into()
                },
                recorder_role: if i % 2 == 0 {
                    RecorderRole::Patrol
                } else {
                    RecorderRole::BuildingHead
                },
                persuaded: i % 5 != 4,
                persuasion: "当面劝导，讲明公约条文。".into(),
                outcome: if i % 5 == 4 {
                    ViolationOutcome::Referred
                } else {
                    ViolationOutcome::Corrected
                },
                photo_sha256: None,
            };
            crate::ops::conventions::violation_record(ctx, by, input, Lang::Zh).await?;
        }
    }
    Ok(())
}

/// Adds the demo conventions to the demo community (called by `demo::demo_load`).
pub(crate) async fn demo_conventions(ctx: &Ctx, by: &Caller, community_id: i64) -> OpResult<()> {
    let civility = inputs(&CIVILITY.iter().map(|t| (*t, None)).collect::<Vec<_>>());
    let (id, version) = adopted(
        ctx,
        by,
        community_id,
        ConventionKind::ResidentsConvention,
        "阳光山庄居民文明公约",
        civility,
        "2026-06-20",
    )
    .await?;
    adopted(
        ctx,
        by,
        community_id,
        ConventionKind::MeetingConduct,
        "阳光山庄议事会会议发言规则",
        inputs(CONDUCT),
        "2026-06-20",
    )
    .await?;
    acknowledgements(ctx, by, community_id, version).await?;
    violations(ctx, by, id).await
}
