//! A matter's (议题) way through the consultation stages, and the gates between them.
//!
//! 说事 → 党组织先议 → 三方协议 → 居民合议 → 办理 → 评议 → 结束 (DOMAIN.md, "The consultation
//! flow of one matter"). [`next`] is the whole state machine: given a matter's state and a
//! proposed [`Action`], it returns the [`Transition`] to record or the [`GateError`] that says
//! what must happen first. [`MatterState::apply`] folds a recorded transition into the state,
//! so a matter is rebuilt from its stored transitions by applying them in order.
//!
//! Stages and what closes them:
//! * `Raised`: the party branch takes the matter up ([`Action::TakeUp`]).
//! * `PartyBranch`: `Forward` (with a direction) → `ThreeParties`; `Return` (with a reason) →
//!   back to `Raised`, where whoever raised it may amend it and the branch may take it up again;
//!   `Merge` → `Closed`, pointing at the matter it was merged into.
//! * `ThreeParties`: `Agreed` → `Residents` only with the proposal's hash signed by all three of
//!   the residents' committee, the owners' committee and the property company; `Disagreed`
//!   records each party's position and either stays for another joint meeting or, `returned`,
//!   goes back to `PartyBranch` for new direction.
//! * `Residents`: `Decided` by a vote or a residents' meeting; passed → `CarryingOut`, not passed
//!   → `Closed` (a revised proposal is raised as a new matter).
//! * `CarryingOut`: `Assign` (responsible party and due date, again to reassign), `Progress`
//!   updates, then `Done` (needs an assignment and at least one progress update) → `Evaluated`.
//! * `Evaluated`: residents' `Evaluation`; satisfied, or unsatisfied without rework → `Closed`;
//!   unsatisfied with a rework due date → back to `CarryingOut`, where a new progress update is
//!   needed before `Done` again.
//!
//! The only way round a stage is [`Action::UrgentSkip`] with a non-empty reason and a signature
//! reference; the transition keeps them forever in [`Transition::urgent`]. A skip goes forward,
//! past at least one stage's outcome, into `ThreeParties`, `Residents` or `CarryingOut`. The flow
//! is consultative: it never changes who may vote or a statutory threshold, and skipping
//! `Residents` does not dispense with a vote the law requires (民法典 Art. 278); that is the vote
//! module's business.
//!
//! Invariants: pure (no clock: the caller passes `now`); ids, hashes and signatures are opaque
//! strings checked only for presence; `apply` accepts only a transition made from the same stage.

use crate::lang::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a matter stands; each stage is open until its outcome is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "MatterStage")]
pub enum Stage {
    Raised,
    PartyBranch,
    ThreeParties,
    Residents,
    CarryingOut,
    Evaluated,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Raised,
        Stage::PartyBranch,
        Stage::ThreeParties,
        Stage::Residents,
        Stage::CarryingOut,
        Stage::Evaluated,
        Stage::Closed,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Stage::Raised => ("说事", "raised"),
            Stage::PartyBranch => ("党组织先议", "party branch first"),
            Stage::ThreeParties => ("三方协议", "three-party agreement"),
            Stage::Residents => ("居民合议", "residents decide"),
            Stage::CarryingOut => ("办理", "carrying out"),
            Stage::Evaluated => ("评议", "evaluation"),
            Stage::Closed => ("已结束", "closed"),
        };
        lang.pick(zh, en)
    }

    /// What must happen before this stage is over.
    pub fn pending(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Stage::Raised => (
                "议题尚未提交党组织：须先由党组织受理，进行党组织先议。",
                "The matter has not gone to the party branch: the branch must take it up first.",
            ),
            Stage::PartyBranch => (
                "党组织先议尚未完成：党组织须先作出转交（附意见）、退回（附理由）或合并的决定，议题才能进入三方协议。",
                "The party branch has not decided: it must forward the matter (with a direction), return it (with a reason) or merge it before the three parties meet.",
            ),
            Stage::ThreeParties => (
                "三方协议尚未完成：方案需要居委会、业委会和物业三方代表签署后才能进入居民合议。",
                "The three-party agreement is not complete: the residents' committee, the owners' committee and the property company must all sign the proposal before residents decide.",
            ),
            Stage::Residents => (
                "居民合议尚未完成：方案须经表决或居民会议通过后才能办理。",
                "Residents have not decided: a vote or a residents' meeting must pass the proposal before it is carried out.",
            ),
            Stage::CarryingOut => (
                "办理尚未完成：须指定责任方和期限、登记办理进展并确认办结后才能评议。",
                "Carrying out is not finished: assign a responsible party and due date, record progress and mark it done before residents evaluate.",
            ),
            Stage::Evaluated => (
                "评议尚未完成：须先由居民评议办理结果。",
                "The evaluation is not done: residents must evaluate the result first.",
            ),
            Stage::Closed => ("议题已结束。", "The matter is closed."),
        };
        lang.pick(zh, en)
    }
}

