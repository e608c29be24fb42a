//! Votes: propose the legal rule, create, open (freezing the roll and publishing its hash),
//! proxies, and the live view. Ballots are in `ballots`, closing and the record in `vote_result`.

use crate::domain::residents::{Entitlement, Home, HomePerson, entitled_residents};
use crate::domain::roll::count_roll;
use crate::domain::states::{Role, VoteForm};
use crate::domain::vote::{
    self, BallotPolicy, ProposalContext, ResidentsMode, Rule, Scope, VoteSettings,
};
use crate::formats::record::{self, RollSnapshotEntry, VoteRecord};
use crate::ops::votes::{
    BallotView, Participation, ProxyView, RuleAdvice, RuleQuery, ServedView, VoteCreate,
    VoteDetail, VoteKind, VoteStatus, VoteView,
};
use crate::ops::{Caller, Ctx, OpError, OpResult, VoteProblem};
use crate::store::events::{self, NewEvent};
use crate::store::votes::{self as vote_store, VoteRow};
use crate::store::{roles as role_store, roll as roll_store};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

/// A window shorter than this, or longer than `MAX_WINDOW_DAYS`, is refused.
pub const MIN_WINDOW_MINUTES: i64 = 10;
pub const MAX_WINDOW_DAYS: i64 = 90;

pub(crate) use crate::ops::context::{parse_time, stamp};

async fn role_count(
    conn: &mut SqliteConnection,
    community_id: i64,
    role: Role,
) -> OpResult<Vec<i64>> {
    Ok(role_store::list(conn, community_id)
        .await?
        .into_iter()
        .filter(|r| r.role == role)
        .map(|r| r.person_id)
        .collect())
}

pub async fn rule_advice(ctx: &Ctx, q: RuleQuery) -> OpResult<RuleAdvice> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, q.community_id).await?;
    let members = role_count(&mut conn, q.community_id, Role::OwnersCommittee)
        .await?
        .len() as u32;
    let mode = q.residents_mode.unwrap_or_default();
    if !mode.is_valid() {
        return Err(OpError::Vote(VoteProblem::BadResidentsMode));
    }
    let entitlement = residents(&mut conn, q.community_id, mode, local_day(Utc::now())).await?;
    let proposal = vote::propose_rule(
        q.category,
        ProposalContext {
            building: q.building.clone(),
            entrance: q.entrance.clone(),
            committee_members: members,
            residents_entitled: entitlement.entitled,
            residents_mode: mode,
        },
    );
    check_scope(&mut conn, q.community_id, &proposal.scope).await?;
    let settings = VoteSettings {
        rule: proposal.rule.clone(),
        scope: proposal.scope.clone(),
        ballot_policy: BallotPolicy::FirstStands,
        conformity_clause: false,
        proxy_limit: None,
    };
    Ok(RuleAdvice {
        proposal,
        settings,
        residents: matches!(q.category, vote::MatterCategory::ResidentsAffairs)
            .then_some(entitlement),
    })
}

/// The community's date (UTC+8) at an instant: ages are counted on it.
pub(crate) fn local_day(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .date_naive()
}

/// A building or entrance scope must name a building of the community and an entrance with
/// units in it.
async fn check_scope(
    conn: &mut SqliteConnection,
    community_id: i64,
    scope: &Scope,
) -> OpResult<()> {
    let Some(building) = scope.building() else {
        return Ok(());
    };
    let known = crate::store::community::buildings(conn, community_id).await?;
    if !known.iter().any(|(_, n)| n == building) {
        return Err(OpError::NotFound(crate::ops::Missing::Building(
            building.to_string(),
        )));
    }
    if let Some(entrance) = scope.entrance() {
        let units = roll_store::units(conn, community_id, Some(building)).await?;
        if !units.iter().any(|u| u.entrance == entrance) {
            return Err(OpError::Vote(VoteProblem::NoSuchEntrance {
                building: building.to_string(),
                entrance: entrance.to_string(),
            }));
        }
    }
    Ok(())
}

