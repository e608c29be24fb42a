//! Importing the property company's roster: preview (write nothing, report every problem with
//! its line and column), then commit the exact plan the user saw, in one transaction.
//!
//! Invariant: a commit writes only when the file still yields the previewed plan against the
//! roll as it was previewed (`plan_digest`), and only when the plan has no problem at all.

use crate::crypto::canonical::IdKey;
use crate::crypto::canonical::{Canonical, sha256_hex};
use crate::domain::area::Area;
use crate::domain::roll::{RollOwner, RollUnit, count_roll};
use crate::domain::roster::{PlannedUnit, RosterContext, RowProblem, check_roster};
use crate::formats::{messages, roster::parse_roster, table::read_table};
use crate::lang::Lang;
use crate::ops::types::{
    ImportCommit, ImportOutcome, ImportPreview, ImportRequest, JobProgress, NoticeView,
    PersonBrief, ProblemView, UnitRow,
};
use crate::ops::{Caller, Ctx, Invalid, OpError, OpResult};
use crate::store::community;
use crate::store::events::{self, NewEvent};
use crate::store::roll::{self as roll_store, StoredUnit, planned_digest};
use base64::Engine;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Where a plan came from, for the log.
pub struct PlanSource<'a> {
    pub file_name: &'a str,
    pub file_digest: &'a str,
}

/// Everything the preview shows and the commit needs.
struct Prepared {
    preview: ImportPreview,
    units: Vec<PlannedUnit>,
    file_digest: String,
    problem_count: usize,
}

const MAX_BASE64: usize = 70 * 1024 * 1024;

fn decode(req: &ImportRequest) -> OpResult<Vec<u8>> {
    if req.content_base64.len() > MAX_BASE64 {
        return Err(OpError::Invalid(Invalid::FileTooLarge));
    }
    base64::engine::general_purpose::STANDARD
        .decode(req.content_base64.trim())
        .map_err(|_| OpError::Invalid(Invalid::Base64))
}

fn progress(ctx: &Ctx, job: Option<&str>, phase: &str, done: u32, total: u32) {
    if let Some(job_id) = job {
        ctx.set_job(JobProgress {
            job_id: job_id.to_string(),
            phase: phase.to_string(),
            done,
            total,
        });
    }
}

async fn prepare(
    ctx: &Ctx,
    req: &ImportRequest,
    lang: Lang,
    job: Option<&str>,
) -> OpResult<Prepared> {
    progress(ctx, job, "parse", 0, 0);
    let bytes = decode(req)?;
    let file_digest = sha256_hex(&bytes);
    let table = read_table(&req.file_name, &bytes)?;
    let parsed = parse_roster(&table);
    progress(ctx, job, "check", 0, parsed.rows_read);
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let community = crate::ops::context::require(&mut conn, req.community_id).await?;
    let known: BTreeSet<String> = community::buildings(&mut conn, req.community_id)
        .await?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    let plan = check_roster(
        parsed.rows,
        &RosterContext {
            known_buildings: (!req.options.create_buildings).then_some(&known),
        },
    );
    let mut problems: Vec<RowProblem> = parsed.problems;
    problems.extend(plan.problems);
    problems.sort_by_key(|p| (p.line, p.column));
    let mut notices = parsed.notices;
    notices.extend(plan.notices);

    let stored = roll_store::units(&mut conn, req.community_id, None).await?;
    let roll_digest = roll_store::digest_of(
        roll_store::RollDigestVersion::CURRENT,
        community.settings.parking_counts,
        &stored,
    )
    .hex;
    let key = ctx.secrets().id_key(req.community_id);
    let diff = diff(&key, &stored, &plan.units);
    let before = count_roll(&crate::ops::roll::roll_units(&stored), community.settings);
    let after = count_roll(&merged_roll(&key, &stored, &plan.units), community.settings);
    let mut new_buildings: Vec<String> = Vec::new();
    for u in &plan.units {
        if !known.contains(&u.building) && !new_buildings.contains(&u.building) {
            new_buildings.push(u.building.clone());
        }
    }
    let plan_digest = Canonical::new("yishi/import-plan/v1")
        .text(&file_digest)
        .text(&req.file_name)
        .int(i64::from(req.options.create_buildings))
        .text(&roll_digest)
        .sha256_hex();
    let problem_count = problems.len();
    let preview = ImportPreview {
        file_name: req.file_name.clone(),
        format: table.format.label().to_string(),
        encoding: table.encoding.to_string(),
        rows_read: parsed.rows_read,
        units_in_file: plan.units.len() as u32,
        new_units: diff.new,
        changed_units: diff.changed,
        unchanged_units: diff.unchanged,
        absent_units: diff.absent,
        new_buildings,
        problems: problems
            .into_iter()
            .map(|p| ProblemView {
                column_label: p
                    .column
                    .map(|c| crate::ops::types::column_label(c).to_string()),
                message: messages::problem_message(&p, lang),
                problem: p,
            })
            .collect(),
        notices: notices
            .into_iter()
            .map(|n| NoticeView {
                message: messages::notice_message(&n, lang),
                notice: n,
            })
            .collect(),
        persons_after: after.persons,
        area_after: after.area,
        persons_before: before.persons,
        area_before: before.area,
        sample: plan.units.iter().take(20).map(planned_row).collect(),
        can_commit: problem_count == 0 && !plan.units.is_empty(),
        plan_digest,
    };
    Ok(Prepared {
        preview,
        units: plan.units,
        file_digest,
        problem_count,
    })
}