/// The three parties of the joint meeting (联席会议).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "MatterParty")]
pub enum Party {
    ResidentsCommittee,
    OwnersCommittee,
    PropertyCompany,
}

impl Party {
    pub const ALL: [Party; 3] = [
        Party::ResidentsCommittee,
        Party::OwnersCommittee,
        Party::PropertyCompany,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Party::ResidentsCommittee => ("居委会", "residents' committee"),
            Party::OwnersCommittee => ("业委会", "owners' committee"),
            Party::PropertyCompany => ("物业", "property company"),
        };
        lang.pick(zh, en)
    }
}

/// One party's signature on the proposal: who signed, and a reference to the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartySignature {
    pub party: Party,
    pub signer: String,
    pub signature: String,
}

/// One party's recorded position when the three do not agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartyPosition {
    pub party: Party,
    pub position: String,
}

/// How residents decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "MatterDecision")]
pub enum Decision {
    Vote {
        #[ts(type = "number")]
        vote_id: i64,
    },
    ResidentsMeeting {
        minutes: String,
    },
}

/// A step someone proposes. `minutes` are references to the signed minutes of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "MatterAction")]
pub enum Action {
    TakeUp {
        by: String,
    },
    Forward {
        direction: String,
        minutes: String,
    },
    Return {
        reason: String,
        minutes: String,
    },
    Merge {
        #[ts(type = "number")]
        into_matter_id: i64,
        minutes: String,
    },
    Agreed {
        proposal_hash: String,
        signatures: Vec<PartySignature>,
        minutes: String,
    },
    Disagreed {
        positions: Vec<PartyPosition>,
        returned: bool,
        minutes: String,
    },
    Decided {
        decision: Decision,
        passed: bool,
    },
    Assign {
        responsible: String,
        #[ts(type = "string")]
        due: NaiveDate,
    },
    Progress {
        note: String,
        by: String,
    },
    Done {
        summary: String,
    },
    Evaluation {
        satisfied: bool,
        summary: String,
        #[ts(type = "string | null")]
        rework_due: Option<NaiveDate>,
    },
    UrgentSkip {
        to: Stage,
        reason: String,
        signed_by: String,
    },
}

/// The kind of an [`Action`], for errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    TakeUp,
    Forward,
    Return,
    Merge,
    Agreed,
    Disagreed,
    Decided,
    Assign,
    Progress,
    Done,
    Evaluation,
    UrgentSkip,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::TakeUp { .. } => ActionKind::TakeUp,
            Action::Forward { .. } => ActionKind::Forward,
            Action::Return { .. } => ActionKind::Return,
            Action::Merge { .. } => ActionKind::Merge,
            Action::Agreed { .. } => ActionKind::Agreed,
            Action::Disagreed { .. } => ActionKind::Disagreed,
            Action::Decided { .. } => ActionKind::Decided,
            Action::Assign { .. } => ActionKind::Assign,
            Action::Progress { .. } => ActionKind::Progress,
            Action::Done { .. } => ActionKind::Done,
            Action::Evaluation { .. } => ActionKind::Evaluation,
            Action::UrgentSkip { .. } => ActionKind::UrgentSkip,
        }
    }
}

