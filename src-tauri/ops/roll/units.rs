//! Reading the roll: N and A with every merge explained, the unit list, person search, export.

use crate::domain::roll::{RollOwner, RollUnit, count_roll};
use crate::domain::roster::RosterRow;
use crate::ops::types::{
    BuildingStat, ExportFile, ExportFormat, ExportRequest, PersonBrief, PersonHit, PersonQuery,
    RollQuery, RollSummary, UnitPage, UnitQuery, UnitRow,
};
use crate::ops::{Ctx, OpResult};
use crate::store::community;
use crate::store::roll::{self as roll_store, StoredPerson, StoredUnit};
use base64::Engine;

/// The roll's view of stored units: owners only, residents left out.
pub fn roll_units(units: &[StoredUnit]) -> Vec<RollUnit> {
    units
        .iter()
        .map(|u| RollUnit {
            unit_id: u.unit_id,
            label: format!("{} {}", u.building, u.number),
            building: u.building.clone(),
            kind: u.kind,
            status: u.status,
            area: u.area,
            owners: u
                .people
                .iter()
                .filter(|p| p.relation.is_owner())
                .map(|p| RollOwner {
                    person_id: p.person_id,
                    name: p.name.clone(),
                    is_developer: p.is_developer,
                    designated_voter: p.designated_voter,
                })
                .collect(),
        })
        .collect()
}

/// "13812345678" -> "138****5678"; short numbers keep only their last two digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().filter(|c| !c.is_whitespace()).collect();
    match chars.len() {
        0 => String::new(),
        n if n >= 7 => format!(
            "{}****{}",
            chars[..3].iter().collect::<String>(),
            chars[n - 4..].iter().collect::<String>()
        ),
        n => format!(
            "{}{}",
            "*".repeat(n.saturating_sub(2)),
            chars[n.saturating_sub(2)..].iter().collect::<String>()
        ),
    }
}

pub fn person_brief(p: &StoredPerson) -> PersonBrief {
    PersonBrief {
        person_id: p.person_id,
        name: p.name.clone(),
        relation: p.relation,
        designated_voter: p.designated_voter,
        is_developer: p.is_developer,
        phone_masked: mask_phone(&p.phone),
        id_tail: p.id_tail.clone(),
    }
}

pub fn unit_row(u: &StoredUnit) -> UnitRow {
    UnitRow {
        unit_id: u.unit_id,
        building: u.building.clone(),
        number: u.number.clone(),
        kind: u.kind,
        area: u.area,
        area_source: u.area_source,
        status: u.status,
        people: u.people.iter().map(person_brief).collect(),
    }
}

pub async fn roll_summary(ctx: &Ctx, q: RollQuery) -> OpResult<RollSummary> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let community = crate::ops::context::require(&mut conn, q.community_id).await?;
    let building = q
        .building
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    if let Some(b) = building {
        let known = community::buildings(&mut conn, q.community_id).await?;
        if !known.iter().any(|(_, n)| n == b) {
            return Err(crate::ops::OpError::NotFound(
                crate::ops::Missing::Building(b.to_string()),
            ));
        }
    }
    let all = roll_store::units(&mut conn, q.community_id, None).await?;
    let digest = roll_store::digest_of(
        roll_store::RollDigestVersion::CURRENT,
        community.settings.parking_counts,
        &all,
    )
    .hex;
    let mut buildings = Vec::new();
    for (_, name) in community::buildings(&mut conn, q.community_id).await? {
        let in_building: Vec<StoredUnit> =
            all.iter().filter(|u| u.building == name).cloned().collect();
        let count = count_roll(&roll_units(&in_building), community.settings);
        buildings.push(BuildingStat {
            building: name,
            units: in_building.len() as u32,
            persons: count.persons,
            area: count.area,
        });
    }
    let scoped: Vec<StoredUnit> = match building {
        Some(b) => all.into_iter().filter(|u| u.building == b).collect(),
        None => all,
    };
    let count = count_roll(&roll_units(&scoped), community.settings);
    Ok(RollSummary {
        community_id: q.community_id,
        building: building.map(str::to_string),
        settings: community.settings,
        persons: count.persons,
        area: count.area,
        units: count.units,
        parking_excluded: count.parking_excluded,
        ownerless: count.ownerless,
        merges: count.merges,
        buildings,
        digest,
    })
}

