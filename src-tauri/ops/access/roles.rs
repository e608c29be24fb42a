//! Office holders of a community.

use crate::ops::keys::certify;
use crate::ops::types::{Role, RoleAssign, RoleEntry, RoleRemove};
use crate::ops::{Caller, Ctx, Invalid, Missing, OpError, OpResult};
use crate::store::events::{self, NewEvent};
use crate::store::{community, roles};
use serde_json::json;

pub use crate::domain::states::role_label;

async fn entries(conn: &mut sqlx::SqliteConnection, community_id: i64) -> OpResult<Vec<RoleEntry>> {
    Ok(roles::list(conn, community_id)
        .await?
        .into_iter()
        .map(|r| RoleEntry {
            role_id: r.role_id,
            person_id: r.person_id,
            name: r.name,
            role: r.role,
            building: r.building,
            units: r.units,
        })
        .collect())
}

pub async fn role_list(ctx: &Ctx, community_id: i64) -> OpResult<Vec<RoleEntry>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, community_id).await?;
    entries(&mut conn, community_id).await
}

pub async fn role_assign(ctx: &Ctx, by: &Caller, input: RoleAssign) -> OpResult<Vec<RoleEntry>> {
    let building = input
        .building
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    match (input.role, building) {
        (Role::BuildingHead, None) => return Err(OpError::Invalid(Invalid::BuildingNeeded)),
        (Role::BuildingHead, Some(_)) | (_, None) => {}
        (_, Some(_)) => return Err(OpError::Invalid(Invalid::BuildingNotForRole)),
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    let (person_community, name) = roles::person_community(tx.conn(), input.person_id)
        .await?
        .ok_or(OpError::NotFound(Missing::Person(input.person_id)))?;
    if person_community != input.community_id {
        return Err(OpError::NotFound(Missing::Person(input.person_id)));
    }
    let building_id = match building {
        Some(b) => Some(
            community::buildings(tx.conn(), input.community_id)
                .await?
                .into_iter()
                .find(|(_, n)| n == b)
                .map(|(id, _)| id)
                .ok_or_else(|| OpError::NotFound(Missing::Building(b.to_string())))?,
        ),
        None => None,
    };
    if !roles::assign(
        tx.conn(),
        input.community_id,
        input.person_id,
        input.role,
        building_id,
    )
    .await?
    {
        return Err(OpError::Invalid(Invalid::RoleExists));
    }
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "role.assigned",
        payload: json!({ "person_id": input.person_id, "name": name, "role": input.role.key(), "building": building }),
    })
    .await?;
    // The root certifies the holder's key for the office (when they have one).
    certify::certify_offices(
        &mut tx,
        &ctx.secrets(),
        by,
        input.community_id,
        input.person_id,
    )
    .await?;
    let out = entries(tx.conn(), input.community_id).await?;
    tx.commit().await?;
    Ok(out)
}

pub async fn role_remove(ctx: &Ctx, by: &Caller, input: RoleRemove) -> OpResult<Vec<RoleEntry>> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    // The last host who can sign in stays: without one, nobody could name the next.
    if crate::store::access::removes_last_host(tx.conn(), input.community_id, input.role_id).await?
    {
        return Err(OpError::Invalid(Invalid::LastHost));
    }
    let person_id = roles::list(tx.conn(), input.community_id)
        .await?
        .iter()
        .find(|r| r.role_id == input.role_id)
        .map(|r| r.person_id);
    let (name, role) = roles::remove(tx.conn(), input.community_id, input.role_id)
        .await?
        .ok_or(OpError::NotFound(Missing::Role(input.role_id)))?;
    // The root ends the key's offices and certifies again those the person still holds.
    if let Some(person_id) = person_id
        && let Some(key) = crate::store::keys::active_for(tx.conn(), person_id).await?
    {
        let public = crate::ops::keys::public_of(&key)?;
        certify::end_offices(
            &mut tx,
            &ctx.secrets(),
            by,
            input.community_id,
            person_id,
            &public,
            &format!("office ended: {}", role.key()),
        )
        .await?;
    }
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(input.community_id),
            kind: "role.removed",
            payload: json!({ "role_id": input.role_id, "name": name, "role": role }),
        },
    )
    .await?;
    let out = entries(tx.conn(), input.community_id).await?;
    tx.commit().await?;
    Ok(out)
}