/// Everyone attached to a unit (owners and residents), for the committee's roll.
async fn attached(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<Vec<RollSnapshotEntry>> {
    let units = roll_store::units(conn, community_id, None).await?;
    let mut by_person: std::collections::BTreeMap<i64, RollSnapshotEntry> =
        std::collections::BTreeMap::new();
    for u in &units {
        for p in u.people.iter().filter(|p| !p.is_developer) {
            let e = by_person
                .entry(p.person_id)
                .or_insert_with(|| RollSnapshotEntry {
                    person_id: p.person_id,
                    name: p.name.clone(),
                    units: Vec::new(),
                    area: Default::default(),
                    voter_id: None,
                    committed: None,
                });
            e.units.push(format!("{} {}", u.building, u.number));
        }
    }
    Ok(by_person.into_values().collect())
}

/// Those entitled at a residents' meeting held on `on` by `mode` (居委会组织法 Art. 9; see
/// `domain::residents`): residents of the homes, tenants included, non-resident owners and
/// minors excluded.
pub(crate) async fn residents(
    conn: &mut SqliteConnection,
    community_id: i64,
    mode: ResidentsMode,
    on: NaiveDate,
) -> OpResult<Entitlement> {
    let units = roll_store::units(conn, community_id, None).await?;
    let homes: Vec<Home> = units
        .iter()
        .filter(|u| u.kind == crate::domain::roster::UnitKind::Residence)
        .map(|u| Home {
            label: format!("{} {}", u.building, u.number),
            people: u
                .people
                .iter()
                .map(|p| HomePerson {
                    person_id: p.person_id,
                    name: p.name.clone(),
                    relation: p.relation,
                    lives_there: p.lives_there,
                    adult_from: p.adult_from,
                })
                .collect(),
        })
        .collect();
    Ok(entitled_residents(&homes, mode, on))
}

/// The roll a vote counts over, frozen when the vote opens on `on` (local date): the scope's
/// owners for owners' rules, the members for a committee, those entitled for residents.
async fn snapshot(
    conn: &mut SqliteConnection,
    community_id: i64,
    settings: &VoteSettings,
    on: NaiveDate,
    at: &str,
) -> OpResult<(Option<String>, Vec<RollSnapshotEntry>)> {
    let community = crate::ops::context::require(conn, community_id).await?;
    if !settings.scope_fits_rule() {
        return Err(OpError::Vote(VoteProblem::ScopeNotForRule));
    }
    match &settings.rule {
        Rule::CommitteeMeeting { .. } => {
            let members = role_count(conn, community_id, Role::OwnersCommittee).await?;
            let all = attached(conn, community_id).await?;
            Ok((
                Some("owners_committee".into()),
                all.into_iter()
                    .filter(|e| members.contains(&e.person_id))
                    .collect(),
            ))
        }
        Rule::ResidentsMeeting { mode, .. } => {
            if !mode.is_valid() {
                return Err(OpError::Vote(VoteProblem::BadResidentsMode));
            }
            if mode.fixed_entitled().is_some() {
                return Err(OpError::Vote(VoteProblem::ResidentsByGroup));
            }
            let e = residents(conn, community_id, *mode, on).await?;
            if e.unrepresented_households > 0 {
                return Err(OpError::Vote(VoteProblem::UnrepresentedHouseholds(
                    e.unrepresented_households,
                )));
            }
            Ok((
                Some("residents".into()),
                e.persons
                    .into_iter()
                    .map(|p| RollSnapshotEntry {
                        person_id: p.person_id,
                        name: p.name,
                        units: p.homes,
                        area: Default::default(),
                        voter_id: None,
                        committed: None,
                    })
                    .collect(),
            ))
        }
        Rule::OwnersOrdinary | Rule::OwnersMajor => {
            check_scope(conn, community_id, &settings.scope).await?;
            owners_roll(conn, community_id, &settings.scope, community.settings, at)
                .await
                .map(|e| (settings.scope.roll_key(), e))
        }
    }
}

/// The owners' roll: one entry per legal person (`count_roll`), each with its stable roll-entry
/// id (`roll_entries`) and the person who casts its own ballot.
async fn owners_roll(
    conn: &mut SqliteConnection,
    community_id: i64,
    scope: &Scope,
    settings: crate::domain::roll::RollSettings,
    at: &str,
) -> OpResult<Vec<RollSnapshotEntry>> {
    let units: Vec<_> = roll_store::units(conn, community_id, scope.building())
        .await?
        .into_iter()
        .filter(|u| scope.contains(&u.building, &u.entrance))
        .collect();
    let count = count_roll(&crate::ops::roll::roll_units(&units), settings);
    let labels: std::collections::BTreeMap<i64, String> = units
        .iter()
        .map(|u| (u.unit_id, format!("{} {}", u.building, u.number)))
        .collect();
    let mut entries = Vec::with_capacity(count.voters.len());
    for v in count.voters {
        let owners = if v.is_developer {
            "developer".to_string()
        } else {
            v.owners
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let entry_id = vote_store::roll_entry_id(conn, community_id, &owners, at).await?;
        entries.push(RollSnapshotEntry {
            person_id: entry_id,
            name: v.name,
            units: v
                .unit_ids
                .iter()
                .filter_map(|id| labels.get(id).cloned())
                .collect(),
            area: v.area,
            voter_id: Some(v.person_id),
            committed: None,
        });
    }
    Ok(entries)
}

pub(crate) fn kind_of(row: &VoteRow) -> VoteKind {
    match row.kind {
        VoteForm::Election => VoteKind::Election {
            candidates: serde_json::from_str(&row.candidates).unwrap_or_default(),
            seats: row.seats as u32,
            max_approvals: row.max_approvals as u32,
        },
        VoteForm::Question => VoteKind::Question,
    }
}

pub(crate) fn settings_of(row: &VoteRow) -> OpResult<VoteSettings> {
    serde_json::from_str(&row.settings)
        .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))
}

