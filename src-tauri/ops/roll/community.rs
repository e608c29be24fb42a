//! Communities: create, list, settings, buildings, and the demo community.

use crate::domain::demo;
use crate::domain::roll::{RollSettings, count_roll};
use crate::domain::roster::{RosterContext, check_roster};
use crate::domain::states::Role;
use crate::ops::types::{
    AppInfo, BuildingAdd, CommunityCreate, CommunitySettingsUpdate, CommunitySummary,
};
use crate::ops::{Caller, Ctx, Invalid, Missing, OpError, OpResult};
use crate::store::community::{self, CommunityRow, NewCommunity};
use crate::store::events::{self, NewEvent};
use crate::store::{StoreError, roll as roll_store};
use serde_json::json;
use sqlx::SqliteConnection;

pub async fn app_info(ctx: &Ctx) -> OpResult<AppInfo> {
    let communities = community_list(ctx).await?;
    let store = ctx.store().await;
    let (events, head_hash) = events::head_of(store.reader()).await?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        database: store.path().display().to_string(),
        backup_dir: ctx.backup_dir().display().to_string(),
        communities,
        head_hash,
        events,
    })
}

pub async fn community_list(ctx: &Ctx) -> OpResult<Vec<CommunitySummary>> {
    let store = ctx.store().await;
    let rows = community::list(store.reader()).await?;
    let mut conn = store.reader().acquire().await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(summary(&mut conn, row).await?);
    }
    Ok(out)
}

pub(crate) async fn summary(
    conn: &mut SqliteConnection,
    row: CommunityRow,
) -> OpResult<CommunitySummary> {
    let buildings = community::buildings(conn, row.id)
        .await?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let units = roll_store::units(conn, row.id, None).await?;
    let count = count_roll(&crate::ops::roll::roll_units(&units), row.settings);
    Ok(CommunitySummary {
        id: row.id,
        name: row.name,
        address: row.address,
        settings: row.settings,
        buildings,
        units: units.len() as u32,
        persons: count.persons,
        area: count.area,
    })
}

/// Loads a community or says it does not exist.
pub(crate) async fn require(conn: &mut SqliteConnection, id: i64) -> OpResult<CommunityRow> {
    community::get(conn, id)
        .await?
        .ok_or(OpError::NotFound(Missing::Community(id)))
}

fn clean_name(name: &str) -> OpResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(OpError::Invalid(Invalid::EmptyName));
    }
    if name.chars().count() > 100 {
        return Err(OpError::Invalid(Invalid::NameTooLong));
    }
    Ok(name.to_string())
}

fn clean_names(names: &[String]) -> OpResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for n in names.iter().filter(|n| !n.trim().is_empty()) {
        let n = clean_name(n)?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

pub async fn community_create(
    ctx: &Ctx,
    by: &Caller,
    input: CommunityCreate,
) -> OpResult<CommunitySummary> {
    let name = clean_name(&input.name)?;
    let buildings = clean_names(&input.buildings)?;
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    if community::find_by_name(tx.conn(), &name).await?.is_some() {
        return Err(OpError::DuplicateCommunity(name));
    }
    let id = community::insert(
        tx.conn(),
        NewCommunity {
            name: &name,
            address: input.address.trim(),
            settings: input.settings,
            at: by.now,
        },
    )
    .await?;
    community::add_buildings(tx.conn(), id, &buildings).await?;
    let digest = roll_store::digest(tx.conn(), id).await?;
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(id),
            kind: "community.created",
            payload: json!({ "name": name, "address": input.address.trim(), "buildings": buildings,
                         "parking_counts": input.settings.parking_counts, "roll_digest": digest }),
        },
    )
    .await?;
    let row = require(tx.conn(), id).await?;
    let out = summary(tx.conn(), row).await?;
    tx.commit().await?;
    Ok(out)
}

pub async fn community_settings(
    ctx: &Ctx,
    by: &Caller,
    input: CommunitySettingsUpdate,
) -> OpResult<CommunitySummary> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let before = require(tx.conn(), input.community_id).await?;
    community::set_settings(tx.conn(), input.community_id, input.settings).await?;
    let digest = roll_store::digest(tx.conn(), input.community_id).await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "community.settings_changed",
        payload: json!({ "parking_counts": { "from": before.settings.parking_counts, "to": input.settings.parking_counts },
                         "roll_digest": digest }),
    })
    .await?;
    let row = require(tx.conn(), input.community_id).await?;
    let out = summary(tx.conn(), row).await?;
    tx.commit().await?;
    Ok(out)
}

pub async fn building_add(ctx: &Ctx, by: &Caller, input: BuildingAdd) -> OpResult<Vec<String>> {
    let names = clean_names(&input.names)?;
    if names.is_empty() {
        return Err(OpError::Invalid(Invalid::EmptyName));
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    require(tx.conn(), input.community_id).await?;
    let added = community::add_buildings(tx.conn(), input.community_id, &names).await?;
    let all: Vec<String> = community::buildings(tx.conn(), input.community_id)
        .await?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    if added.is_empty() {
        return Ok(all);
    }
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(input.community_id),
            kind: "community.buildings_added",
            payload: json!({ "buildings": added }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(all)
}

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
    let created = community_create(
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
    crate::ops::access::demo_roles(ctx, by, created.id).await?;
    demo_flow(ctx, by, created.id).await?;
    crate::ops::demo::demo_conventions(ctx, by, created.id).await?;
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let row = require(&mut conn, created.id).await?;
    summary(&mut conn, row).await
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
    let day = crate::ops::meetings::local(by.now) + chrono::Duration::days(3);
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
