//! Tests of `flow`'s internals: every stage and action belongs somewhere, every refusal has a
//! message in both languages, and the wire format is stable. The walks through the flow are in
//! `tests/flow_gates.rs`.

use super::*;

fn every_error() -> Vec<GateError> {
    let mut all = vec![
        GateError::Closed { merged_into: None },
        GateError::Closed {
            merged_into: Some(7),
        },
        GateError::MergeIntoSelf,
        GateError::MissingSignatures(vec![Party::PropertyCompany]),
        GateError::MissingPositions(Party::ALL.to_vec()),
        GateError::DuplicateParty(Party::OwnersCommittee),
        GateError::NotAssigned,
        GateError::NoProgress,
        GateError::ReworkWhenSatisfied,
        GateError::CannotSkipTo(Stage::Closed),
        GateError::Stale {
            expected: Stage::Residents,
            found: Stage::ThreeParties,
        },
    ];
    for stage in Stage::ALL {
        for to in Stage::ALL {
            all.push(GateError::NotASkip { stage, to });
        }
        for action in [
            ActionKind::TakeUp,
            ActionKind::Decided,
            ActionKind::Evaluation,
        ] {
            all.push(GateError::NotYet { stage, action });
            all.push(GateError::AlreadyPast { stage, action });
        }
    }
    use Required::*;
    for what in [
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
    ] {
        all.push(GateError::Missing(what));
    }
    all
}

#[test]
fn every_refusal_reads_in_both_languages() {
    for e in every_error() {
        let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
        assert!(zh.ends_with(['。', '）']), "{e:?}: {zh}");
        assert!(en.ends_with(['.', ')']), "{e:?}: {en}");
        assert!(!zh.is_ascii() && en.is_ascii(), "{e:?}: {zh} / {en}");
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn stages_are_ordered_and_every_action_has_a_home() {
    assert!(Stage::ALL.windows(2).all(|w| w[0] < w[1]));
    use ActionKind::*;
    let homes = [
        (TakeUp, Some(Stage::Raised)),
        (Forward, Some(Stage::PartyBranch)),
        (Return, Some(Stage::PartyBranch)),
        (Merge, Some(Stage::PartyBranch)),
        (Agreed, Some(Stage::ThreeParties)),
        (Disagreed, Some(Stage::ThreeParties)),
        (Decided, Some(Stage::Residents)),
        (Assign, Some(Stage::CarryingOut)),
        (Progress, Some(Stage::CarryingOut)),
        (Done, Some(Stage::CarryingOut)),
        (Evaluation, Some(Stage::Evaluated)),
        (UrgentSkip, None),
    ];
    for (kind, home) in homes {
        assert_eq!(kind.stage(), home, "{kind:?}");
        assert!(!kind.label(Lang::Zh).is_empty() && !kind.label(Lang::En).is_empty());
    }
}

#[test]
fn the_wire_format_is_tagged_snake_case() {
    let a = Action::UrgentSkip {
        to: Stage::CarryingOut,
        reason: "电梯困人".into(),
        signed_by: "sig:1".into(),
    };
    let json = serde_json::to_string(&a).expect("json");
    assert_eq!(
        json,
        r#"{"kind":"urgent_skip","to":"carrying_out","reason":"电梯困人","signed_by":"sig:1"}"#
    );
    assert_eq!(serde_json::from_str::<Action>(&json).expect("back"), a);
    let d = Decision::Vote { vote_id: 42 };
    assert_eq!(
        serde_json::to_string(&d).expect("json"),
        r#"{"kind":"vote","vote_id":42}"#
    );
}

#[test]
fn apply_refuses_a_stale_transition() {
    let now = DateTime::from_timestamp(1_775_000_000, 0).expect("time");
    let mut m = MatterState::raised(1, "t", "p", now);
    let take_up = Action::TakeUp { by: "b".into() };
    let t = next(&m, &take_up, now).expect("ok");
    m.apply(t.clone()).expect("first");
    assert_eq!(
        m.apply(t),
        Err(GateError::Stale {
            expected: Stage::PartyBranch,
            found: Stage::Raised
        })
    );
    assert_eq!(m.history.len(), 1);
}