pub async fn roll_import_preview(
    ctx: &Ctx,
    req: ImportRequest,
    lang: Lang,
) -> OpResult<ImportPreview> {
    Ok(prepare(ctx, &req, lang, None).await?.preview)
}

pub async fn roll_import_commit(
    ctx: &Ctx,
    by: &Caller,
    input: ImportCommit,
    lang: Lang,
) -> OpResult<ImportOutcome> {
    let job = input.job_id.as_deref();
    let result = async {
        let prepared = prepare(ctx, &input.request, lang, job).await?;
        if prepared.preview.plan_digest != input.plan_digest {
            return Err(OpError::StalePreview);
        }
        if prepared.problem_count > 0 || prepared.units.is_empty() {
            return Err(OpError::Invalid(Invalid::RosterHasProblems(
                prepared.problem_count,
            )));
        }
        let mut outcome = write_plan(
            ctx,
            by,
            input.request.community_id,
            &prepared.units,
            PlanSource {
                file_name: &input.request.file_name,
                file_digest: &prepared.file_digest,
            },
            job,
        )
        .await?;
        outcome.new_units = prepared.preview.new_units;
        outcome.changed_units = prepared.preview.changed_units;
        Ok(outcome)
    }
    .await;
    // The job ends either way, so a polling UI stops.
    progress(ctx, job, "done", 0, 0);
    result
}

