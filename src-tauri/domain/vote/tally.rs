//! Counting a vote: the roll and resolved ballots in, N, A, Pn, Pa, Yn, Ya and the verdict out; what makes a vote uncountable.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Inputs and results
// ---------------------------------------------------------------------------------------------

/// One counted person. For committee and residents' meetings pass `Area(0)`: areas are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RollEntry {
    #[ts(type = "number")]
    pub person_id: i64,
    pub area: Area,
}

/// A vote to count: the roll, each person's one resolved ballot, and what was refused.
#[derive(Debug, Clone, Copy)]
pub struct TallyInput<'a> {
    pub roll: &'a [RollEntry],
    /// One ballot per person, after [`resolve_ballots`].
    pub ballots: &'a [(i64, Choice)],
    /// Non-voters who were served the ballot, for the 从众 clause; ignored when it is off.
    pub served_non_voters: Option<&'a [i64]>,
    /// Ballots refused for identity (bad signature, not on the roll): reported, never counted.
    pub refused: u32,
}

/// The least values that satisfy a set of inequalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Threshold {
    /// Least persons, e.g. 306.
    pub persons: u32,
    /// Least area, e.g. 30,000.00; `Area(0)` for rules that count heads only.
    pub area: Area,
}

/// Which test an inequality belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VoteTest {
    Quorum,
    Pass,
}

/// One statutory inequality with the figures put in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Inequality {
    pub test: VoteTest,
    /// "3·Pn ≥ 2·N: 3×320 = 960 ≥ 2×459 = 918"; when it fails the true relation is written
    /// ("3×305 = 915 < 2×459 = 918", "2×160 = 320 ≤ 320").
    pub text: String,
    pub holds: bool,
}

/// How the 从众 clause was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Conformity {
    /// Served non-voters passed in.
    pub served: u32,
    /// The choice that leads among actual ballots in both persons and area; `None` when no
    /// single choice leads in both, and then nobody is deemed to have voted.
    pub side: Option<Choice>,
    /// Persons and area deemed to have voted `side` (already inside Pn/Pa and that choice's
    /// counts).
    pub persons: u32,
    pub area: Area,
}

/// The count of one vote and the inequalities that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Tally {
    pub n: u32,
    pub a: Area,
    pub pn: u32,
    pub pa: Area,
    pub yn: u32,
    pub ya: Area,
    pub on: u32,
    pub oa: Area,
    pub abstain_n: u32,
    pub abstain_a: Area,
    pub refused: u32,
    pub quorum_met: bool,
    /// Quorum met and every pass inequality holds.
    pub passed: bool,
    /// Least Pn and Pa for the quorum.
    pub quorum_line: Threshold,
    /// Least Yn and Ya to pass, given this Pn and Pa.
    pub pass_line: Threshold,
    /// Every inequality checked: the quorum's, then the pass test's.
    pub deciding: Vec<Inequality>,
    /// `Some` when the 从众 clause was on and the rule allows it.
    pub conformity: Option<Conformity>,
}

/// Why a vote cannot be counted. Each is a caller bug or bad data, never a voter's mistake.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    #[error("the roll is empty")]
    EmptyRoll,
    #[error("the roll has more persons than can be counted")]
    RollTooLarge,
    #[error("person {person_id} is on the roll twice")]
    DuplicateRollEntry { person_id: i64 },
    #[error("person {person_id} has a negative area on the roll")]
    NegativeArea { person_id: i64 },
    #[error("the roll's total area overflows")]
    AreaOverflow,
    #[error("the rule counts {rule} persons but the roll has {roll}")]
    RollSizeMismatch { rule: u32, roll: u32 },
    #[error("a ballot from person {person_id}, who is not on the roll")]
    NotOnRoll { person_id: i64 },
    #[error("two ballots from person {person_id} reached the tally")]
    DuplicateBallot { person_id: i64 },
    #[error("served non-voter {person_id} is not on the roll")]
    ServedNotOnRoll { person_id: i64 },
    #[error("person {person_id} is listed as a served non-voter but voted")]
    ServedButVoted { person_id: i64 },
    #[error("served non-voter {person_id} is listed twice")]
    DuplicateServed { person_id: i64 },
    #[error("an election needs at least one candidate")]
    NoCandidates,
    #[error("an election needs at least one seat")]
    NoSeats,
    #[error("person {person_id} approved {approved} candidates, more than {max}")]
    TooManyApprovals {
        person_id: i64,
        approved: u32,
        max: u32,
    },
    #[error("person {person_id} approved candidate {candidate}, who does not exist")]
    UnknownCandidate { person_id: i64, candidate: u32 },
    #[error("person {person_id} approved candidate {candidate} twice")]
    DuplicateApproval { person_id: i64, candidate: u32 },
}

