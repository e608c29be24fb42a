//! Opening a request (the interested owners come from the roll, never typed in) and adding an
//! owner outside the building who showed harm. Each is one transaction with its event, the
//! event carrying every new row's digest for the audit.

use super::error::ConsentProblem as P;
use super::types::{ConsentAddParty, ConsentDetail, ConsentOpen};
use crate::domain::consent::{self, Basis, Outcome, Party, SignedAnswer, Status, Terms};
use crate::formats::consent::{ConsentRequestInfo, ConsentRollUnit, parse_instant, roll_hash};
use crate::lang::Lang;
use crate::ops::{Caller, Ctx, OpError, OpResult};
use crate::store::consents::{self as store, AnswerRow, PartyRow, RequestRow};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

pub(crate) fn err(p: P) -> OpError {
    OpError::Consent(p)
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// RFC 3339, or a bare local date-time from a picker read in the community's zone (+08:00).
fn parse_deadline(text: &str) -> OpResult<DateTime<Utc>> {
    if let Some(t) = parse_instant(text) {
        return Ok(t);
    }
    let t = text.trim();
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| err(P::BadDeadline(text.to_string())))?;
    let china = chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset");
    naive
        .and_local_timezone(china)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| err(P::BadDeadline(text.to_string())))
}

fn required(text: &str, zh: &'static str, en: &'static str) -> OpResult<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(err(P::Empty(zh, en)));
    }
    Ok(t.to_string())
}

/// A request with everything its outcome depends on, as stored.
pub(crate) struct State {
    pub request: RequestRow,
    pub parties: Vec<PartyRow>,
    pub answers: Vec<AnswerRow>,
}

impl State {
    pub(crate) fn info(&self) -> ConsentRequestInfo {
        info(&self.request)
    }

    pub(crate) fn party_list(&self) -> Vec<Party> {
        self.parties.iter().map(|p| p.party.clone()).collect()
    }

    pub(crate) fn outcome(&self, now: DateTime<Utc>) -> Outcome {
        let answers: Vec<SignedAnswer> = self
            .answers
            .iter()
            .filter_map(|a| {
                let party = self.parties.iter().find(|p| p.id == a.party_id)?;
                Some(SignedAnswer {
                    party: party.party.key.clone(),
                    person_id: a.person_id,
                    answer: a.answer,
                    at: parse_instant(&a.signed_at)?,
                })
            })
            .collect();
        let deadline = parse_instant(&self.request.deadline).unwrap_or(now);
        consent::outcome(
            &self.party_list(),
            &answers,
            Terms {
                rule: self.request.co_owners,
                deadline,
                now,
            },
        )
    }
}

pub(crate) fn info(r: &RequestRow) -> ConsentRequestInfo {
    let building = extract(r)
        .into_iter()
        .find(|u| u.unit_id == r.unit_id)
        .map(|u| u.building)
        .unwrap_or_default();
    ConsentRequestInfo {
        id: r.id,
        unit_id: r.unit_id,
        unit: r.unit_label.clone(),
        building,
        applicant: r.applicant.clone(),
        business: r.business.clone(),
        deadline: r.deadline.clone(),
        co_owners: r.co_owners,
        opened_at: r.opened_at.clone(),
    }
}

/// The building's roll as it stood at opening (empty if the stored text no longer parses: the
/// record then fails its own check, and the audit names the edited row).
pub(crate) fn extract(r: &RequestRow) -> Vec<ConsentRollUnit> {
    serde_json::from_str(&r.roll_extract).unwrap_or_default()
}

pub(crate) async fn load(conn: &mut SqliteConnection, consent_id: i64) -> OpResult<State> {
    let request = store::request(conn, consent_id)
        .await?
        .ok_or(err(P::NoSuchRequest(consent_id)))?;
    let parties = store::parties(conn, consent_id).await?;
    let answers = store::answers(conn, consent_id).await?;
    Ok(State {
        request,
        parties,
        answers,
    })
}