pub(crate) fn view(row: &VoteRow, ballots: u32, now: DateTime<Utc>) -> OpResult<VoteView> {
    let final_at = row
        .closed_at
        .map(|c| c + Duration::days(row.objection_days));
    Ok(VoteView {
        vote_id: row.id,
        community_id: row.community_id,
        title: row.title.clone(),
        motion: row.motion.clone(),
        category: row.category,
        kind: kind_of(row),
        settings: settings_of(row)?,
        status: row.status,
        opens_at: stamp(row.opens_at),
        closes_at: stamp(row.closes_at),
        objection_days: row.objection_days as u32,
        is_final: final_at.is_some_and(|f| now >= f),
        final_at: final_at.map(stamp),
        roll_hash: row.roll_hash.clone(),
        manifest_hash: None,
        manifest_short: None,
        created_at: stamp(row.created_at),
        created_by: row.created_by.clone(),
        ballots,
    })
}

/// The view with the manifest's hash, if the vote was opened with one.
pub(crate) async fn with_manifest(
    conn: &mut SqliteConnection,
    mut v: VoteView,
) -> OpResult<VoteView> {
    if let Some(hash) = crate::store::manifests::hash(conn, v.vote_id).await? {
        v.manifest_short = Some(crate::formats::manifest::short_form(&hash));
        v.manifest_hash = Some(hash);
    }
    Ok(v)
}

pub(crate) async fn require_vote(conn: &mut SqliteConnection, vote_id: i64) -> OpResult<VoteRow> {
    vote_store::get(conn, vote_id)
        .await?
        .ok_or(OpError::Vote(VoteProblem::NoSuchVote(vote_id)))
}

