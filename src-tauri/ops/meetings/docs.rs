//! The signed documents of the consultation flow: sign-ins, minutes, addenda, three-party
//! proposals and urgent skips. Their statement (`statement.rs`) hands [`document_for`] to
//! `ops::signing`, so they are signed at the kiosk or filed from a member's own key exactly like every other document.

use crate::crypto::canonical::sha256_hex;
use crate::crypto::signing::Document;
use crate::domain::flow::{Party, Stage};
use crate::domain::states::{MeetingStatus, Role};
use crate::lang::Lang;
use crate::ops::keys::SignSubject;
use crate::ops::meetings::SignatureRef;
use crate::ops::signing::statement::Signer;
use crate::ops::{FlowProblem, OpError, OpResult};
use crate::store::keys::SignatureRow;
use crate::store::{matters as matter_store, meetings as meeting_store, roles as role_store};
use sqlx::SqliteConnection;
use std::collections::BTreeSet;

pub(crate) fn stage_key(stage: Stage) -> String {
    serde_json::to_value(stage)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The role key that makes a person a representative of `party`.
pub(crate) fn party_role(party: Party) -> &'static str {
    match party {
        Party::ResidentsCommittee => "residents_committee",
        Party::OwnersCommittee => "owners_committee",
        Party::PropertyCompany => "property_company",
    }
}

/// Where signatures on a flow subject are filed; `None` for subjects that are not the flow's.
pub(crate) fn subject_key(subject: &SignSubject) -> Option<String> {
    Some(match subject {
        SignSubject::SignIn { meeting_id } => format!("sign-in:{meeting_id}"),
        SignSubject::Minutes { minutes_id } => format!("minutes:{minutes_id}"),
        SignSubject::Addendum { addendum_id } => format!("addendum:{addendum_id}"),
        SignSubject::Proposal { proposal_id, .. } => format!("proposal:{proposal_id}"),
        SignSubject::UrgentSkip {
            matter_id,
            to,
            reason,
        } => format!(
            "urgent:{matter_id}:{}:{}",
            stage_key(*to),
            &sha256_hex(reason.trim().as_bytes())[..16]
        ),
        SignSubject::CalendarOverride {
            meeting_id,
            year,
            reason,
        } => crate::ops::meetings::calendar::override_subject(*meeting_id, *year, reason),
        SignSubject::Statement { .. }
        | SignSubject::Ballot { .. }
        | SignSubject::Acknowledgement { .. }
        | SignSubject::Consent { .. } => return None,
    })
}

async fn roles_of(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: i64,
) -> OpResult<BTreeSet<Role>> {
    Ok(role_store::list(conn, community_id)
        .await?
        .into_iter()
        .filter(|r| r.person_id == person_id)
        .map(|r| r.role)
        .collect())
}

/// Everyone recorded as present: signed sign-ins and the secretary's entries.
pub(crate) async fn attendee_ids(
    conn: &mut SqliteConnection,
    community_id: i64,
    meeting_id: i64,
) -> OpResult<BTreeSet<i64>> {
    let mut ids: BTreeSet<i64> = meeting_store::attendance(conn, meeting_id)
        .await?
        .into_iter()
        .map(|a| a.person_id)
        .collect();
    for s in
        crate::store::keys::subject_signatures(conn, community_id, &format!("sign-in:{meeting_id}"))
            .await?
    {
        ids.insert(s.person_id);
    }
    Ok(ids)
}

async fn meeting_in(
    conn: &mut SqliteConnection,
    community_id: i64,
    meeting_id: i64,
) -> OpResult<meeting_store::MeetingRow> {
    meeting_store::get(conn, meeting_id)
        .await?
        .filter(|m| m.community_id == community_id)
        .ok_or(OpError::Flow(FlowProblem::NoSuchMeeting(meeting_id)))
}

