//! The consultation flow of one matter: a lift for building 3 walks through every stage in
//! order; every out-of-order step from every stage is refused with the precise reason; urgent
//! skips need a reason and a signature and are recorded forever; return, merge and overdue.

use chrono::{DateTime, NaiveDate, Utc};
use yishi::domain::flow::{
    Action, ActionKind, Decision, GateError, MatterState, Party, PartyPosition, PartySignature,
    Required, Stage, UrgentSkip, is_overdue, next, step,
};
use yishi::lang::Lang;

fn at(day: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_775_000_000 + day * 86_400, 0).expect("a time")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

fn s(text: &str) -> String {
    text.to_string()
}

fn lift() -> MatterState {
    MatterState::raised(3, "3栋加装电梯", "3栋楼栋长 王建国", at(0))
}

fn take_up() -> Action {
    Action::TakeUp {
        by: s("党支部书记 李红"),
    }
}
fn forward() -> Action {
    Action::Forward {
        direction: s("先摸排3栋住户意愿，请物业评估井道位置"),
        minutes: s("minutes:branch-2026-04"),
    }
}
fn signature(party: Party, signer: &str) -> PartySignature {
    PartySignature {
        party,
        signer: s(signer),
        signature: format!("sig:{signer}"),
    }
}
fn agreed() -> Action {
    Action::Agreed {
        proposal_hash: s("9f2c0e7a"),
        signatures: vec![
            signature(Party::ResidentsCommittee, "居委会 张敏"),
            signature(Party::OwnersCommittee, "业委会 陈刚"),
            signature(Party::PropertyCompany, "物业 刘洋"),
        ],
        minutes: s("minutes:joint-2026-05"),
    }
}
fn disagreed(returned: bool) -> Action {
    let position = |party, text: &str| PartyPosition {
        party,
        position: s(text),
    };
    Action::Disagreed {
        positions: vec![
            position(Party::ResidentsCommittee, "支持，按楼层分摊"),
            position(Party::OwnersCommittee, "支持，申请使用维修资金"),
            position(Party::PropertyCompany, "井道位置需设计院确认"),
        ],
        returned,
        minutes: s("minutes:joint-2026-04"),
    }
}
fn decided(passed: bool) -> Action {
    Action::Decided {
        decision: Decision::Vote { vote_id: 42 },
        passed,
    }
}
fn assign() -> Action {
    Action::Assign {
        responsible: s("物业 刘洋"),
        due: date("2026-09-30"),
    }
}
fn progress(note: &str) -> Action {
    Action::Progress {
        note: s(note),
        by: s("物业 刘洋"),
    }
}
fn done() -> Action {
    Action::Done {
        summary: s("电梯已安装并通过验收"),
    }
}
fn evaluation(satisfied: bool, rework_due: Option<NaiveDate>) -> Action {
    Action::Evaluation {
        satisfied,
        summary: s("3栋住户评议：满意 52 户，不满意 2 户"),
        rework_due,
    }
}
fn merge(into: i64) -> Action {
    Action::Merge {
        into_matter_id: into,
        minutes: s("minutes:branch-2026-04"),
    }
}
fn skip(to: Stage, reason: &str, signed_by: &str) -> Action {
    Action::UrgentSkip {
        to,
        reason: s(reason),
        signed_by: s(signed_by),
    }
}

/// Applies each action in turn, one day apart, panicking with the refusal's message.
fn walk(mut state: MatterState, actions: &[Action]) -> MatterState {
    for (i, action) in actions.iter().enumerate() {
        state = step(&state, action, at(i as i64 + 1))
            .unwrap_or_else(|e| panic!("{action:?}: {}", e.message(Lang::En)));
    }
    state
}

/// The matter at each open stage, and closed.
fn at_stage(stage: Stage) -> MatterState {
    let path = [
        take_up(),
        forward(),
        agreed(),
        decided(true),
        assign(),
        progress("已签施工合同"),
        done(),
        evaluation(true, None),
    ];
    let steps = match stage {
        Stage::Raised => 0,
        Stage::PartyBranch => 1,
        Stage::ThreeParties => 2,
        Stage::Residents => 3,
        Stage::CarryingOut => 6,
        Stage::Evaluated => 7,
        Stage::Closed => 8,
    };
    let state = walk(lift(), &path[..steps]);
    assert_eq!(state.stage, stage);
    state
}