impl ActionKind {
    /// The stage whose work this is; `None` for an urgent skip.
    pub fn stage(self) -> Option<Stage> {
        use ActionKind::*;
        Some(match self {
            TakeUp => Stage::Raised,
            Forward | Return | Merge => Stage::PartyBranch,
            Agreed | Disagreed => Stage::ThreeParties,
            Decided => Stage::Residents,
            Assign | Progress | Done => Stage::CarryingOut,
            Evaluation => Stage::Evaluated,
            UrgentSkip => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use ActionKind::*;
        let (zh, en) = match self {
            TakeUp => ("受理议题", "take the matter up"),
            Forward => ("转交三方协议", "forward the matter"),
            Return => ("退回议题", "return the matter"),
            Merge => ("合并议题", "merge the matter"),
            Agreed => ("登记三方签署的方案", "record the signed proposal"),
            Disagreed => ("登记三方分歧", "record the parties' disagreement"),
            Decided => ("登记居民合议结果", "record the residents' decision"),
            Assign => ("指定责任方和期限", "assign a responsible party"),
            Progress => ("登记办理进展", "record progress"),
            Done => ("确认办结", "mark it done"),
            Evaluation => ("登记居民评议", "record the evaluation"),
            UrgentSkip => ("紧急跳过", "skip urgently"),
        };
        lang.pick(zh, en)
    }
}

/// The permanent record of an urgent skip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UrgentSkip {
    /// The stages whose outcome was skipped, in order.
    pub skipped: Vec<Stage>,
    pub reason: String,
    pub signed_by: String,
}

/// One recorded step. `from == to` for steps inside a stage (assignment, progress, another
/// joint meeting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "MatterTransition")]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub action: Action,
    pub urgent: Option<UrgentSkip>,
}

/// One progress update while carrying out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgressNote {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
}

/// Who carries the matter out and by when; `progress` counts since the last (re)assignment of
/// work (an unsatisfied evaluation with rework starts a new round).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "MatterAssignment")]
pub struct Assignment {
    pub responsible: String,
    #[ts(type = "string")]
    pub due: NaiveDate,
    pub progress: Vec<ProgressNote>,
}

/// A matter as the flow sees it, with every transition it went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterState {
    #[ts(type = "number")]
    pub matter_id: i64,
    pub title: String,
    pub raised_by: String,
    #[ts(type = "string")]
    pub raised_at: DateTime<Utc>,
    pub stage: Stage,
    pub direction: Option<String>,
    pub proposal_hash: Option<String>,
    pub decision: Option<Decision>,
    pub passed: Option<bool>,
    pub assignment: Option<Assignment>,
    pub satisfied: Option<bool>,
    #[ts(type = "number | null")]
    pub merged_into: Option<i64>,
    pub history: Vec<Transition>,
}

impl MatterState {
    /// A newly raised matter: who raised it and when are kept.
    pub fn raised(matter_id: i64, title: &str, raised_by: &str, raised_at: DateTime<Utc>) -> Self {
        MatterState {
            matter_id,
            title: title.to_string(),
            raised_by: raised_by.to_string(),
            raised_at,
            stage: Stage::Raised,
            direction: None,
            proposal_hash: None,
            decision: None,
            passed: None,
            assignment: None,
            satisfied: None,
            merged_into: None,
            history: Vec::new(),
        }
    }
}

/// A field that must not be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    TakenUpBy,
    Direction,
    Reason,
    Minutes,
    ProposalHash,
    Responsible,
    ProgressNote,
    ProgressBy,
    Summary,
    UrgentReason,
    UrgentSignature,
}