/// Only those present (or the host and the secretary) sign a meeting's minutes and addenda.
async fn may_sign_minutes(
    conn: &mut SqliteConnection,
    s: &Signer<'_>,
    meeting: &meeting_store::MeetingRow,
) -> OpResult<()> {
    let officer = meeting.host_id == Some(s.person_id) || meeting.secretary_id == Some(s.person_id);
    if officer
        || attendee_ids(conn, s.community_id, meeting.id)
            .await?
            .contains(&s.person_id)
    {
        return Ok(());
    }
    Err(OpError::Flow(FlowProblem::NotAttendee(s.name.to_string())))
}

pub(crate) async fn document_for(
    conn: &mut SqliteConnection,
    s: Signer<'_>,
    subject: &SignSubject,
) -> OpResult<Document> {
    let tail = |d: Document| {
        d.text("signer", s.name)
            .text("signer_units", s.units)
            .text("public_key", s.public.hex())
            .text("signed_at", s.signed_at)
    };
    match subject {
        SignSubject::SignIn { meeting_id } => {
            let m = meeting_in(conn, s.community_id, *meeting_id).await?;
            match m.status {
                MeetingStatus::Announced | MeetingStatus::Running => {}
                MeetingStatus::Ended => return Err(OpError::Flow(FlowProblem::MeetingEnded)),
                MeetingStatus::Draft => return Err(OpError::Flow(FlowProblem::MeetingNotStarted)),
            }
            let kind = m.kind;
            Ok(tail(
                Document::new("yishi/sign-in/v1")
                    .text("community", s.community)
                    .int("meeting_id", m.id)
                    .text("meeting", m.title)
                    .text("meeting_kind", kind.label(Lang::Zh))
                    .text("starts_at", m.starts_at)
                    .text("place", m.place),
            ))
        }
        SignSubject::Minutes { minutes_id } => {
            let mn = meeting_store::minutes(conn, *minutes_id)
                .await?
                .ok_or(OpError::Flow(FlowProblem::NoSuchMinutes(*minutes_id)))?;
            let m = meeting_in(conn, s.community_id, mn.meeting_id).await?;
            may_sign_minutes(conn, &s, &m).await?;
            Ok(tail(
                Document::new("yishi/minutes/v1")
                    .text("community", s.community)
                    .int("minutes_id", mn.id)
                    .int("meeting_id", m.id)
                    .text("meeting", m.title)
                    .text("starts_at", m.starts_at)
                    .text("text", mn.text)
                    .text("text_hash", mn.text_hash),
            ))
        }
        SignSubject::Addendum { addendum_id } => {
            let a = meeting_store::addendum(conn, *addendum_id)
                .await?
                .ok_or(OpError::Flow(FlowProblem::NoSuchAddendum(*addendum_id)))?;
            let mn = meeting_store::minutes(conn, a.minutes_id)
                .await?
                .ok_or(OpError::Flow(FlowProblem::NoSuchMinutes(a.minutes_id)))?;
            let m = meeting_in(conn, s.community_id, mn.meeting_id).await?;
            may_sign_minutes(conn, &s, &m).await?;
            Ok(tail(
                Document::new("yishi/addendum/v1")
                    .text("community", s.community)
                    .int("addendum_id", a.id)
                    .int("minutes_id", mn.id)
                    .text("meeting", m.title)
                    .text("minutes_hash", mn.text_hash)
                    .text("text", a.text)
                    .text("text_hash", a.text_hash),
            ))
        }
        SignSubject::Proposal {
            matter_id,
            proposal_id,
        } => {
            let matter = matter_store::get(conn, *matter_id)
                .await?
                .filter(|m| m.community_id == s.community_id)
                .ok_or(OpError::Flow(FlowProblem::NoSuchMatter(*matter_id)))?;
            if matter.stage != Stage::ThreeParties {
                return Err(OpError::Flow(FlowProblem::ProposalStage));
            }
            let p = matter_store::proposal(conn, *matter_id)
                .await?
                .ok_or(OpError::Flow(FlowProblem::ProposalMissing))?;
            if p.id != *proposal_id {
                return Err(OpError::Flow(FlowProblem::ProposalNotNewest));
            }
            let roles = roles_of(conn, s.community_id, s.person_id).await?;
            let party = Party::ALL
                .into_iter()
                .find(|p| Role::from_key(party_role(*p)).is_some_and(|r| roles.contains(&r)))
                .ok_or_else(|| OpError::Flow(FlowProblem::NoPartyRole(s.name.to_string())))?;
            Ok(tail(
                Document::new("yishi/proposal/v1")
                    .text("community", s.community)
                    .int("matter_id", matter.id)
                    .text("matter", matter.title)
                    .int("proposal_id", p.id)
                    .text("proposal", p.text)
                    .text("proposal_hash", p.text_hash)
                    .text("party", party_role(party))
                    .text("party_label", party.label(Lang::Zh)),
            ))
        }
        SignSubject::UrgentSkip {
            matter_id,
            to,
            reason,
        } => {
            let matter = matter_store::get(conn, *matter_id)
                .await?
                .filter(|m| m.community_id == s.community_id)
                .ok_or(OpError::Flow(FlowProblem::NoSuchMatter(*matter_id)))?;
            if reason.trim().is_empty() {
                return Err(OpError::Flow(FlowProblem::Empty {
                    zh: "紧急跳过的理由",
                    en: "the reason for the urgent skip",
                }));
            }
            let roles = roles_of(conn, s.community_id, s.person_id).await?;
            if !roles.contains(&Role::Host) && !roles.contains(&Role::PartyBranch) {
                return Err(OpError::Flow(FlowProblem::NotHostOrBranch(
                    s.name.to_string(),
                )));
            }
            Ok(tail(
                Document::new("yishi/urgent-skip/v1")
                    .text("community", s.community)
                    .int("matter_id", matter.id)
                    .text("matter", matter.title)
                    .text("from", stage_key(matter.stage))
                    .text("to", stage_key(*to))
                    .text("reason", reason.trim()),
            ))
        }
        SignSubject::CalendarOverride {
            meeting_id,
            year,
            reason,
        } => {
            let m = meeting_in(conn, s.community_id, *meeting_id).await?;
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(OpError::Flow(FlowProblem::Empty {
                    zh: "在缺少节假日安排的情况下继续的理由",
                    en: "the reason to go on without the year's holiday schedule",
                }));
            }
            let roles = roles_of(conn, s.community_id, s.person_id).await?;
            if !roles.contains(&Role::Host) && m.host_id != Some(s.person_id) {
                return Err(OpError::Key(crate::ops::KeyProblem::NotHost));
            }
            if crate::ops::calendar::calendar_in(conn)
                .await?
                .has_schedule(*year)
            {
                return Err(OpError::Calendar(
                    crate::ops::calendar::CalendarProblem::NotMissing { year: *year },
                ));
            }
            Ok(tail(
                Document::new("yishi/calendar-override/v1")
                    .text("community", s.community)
                    .int("meeting_id", m.id)
                    .text("meeting", m.title)
                    .text("starts_at", m.starts_at)
                    .int("year", i64::from(*year))
                    .text(
                        "assumption",
                        format!(
                            "{year} 年法定节假日安排未载入；本会议的期间计算中 {year} 年仅以周六、周日为休息日"
                        ),
                    )
                    .text("reason", reason),
            ))
        }
        SignSubject::Statement { .. }
        | SignSubject::Ballot { .. }
        | SignSubject::Acknowledgement { .. }
        | SignSubject::Consent { .. } => Err(OpError::BadArguments {
            op: "sign".into(),
            detail: "statements, ballots and acknowledgements have their own statements".into(),
        }),
    }
}

/// A stored signature as shown beside what it signed, re-verified now.
pub(crate) fn signature_ref(row: &SignatureRow) -> SignatureRef {
    let (valid, _, _, _, fingerprint) = crate::ops::signing::check_row(row, Lang::Zh);
    SignatureRef {
        signature_id: row.id,
        person_id: row.person_id,
        signer: row.person_name.clone(),
        fingerprint,
        signed_at: crate::store::typed::stamp(row.signed_at),
        document_hash: row.document_hash.clone(),
        valid,
    }
}