fn check_kind(kind: &VoteKind) -> OpResult<(VoteForm, String, i64, i64)> {
    match kind {
        VoteKind::Question => Ok((VoteForm::Question, "[]".into(), 0, 0)),
        VoteKind::Election {
            candidates,
            seats,
            max_approvals,
        } => {
            let names: Vec<String> = candidates
                .iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            if names.is_empty()
                || *seats == 0
                || *seats as usize > names.len()
                || *max_approvals == 0
                || *max_approvals as usize > names.len()
            {
                return Err(OpError::Vote(VoteProblem::BadElection));
            }
            let json = serde_json::to_string(&names).map_err(|e| OpError::BadArguments {
                op: "candidates".into(),
                detail: e.to_string(),
            })?;
            Ok((
                VoteForm::Election,
                json,
                i64::from(*seats),
                i64::from(*max_approvals),
            ))
        }
    }
}

pub async fn vote_create(ctx: &Ctx, by: &Caller, input: VoteCreate) -> OpResult<VoteView> {
    let (title, motion) = (input.title.trim(), input.motion.trim());
    if title.is_empty() || motion.is_empty() {
        return Err(OpError::Invalid(crate::ops::Invalid::EmptyName));
    }
    let (opens, closes) = (parse_time(&input.opens_at)?, parse_time(&input.closes_at)?);
    if closes - opens < Duration::minutes(MIN_WINDOW_MINUTES)
        || closes - opens > Duration::days(MAX_WINDOW_DAYS)
        || closes <= by.now
    {
        return Err(OpError::Vote(VoteProblem::WindowOutOfBounds));
    }
    let (kind, candidates, seats, max_approvals) = check_kind(&input.kind)?;
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    if !input.settings.scope_fits_rule() {
        return Err(OpError::Vote(VoteProblem::ScopeNotForRule));
    }
    if let Rule::ResidentsMeeting { mode, .. } = &input.settings.rule {
        if !mode.is_valid() {
            return Err(OpError::Vote(VoteProblem::BadResidentsMode));
        }
    }
    check_scope(tx.conn(), input.community_id, &input.settings.scope).await?;
    let settings = serde_json::to_string(&input.settings).map_err(|e| OpError::BadArguments {
        op: "settings".into(),
        detail: e.to_string(),
    })?;
    let links = crate::ops::votes::vote_links(
        tx.conn(),
        input.community_id,
        input.agenda_item_id,
        input.matter_id,
    )
    .await?;
    let id = vote_store::insert(
        tx.conn(),
        vote_store::NewVote {
            community_id: input.community_id,
            title,
            motion,
            kind,
            candidates: &candidates,
            seats,
            max_approvals,
            category: input.category,
            settings: &settings,
            opens_at: opens,
            closes_at: closes,
            objection_days: i64::from(input.objection_days),
            created_at: by.now,
            created_by: &by.actor,
        },
    )
    .await?;
    crate::store::meetings::link_vote(tx.conn(), id, links.0, links.1, links.2).await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "vote.created",
        payload: json!({ "vote_id": id, "title": title, "motion": motion, "settings": input.settings, "opens_at": stamp(opens), "closes_at": stamp(closes),
                         "meeting_id": links.0, "agenda_item_id": links.1, "matter_id": links.2 }),
    })
    .await?;
    let row = require_vote(tx.conn(), id).await?;
    let out = view(&row, 0, by.now)?;
    tx.commit().await?;
    Ok(out)
}