#[test]
fn a_lift_for_building_3_goes_through_every_stage_in_order() {
    let end = walk(
        lift(),
        &[
            take_up(),
            forward(),
            disagreed(false),
            agreed(),
            decided(true),
            assign(),
            progress("已签施工合同"),
            progress("井道施工完成"),
            done(),
            evaluation(true, None),
        ],
    );
    let path: Vec<(Stage, Stage)> = end.history.iter().map(|t| (t.from, t.to)).collect();
    use Stage::*;
    assert_eq!(
        path,
        [
            (Raised, PartyBranch),
            (PartyBranch, ThreeParties),
            (ThreeParties, ThreeParties),
            (ThreeParties, Residents),
            (Residents, CarryingOut),
            (CarryingOut, CarryingOut),
            (CarryingOut, CarryingOut),
            (CarryingOut, CarryingOut),
            (CarryingOut, Evaluated),
            (Evaluated, Closed),
        ]
    );
    assert!(end.history.iter().all(|t| t.urgent.is_none()));
    assert_eq!(end.history[3].at, at(4));
    assert_eq!(end.raised_by, "3栋楼栋长 王建国");
    assert_eq!(
        end.direction.as_deref(),
        Some("先摸排3栋住户意愿，请物业评估井道位置")
    );
    assert_eq!(end.proposal_hash.as_deref(), Some("9f2c0e7a"));
    assert_eq!(
        (end.decision, end.passed, end.satisfied),
        (Some(Decision::Vote { vote_id: 42 }), Some(true), Some(true))
    );
    let a = end.assignment.expect("assigned");
    assert_eq!(
        (a.responsible.as_str(), a.due, a.progress.len()),
        ("物业 刘洋", date("2026-09-30"), 2)
    );
    assert_eq!(
        next(&at_stage(Closed), &take_up(), at(9)),
        Err(GateError::Closed { merged_into: None })
    );
}

#[test]
fn every_out_of_order_step_is_refused() {
    use Stage::*;
    // ok: allowed; ny: NotYet; pa: AlreadyPast; cl: Closed.
    // Columns: take_up forward return merge agreed disagreed decided assign progress done evaluation
    let table = [
        (Raised, "ok ny ny ny ny ny ny ny ny ny ny"),
        (PartyBranch, "pa ok ok ok ny ny ny ny ny ny ny"),
        (ThreeParties, "pa pa pa pa ok ok ny ny ny ny ny"),
        (Residents, "pa pa pa pa pa pa ok ny ny ny ny"),
        (CarryingOut, "pa pa pa pa pa pa pa ok ok ok ny"),
        (Evaluated, "pa pa pa pa pa pa pa pa pa pa ok"),
        (Closed, "cl cl cl cl cl cl cl cl cl cl cl"),
    ];
    let actions = [
        take_up(),
        forward(),
        Action::Return {
            reason: s("请先征求3栋低层住户意见"),
            minutes: s("minutes:branch-2026-04"),
        },
        merge(7),
        agreed(),
        disagreed(true),
        decided(true),
        assign(),
        progress("已签施工合同"),
        done(),
        evaluation(true, None),
    ];
    for (stage, row) in table {
        let state = at_stage(stage);
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells.len(), actions.len());
        for (action, cell) in actions.iter().zip(cells) {
            let got = next(&state, action, at(30)).map(|t| t.from);
            let action = action.kind();
            let want = match cell {
                "ok" => Ok(stage),
                "ny" => Err(GateError::NotYet { stage, action }),
                "pa" => Err(GateError::AlreadyPast { stage, action }),
                _ => Err(GateError::Closed { merged_into: None }),
            };
            assert_eq!(got, want, "{action:?} at {stage:?}");
        }
    }
}

#[test]
fn refusals_say_what_must_happen_first() {
    let e = next(&at_stage(Stage::ThreeParties), &decided(true), at(9)).expect_err("too early");
    assert_eq!(
        e.message(Lang::Zh),
        "三方协议尚未完成：方案需要居委会、业委会和物业三方代表签署后才能进入居民合议。\
         （议题当前处于「三方协议」阶段，尚不能登记居民合议结果。）"
    );
    assert_eq!(
        e.message(Lang::En),
        "The three-party agreement is not complete: the residents' committee, the owners' \
         committee and the property company must all sign the proposal before residents decide. \
         (The matter is at the three-party agreement stage, so it cannot record the residents' \
         decision yet.)"
    );
    let mut two = agreed();
    if let Action::Agreed { signatures, .. } = &mut two {
        signatures.pop();
    }
    let e = next(&at_stage(Stage::ThreeParties), &two, at(9)).expect_err("two signatures");
    assert_eq!(
        e,
        GateError::MissingSignatures(vec![Party::PropertyCompany])
    );
    assert_eq!(
        e.message(Lang::Zh),
        "三方协议尚未完成：方案需要居委会、业委会和物业三方代表签署后才能进入居民合议。尚缺：物业。"
    );
    let e = next(&at_stage(Stage::Residents), &forward(), at(9)).expect_err("past");
    assert!(
        e.message(Lang::Zh)
            .starts_with("「党组织先议」阶段已经结束"),
        "{}",
        e.message(Lang::Zh)
    );
}