impl Required {
    fn label(self, lang: Lang) -> &'static str {
        use Required::*;
        let (zh, en) = match self {
            TakenUpBy => ("受理人", "who takes it up"),
            Direction => ("党组织的转交意见", "the branch's direction"),
            Reason => ("退回理由", "the reason for returning it"),
            Minutes => ("已签署的会议记录", "the signed minutes"),
            ProposalHash => ("方案的摘要值", "the proposal's hash"),
            Responsible => ("责任方", "the responsible party"),
            ProgressNote => ("进展说明", "the progress note"),
            ProgressBy => ("登记人", "who reports it"),
            Summary => ("情况说明", "the summary"),
            UrgentReason => ("紧急跳过的理由", "the reason for the urgent skip"),
            UrgentSignature => ("紧急跳过的签署", "the signature on the urgent skip"),
        };
        lang.pick(zh, en)
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GateError {
    #[error("{action:?} needs a later stage than {stage:?}")]
    NotYet { stage: Stage, action: ActionKind },
    #[error("{action:?} belongs to a stage before {stage:?}")]
    AlreadyPast { stage: Stage, action: ActionKind },
    #[error("the matter is closed")]
    Closed { merged_into: Option<i64> },
    #[error("{0:?} is empty")]
    Missing(Required),
    #[error("a matter cannot be merged into itself")]
    MergeIntoSelf,
    #[error("the proposal lacks the signature of {0:?}")]
    MissingSignatures(Vec<Party>),
    #[error("the positions of {0:?} are not recorded")]
    MissingPositions(Vec<Party>),
    #[error("{0:?} appears twice")]
    DuplicateParty(Party),
    #[error("no responsible party and due date yet")]
    NotAssigned,
    #[error("no progress recorded yet")]
    NoProgress,
    #[error("a satisfied evaluation with rework")]
    ReworkWhenSatisfied,
    #[error("an urgent skip cannot go to {0:?}")]
    CannotSkipTo(Stage),
    #[error("from {stage:?} to {to:?} is not a forward skip")]
    NotASkip { stage: Stage, to: Stage },
    #[error("a transition from {found:?} applied at {expected:?}")]
    Stale { expected: Stage, found: Stage },
}

impl GateError {
    /// What is wrong and what must happen first.
    pub fn message(&self, lang: Lang) -> String {
        let (z, e) = (Lang::Zh, Lang::En);
        let names = |ps: &[Party], l: Lang| {
            ps.iter()
                .map(|p| p.label(l))
                .collect::<Vec<_>>()
                .join(l.pick("、", ", "))
        };
        let (zh, en) = match self {
            GateError::NotYet { stage, action } => (
                format!("{}（议题当前处于「{}」阶段，尚不能{}。）", stage.pending(z), stage.label(z), action.label(z)),
                format!("{} (The matter is at the {} stage, so it cannot {} yet.)", stage.pending(e), stage.label(e), action.label(e)),
            ),
            GateError::AlreadyPast { stage, action } => {
                let (past_zh, past_en) = action.stage().map_or(("", ""), |s| (s.label(z), s.label(e)));
                (
                    format!("「{past_zh}」阶段已经结束，不能再{}；议题现处于「{}」阶段。如需重新讨论，请提出新的议题。", action.label(z), stage.label(z)),
                    format!("The {past_en} stage is over, so you cannot {} now; the matter is at the {} stage. To reopen the question, raise a new matter.", action.label(e), stage.label(e)),
                )
            }
            GateError::Closed { merged_into: Some(id) } => (
                format!("议题已合并到议题 {id}，不再单独办理。请在议题 {id} 中继续。"),
                format!("The matter was merged into matter {id} and is not handled on its own. Continue in matter {id}."),
            ),
            GateError::Closed { merged_into: None } => (
                "议题已结束，不能再变更。如有新情况，请提出新的议题。".to_string(),
                "The matter is closed and cannot change. If something new comes up, raise a new matter.".to_string(),
            ),
            GateError::Missing(what) => (format!("请填写{}。", what.label(z)), format!("Fill in {}.", what.label(e))),
            GateError::MergeIntoSelf => ("议题不能合并到自身，请选择另一个议题。".to_string(), "A matter cannot be merged into itself; choose another matter.".to_string()),
            GateError::MissingSignatures(ps) => (
                format!("{}尚缺：{}。", Stage::ThreeParties.pending(z), names(ps, z)),
                format!("{} Missing: {}.", Stage::ThreeParties.pending(e), names(ps, e)),
            ),
            GateError::MissingPositions(ps) => (
                format!("三方未达成一致时须记录每一方的意见，尚缺：{}。", names(ps, z)),
                format!("When the three parties disagree, each party's position must be recorded. Missing: {}.", names(ps, e)),
            ),
            GateError::DuplicateParty(p) => (format!("{}出现了两次，每一方只能签署或表态一次。", p.label(z)), format!("The {} appears twice; each party signs or states its position once.", p.label(e))),
            GateError::NotAssigned => ("尚未指定责任方和完成期限：请先指定，再登记进展或办结。".to_string(), "No responsible party and due date yet: assign them first, then record progress or mark it done.".to_string()),
            GateError::NoProgress => ("尚无办理进展记录：办结前须至少登记一次办理进展。".to_string(), "No progress recorded yet: record at least one progress update before marking it done.".to_string()),
            GateError::ReworkWhenSatisfied => ("评议为满意时不能要求整改；需要整改的，请将评议记为不满意。".to_string(), "A satisfied evaluation cannot ask for rework; record it as unsatisfied to ask for rework.".to_string()),
            GateError::CannotSkipTo(to) => (format!("紧急跳过只能进入三方协议、居民合议或办理阶段，不能进入「{}」。", to.label(z)), format!("An urgent skip can only go to the three-party, residents or carrying-out stage, not to {}.", to.label(e))),
            GateError::NotASkip { stage, to } => (
                format!("紧急跳过只能向前越过至少一个阶段的结论，不能从「{}」到「{}」；按正常顺序进行即可。", stage.label(z), to.label(z)),
                format!("An urgent skip must go forward past at least one stage's outcome, not from {} to {}; follow the normal order instead.", stage.label(e), to.label(e)),
            ),
            GateError::Stale { expected, found } => (
                format!("这一步是在「{}」阶段作出的，但议题已处于「{}」阶段。请刷新后重试。", found.label(z), expected.label(z)),
                format!("This step was made at the {} stage but the matter is now at {}. Reload and try again.", found.label(e), expected.label(e)),
            ),
        };
        lang.pick(zh, en)
    }
}

fn present(text: &str, what: Required) -> Result<(), GateError> {
    match text.trim().is_empty() {
        true => Err(GateError::Missing(what)),
        false => Ok(()),
    }
}

/// The parties of `listed` that are missing (or empty), refusing a party listed twice.
fn missing_parties(listed: impl Iterator<Item = (Party, bool)>) -> Result<Vec<Party>, GateError> {
    let mut seen = Vec::new();
    for (party, filled) in listed {
        if seen.iter().any(|(p, _)| *p == party) {
            return Err(GateError::DuplicateParty(party));
        }
        seen.push((party, filled));
    }
    Ok(Party::ALL
        .into_iter()
        .filter(|p| !seen.contains(&(*p, true)))
        .collect())
}

/// The state machine: the transition `action` makes from `state`, or why it may not happen now.
pub fn next(
    state: &MatterState,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<Transition, GateError> {
    let stage = state.stage;
    if stage == Stage::Closed {
        return Err(GateError::Closed {
            merged_into: state.merged_into,
        });
    }
    let made = |to: Stage, urgent: Option<UrgentSkip>| Transition {
        from: stage,
        to,
        at: now,
        action: action.clone(),
        urgent,
    };
    let kind = action.kind();
    match kind.stage() {
        Some(home) if home > stage => {
            return Err(GateError::NotYet {
                stage,
                action: kind,
            });
        }
        Some(home) if home < stage => {
            return Err(GateError::AlreadyPast {
                stage,
                action: kind,
            });
        }
        _ => {}
    }
    let to = match action {
        Action::TakeUp { by } => present(by, Required::TakenUpBy).map(|_| Stage::PartyBranch)?,
        Action::Forward { direction, minutes } => {
            present(direction, Required::Direction)?;
            present(minutes, Required::Minutes).map(|_| Stage::ThreeParties)?
        }
        Action::Return { reason, minutes } => {
            present(reason, Required::Reason)?;
            present(minutes, Required::Minutes).map(|_| Stage::Raised)?
        }
        Action::Merge {
            into_matter_id,
            minutes,
        } => {
            present(minutes, Required::Minutes)?;
            if *into_matter_id == state.matter_id {
                return Err(GateError::MergeIntoSelf);
            }
            Stage::Closed
        }
        Action::Agreed {
            proposal_hash,
            signatures,
            minutes,
        } => {
            present(proposal_hash, Required::ProposalHash)?;
            present(minutes, Required::Minutes)?;
            let signed =
                |s: &PartySignature| !s.signer.trim().is_empty() && !s.signature.trim().is_empty();
            let missing = missing_parties(signatures.iter().map(|s| (s.party, signed(s))))?;
            if !missing.is_empty() {
                return Err(GateError::MissingSignatures(missing));
            }
            Stage::Residents
        }
        Action::Disagreed {
            positions,
            returned,
            minutes,
        } => {
            present(minutes, Required::Minutes)?;
            let missing = missing_parties(
                positions
                    .iter()
                    .map(|p| (p.party, !p.position.trim().is_empty())),
            )?;
            if !missing.is_empty() {
                return Err(GateError::MissingPositions(missing));
            }
            if *returned {
                Stage::PartyBranch
            } else {
                Stage::ThreeParties
            }
        }
        Action::Decided { decision, passed } => {
            if let Decision::ResidentsMeeting { minutes } = decision {
                present(minutes, Required::Minutes)?;
            }
            if *passed {
                Stage::CarryingOut
            } else {
                Stage::Closed
            }
        }
        Action::Assign { responsible, .. } => {
            present(responsible, Required::Responsible).map(|_| stage)?
        }
        Action::Progress { note, by } => {
            state.assignment.as_ref().ok_or(GateError::NotAssigned)?;
            present(note, Required::ProgressNote)?;
            present(by, Required::ProgressBy).map(|_| stage)?
        }
        Action::Done { summary } => {
            let assignment = state.assignment.as_ref().ok_or(GateError::NotAssigned)?;
            if assignment.progress.is_empty() {
                return Err(GateError::NoProgress);
            }
            present(summary, Required::Summary).map(|_| Stage::Evaluated)?
        }
        Action::Evaluation {
            satisfied,
            summary,
            rework_due,
        } => {
            present(summary, Required::Summary)?;
            match (satisfied, rework_due) {
                (true, Some(_)) => return Err(GateError::ReworkWhenSatisfied),
                (false, Some(_)) => Stage::CarryingOut,
                _ => Stage::Closed,
            }
        }
        Action::UrgentSkip {
            to,
            reason,
            signed_by,
        } => {
            if !matches!(
                to,
                Stage::ThreeParties | Stage::Residents | Stage::CarryingOut
            ) {
                return Err(GateError::CannotSkipTo(*to));
            }
            // Leaving `Raised` for the branch is the normal step; from any other stage, leaving
            // it without its outcome skips that outcome.
            let first = if stage == Stage::Raised {
                Stage::PartyBranch
            } else {
                stage
            };
            if *to <= first {
                return Err(GateError::NotASkip { stage, to: *to });
            }
            present(reason, Required::UrgentReason)?;
            present(signed_by, Required::UrgentSignature)?;
            let skipped = Stage::ALL
                .into_iter()
                .filter(|s| (first..*to).contains(s))
                .collect();
            let record = UrgentSkip {
                skipped,
                reason: reason.clone(),
                signed_by: signed_by.clone(),
            };
            return Ok(made(*to, Some(record)));
        }
    };
    Ok(made(to, None))
}

impl MatterState {
    /// Folds a transition made by [`next`] from this stage into the state.
    pub fn apply(&mut self, t: Transition) -> Result<(), GateError> {
        if t.from != self.stage {
            return Err(GateError::Stale {
                expected: self.stage,
                found: t.from,
            });
        }
        match &t.action {
            Action::Forward { direction, .. } => self.direction = Some(direction.clone()),
            Action::Merge { into_matter_id, .. } => self.merged_into = Some(*into_matter_id),
            Action::Return { .. } => self.direction = None,
            Action::Agreed { proposal_hash, .. } => {
                self.proposal_hash = Some(proposal_hash.clone())
            }
            Action::Decided { decision, passed } => {
                (self.decision, self.passed) = (Some(decision.clone()), Some(*passed))
            }
            Action::Assign { responsible, due } => {
                let progress = self
                    .assignment
                    .take()
                    .map(|a| a.progress)
                    .unwrap_or_default();
                self.assignment = Some(Assignment {
                    responsible: responsible.clone(),
                    due: *due,
                    progress,
                });
            }
            Action::Progress { note, by } => {
                if let Some(a) = self.assignment.as_mut() {
                    a.progress.push(ProgressNote {
                        at: t.at,
                        by: by.clone(),
                        note: note.clone(),
                    });
                }
            }
            Action::Evaluation {
                satisfied,
                rework_due,
                ..
            } => {
                self.satisfied = Some(*satisfied);
                if let (Some(a), Some(due)) = (self.assignment.as_mut(), rework_due) {
                    (a.due, a.progress) = (*due, Vec::new());
                }
            }
            _ => {}
        }
        self.stage = t.to;
        self.history.push(t);
        Ok(())
    }
}

/// [`next`] then [`MatterState::apply`]: the state after `action`, or why it was refused.
pub fn step(
    state: &MatterState,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<MatterState, GateError> {
    let t = next(state, action, now)?;
    let mut after = state.clone();
    after.apply(t)?;
    Ok(after)
}

/// Whether the matter is being carried out and its due date has passed (the due day itself
/// runs to 24:00, so it is overdue from the next day).
pub fn is_overdue(state: &MatterState, today: NaiveDate) -> bool {
    state.stage == Stage::CarryingOut && state.assignment.as_ref().is_some_and(|a| today > a.due)
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