/// Opens voting: the roll is frozen now and its hash published in the log.
pub async fn vote_open(ctx: &Ctx, by: &Caller, vote_id: i64) -> OpResult<VoteView> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let row = require_vote(tx.conn(), vote_id).await?;
    if row.status != VoteStatus::Draft {
        return Err(OpError::Vote(VoteProblem::NotDraft));
    }
    if by.now >= row.closes_at {
        return Err(OpError::Vote(VoteProblem::WindowOutOfBounds));
    }
    let mut settings = settings_of(&row)?;
    let (scope, entries) = snapshot(
        tx.conn(),
        row.community_id,
        &settings,
        local_day(by.now),
        &stamp(by.now),
    )
    .await?;
    // Those entitled at a residents' meeting are the ones on the roll frozen today (ages and
    // the roll may have changed since the vote was drafted): N is fixed here, and logged.
    let mut entitled_fixed = None;
    if let Rule::ResidentsMeeting { entitled, mode } = settings.rule {
        let now_entitled = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        if mode.fixed_entitled().is_none() && entitled != now_entitled {
            settings.rule = Rule::ResidentsMeeting {
                entitled: now_entitled,
                mode,
            };
            let text = serde_json::to_string(&settings).map_err(|e| OpError::BadArguments {
                op: "settings".into(),
                detail: e.to_string(),
            })?;
            vote_store::set_draft_settings(tx.conn(), vote_id, &text).await?;
            entitled_fixed = Some((entitled, now_entitled));
        }
    }
    // The roll hash binds each name through a salted commitment (`yishi/vote-roll/v3`), so a
    // record without names verifies the same way.
    let mut entries = entries;
    super::manifest::commit_names(&mut entries);
    let hash = record::roll_hash(scope.as_deref(), &entries);
    let snapshot_json = json!({ "scope": scope, "entries": entries }).to_string();
    vote_store::open(tx.conn(), vote_id, &snapshot_json, &hash, by.now).await?;
    // The manifest, signed by the community's root: its hash goes on the notice and every
    // ballot binds it.
    let opened = require_vote(tx.conn(), vote_id).await?;
    let community = crate::ops::context::require(tx.conn(), row.community_id).await?;
    let manifest_hash = super::manifest::make(
        &mut tx,
        &ctx.secrets(),
        by,
        &super::record_vote(&opened)?,
        &community.name,
        row.community_id,
        scope.as_deref(),
        &hash,
        &entries,
    )
    .await?;
    let rows: Vec<(i64, i64, String)> = entries
        .iter()
        .map(|e| {
            let json = serde_json::to_string(e).unwrap_or_default();
            (e.person_id, e.voter(), json)
        })
        .collect();
    vote_store::insert_roll(tx.conn(), vote_id, &rows).await?;
    let mut payload = json!({ "vote_id": vote_id, "roll_hash": hash, "persons": entries.len(), "scope": scope, "manifest_hash": manifest_hash });
    if let Some((from, to)) = entitled_fixed {
        payload["entitled_changed"] = json!({ "from": from, "to": to });
    }
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(row.community_id),
            kind: "vote.opened",
            payload,
        },
    )
    .await?;
    let row = require_vote(tx.conn(), vote_id).await?;
    let out = with_manifest(tx.conn(), view(&row, 0, by.now)?).await?;
    use crate::ops::anchor::checkpoint::{Reason, make_checkpoint};
    make_checkpoint(
        &mut tx,
        &ctx.secrets(),
        row.community_id,
        Reason::VoteOpened,
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// One roll entry of the frozen roll, by its id.
pub(crate) async fn roll_entry(
    conn: &mut SqliteConnection,
    vote_id: i64,
    person_id: i64,
) -> OpResult<Option<RollSnapshotEntry>> {
    match vote_store::roll_entry(conn, vote_id, person_id).await? {
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string()))),
        None => Ok(None),
    }
}

/// The roll entry an id names: the entry with that id on the vote's frozen roll, or else the
/// one entry the person with that id votes for (so a screen that picks the owner as a person
/// still works). Entry ids made since migration 0007 start above 1,000,000,000 and never meet
/// a person's id; in rolls frozen before, an entry's id is its voter's. `Err` when the person
/// votes for several entries and must say which.
pub(crate) async fn resolve_entry(
    conn: &mut SqliteConnection,
    vote_id: i64,
    id: i64,
) -> OpResult<Option<RollSnapshotEntry>> {
    if let Some(entry) = roll_entry(conn, vote_id, id).await? {
        return Ok(Some(entry));
    }
    let mut theirs = entries_voted_by(conn, vote_id, id).await?;
    if theirs.len() > 1 {
        return Err(OpError::Vote(VoteProblem::SeveralEntries(
            theirs.iter().map(|e| e.units.join("、")).collect(),
        )));
    }
    Ok(theirs.pop())
}

