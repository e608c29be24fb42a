//! Communities: create, list, settings, buildings. (The demo community is `ops::demo`.)

use crate::domain::roll::count_roll;
use crate::ops::context::require;
use crate::ops::types::{
    AppInfo, BuildingAdd, CommunityCreate, CommunitySettingsUpdate, CommunitySummary,
};
use crate::ops::{Caller, Ctx, Invalid, OpError, OpResult};
use crate::store::community::{self, CommunityRow, NewCommunity};
use crate::store::events::{self, NewEvent};
use crate::store::roll as roll_store;
use serde_json::json;
use sqlx::SqliteConnection;

pub async fn app_info(ctx: &Ctx, by: &Caller) -> OpResult<AppInfo> {
    let communities = community_list(ctx).await?;
    let store = ctx.store().await;
    let (events, head_hash) = events::head_of(store.reader()).await?;
    let mut conn = store.reader().acquire().await?;
    let calendar_warning = crate::ops::calendar::warning_in(&mut conn, by.now).await?;
    Ok(AppInfo {
        calendar_warning,
        version: env!("CARGO_PKG_VERSION").to_string(),
        database: store.path().display().to_string(),
        backup_dir: ctx.backup_dir().display().to_string(),
        communities,
        head_hash,
        events,
        upgraded: ctx
            .upgrade_backup()
            .map(|b| crate::ops::types::UpgradeView {
                backup: b.path.display().to_string(),
                from_migration: b.from_migration,
                to_migration: b.to_migration,
            }),
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
    if ctx.practice_keys() {
        crate::store::keys::mark_practice(tx.conn(), id).await?;
    }
    let digest = roll_store::digest(tx.conn(), id, roll_store::RollDigestVersion::CURRENT).await?;
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(id),
            kind: "community.created",
            payload: json!({ "name": name, "address": input.address.trim(), "buildings": buildings,
                         "parking_counts": input.settings.parking_counts, "roll_digest": digest.hex,
                         "roll_digest_version": digest.version.number() }),
        },
    )
    .await?;
    // The root key that certifies the community's officers and signs what it publishes.
    crate::ops::anchor::ensure_root(&mut tx, &ctx.secrets(), id, by).await?;
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
    let digest = roll_store::digest(
        tx.conn(),
        input.community_id,
        roll_store::RollDigestVersion::CURRENT,
    )
    .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "community.settings_changed",
        payload: json!({ "parking_counts": { "from": before.settings.parking_counts, "to": input.settings.parking_counts },
                         "roll_digest": digest.hex, "roll_digest_version": digest.version.number() }),
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