impl TallyError {
    /// What went wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        const BUG_ZH: &str = "这是程序错误，请导出记录并联系维护者。";
        const BUG_EN: &str =
            "This is a program error: export the record and contact the maintainers.";
        let (zh, en) = match self {
            TallyError::EmptyRoll => (
                "表决名册为空，无法计票。请先导入或核对名册。".to_string(),
                "The voting roll is empty, so nothing can be counted. Import or check the roll first.".to_string(),
            ),
            TallyError::RollTooLarge => (
                "名册人数超出可计数范围，请核对名册。".to_string(),
                "The roll has more persons than can be counted; check the roll.".to_string(),
            ),
            TallyError::DuplicateRollEntry { person_id } => (
                format!("名册中人员 {person_id} 出现了两次。请核对名册后重新计票。"),
                format!("Person {person_id} appears twice on the roll. Check the roll and count again."),
            ),
            TallyError::NegativeArea { person_id } => (
                format!("名册中人员 {person_id} 的面积为负数。请核对该户面积后重新计票。"),
                format!("Person {person_id} has a negative area on the roll. Correct the area and count again."),
            ),
            TallyError::AreaOverflow => (
                "名册总面积超出可计数范围，请核对各户面积。".to_string(),
                "The roll's total area is out of range; check the units' areas.".to_string(),
            ),
            TallyError::RollSizeMismatch { rule, roll } => (
                format!("表决规则按 {rule} 人计算，但名册有 {roll} 人。请修改规则中的人数或名册，使两者一致。"),
                format!("The rule counts {rule} persons but the roll has {roll}. Make the rule's number and the roll agree."),
            ),
            TallyError::NotOnRoll { person_id } => (
                format!("人员 {person_id} 不在表决名册上，其表决票不应计入。{BUG_ZH}"),
                format!("Person {person_id} is not on the voting roll; the ballot must not be counted. {BUG_EN}"),
            ),
            TallyError::DuplicateBallot { person_id } => (
                format!("人员 {person_id} 有两张表决票进入计票。{BUG_ZH}"),
                format!("Two ballots of person {person_id} reached the count. {BUG_EN}"),
            ),
            TallyError::ServedNotOnRoll { person_id } => (
                format!("已送达未投票名单中的人员 {person_id} 不在名册上。请核对送达记录。"),
                format!("Served non-voter {person_id} is not on the roll. Check the service records."),
            ),
            TallyError::ServedButVoted { person_id } => (
                format!("人员 {person_id} 已投票，却列在已送达未投票名单中。请核对送达记录。"),
                format!("Person {person_id} voted but is listed as a served non-voter. Check the service records."),
            ),
            TallyError::DuplicateServed { person_id } => (
                format!("已送达未投票名单中人员 {person_id} 出现了两次。请核对送达记录。"),
                format!("Served non-voter {person_id} is listed twice. Check the service records."),
            ),
            TallyError::NoCandidates => (
                "选举没有候选人。请先添加候选人。".to_string(),
                "The election has no candidates. Add the candidates first.".to_string(),
            ),
            TallyError::NoSeats => (
                "选举的应选名额为 0。请设置应选名额。".to_string(),
                "The election has no seats. Set the number of seats.".to_string(),
            ),
            TallyError::TooManyApprovals { person_id, approved, max } => (
                format!("人员 {person_id} 的选票选了 {approved} 人，超过最多 {max} 人的限制，应在收票时拒收。{BUG_ZH}"),
                format!("Person {person_id}'s ballot approves {approved} candidates, more than the {max} allowed; it should have been refused when cast. {BUG_EN}"),
            ),
            TallyError::UnknownCandidate { person_id, candidate } => (
                format!("人员 {person_id} 的选票选了不存在的候选人 {candidate}。{BUG_ZH}"),
                format!("Person {person_id}'s ballot approves candidate {candidate}, who does not exist. {BUG_EN}"),
            ),
            TallyError::DuplicateApproval { person_id, candidate } => (
                format!("人员 {person_id} 的选票重复选了候选人 {candidate}。{BUG_ZH}"),
                format!("Person {person_id}'s ballot approves candidate {candidate} twice. {BUG_EN}"),
            ),
        };
        lang.pick(zh, en)
    }
}

// ---------------------------------------------------------------------------------------------
// Tallying
// ---------------------------------------------------------------------------------------------

/// The roll, checked and indexed.
pub(super) struct Roll {
    pub(super) n: u32,
    pub(super) a: Area,
    pub(super) index: HashMap<i64, usize>,
    /// Each entry's counted area (0 for head-count rules).
    pub(super) areas: Vec<i64>,
}