#[test]
fn the_three_parties_must_all_sign_once() {
    let three = at_stage(Stage::ThreeParties);
    let with = |edit: &dyn Fn(&mut Vec<PartySignature>)| {
        let mut a = agreed();
        if let Action::Agreed { signatures, .. } = &mut a {
            edit(signatures);
        }
        next(&three, &a, at(9)).map(|t| t.to)
    };
    assert_eq!(with(&|_| {}), Ok(Stage::Residents));
    assert_eq!(
        with(&|v| v[1].signature = s("  ")),
        Err(GateError::MissingSignatures(vec![Party::OwnersCommittee]))
    );
    assert_eq!(
        with(&|v| v.clear()),
        Err(GateError::MissingSignatures(Party::ALL.to_vec()))
    );
    assert_eq!(
        with(&|v| v[2] = signature(Party::ResidentsCommittee, "居委会 另一人")),
        Err(GateError::DuplicateParty(Party::ResidentsCommittee))
    );
    let mut partial = disagreed(false);
    if let Action::Disagreed { positions, .. } = &mut partial {
        positions.remove(0);
    }
    assert_eq!(
        next(&three, &partial, at(9)),
        Err(GateError::MissingPositions(vec![Party::ResidentsCommittee]))
    );
}

#[test]
fn urgent_skips_need_a_reason_and_a_signature_and_are_recorded() {
    let raised = lift();
    let reason = "3栋电梯困人，需立即更换主机（消防部门检查意见）";
    for (action, want) in [
        (
            skip(Stage::CarryingOut, "", "sig:li-hong"),
            GateError::Missing(Required::UrgentReason),
        ),
        (
            skip(Stage::CarryingOut, "  ", "sig:li-hong"),
            GateError::Missing(Required::UrgentReason),
        ),
        (
            skip(Stage::CarryingOut, reason, ""),
            GateError::Missing(Required::UrgentSignature),
        ),
        (
            skip(Stage::Evaluated, reason, "sig:li-hong"),
            GateError::CannotSkipTo(Stage::Evaluated),
        ),
        (
            skip(Stage::Closed, reason, "sig:li-hong"),
            GateError::CannotSkipTo(Stage::Closed),
        ),
        (
            skip(Stage::PartyBranch, reason, "sig:li-hong"),
            GateError::CannotSkipTo(Stage::PartyBranch),
        ),
    ] {
        assert_eq!(next(&raised, &action, at(1)), Err(want), "{action:?}");
    }
    let residents = at_stage(Stage::Residents);
    assert_eq!(
        next(
            &residents,
            &skip(Stage::ThreeParties, reason, "sig:li-hong"),
            at(1)
        ),
        Err(GateError::NotASkip {
            stage: Stage::Residents,
            to: Stage::ThreeParties
        })
    );
    assert_eq!(
        next(
            &residents,
            &skip(Stage::Residents, reason, "sig:li-hong"),
            at(1)
        ),
        Err(GateError::NotASkip {
            stage: Stage::Residents,
            to: Stage::Residents
        })
    );

    let t = next(
        &raised,
        &skip(Stage::CarryingOut, reason, "sig:li-hong"),
        at(1),
    )
    .expect("skip");
    let record = UrgentSkip {
        skipped: vec![Stage::PartyBranch, Stage::ThreeParties, Stage::Residents],
        reason: s(reason),
        signed_by: s("sig:li-hong"),
    };
    assert_eq!(
        (t.from, t.to, t.urgent.as_ref()),
        (Stage::Raised, Stage::CarryingOut, Some(&record))
    );
    let mut state = raised.clone();
    state.apply(t).expect("applies");
    let end = walk(
        state,
        &[
            assign(),
            progress("主机已更换"),
            done(),
            evaluation(true, None),
        ],
    );
    assert_eq!(
        end.history[0].urgent,
        Some(record),
        "kept after later steps"
    );
    assert_eq!(end.history.iter().filter(|t| t.urgent.is_some()).count(), 1);

    let t = next(
        &at_stage(Stage::PartyBranch),
        &skip(Stage::ThreeParties, reason, "sig:li-hong"),
        at(2),
    )
    .expect("skipping the branch's decision");
    assert_eq!(t.urgent.map(|u| u.skipped), Some(vec![Stage::PartyBranch]));
    assert_eq!(
        next(
            &raised,
            &skip(Stage::ThreeParties, reason, "sig:li-hong"),
            at(2)
        )
        .map(|t| t.urgent.map(|u| u.skipped)),
        Ok(Some(vec![Stage::PartyBranch]))
    );
}

