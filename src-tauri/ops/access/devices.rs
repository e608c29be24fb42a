//! Device tokens for the meeting-room network (LAN mode): a host pairs a phone or tablet for
//! this meeting by issuing a token; a request from another machine must carry a live one (header
//! `x-yishi-device`) besides reaching only the operations marked for members' devices. Tokens
//! live in memory, end after [`DEVICE_HOURS`] or when revoked, and are logged when issued and
//! revoked. The phone pages (members' own keys, pairing at the sign-in table) build on this.

use super::error::AccessProblem;
use crate::ops::{Caller, Ctx, OpError, OpResult};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Mutex;
use ts_rs::TS;

/// A device token ends this long after it was issued.
pub const DEVICE_HOURS: i64 = 12;
/// The most devices one laptop serves at once (a hall of several hundred).
pub const MAX_DEVICES: usize = 2000;

#[derive(Debug, Clone)]
struct Device {
    community_id: i64,
    label: String,
    issued_at: DateTime<Utc>,
    issued_by: String,
}

/// The paired devices, by the SHA-256 of their token.
#[derive(Debug, Default)]
pub struct Devices {
    inner: Mutex<HashMap<[u8; 32], Device>>,
}

use super::session::{new_token, token_key as key};

/// The short id a host sees for a device (never the token).
fn short_id(k: &[u8; 32]) -> String {
    k[..6].iter().map(|b| format!("{b:02x}")).collect()
}

fn live(d: &Device, now: DateTime<Utc>) -> bool {
    now - d.issued_at <= Duration::hours(DEVICE_HOURS) && now >= d.issued_at - Duration::minutes(5)
}

impl Devices {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Device>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `token` is a live device token; its community when it is.
    pub fn check(&self, token: &str, now: DateTime<Utc>) -> Option<i64> {
        let map = self.lock();
        map.get(&key(token))
            .filter(|d| live(d, now))
            .map(|d| d.community_id)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeviceIssue {
    #[ts(type = "number")]
    pub community_id: i64,
    /// What the host calls it ("3栋 王阿姨的手机", "签到台平板").
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeviceView {
    /// A short id for listing and revoking (not the token).
    pub device_id: String,
    pub label: String,
    pub issued_at: String,
    pub expires_at: String,
    pub issued_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeviceIssued {
    /// Given to the device once (by QR at the table); it sends it as `x-yishi-device`.
    pub token: String,
    pub device: DeviceView,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeviceRevoke {
    #[ts(type = "number")]
    pub community_id: i64,
    pub device_id: String,
}

fn view(k: &[u8; 32], d: &Device) -> DeviceView {
    DeviceView {
        device_id: short_id(k),
        label: d.label.clone(),
        issued_at: crate::ops::context::stamp(d.issued_at),
        expires_at: crate::ops::context::stamp(d.issued_at + Duration::hours(DEVICE_HOURS)),
        issued_by: d.issued_by.clone(),
    }
}

/// `device_issue`: pairs a device for the meeting room; logged.
pub async fn device_issue(ctx: &Ctx, by: &Caller, input: DeviceIssue) -> OpResult<DeviceIssued> {
    let label = input.label.trim();
    if label.is_empty() {
        return Err(OpError::Invalid(crate::ops::Invalid::EmptyName));
    }
    if label.chars().count() > 60 {
        return Err(OpError::Invalid(crate::ops::Invalid::NameTooLong));
    }
    let token = new_token();
    let k = key(&token);
    let device = Device {
        community_id: input.community_id,
        label: label.to_string(),
        issued_at: by.now,
        issued_by: by.actor.clone(),
    };
    {
        let mut map = ctx.devices().lock();
        map.retain(|_, d| live(d, by.now));
        if map.len() >= MAX_DEVICES {
            return Err(OpError::Access(AccessProblem::TooManyDevices {
                max: MAX_DEVICES,
            }));
        }
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    crate::ops::log(
        &mut tx,
        by,
        input.community_id,
        "device.issued",
        json!({ "device_id": short_id(&k), "label": device.label, "hours": DEVICE_HOURS }),
    )
    .await?;
    tx.commit().await?;
    let out = view(&k, &device);
    ctx.devices().lock().insert(k, device);
    Ok(DeviceIssued { token, device: out })
}

/// `device_list`: the live devices of a community.
pub fn device_list(ctx: &Ctx, community_id: i64, now: DateTime<Utc>) -> OpResult<Vec<DeviceView>> {
    let map = ctx.devices().lock();
    let mut out: Vec<DeviceView> = map
        .iter()
        .filter(|(_, d)| d.community_id == community_id && live(d, now))
        .map(|(k, d)| view(k, d))
        .collect();
    out.sort_by(|a, b| a.issued_at.cmp(&b.issued_at).then(a.label.cmp(&b.label)));
    Ok(out)
}

/// `device_revoke`: ends a device's token (a lost phone); logged.
pub async fn device_revoke(
    ctx: &Ctx,
    by: &Caller,
    input: DeviceRevoke,
) -> OpResult<Vec<DeviceView>> {
    let removed = {
        let mut map = ctx.devices().lock();
        let found = map
            .iter()
            .find(|(k, d)| short_id(k) == input.device_id && d.community_id == input.community_id)
            .map(|(k, _)| *k);
        found.and_then(|k| map.remove(&k))
    };
    let Some(d) = removed else {
        return Err(OpError::Access(AccessProblem::NoSuchDevice));
    };
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::log(
        &mut tx,
        by,
        input.community_id,
        "device.revoked",
        json!({ "device_id": input.device_id, "label": d.label }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    device_list(ctx, input.community_id, by.now)
}
