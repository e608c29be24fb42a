//! Changing a home to business use (住改商): 民法典 Art. 279, 司法解释 Art. 11. Not a vote but
//! the consent of every interested owner.
//!
//! * The interested owners are, by law, every other owner (roll entry: a sole owner, a group of
//!   co-owners, the developer) holding a unit in the same building: `interested` computes them
//!   from the roll and nothing may take one away. Owners outside the building are added only when
//!   they show harm (`Basis::ShownHarm`, with a reason and an evidence hash).
//! * Each interested owner signs consent or refusal. Silence at the deadline is no consent; one
//!   refusal ends the request at once. Whether every co-owner of a co-owned entry must sign or
//!   its designated voter suffices is a setting of the request (`CoOwnerRule`): *unsettled* law.
//! * `outcome` is a pure function of the parties, the signed answers, the setting, the deadline
//!   and `now`. A signature counts when it was made at or before the deadline (inclusive) and
//!   by one of its party's signers; the first of a person's answers for a party stands.
//!
//! Invariant: the same inputs give the same outcome; no clock is read here.

use super::roll::{RollOwner, RollUnit, held_by_developer};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// Who must sign for a co-owned entry (司法解释 Art. 11 is silent: a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CoOwnerRule {
    /// The co-owners' designated voter signs for them all.
    DesignatedVoter,
    /// Every co-owner signs; one co-owner's refusal is the entry's refusal.
    EveryCoOwner,
}

impl CoOwnerRule {
    pub fn as_str(self) -> &'static str {
        match self {
            CoOwnerRule::DesignatedVoter => "designated_voter",
            CoOwnerRule::EveryCoOwner => "every_co_owner",
        }
    }

    pub fn parse(text: &str) -> Option<CoOwnerRule> {
        match text {
            "designated_voter" => Some(CoOwnerRule::DesignatedVoter),
            "every_co_owner" => Some(CoOwnerRule::EveryCoOwner),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "ConsentAnswer")]
pub enum Answer {
    Consent,
    Refuse,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Consent => "consent",
            Answer::Refuse => "refuse",
        }
    }

    pub fn parse(text: &str) -> Option<Answer> {
        match text {
            "consent" => Some(Answer::Consent),
            "refuse" => Some(Answer::Refuse),
            _ => None,
        }
    }
}