pub async fn unit_list(ctx: &Ctx, q: UnitQuery) -> OpResult<UnitPage> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, q.community_id).await?;
    let building = q.building.as_deref().filter(|b| !b.trim().is_empty());
    let units = roll_store::units(&mut conn, q.community_id, building).await?;
    let needle = q.search.as_deref().map(str::trim).unwrap_or("");
    let matching: Vec<&StoredUnit> = units
        .iter()
        .filter(|u| {
            needle.is_empty()
                || u.number.contains(needle)
                || format!("{}{}", u.building, u.number).contains(&needle.replace(' ', ""))
                || u.people.iter().any(|p| p.name.contains(needle))
        })
        .collect();
    let limit = q.limit.unwrap_or(50).clamp(1, 500) as usize;
    Ok(UnitPage {
        total: matching.len() as u32,
        offset: q.offset,
        units: matching
            .into_iter()
            .skip(q.offset as usize)
            .take(limit)
            .map(unit_row)
            .collect(),
    })
}

pub async fn person_search(ctx: &Ctx, q: PersonQuery) -> OpResult<Vec<PersonHit>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, q.community_id).await?;
    let needle = q.search.trim();
    if needle.is_empty() {
        return Ok(Vec::new());
    }
    let hits = roll_store::search_persons(&mut conn, q.community_id, needle, 30).await?;
    Ok(hits
        .into_iter()
        .map(|(p, units)| PersonHit {
            person: person_brief(&p),
            units,
        })
        .collect())
}

/// The roll as roster rows, in the import layout: identity numbers appear only as the keyed
/// digest the database keeps (`hmac-sha256:…`, useless without the community's key, which no
/// export carries), which re-imports onto the same persons.
pub fn roster_rows(units: &[StoredUnit]) -> Vec<RosterRow> {
    let mut rows = Vec::new();
    for u in units {
        for p in &u.people {
            rows.push(RosterRow {
                line: rows.len() as u32 + 2,
                building: u.building.clone(),
                unit: u.number.clone(),
                entrance: u.entrance.clone(),
                kind: u.kind,
                area: u.area,
                area_source: u.area_source,
                status: u.status,
                name: p.name.clone(),
                id_number: format!("{}{}", crate::crypto::canonical::KEYED_PREFIX, p.id_digest),
                phone: p.phone.clone(),
                relation: p.relation,
                designated_voter: p.designated_voter,
                adult_from: p.adult_from,
                lives_there: p.lives_there,
            });
        }
    }
    rows
}

pub async fn roll_export(ctx: &Ctx, q: ExportRequest) -> OpResult<ExportFile> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let community = crate::ops::context::require(&mut conn, q.community_id).await?;
    let units = roll_store::units(&mut conn, q.community_id, None).await?;
    let rows = roster_rows(&units);
    let (bytes, ext, mime) = match q.format {
        ExportFormat::Csv => (
            crate::formats::export::roster_csv(&rows),
            "csv",
            "text/csv;charset=utf-8",
        ),
    };
    // The community's name is user text: made one safe component before it names a file.
    let file_name =
        crate::domain::file_names::safe_file_name(&format!("{}-名册.{ext}", community.name));
    let saved_to = if q.save_to_downloads {
        let dir = crate::ops::documents::downloads(ctx.backup_dir());
        let path = crate::ops::documents::save_bytes_into(&dir, &file_name, &bytes)?;
        Some(path.display().to_string())
    } else {
        None
    };
    Ok(ExportFile {
        file_name,
        mime: mime.to_string(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        saved_to,
    })
}