/// The entries a person casts the own ballot of, on a vote's frozen roll.
pub(crate) async fn entries_voted_by(
    conn: &mut SqliteConnection,
    vote_id: i64,
    person_id: i64,
) -> OpResult<Vec<RollSnapshotEntry>> {
    vote_store::entries_voted_by(conn, vote_id, person_id)
        .await?
        .iter()
        .map(|text| {
            serde_json::from_str(text)
                .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))
        })
        .collect()
}

/// The frozen roll of an open or closed vote.
pub(crate) fn frozen_roll(row: &VoteRow) -> OpResult<(Option<String>, Vec<RollSnapshotEntry>)> {
    let text = row
        .roll_snapshot
        .as_deref()
        .ok_or(OpError::Vote(VoteProblem::NotOpen))?;
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))?;
    let scope = v.get("scope").and_then(|s| s.as_str()).map(str::to_string);
    let entries = serde_json::from_value(v.get("entries").cloned().unwrap_or_default())
        .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))?;
    Ok((scope, entries))
}

pub async fn vote_list(
    ctx: &Ctx,
    by_now: DateTime<Utc>,
    community_id: i64,
) -> OpResult<Vec<VoteView>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, community_id).await?;
    let mut out = Vec::new();
    for row in vote_store::list(&mut conn, community_id).await? {
        let n = vote_store::ballots(&mut conn, row.id).await?.len() as u32;
        out.push(with_manifest(&mut conn, view(&row, n, by_now)?).await?);
    }
    Ok(out)
}