/// Why an owner is on the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "ConsentBasis")]
pub enum Basis {
    /// Owns a unit in the building of the unit that changes use (by law).
    SameBuilding,
    /// Owns outside the building and showed the change harms them (added by the host).
    ShownHarm {
        reason: String,
        evidence_sha256: String,
        added_at: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ConsentPartyMember")]
pub struct PartyMember {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub designated_voter: bool,
}

/// One interested owner: a roll entry (sole owner, group of co-owners, or the developer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ConsentParty")]
pub struct Party {
    /// `owners:<person ids joined by +>` or `developer`: the same entry always has the same key.
    pub key: String,
    pub basis: Basis,
    /// The entry's units that make it interested ("3栋 1201").
    pub units: Vec<String>,
    pub members: Vec<PartyMember>,
    pub developer: bool,
}

impl Party {
    /// Who signs for this entry under the rule.
    pub fn signers(&self, rule: CoOwnerRule) -> Vec<i64> {
        match rule {
            CoOwnerRule::EveryCoOwner => self.members.iter().map(|m| m.person_id).collect(),
            CoOwnerRule::DesignatedVoter => self
                .members
                .iter()
                .find(|m| m.designated_voter)
                .or_else(|| self.members.first())
                .map(|m| vec![m.person_id])
                .unwrap_or_default(),
        }
    }
}

/// Why the interested list cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterestError {
    NoSuchUnit(i64),
    /// The unit that changes use has no owner on the roll.
    ApplicantOwnerless(String),
    /// A unit of the building has no owner on the roll: the list would be incomplete.
    OwnerlessUnit(String),
    /// Nobody but the applicant owns in the building.
    NoOtherOwner(String),
}

/// The roll-entry key of a unit: the developer for everything it still holds, else its owners.
pub fn entry_key(unit: &RollUnit) -> String {
    if held_by_developer(unit.status) || unit.owners.iter().all(|o| o.is_developer) {
        return "developer".into();
    }
    let ids: BTreeSet<i64> = unit.owners.iter().map(|o| o.person_id).collect();
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("owners:{}", ids.join("+"))
}

fn member(o: &RollOwner) -> PartyMember {
    PartyMember {
        person_id: o.person_id,
        name: o.name.clone(),
        designated_voter: o.designated_voter,
    }
}

/// The members of an entry from its units: the developer's own persons for the developer (the
/// buyer a file names on an undelivered unit does not sign for it), else the owners.
fn members_of(key: &str, units: &[&RollUnit]) -> Vec<PartyMember> {
    let mut seen = BTreeSet::new();
    let owners = units.iter().flat_map(|u| u.owners.iter());
    let chosen: Vec<&RollOwner> = if key == "developer" {
        let devs: Vec<&RollOwner> = owners.clone().filter(|o| o.is_developer).collect();
        if devs.is_empty() {
            owners.collect()
        } else {
            devs
        }
    } else {
        owners.collect()
    };
    chosen
        .into_iter()
        .filter(|o| seen.insert(o.person_id))
        .map(member)
        .collect()
}

/// The parties that are interested by law: every other roll entry holding a unit in the building
/// of `unit_id`, in the roll's order. Units of the applicant's own entry are left out.
pub fn interested(units: &[RollUnit], unit_id: i64) -> Result<Vec<Party>, InterestError> {
    let unit = units
        .iter()
        .find(|u| u.unit_id == unit_id)
        .ok_or(InterestError::NoSuchUnit(unit_id))?;
    if unit.owners.is_empty() {
        return Err(InterestError::ApplicantOwnerless(unit.label.clone()));
    }
    let applicant = entry_key(unit);
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<&RollUnit>> = BTreeMap::new();
    for u in units.iter().filter(|u| u.building == unit.building) {
        if u.owners.is_empty() {
            return Err(InterestError::OwnerlessUnit(u.label.clone()));
        }
        let key = entry_key(u);
        if key == applicant {
            continue;
        }
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(u);
    }
    if order.is_empty() {
        return Err(InterestError::NoOtherOwner(unit.building.clone()));
    }
    Ok(order
        .into_iter()
        .map(|key| {
            let us = &groups[&key];
            Party {
                members: members_of(&key, us),
                units: us.iter().map(|u| u.label.clone()).collect(),
                developer: key == "developer",
                basis: Basis::SameBuilding,
                key,
            }
        })
        .collect())
}

/// The entry an outside owner speaks for: the units of `units` whose entry includes `person_id`,
/// grouped by entry. The caller picks one when there are several.
pub fn entries_of(units: &[RollUnit], person_id: i64) -> Vec<Party> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<&RollUnit>> = BTreeMap::new();
    for u in units {
        if !u.owners.iter().any(|o| o.person_id == person_id) {
            continue;
        }
        let key = entry_key(u);
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(u);
    }
    order
        .into_iter()
        .map(|key| {
            let us = &groups[&key];
            Party {
                members: members_of(&key, us),
                units: us.iter().map(|u| u.label.clone()).collect(),
                developer: key == "developer",
                basis: Basis::SameBuilding,
                key,
            }
        })
        .collect()
}

/// One signed answer as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedAnswer {
    pub party: String,
    pub person_id: i64,
    pub answer: Answer,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "ConsentStatus")]
pub enum Status {
    /// Before the deadline, no refusal, some interested owner has not consented yet.
    Pending,
    /// Every interested owner consented by the deadline.
    Consented,
    /// An interested owner refused: ended at once.
    Refused,
    /// The deadline passed with someone silent: no consent.
    Lapsed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Consented => "consented",
            Status::Refused => "refused",
            Status::Lapsed => "lapsed",
        }
    }
}