impl Roll {
    pub(super) fn build(entries: &[RollEntry], rule: &Rule) -> Result<Roll, TallyError> {
        if entries.is_empty() {
            return Err(TallyError::EmptyRoll);
        }
        let n = u32::try_from(entries.len()).map_err(|_| TallyError::RollTooLarge)?;
        if let Some(fixed) = rule.fixed_n() {
            if fixed != n {
                return Err(TallyError::RollSizeMismatch {
                    rule: fixed,
                    roll: n,
                });
            }
        }
        let with_area = rule.counts_area();
        let mut index = HashMap::with_capacity(entries.len());
        let mut areas = Vec::with_capacity(entries.len());
        let mut total: i64 = 0;
        for (i, e) in entries.iter().enumerate() {
            if index.insert(e.person_id, i).is_some() {
                return Err(TallyError::DuplicateRollEntry {
                    person_id: e.person_id,
                });
            }
            let area = if with_area {
                if e.area.0 < 0 {
                    return Err(TallyError::NegativeArea {
                        person_id: e.person_id,
                    });
                }
                total = total
                    .checked_add(e.area.0)
                    .ok_or(TallyError::AreaOverflow)?;
                e.area.0
            } else {
                0
            };
            areas.push(area);
        }
        Ok(Roll {
            n,
            a: Area(total),
            index,
            areas,
        })
    }

    pub(super) fn find(&self, person_id: i64) -> Option<usize> {
        self.index.get(&person_id).copied()
    }
}

/// Persons and area of one group. Every group is a subset of the roll, whose total area was
/// checked not to overflow, and has at most `n` (a `u32`) persons, so plain additions are safe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Count {
    pub(super) n: u32,
    pub(super) a: i64,
}

impl Count {
    pub(super) fn add(&mut self, area: i64) {
        self.n += 1;
        self.a += area;
    }
    pub(super) fn plus(self, other: Count) -> Count {
        Count {
            n: self.n + other.n,
            a: self.a + other.a,
        }
    }
}

/// Counts a vote. See the module documentation for what the caller resolves first.
pub fn tally(input: &TallyInput, settings: &VoteSettings) -> Result<Tally, TallyError> {
    let rule = &settings.rule;
    let roll = Roll::build(input.roll, rule)?;
    let mut voted = vec![false; input.roll.len()];
    let mut agree = Count::default();
    let mut oppose = Count::default();
    let mut abstain = Count::default();
    for &(person_id, choice) in input.ballots {
        let i = roll
            .find(person_id)
            .ok_or(TallyError::NotOnRoll { person_id })?;
        if std::mem::replace(&mut voted[i], true) {
            return Err(TallyError::DuplicateBallot { person_id });
        }
        match choice {
            Choice::Agree => agree.add(roll.areas[i]),
            Choice::Oppose => oppose.add(roll.areas[i]),
            Choice::Abstain => abstain.add(roll.areas[i]),
        }
    }

    let conformity = if settings.conformity_clause && rule.allows_conformity() {
        let served_ids = input.served_non_voters.unwrap_or(&[]);
        let mut served = Count::default();
        let mut listed = vec![false; input.roll.len()];
        for &person_id in served_ids {
            let i = roll
                .find(person_id)
                .ok_or(TallyError::ServedNotOnRoll { person_id })?;
            if voted[i] {
                return Err(TallyError::ServedButVoted { person_id });
            }
            if std::mem::replace(&mut listed[i], true) {
                return Err(TallyError::DuplicateServed { person_id });
            }
            served.add(roll.areas[i]);
        }
        let side = leader([agree.n, oppose.n, abstain.n].map(i64::from))
            .filter(|s| leader([agree.a, oppose.a, abstain.a]) == Some(*s));
        let deemed = match side {
            Some(Choice::Agree) => Some(&mut agree),
            Some(Choice::Oppose) => Some(&mut oppose),
            Some(Choice::Abstain) => Some(&mut abstain),
            None => None,
        };
        let counted = match deemed {
            Some(c) => {
                *c = c.plus(served);
                served
            }
            None => Count::default(),
        };
        Some(Conformity {
            served: served.n,
            side,
            persons: counted.n,
            area: Area(counted.a),
        })
    } else {
        None
    };

    let took_part = agree.plus(oppose).plus(abstain);
    let all = Count {
        n: roll.n,
        a: roll.a.0,
    };
    let judged = judge(rule, all, took_part, agree);
    Ok(Tally {
        n: roll.n,
        a: roll.a,
        pn: took_part.n,
        pa: Area(took_part.a),
        yn: agree.n,
        ya: Area(agree.a),
        on: oppose.n,
        oa: Area(oppose.a),
        abstain_n: abstain.n,
        abstain_a: Area(abstain.a),
        refused: input.refused,
        quorum_met: judged.quorum_met,
        passed: judged.quorum_met && judged.pass_holds,
        quorum_line: judged.quorum_line,
        pass_line: judged.pass_line,
        deciding: judged.quorum.into_iter().chain(judged.pass).collect(),
        conformity,
    })
}

/// The choice with strictly the most (agree, oppose, abstain), if one has.
pub(super) fn leader(values: [i64; 3]) -> Option<Choice> {
    let choices = [Choice::Agree, Choice::Oppose, Choice::Abstain];
    let max = values.iter().copied().max()?;
    let mut at_max = values.iter().zip(choices).filter(|(v, _)| **v == max);
    match (at_max.next(), at_max.next()) {
        (Some((_, c)), None) => Some(c),
        _ => None,
    }
}