/// Writes planned units in one transaction with their event. Creates missing buildings.
pub(crate) async fn write_plan(
    ctx: &Ctx,
    by: &Caller,
    community_id: i64,
    units: &[PlannedUnit],
    source: PlanSource<'_>,
    job: Option<&str>,
) -> OpResult<ImportOutcome> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let community = crate::ops::context::require(tx.conn(), community_id).await?;
    let mut buildings: Vec<String> = Vec::new();
    for u in units {
        if !buildings.contains(&u.building) {
            buildings.push(u.building.clone());
        }
    }
    let created = community::add_buildings(tx.conn(), community_id, &buildings).await?;
    let total = units.len() as u32;
    progress(ctx, job, "write", 0, total);
    let key = ctx.secrets().id_key(community_id);
    roll_store::apply_plan(tx.conn(), community_id, &key, units, &|done| {
        progress(ctx, job, "write", done, total)
    })
    .await?;
    let stored = roll_store::units(tx.conn(), community_id, None).await?;
    let digest = roll_store::digest_of(
        roll_store::RollDigestVersion::CURRENT,
        community.settings.parking_counts,
        &stored,
    );
    let count = count_roll(&crate::ops::roll::roll_units(&stored), community.settings);
    let seq = events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(community_id),
        kind: "roll.imported",
        payload: json!({
            "file_name": source.file_name, "file_sha256": source.file_digest, "units": units.len(),
            "buildings_created": created, "persons": count.persons, "area_centi": count.area.0,
            "roll_digest": digest.hex, "roll_digest_version": digest.version.number(),
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(ImportOutcome {
        event_seq: seq,
        new_units: 0,
        changed_units: 0,
        persons: count.persons,
        area: count.area,
        digest: digest.hex,
    })
}

struct Diff {
    new: u32,
    changed: u32,
    unchanged: u32,
    absent: Vec<String>,
}

fn diff(id_key: &IdKey, stored: &[StoredUnit], planned: &[PlannedUnit]) -> Diff {
    let by_key: BTreeMap<(&str, &str), &StoredUnit> = stored
        .iter()
        .map(|u| ((u.building.as_str(), u.number.as_str()), u))
        .collect();
    let mut d = Diff {
        new: 0,
        changed: 0,
        unchanged: 0,
        absent: Vec::new(),
    };
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for p in planned {
        let key = (p.building.as_str(), p.unit.as_str());
        seen.insert(key);
        match by_key.get(&key) {
            None => d.new += 1,
            Some(s) if same_unit(id_key, s, p) => d.unchanged += 1,
            Some(_) => d.changed += 1,
        }
    }
    d.absent = stored
        .iter()
        .filter(|u| !seen.contains(&(u.building.as_str(), u.number.as_str())))
        .map(|u| format!("{} {}", u.building, u.number))
        .collect();
    d
}

fn same_unit(key: &IdKey, s: &StoredUnit, p: &PlannedUnit) -> bool {
    if s.kind != p.kind
        || s.area != p.area
        || s.area_source != p.area_source
        || s.status != p.status
        || s.people.len() != p.people.len()
    {
        return false;
    }
    let stored: BTreeSet<(String, &str, crate::domain::roster::Relation, bool)> = s
        .people
        .iter()
        .map(|x| {
            (
                x.id_digest.clone(),
                x.name.as_str(),
                x.relation,
                x.designated_voter,
            )
        })
        .collect();
    let planned: BTreeSet<(String, &str, crate::domain::roster::Relation, bool)> = p
        .people
        .iter()
        .map(|x| {
            (
                planned_digest(key, p, x),
                x.name.as_str(),
                x.relation,
                x.designated_voter,
            )
        })
        .collect();
    stored == planned
}

/// The roll as it would be after the import: stored units the file does not mention, plus the
/// planned units, with persons identified by their digest.
fn merged_roll(key: &IdKey, stored: &[StoredUnit], planned: &[PlannedUnit]) -> Vec<RollUnit> {
    let planned_keys: BTreeSet<(&str, &str)> = planned
        .iter()
        .map(|u| (u.building.as_str(), u.unit.as_str()))
        .collect();
    let mut ids: BTreeMap<String, i64> = BTreeMap::new();
    for u in stored {
        for p in &u.people {
            ids.insert(p.id_digest.clone(), p.person_id);
        }
    }
    let kept = stored
        .iter()
        .filter(|u| !planned_keys.contains(&(u.building.as_str(), u.number.as_str())))
        .cloned()
        .collect::<Vec<_>>();
    let mut out = crate::ops::roll::roll_units(&kept);
    let mut next_new = -1;
    for u in planned {
        let owners = u
            .people
            .iter()
            .filter(|p| p.relation.is_owner())
            .map(|p| {
                let digest = planned_digest(key, u, p);
                let id = *ids.entry(digest).or_insert_with(|| {
                    next_new -= 1;
                    next_new
                });
                RollOwner {
                    person_id: id,
                    name: p.name.clone(),
                    is_developer: p.relation == crate::domain::roster::Relation::Developer,
                    designated_voter: p.designated_voter,
                }
            })
            .collect();
        out.push(RollUnit {
            unit_id: 0,
            label: format!("{} {}", u.building, u.unit),
            building: u.building.clone(),
            kind: u.kind,
            status: u.status,
            area: u.area,
            owners,
        });
    }
    out
}

fn planned_row(u: &PlannedUnit) -> UnitRow {
    UnitRow {
        unit_id: 0,
        building: u.building.clone(),
        number: u.unit.clone(),
        kind: u.kind,
        area: u.area,
        area_source: u.area_source,
        status: u.status,
        people: u
            .people
            .iter()
            .map(|p| PersonBrief {
                person_id: 0,
                name: p.name.clone(),
                relation: p.relation,
                designated_voter: p.designated_voter,
                is_developer: p.relation == crate::domain::roster::Relation::Developer,
                phone_masked: crate::ops::roll::mask_phone(&p.phone),
                id_tail: crate::store::roll::id_tail(&p.id_number),
            })
            .collect(),
    }
}

/// Total area helper kept for the CLI's one-line summary.
pub fn describe_count(persons: u32, area: Area) -> String {
    format!("N = {persons}, A = {} m²", area.grouped())
}