/// Where one party stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ConsentPartyState")]
pub struct PartyState {
    pub party: String,
    pub consented: bool,
    pub refused: bool,
    /// Signers still to answer (person ids).
    #[ts(type = "Array<number>")]
    pub waiting: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ConsentOutcome")]
pub struct Outcome {
    pub status: Status,
    /// When it was decided: the last consent needed, the refusal, or the deadline.
    pub decided_at: Option<String>,
    /// The refusing party and signer, when refused.
    pub refused_by: Option<String>,
    #[ts(type = "number | null")]
    pub refused_signer: Option<i64>,
    pub parties: Vec<PartyState>,
    /// Signatures left out of the count: (party, person, why) in plain English words.
    pub ignored: Vec<String>,
}

/// The settings and times the outcome depends on.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub rule: CoOwnerRule,
    pub deadline: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The outcome at `terms.now`. See the module docs for what counts.
pub fn outcome(parties: &[Party], answers: &[SignedAnswer], terms: Terms) -> Outcome {
    let signers: BTreeMap<&str, BTreeSet<i64>> = parties
        .iter()
        .map(|p| (p.key.as_str(), p.signers(terms.rule).into_iter().collect()))
        .collect();
    let mut ignored = Vec::new();
    let mut counted: Vec<&SignedAnswer> = Vec::new();
    let mut seen: BTreeSet<(&str, i64)> = BTreeSet::new();
    let mut sorted: Vec<&SignedAnswer> = answers.iter().collect();
    sorted.sort_by_key(|a| a.at);
    for a in sorted {
        let why = match signers.get(a.party.as_str()) {
            None => Some("not an interested owner"),
            Some(s) if !s.contains(&a.person_id) => Some("not a signer for this owner"),
            Some(_) if a.at > terms.deadline => Some("after the deadline"),
            Some(_) if a.at > terms.now => Some("after the time of the count"),
            Some(_) if !seen.insert((a.party.as_str(), a.person_id)) => Some("a second answer"),
            Some(_) => None,
        };
        match why {
            Some(w) => ignored.push(format!("{} / {}: {w}", a.party, a.person_id)),
            None => counted.push(a),
        }
    }
    // Walk in time order: the first refusal ends it; otherwise the moment the last needed
    // consent arrives decides it.
    let mut given: BTreeMap<&str, BTreeSet<i64>> = BTreeMap::new();
    let mut decided: Option<(Status, DateTime<Utc>, Option<&SignedAnswer>)> = None;
    for a in &counted {
        if a.answer == Answer::Refuse {
            decided = Some((Status::Refused, a.at, Some(a)));
            break;
        }
        given
            .entry(a.party.as_str())
            .or_default()
            .insert(a.person_id);
        let complete = signers
            .iter()
            .all(|(k, s)| given.get(k).is_some_and(|g| s.is_subset(g)));
        if complete {
            decided = Some((Status::Consented, a.at, None));
            break;
        }
    }
    if decided.is_none() && terms.now > terms.deadline {
        decided = Some((Status::Lapsed, terms.deadline, None));
    }
    let refusal = decided.as_ref().and_then(|d| d.2);
    let states = parties
        .iter()
        .map(|p| {
            let s = &signers[p.key.as_str()];
            let g = given.get(p.key.as_str());
            let refused = refusal.is_some_and(|r| r.party == p.key);
            PartyState {
                party: p.key.clone(),
                consented: !refused && g.is_some_and(|g| s.is_subset(g)),
                refused,
                waiting: s
                    .iter()
                    .filter(|id| !g.is_some_and(|g| g.contains(id)))
                    .filter(|id| !refusal.is_some_and(|r| r.party == p.key && r.person_id == **id))
                    .copied()
                    .collect(),
            }
        })
        .collect();
    Outcome {
        status: decided.as_ref().map(|d| d.0).unwrap_or(Status::Pending),
        decided_at: decided.as_ref().map(|d| stamp(d.1)),
        refused_by: refusal.map(|r| r.party.clone()),
        refused_signer: refusal.map(|r| r.person_id),
        parties: states,
        ignored,
    }
}

#[cfg(test)]
#[path = "consent_tests.rs"]
mod tests;
