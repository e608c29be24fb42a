//! The demo community 阳光山庄: its roster through the same import path a real roster takes, its
//! office holders, a consultation flow under way, and (in `conventions.rs`) its conventions.

use crate::domain::demo;
use crate::domain::roll::RollSettings;
use crate::domain::roster::{RosterContext, check_roster};
use crate::ops::context::require;
use crate::ops::types::{CommunityCreate, CommunitySummary};
use crate::ops::types::{Role, RoleAssign};
use crate::ops::{Caller, Ctx, OpError, OpResult};
use crate::store::StoreError;

/// Creates the demo community 阳光山庄 through the same import path a real roster takes.
pub async fn demo_load(ctx: &Ctx, by: &Caller) -> OpResult<CommunitySummary> {
    let rows = demo::demo_roster();
    let plan = check_roster(
        rows,
        &RosterContext {
            known_buildings: None,
        },
    );
    if !plan.problems.is_empty() {
        return Err(OpError::Storage(StoreError::Corrupt(format!(
            "demo roster has {} problems",
            plan.problems.len()
        ))));
    }
    let mut buildings: Vec<String> = Vec::new();
    for u in &plan.units {
        if !buildings.contains(&u.building) {
            buildings.push(u.building.clone());
        }
    }
    let created = crate::ops::roll::community_create(
        ctx,
        by,
        CommunityCreate {
            name: demo::DEMO_NAME.to_string(),
            address: demo::DEMO_ADDRESS.to_string(),
            buildings,
            settings: RollSettings {
                parking_counts: false,
            },
        },
    )
    .await?;
    {
        // The demo is never a real community: its keys use the cheap practice cost (its PINs are
        // printed for anyone to try), which a real community refuses.
        let store = ctx.store().await;
        let mut tx = store.begin().await?;
        crate::store::keys::mark_practice(tx.conn(), created.id).await?;
        crate::ops::log(
            &mut tx,
            by,
            created.id,
            "community.practice",
            serde_json::json!({ "reason": "demo" }),
        )
        .await?;
        tx.commit().await?;
    }
    crate::ops::roll::write_plan(
        ctx,
        by,
        created.id,
        &plan.units,
        crate::ops::roll::PlanSource {
            file_name: "demo",
            file_digest: "demo",
        },
        None,
    )
    .await?;
    demo_roles(ctx, by, created.id).await?;
    demo_flow(ctx, by, created.id).await?;
    crate::ops::demo::demo_conventions(ctx, by, created.id).await?;
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let row = require(&mut conn, created.id).await?;
    crate::ops::roll::summary(&mut conn, row).await
}

/// The demo's consultation flow: a lift for building 3 taken up by the party branch, whose
/// meeting about it is announced for three days from now, and a newly raised matter.
async fn demo_flow(ctx: &Ctx, by: &Caller, community_id: i64) -> OpResult<()> {
    use crate::domain::meeting::MeetingKind;
    use crate::domain::vote::MatterCategory;
    use crate::ops::meetings::{
        AgendaAdd, MatterAct, MatterRaise, MatterStep, MeetingAnnounce, MeetingMode,
        MeetingSchedule,
    };
    let lang = crate::lang::Lang::Zh;
    let lift = crate::ops::matters::matter_raise(
        ctx,
        by,
        MatterRaise {
            community_id,
            title: "3栋加装电梯".into(),
            description:
                "3栋共18层，住户中70岁以上老人较多，上下楼困难，楼栋长收集到多户加装电梯的意愿。"
                    .into(),
            category: MatterCategory::BuildingCommonParts,
            buildings: vec!["3栋".into()],
            raised_by: "3栋楼栋长".into(),
        },
        lang,
    )
    .await?
    .summary
    .matter_id;
    crate::ops::matters::matter_act(
        ctx,
        by,
        MatterAct {
            matter_id: lift,
            step: MatterStep::TakeUp,
        },
        lang,
    )
    .await?;
    crate::ops::matters::matter_raise(
        ctx,
        by,
        MatterRaise {
            community_id,
            title: "东门电动车充电桩".into(),
            description: "居民反映电动车在楼道充电有火灾隐患，建议在东门增设集中充电桩。".into(),
            category: MatterCategory::ChangeUseOfCommonParts,
            buildings: Vec::new(),
            raised_by: "网格员".into(),
        },
        lang,
    )
    .await?;
    let (host, secretary) = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        let roles = crate::store::roles::list(&mut conn, community_id).await?;
        let find = |r: Role| roles.iter().find(|x| x.role == r).map(|x| x.person_id);
        (find(Role::Host), find(Role::Secretary))
    };
    let day = crate::ops::context::local(by.now) + chrono::Duration::days(3);
    let meeting = crate::ops::meetings::meeting_schedule(
        ctx,
        by,
        MeetingSchedule {
            community_id,
            kind: MeetingKind::PartyBranch,
            mode: MeetingMode::InPerson,
            title: "党支部会议（3栋加装电梯）".into(),
            place: "社区党群服务中心二楼".into(),
            starts_at: format!("{}T19:00", day.date()),
            host_id: host,
            secretary_id: secretary,
            entitled: None,
            residents_mode: None,
        },
        lang,
    )
    .await?
    .summary
    .meeting_id;
    crate::ops::meetings::agenda_add(
        ctx,
        by,
        AgendaAdd {
            meeting_id: meeting,
            title: "研究3栋加装电梯的工作方向".into(),
            matter_id: Some(lift),
            planned_minutes: 30,
        },
        lang,
    )
    .await?;
    crate::ops::meetings::meeting_announce(
        ctx,
        by,
        MeetingAnnounce {
            meeting_id: meeting,
            accept_short_notice: false,
        },
        lang,
    )
    .await?;
    Ok(())
}