#[test]
fn returned_matters_go_back_to_raised_and_merged_ones_close() {
    let branch = at_stage(Stage::PartyBranch);
    let back = Action::Return {
        reason: s(""),
        minutes: s("minutes:branch-2026-04"),
    };
    assert_eq!(
        next(&branch, &back, at(2)),
        Err(GateError::Missing(Required::Reason))
    );
    let back = Action::Return {
        reason: s("请补充3栋住户签名意向书"),
        minutes: s("minutes:branch-2026-04"),
    };
    let returned = walk(branch, &[back]);
    assert_eq!(returned.stage, Stage::Raised);
    let again = walk(returned, &[take_up(), forward(), disagreed(true)]);
    assert_eq!(
        again.stage,
        Stage::PartyBranch,
        "the parties sent it back for new direction"
    );
    assert_eq!(walk(again, &[forward(), agreed()]).stage, Stage::Residents);

    let branch = at_stage(Stage::PartyBranch);
    assert_eq!(
        next(&branch, &merge(3), at(2)),
        Err(GateError::MergeIntoSelf)
    );
    let merged = walk(branch, &[merge(7)]);
    assert_eq!((merged.stage, merged.merged_into), (Stage::Closed, Some(7)));
    let e = next(&merged, &take_up(), at(3)).expect_err("closed");
    assert_eq!(
        e,
        GateError::Closed {
            merged_into: Some(7)
        }
    );
    assert!(e.message(Lang::Zh).contains("议题已合并到议题 7"));
    assert_eq!(
        next(&merged, &skip(Stage::Residents, "紧急", "sig:x"), at(3)),
        Err(GateError::Closed {
            merged_into: Some(7)
        })
    );

    let rejected = walk(at_stage(Stage::Residents), &[decided(false)]);
    assert_eq!(
        (rejected.stage, rejected.passed),
        (Stage::Closed, Some(false))
    );
}

#[test]
fn carrying_out_needs_an_assignment_progress_and_tracks_the_due_date() {
    let residents = at_stage(Stage::Residents);
    let started = walk(residents, &[decided(true)]);
    assert!(!is_overdue(&started, date("2027-01-01")), "no due date yet");
    assert_eq!(
        next(&started, &progress("x"), at(5)),
        Err(GateError::NotAssigned)
    );
    assert_eq!(next(&started, &done(), at(5)), Err(GateError::NotAssigned));
    let assigned = walk(started, &[assign()]);
    assert_eq!(next(&assigned, &done(), at(6)), Err(GateError::NoProgress));
    assert_eq!(
        next(&assigned, &progress(" "), at(6)),
        Err(GateError::Missing(Required::ProgressNote))
    );
    assert!(
        !is_overdue(&assigned, date("2026-09-30")),
        "the due day runs to 24:00"
    );
    assert!(is_overdue(&assigned, date("2026-10-01")));

    let evaluated = walk(assigned, &[progress("已签施工合同"), done()]);
    assert!(
        !is_overdue(&evaluated, date("2026-12-01")),
        "done is not overdue"
    );
    assert_eq!(
        next(
            &evaluated,
            &evaluation(true, Some(date("2026-12-31"))),
            at(9)
        ),
        Err(GateError::ReworkWhenSatisfied)
    );
    let rework = walk(evaluated, &[evaluation(false, Some(date("2026-12-31")))]);
    assert_eq!(
        (rework.stage, rework.satisfied),
        (Stage::CarryingOut, Some(false))
    );
    assert!(!is_overdue(&rework, date("2026-12-31")));
    assert!(is_overdue(&rework, date("2027-01-01")));
    assert_eq!(
        next(&rework, &done(), at(10)),
        Err(GateError::NoProgress),
        "rework needs new progress"
    );
    let closed = walk(
        rework,
        &[progress("已整改噪音问题"), done(), evaluation(false, None)],
    );
    assert_eq!(
        (closed.stage, closed.satisfied),
        (Stage::Closed, Some(false))
    );
    assert_eq!(ActionKind::Done.stage(), Some(Stage::CarryingOut));
}