pub async fn vote_detail(
    ctx: &Ctx,
    now: DateTime<Utc>,
    vote_id: i64,
    lang: crate::lang::Lang,
) -> OpResult<VoteDetail> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let record: VoteRecord = crate::ops::votes::record_in(&mut conn, vote_id).await?;
    let row = require_vote(&mut conn, vote_id).await?;
    let names: std::collections::BTreeMap<i64, &RollSnapshotEntry> = record
        .roll
        .entries
        .iter()
        .map(|e| (e.person_id, e))
        .collect();
    let own = |b: &record::RecordBallot| {
        names
            .get(&b.person_id)
            .is_some_and(|e| e.voter() == b.cast_by)
    };
    let counted = record::resolve_seq(
        &record
            .ballots
            .iter()
            .map(|b| (b.person_id, u64::from(b.seq), vote::Choice::Agree, own(b)))
            .collect::<Vec<_>>(),
        record.vote.settings.ballot_policy,
    );
    let ballots = record
        .ballots
        .iter()
        .map(|b| BallotView {
            ballot_id: i64::from(b.seq),
            units: names
                .get(&b.person_id)
                .map(|e| e.units.clone())
                .unwrap_or_default(),
            voter_name: names
                .get(&b.person_id)
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            by_proxy: !own(b),
            channel: b.channel.clone(),
            choice: b.choice.clone(),
            receipt: b.receipt.clone(),
            cast_at: b
                .signed
                .as_ref()
                .and_then(|s| s.document.get_text("signed_at").map(str::to_string))
                .unwrap_or_default(),
            counted: counted.contains(&(b.person_id, u64::from(b.seq))),
        })
        .collect();
    let participation = if row.status == VoteStatus::Draft {
        None
    } else {
        Some(participation(&record))
    };
    let result = record
        .result
        .as_ref()
        .map(|r| crate::ops::votes::result_text(&record, &r.outcome, lang));
    let passed = record.result.as_ref().map(|r| r.outcome.passed());
    // A proxy is a person (who need not be on the roll); the owner is a roll entry.
    let mut proxy_names = std::collections::BTreeMap::new();
    // The signers of each registration, by their keys' holders.
    let holders: std::collections::BTreeMap<String, i64> = record
        .keys
        .iter()
        .map(|k| (k.public_key.to_lowercase(), k.person_id))
        .collect();
    let signer_ids = |p: &record::RecordProxy| -> Vec<i64> {
        p.signed
            .iter()
            .filter_map(|f| holders.get(&f.public_key.to_lowercase()).copied())
            .collect()
    };
    for p in &record.proxies {
        for id in std::iter::once(p.proxy_id).chain(signer_ids(p)) {
            if let Some((_, name)) = role_store::person_community(&mut conn, id).await? {
                proxy_names.insert(id, name);
            }
        }
    }
    let proxies = record
        .proxies
        .iter()
        .map(|p| ProxyView {
            owner_id: p.owner_id,
            proxy_id: p.proxy_id,
            owner: names
                .get(&p.owner_id)
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            owner_units: names
                .get(&p.owner_id)
                .map(|e| e.units.clone())
                .unwrap_or_default(),
            proxy: proxy_names
                .get(&p.proxy_id)
                .cloned()
                .unwrap_or_else(|| format!("#{}", p.proxy_id)),
            scan_sha256: p.scan_sha256.clone(),
            scope: p.scope.clone(),
            expires_at: p.expires_at.clone(),
            signed_by: signer_ids(p)
                .iter()
                .map(|id| {
                    proxy_names
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| format!("#{id}"))
                })
                .collect(),
            registered_at: p
                .signed
                .first()
                .and_then(|f| f.document.get_text("registered_at"))
                .unwrap_or_default()
                .to_string(),
        })
        .collect();
    let voted: std::collections::BTreeSet<i64> =
        record.ballots.iter().map(|b| b.person_id).collect();
    let served = vote_store::served(&mut conn, vote_id)
        .await?
        .into_iter()
        .map(
            |(person_id, method, evidence_sha256, served_on)| ServedView {
                name: names
                    .get(&person_id)
                    .map(|e| e.name.clone())
                    .unwrap_or_default(),
                units: names
                    .get(&person_id)
                    .map(|e| e.units.join("、"))
                    .unwrap_or_default(),
                voted: voted.contains(&person_id),
                person_id,
                method,
                evidence_sha256,
                served_on,
            },
        )
        .collect();
    Ok(VoteDetail {
        served,
        vote: with_manifest(&mut conn, view(&row, record.ballots.len() as u32, now)?).await?,
        participation,
        ballots,
        refused: record
            .refused
            .iter()
            .map(|r| format!("{} {}", r.at, r.reason))
            .collect(),
        proxies,
        result_text: result,
        passed,
    })
}

/// Persons and area participating so far, against the quorum line.
fn participation(r: &VoteRecord) -> Participation {
    let good: Vec<&record::RecordBallot> = r.ballots.iter().collect();
    let n = r.roll.entries.len() as u32;
    let a = r.roll.entries.iter().map(|e| e.area).sum();
    match record::recount(r, &good) {
        Ok(record::Outcome::Question(t)) => Participation {
            n,
            a,
            pn: t.pn,
            pa: t.pa,
            quorum_persons: t.quorum_line.persons,
            quorum_area: t.quorum_line.area,
            refused: r.refused.len() as u32,
        },
        Ok(record::Outcome::Election(e)) => Participation {
            n,
            a,
            pn: e.pn,
            pa: e.pa,
            quorum_persons: e.quorum_line.persons,
            quorum_area: e.quorum_line.area,
            refused: r.refused.len() as u32,
        },
        Err(_) => Participation {
            n,
            a,
            pn: 0,
            pa: Default::default(),
            quorum_persons: 0,
            quorum_area: Default::default(),
            refused: r.refused.len() as u32,
        },
    }
}