/// The demo's office holders, picked from its roll so the roles panel is not empty.
pub(crate) async fn demo_roles(ctx: &Ctx, by: &Caller, community_id: i64) -> OpResult<()> {
    let plan = [
        Role::Host,
        Role::PartyBranch,
        Role::Secretary,
        Role::OwnersCommittee,
        Role::OwnersCommittee,
        Role::ResidentsCommittee,
        Role::PropertyCompany,
        Role::BuildingHead,
        Role::Registrar,
        Role::Counter,
        Role::Scrutineer,
    ];
    let candidates = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        crate::store::roll::units(&mut conn, community_id, None).await?
    };
    let owners: Vec<(i64, String)> = candidates
        .iter()
        .filter_map(|u| {
            u.people
                .iter()
                .find(|p| p.relation == crate::domain::roster::Relation::Owner)
                .map(|p| (p.person_id, u.building.clone()))
        })
        .step_by(29)
        .collect();
    if owners.len() < plan.len() {
        return Err(OpError::Storage(StoreError::Corrupt(format!(
            "the demo roll has {} owners to pick {} office holders from",
            owners.len(),
            plan.len()
        ))));
    }
    for (role, (person_id, building)) in plan.into_iter().zip(owners) {
        let building = (role == Role::BuildingHead).then_some(building);
        crate::ops::access::role_assign(
            ctx,
            by,
            RoleAssign {
                community_id,
                person_id,
                role,
                building,
            },
        )
        .await?;
        if let Some(pin) = demo::demo_pin(role) {
            // A setup step, whoever loads the demo: its keys are certified below by its host.
            crate::ops::keys::key_enrol(
                ctx,
                &Caller::new(by.actor.clone(), by.now),
                crate::ops::keys::KeyEnrol {
                    community_id,
                    person_id,
                    pin: pin.to_string(),
                    checked_by: by.actor.clone(),
                    check: crate::ops::keys::IdCheck::KnownInPerson,
                    registrar: None,
                },
            )
            .await?;
        }
    }
    demo_certificates(ctx, by, community_id).await
}

/// The demo's certificates: the host certifies every other office holder's key, the registrar
/// the host's (nobody certifies their own); the root certified their offices as they came.
async fn demo_certificates(ctx: &Ctx, by: &Caller, community_id: i64) -> OpResult<()> {
    let holders = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        let mut out = Vec::new();
        for r in crate::store::roles::list(&mut conn, community_id).await? {
            if let Some(key) = crate::store::keys::active_for(&mut conn, r.person_id).await? {
                out.push((r.role, r.person_id, key.id));
            }
        }
        out
    };
    let Some(&(_, host_id, host_key)) = holders.iter().find(|h| h.0 == Role::Host) else {
        return Ok(());
    };
    let host = crate::ops::keys::RegistrarSign {
        key_id: host_key,
        pin: demo::demo_pin(Role::Host)
            .expect("the demo host has a demo PIN")
            .to_string(),
    };
    // The host certifies every other office holder's key; nobody certifies their own, so the
    // registrar certifies the host's.
    for (_, person_id, _) in &holders {
        crate::ops::keys::certify_in_setup(ctx, by, community_id, *person_id, &host).await?;
    }
    if let Some(&(role, _, key_id)) = holders.iter().find(|h| h.0 == Role::Registrar) {
        let registrar = crate::ops::keys::RegistrarSign {
            key_id,
            pin: demo::demo_pin(role)
                .expect("the demo registrar has a demo PIN")
                .to_string(),
        };
        crate::ops::keys::certify_in_setup(ctx, by, community_id, host_id, &registrar).await?;
    }
    Ok(())
}

/// One demo office holder who can sign in, with their demo PIN (printed by `yishi demo`: the
/// demo is for trying the app, never for a real community).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DemoOperator {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub role: Role,
    pub pin: String,
}

/// The demo community's office holders who can sign in, and their demo PINs.
pub async fn demo_operators(ctx: &Ctx, community_id: i64) -> OpResult<Vec<DemoOperator>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let c = require(&mut conn, community_id).await?;
    // Only the demo itself, which is always a practice community: a real community that happens
    // to bear the demo's name gets nothing.
    if c.name != demo::DEMO_NAME
        || !crate::store::keys::community_is_practice(&mut conn, community_id).await?
    {
        return Ok(Vec::new());
    }
    let roles = crate::store::roles::list(&mut conn, community_id).await?;
    Ok(roles
        .into_iter()
        .filter_map(|r| {
            demo::demo_pin(r.role).map(|pin| DemoOperator {
                person_id: r.person_id,
                name: r.name,
                role: r.role,
                pin: pin.to_string(),
            })
        })
        .collect())
}