/// `consent_open`: the interested owners are computed from the roll of the unit's building.
pub async fn consent_open(
    ctx: &Ctx,
    by: &Caller,
    input: ConsentOpen,
    lang: Lang,
) -> OpResult<ConsentDetail> {
    let applicant = required(&input.applicant, "申请人", "Applicant")?;
    let business = required(&input.business, "经营内容", "Business")?;
    let deadline = parse_deadline(&input.deadline)?;
    if deadline <= by.now {
        return Err(err(P::DeadlinePassed));
    }
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    let units = crate::ops::roll::roll_units(
        &crate::store::roll::units(tx.conn(), input.community_id, None).await?,
    );
    let unit = units
        .iter()
        .find(|u| u.unit_id == input.unit_id)
        .ok_or(err(P::NoSuchUnit(input.unit_id)))?;
    let parties = consent::interested(&units, input.unit_id).map_err(|e| err(P::Interest(e)))?;
    let extract: Vec<ConsentRollUnit> = units
        .iter()
        .filter(|u| u.building == unit.building)
        .map(ConsentRollUnit::from_roll)
        .collect();
    let mut row = RequestRow {
        id: 0,
        community_id: input.community_id,
        unit_id: unit.unit_id,
        unit_label: unit.label.clone(),
        applicant,
        business,
        deadline: stamp(deadline),
        co_owners: input.co_owners,
        roll_extract: serde_json::to_string(&extract).expect("plain structs serialise"),
        roll_hash: roll_hash(&unit.building, &extract),
        opened_at: stamp(by.now),
        opened_by: by.actor.clone(),
    };
    row.id = store::insert_request(tx.conn(), &row).await?;
    let mut party_digests = Vec::with_capacity(parties.len());
    for party in parties {
        let mut p = PartyRow {
            id: 0,
            consent_id: row.id,
            party,
            added_at: row.opened_at.clone(),
            added_by: by.actor.clone(),
        };
        p.id = store::insert_party(tx.conn(), &p).await?;
        party_digests.push(
            json!({ "party_id": p.id, "key": p.party.key, "row_sha256": store::party_digest(&p) }),
        );
    }
    crate::ops::log(
        &mut tx,
        by,
        input.community_id,
        "consent.opened",
        json!({
            "consent_id": row.id, "unit": row.unit_label, "deadline": row.deadline,
            "co_owners": row.co_owners.as_str(), "roll_hash": row.roll_hash,
            "row_sha256": store::request_digest(&row), "parties": party_digests,
        }),
    )
    .await?;
    let detail = super::view::detail_of(tx.conn(), row.id, by.now, lang).await?;
    tx.commit().await?;
    Ok(detail)
}

fn is_hex64(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `consent_add_party`: an owner outside the building who showed the change harms them. Only
/// adds: the list by law is never made smaller.
pub async fn consent_add_party(
    ctx: &Ctx,
    by: &Caller,
    input: ConsentAddParty,
    lang: Lang,
) -> OpResult<ConsentDetail> {
    let reason = required(&input.reason, "受影响的理由", "Reason")?;
    let evidence = input.evidence_sha256.trim().to_ascii_lowercase();
    if !is_hex64(&evidence) {
        return Err(err(P::BadEvidence));
    }
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let state = load(tx.conn(), input.consent_id).await?;
    let status = state.outcome(by.now).status;
    if status != Status::Pending {
        return Err(err(P::Decided(status)));
    }
    let community_id = state.request.community_id;
    let units = crate::ops::roll::roll_units(
        &crate::store::roll::units(tx.conn(), community_id, None).await?,
    );
    let mut party = outside_entry(tx.conn(), &units, &state, &input).await?;
    party.basis = Basis::ShownHarm {
        reason,
        evidence_sha256: evidence,
        added_at: stamp(by.now),
    };
    let mut p = PartyRow {
        id: 0,
        consent_id: state.request.id,
        party,
        added_at: stamp(by.now),
        added_by: by.actor.clone(),
    };
    p.id = store::insert_party(tx.conn(), &p).await?;
    crate::ops::log(
        &mut tx,
        by,
        community_id,
        "consent.party_added",
        json!({
            "consent_id": state.request.id, "party_id": p.id, "key": p.party.key,
            "units": p.party.units, "row_sha256": store::party_digest(&p),
        }),
    )
    .await?;
    let detail = super::view::detail_of(tx.conn(), state.request.id, by.now, lang).await?;
    tx.commit().await?;
    Ok(detail)
}

/// The roll entry the outside owner speaks for: not the applicant's, not already listed.
async fn outside_entry(
    conn: &mut SqliteConnection,
    units: &[crate::domain::roll::RollUnit],
    state: &State,
    input: &ConsentAddParty,
) -> OpResult<Party> {
    let (_, name) = crate::store::roles::person_community(conn, input.person_id)
        .await?
        .filter(|(c, _)| *c == state.request.community_id)
        .ok_or(OpError::NotFound(crate::ops::Missing::Person(
            input.person_id,
        )))?;
    let mut entries = consent::entries_of(units, input.person_id);
    if let Some(unit_id) = input.unit_id {
        let unit = units
            .iter()
            .find(|u| u.unit_id == unit_id)
            .ok_or(err(P::NoSuchUnit(unit_id)))?;
        let key = consent::entry_key(unit);
        entries.retain(|e| e.key == key);
    }
    let entry = match entries.len() {
        0 => return Err(err(P::NotAnOwner { name })),
        1 => entries.remove(0),
        _ => {
            let units: Vec<String> = entries.iter().flat_map(|e| e.units.clone()).collect();
            return Err(err(P::ChooseUnit {
                name,
                units: units.join("、"),
            }));
        }
    };
    let applicant_unit = units.iter().find(|u| u.unit_id == state.request.unit_id);
    if applicant_unit.is_some_and(|u| consent::entry_key(u) == entry.key) {
        return Err(err(P::ApplicantItself));
    }
    if let Some(listed) = state.parties.iter().find(|p| p.party.key == entry.key) {
        return Err(err(P::AlreadyListed {
            units: listed.party.units.join("、"),
        }));
    }
    Ok(entry)
}
