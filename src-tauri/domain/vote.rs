//! Tallying a vote exactly as the law words it.
//!
//! Symbols: N, A are the persons and area of the roll; Pn, Pa those who took part (cast a
//! ballot, abstentions included); Yn, Ya those who agree. Every test is the statute's inequality
//! with both sides multiplied out in integers (`i128`), so "过半数" (more than half) is
//! `2·Yn > Pn` and never a rounded fraction; areas are `Area` (0.01 m²). Nothing here rounds,
//! and no floating point touches a count.
//!
//! | rule | quorum | passes when |
//! |---|---|---|
//! | owners, ordinary (民法典 Art. 278 items 1-5, 9) | 3·Pn ≥ 2·N and 3·Pa ≥ 2·A | 2·Yn > Pn and 2·Ya > Pa |
//! | owners, major (items 6-8) | same | 4·Yn ≥ 3·Pn and 4·Ya ≥ 3·Pa |
//! | owners of one building (Shanghai Art. 69) | as ordinary over that building's roll | as ordinary |
//! | owners' committee meeting (指导规则 Art. 38) | 2·Pn > N (N = members) | 2·Yn ≥ N; strict: 2·Yn > N |
//! | residents' meeting (居委会组织法 Art. 9) | 2·Pn > N (N = entitled) | 2·Yn > Pn |
//!
//! A decision passes only when the quorum is met *and* every pass inequality holds.
//!
//! What the caller does before calling (and why there is no "invalid" outcome here):
//! * A blank or illegible paper ballot is an abstention: the caller passes it as
//!   [`Choice::Abstain`]. It participates and does not agree.
//! * A ballot that fails identity (bad signature, not on the roll) is not participation: the
//!   caller leaves it out of `ballots` and only counts it in `refused`, which is reported and
//!   never enters Pn or Pa.
//! * Repeated ballots are resolved first by [`resolve_ballots`]; a duplicate reaching [`tally`]
//!   is a caller bug and an error.
//! * At a meeting (committee, residents), "present" is Pn: a member who signed in but casts
//!   nothing must be entered as an abstention to count as present.
//!
//! Invariants: pure functions of their arguments; the result is independent of the order of the
//! roll and the ballots; every threshold reported is the least integer (persons, or 0.01 m²)
//! that satisfies its inequality, so one less fails.

use super::area::Area;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use ts_rs::TS;

// ---------------------------------------------------------------------------------------------
// Rules and settings
// ---------------------------------------------------------------------------------------------

/// The legal rule a vote is decided by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Rule {
    /// 民法典 Art. 278 items 1-5 and 9: quorum 3·Pn ≥ 2·N and 3·Pa ≥ 2·A; passes when
    /// 2·Yn > Pn and 2·Ya > Pa.
    OwnersOrdinary,
    /// 民法典 Art. 278 items 6-8: same quorum; passes when 4·Yn ≥ 3·Pn and 4·Ya ≥ 3·Pa.
    OwnersMajor,
    /// The owners of one building on its partial common parts (Shanghai Art. 69): the ordinary
    /// rule over that building's roll, which the caller passes as the roll.
    OneBuilding { building: String },
    /// 指导规则 Art. 38: quorum 2·present > members; passes when 2·yes ≥ members, or with
    /// `strict_majority` (Beijing, Shanghai, Hangzhou) 2·yes > members.
    CommitteeMeeting { members: u32, strict_majority: bool },
    /// 居委会组织法 Art. 9: quorum 2·present > entitled; passes when 2·yes > present.
    ResidentsMeeting { entitled: u32 },
}

impl Rule {
    /// Whether areas count (owners' votes) or only heads (meetings).
    pub fn counts_area(&self) -> bool {
        matches!(
            self,
            Rule::OwnersOrdinary | Rule::OwnersMajor | Rule::OneBuilding { .. }
        )
    }

    /// The head count the rule itself fixes (members, entitled); owners' rules take N from the
    /// roll.
    pub fn fixed_n(&self) -> Option<u32> {
        match self {
            Rule::CommitteeMeeting { members, .. } => Some(*members),
            Rule::ResidentsMeeting { entitled } => Some(*entitled),
            _ => None,
        }
    }

    /// Whether the 从众 clause (指导规则 Art. 26) can apply: it concerns owners' votes only.
    pub fn allows_conformity(&self) -> bool {
        self.counts_area()
    }

    /// "业主共同决定（一般事项）" / "Owners' decision (ordinary matter)".
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Rule::OwnersOrdinary => lang
                .pick("业主共同决定（一般事项）", "Owners' decision (ordinary matter)")
                .to_string(),
            Rule::OwnersMajor => lang
                .pick(
                    "业主共同决定（重大事项，第六至八项）",
                    "Owners' decision (major matter, items 6-8)",
                )
                .to_string(),
            Rule::OneBuilding { building } => lang.pick(
                format!("{building}业主共同决定（一般事项，按本幢名册）"),
                format!("Owners of {building} (ordinary matter, over that building's roll)"),
            ),
            Rule::CommitteeMeeting {
                members,
                strict_majority,
            } => match strict_majority {
                false => lang.pick(
                    format!("业主委员会会议（委员 {members} 人，同意须达全体委员半数以上）"),
                    format!(
                        "Owners' committee meeting ({members} members; yes from at least half of all members)"
                    ),
                ),
                true => lang.pick(
                    format!("业主委员会会议（委员 {members} 人，同意须超过全体委员半数）"),
                    format!(
                        "Owners' committee meeting ({members} members; yes from more than half of all members)"
                    ),
                ),
            },
            Rule::ResidentsMeeting { entitled } => lang.pick(
                format!("居民会议（应到 {entitled} 人，决定须出席人过半数同意）"),
                format!(
                    "Residents' meeting ({entitled} entitled; more than half of those present must agree)"
                ),
            ),
        }
    }

    /// The legal source, for notices.
    pub fn citation(&self, lang: Lang) -> &'static str {
        match self {
            Rule::OwnersOrdinary | Rule::OwnersMajor => {
                lang.pick("《民法典》第二百七十八条", "Civil Code Art. 278")
            }
            Rule::OneBuilding { .. } => lang.pick(
                "上海市住宅物业管理规定第六十九条；《民法典》第二百七十八条",
                "Shanghai residential property regulations Art. 69; Civil Code Art. 278",
            ),
            Rule::CommitteeMeeting {
                strict_majority: false,
                ..
            } => lang.pick(
                "《业主大会和业主委员会指导规则》第三十八条",
                "Guiding Rules for Owners' Assemblies and Committees Art. 38",
            ),
            Rule::CommitteeMeeting {
                strict_majority: true,
                ..
            } => lang.pick(
                "《业主大会和业主委员会指导规则》第三十八条；北京、上海、杭州地方规定（过半数）",
                "Guiding Rules Art. 38, with the Beijing/Shanghai/Hangzhou local rule (more than half)",
            ),
            Rule::ResidentsMeeting { .. } => lang.pick(
                "《城市居民委员会组织法》第九条",
                "Organic Law of Urban Residents' Committees Art. 9",
            ),
        }
    }
}

/// What a matter is about, which decides the rule it legally needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MatterCategory {
    /// Art. 278 item 3: electing the owners' committee or replacing members.
    ElectCommittee,
    /// Item 1: making or amending the owners' assembly rules of procedure.
    RulesOfProcedure,
    /// Item 2: making or amending the management statute.
    ManagementStatute,
    /// Item 4: engaging or dismissing the property company or another manager.
    PropertyCompany,
    /// Item 5: using the repair fund (ordinary).
    UseRepairFund,
    /// Item 6: raising the repair fund (major).
    RaiseRepairFund,
    /// Item 7: rebuilding or reconstructing buildings and facilities (major).
    Rebuild,
    /// Item 8: changing the use of common parts or running a business on them (major).
    ChangeUseOfCommonParts,
    /// One building's partial common parts (Shanghai Art. 69).
    BuildingCommonParts,
    /// Business of the owners' committee itself.
    CommitteeBusiness,
    /// A residents' matter decided by a residents' meeting.
    ResidentsAffairs,
    /// Item 9: other major matters of common ownership and management (ordinary rule).
    Other,
}

impl MatterCategory {
    pub const ALL: [MatterCategory; 12] = [
        MatterCategory::ElectCommittee,
        MatterCategory::RulesOfProcedure,
        MatterCategory::ManagementStatute,
        MatterCategory::PropertyCompany,
        MatterCategory::UseRepairFund,
        MatterCategory::RaiseRepairFund,
        MatterCategory::Rebuild,
        MatterCategory::ChangeUseOfCommonParts,
        MatterCategory::BuildingCommonParts,
        MatterCategory::CommitteeBusiness,
        MatterCategory::ResidentsAffairs,
        MatterCategory::Other,
    ];

    pub fn label(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            MatterCategory::ElectCommittee => (
                "选举业主委员会或者更换业主委员会成员",
                "Electing the owners' committee or replacing members",
            ),
            MatterCategory::RulesOfProcedure => (
                "制定和修改业主大会议事规则",
                "Making or amending the rules of procedure",
            ),
            MatterCategory::ManagementStatute => (
                "制定和修改管理规约",
                "Making or amending the management statute",
            ),
            MatterCategory::PropertyCompany => (
                "选聘和解聘物业服务企业或者其他管理人",
                "Engaging or dismissing the property company or another manager",
            ),
            MatterCategory::UseRepairFund => ("使用维修资金", "Using the repair fund"),
            MatterCategory::RaiseRepairFund => ("筹集维修资金", "Raising the repair fund"),
            MatterCategory::Rebuild => (
                "改建、重建建筑物及其附属设施",
                "Rebuilding buildings and their facilities",
            ),
            MatterCategory::ChangeUseOfCommonParts => (
                "改变共有部分的用途或者利用共有部分从事经营活动",
                "Changing the use of common parts or running a business on them",
            ),
            MatterCategory::BuildingCommonParts => {
                ("本幢共有部分事项", "One building's common parts")
            }
            MatterCategory::CommitteeBusiness => ("业主委员会事务", "Owners' committee business"),
            MatterCategory::ResidentsAffairs => ("居民会议事项", "Residents' meeting matter"),
            MatterCategory::Other => (
                "有关共有和共同管理权利的其他重大事项",
                "Other matters of common ownership and management",
            ),
        };
        lang.pick(zh, en)
    }
}

/// What [`propose_rule`] needs to fill in a rule's numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalContext {
    /// The building, for [`MatterCategory::BuildingCommonParts`].
    pub building: Option<String>,
    pub committee_members: u32,
    pub residents_entitled: u32,
}

/// A rule with the reason, citing the article, for the host to confirm or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RuleProposal {
    pub rule: Rule,
    pub reason_zh: String,
    pub reason_en: String,
}

/// The rule a matter of this category legally needs, with the article that says so.
///
/// A committee matter is proposed under the national rule (yes ≥ half of all members); in
/// Beijing, Shanghai and Hangzhou the host switches on `strict_majority`. A building matter
/// with no building named falls back to the whole community's ordinary rule and says so.
pub fn propose_rule(category: MatterCategory, ctx: ProposalContext) -> RuleProposal {
    let item = |n: u32, zh_item: &str, en_item: &str, major: bool| {
        let rule = if major {
            Rule::OwnersMajor
        } else {
            Rule::OwnersOrdinary
        };
        let (zh_rule, en_rule) = if major {
            (
                "属重大事项：须参与表决专有部分面积四分之三以上且人数四分之三以上的业主同意",
                "a major matter: owners holding at least three quarters of the participating area and at least three quarters of the participating owners must agree",
            )
        } else {
            (
                "须参与表决专有部分面积过半数且人数过半数的业主同意",
                "owners holding more than half of the participating area and more than half of the participating owners must agree",
            )
        };
        RuleProposal {
            rule,
            reason_zh: format!(
                "{zh_item}属《民法典》第二百七十八条第一款第{}项，{zh_rule}；参与表决须达专有部分面积三分之二以上且人数三分之二以上。",
                zh_numeral(n)
            ),
            reason_en: format!(
                "{en_item} is Civil Code Art. 278 item {n}: {en_rule}; owners holding at least two thirds of the area and at least two thirds of the owners must take part."
            ),
        }
    };
    match category {
        MatterCategory::RulesOfProcedure => {
            item(1, "制定和修改业主大会议事规则", "Making or amending the rules of procedure", false)
        }
        MatterCategory::ManagementStatute => {
            item(2, "制定和修改管理规约", "Making or amending the management statute", false)
        }
        MatterCategory::ElectCommittee => item(
            3,
            "选举业主委员会或者更换业主委员会成员",
            "Electing the owners' committee or replacing its members",
            false,
        ),
        MatterCategory::PropertyCompany => item(
            4,
            "选聘和解聘物业服务企业或者其他管理人",
            "Engaging or dismissing the property company or another manager",
            false,
        ),
        MatterCategory::UseRepairFund => {
            let mut p = item(
                5,
                "使用建筑物及其附属设施的维修资金",
                "Using the repair fund",
                false,
            );
            p.reason_zh.push_str("注意：使用维修资金是第五项（一般事项），只有筹集维修资金才是第六项（重大事项）。");
            p.reason_en.push_str(" Note: using the repair fund is item 5 (ordinary); only raising it is item 6 (major).");
            p
        }
        MatterCategory::RaiseRepairFund => item(
            6,
            "筹集建筑物及其附属设施的维修资金",
            "Raising the repair fund",
            true,
        ),
        MatterCategory::Rebuild => item(
            7,
            "改建、重建建筑物及其附属设施",
            "Rebuilding buildings and their facilities",
            true,
        ),
        MatterCategory::ChangeUseOfCommonParts => item(
            8,
            "改变共有部分的用途或者利用共有部分从事经营活动",
            "Changing the use of common parts or running a business on them",
            true,
        ),
        MatterCategory::Other => item(
            9,
            "有关共有和共同管理权利的其他重大事项",
            "Another matter of common ownership and management",
            false,
        ),
        MatterCategory::BuildingCommonParts => match ctx.building {
            Some(building) if !building.trim().is_empty() => RuleProposal {
                reason_zh: format!(
                    "只涉及{building}共有部分的事项，由{building}业主按本幢名册表决（上海市住宅物业管理规定第六十九条），人数和面积均按本幢计算，门槛同《民法典》第二百七十八条一般事项。如属筹集维修资金、改建重建或改变共有部分用途，请改为重大事项规则。"
                ),
                reason_en: format!(
                    "A matter of {building}'s own common parts is decided by {building}'s owners over that building's roll (Shanghai Art. 69): persons and area count within the building, with the Civil Code Art. 278 ordinary thresholds. If it raises the repair fund, rebuilds, or changes the use of common parts, switch to the major rule."
                ),
                rule: Rule::OneBuilding { building },
            },
            _ => RuleProposal {
                rule: Rule::OwnersOrdinary,
                reason_zh: "未指定楼栋，暂按全体业主一般事项（《民法典》第二百七十八条）表决；如只涉及一幢楼的共有部分，请指定楼栋，改按本幢名册表决。".to_string(),
                reason_en: "No building is named, so the whole community decides under the ordinary rule (Civil Code Art. 278); if only one building's common parts are concerned, name the building to vote over its roll.".to_string(),
            },
        },
        MatterCategory::CommitteeBusiness => {
            let m = ctx.committee_members;
            RuleProposal {
                rule: Rule::CommitteeMeeting {
                    members: m,
                    strict_majority: false,
                },
                reason_zh: format!(
                    "业主委员会会议（《业主大会和业主委员会指导规则》第三十八条）：须过半数委员出席，决定须经全体委员（{m} 人）半数以上同意。北京、上海、杭州要求超过半数，请按本地规定选择“过半数”。"
                ),
                reason_en: format!(
                    "An owners' committee meeting (Guiding Rules Art. 38): more than half of the members must attend and at least half of all {m} members must agree. Beijing, Shanghai and Hangzhou require more than half: choose the strict majority there."
                ),
            }
        }
        MatterCategory::ResidentsAffairs => {
            let e = ctx.residents_entitled;
            RuleProposal {
                rule: Rule::ResidentsMeeting { entitled: e },
                reason_zh: format!(
                    "居民会议（《城市居民委员会组织法》第九条）：须应到的 {e} 人过半数出席，决定由出席人的过半数通过。"
                ),
                reason_en: format!(
                    "A residents' meeting (Organic Law of Urban Residents' Committees Art. 9): more than half of the {e} entitled must attend, and more than half of those present must agree."
                ),
            }
        }
    }
}

fn zh_numeral(n: u32) -> &'static str {
    match n {
        1 => "一",
        2 => "二",
        3 => "三",
        4 => "四",
        5 => "五",
        6 => "六",
        7 => "七",
        8 => "八",
        9 => "九",
        _ => "?",
    }
}

/// A ballot's choice. A blank or illegible paper ballot is entered as `Abstain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Choice {
    Agree,
    Oppose,
    Abstain,
}

impl Choice {
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            Choice::Agree => lang.pick("同意", "agree"),
            Choice::Oppose => lang.pick("反对", "oppose"),
            Choice::Abstain => lang.pick("弃权", "abstain"),
        }
    }
}

/// Which of a person's repeated ballots stands. The owner's own ballot always beats a proxy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BallotPolicy {
    /// The first ballot cast stands; later ones are refused.
    #[default]
    FirstStands,
    /// The last ballot cast before the close stands.
    LastStands,
}

impl BallotPolicy {
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            BallotPolicy::FirstStands => lang.pick("以首次投票为准", "the first ballot stands"),
            BallotPolicy::LastStands => lang.pick("以最后一次投票为准", "the last ballot stands"),
        }
    }
}

/// How one vote is counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteSettings {
    pub rule: Rule,
    pub ballot_policy: BallotPolicy,
    /// 从众 (指导规则 Art. 26): legally unsettled, so off by default. When on (and only for
    /// owners' rules), served non-voters count with the choice that leads among those who voted
    /// in both persons and area; see [`Conformity`].
    #[serde(default)]
    pub conformity_clause: bool,
    /// How many owners one proxy may carry (Weifang: 3); `None` is no cap. The tally does not
    /// see proxies: the caller refuses an authorisation over the cap ([`VoteSettings::proxy_allows`]).
    #[serde(default)]
    pub proxy_limit: Option<u32>,
}

impl VoteSettings {
    /// The rule with the defaults: first ballot stands, no 从众 clause, no proxy cap.
    pub fn new(rule: Rule) -> VoteSettings {
        VoteSettings {
            rule,
            ballot_policy: BallotPolicy::FirstStands,
            conformity_clause: false,
            proxy_limit: None,
        }
    }

    /// Whether a proxy already carrying `carried` owners may take one more.
    pub fn proxy_allows(&self, carried: u32) -> bool {
        self.proxy_limit.is_none_or(|limit| carried < limit)
    }
}

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
// Resolving repeated ballots
// ---------------------------------------------------------------------------------------------

/// One final ballot per person, sorted by person id.
///
/// `cast` is `(person_id, sequence, choice, in_person)`. An owner's own ballot (`in_person`)
/// always overrides any proxy's ballot for them, whatever the order; among ballots of the same
/// kind the policy picks the lowest (first stands) or highest (last stands) sequence. Sequences
/// are expected to be unique; on equal sequences the earlier (first stands) or later (last
/// stands) one in `cast` wins, so the result is still determined by the input.
pub fn resolve_ballots(
    cast: &[(i64, u64, Choice, bool)],
    policy: BallotPolicy,
) -> Vec<(i64, Choice)> {
    #[derive(Default)]
    struct Best {
        own: Option<(u64, Choice)>,
        proxy: Option<(u64, Choice)>,
    }
    let mut by_person: BTreeMap<i64, Best> = BTreeMap::new();
    for &(person, seq, choice, in_person) in cast {
        let best = by_person.entry(person).or_default();
        let slot = if in_person {
            &mut best.own
        } else {
            &mut best.proxy
        };
        let replace = match (*slot, policy) {
            (None, _) => true,
            (Some((held, _)), BallotPolicy::FirstStands) => seq < held,
            (Some((held, _)), BallotPolicy::LastStands) => seq >= held,
        };
        if replace {
            *slot = Some((seq, choice));
        }
    }
    by_person
        .into_iter()
        .filter_map(|(person, best)| best.own.or(best.proxy).map(|(_, c)| (person, c)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tallying
// ---------------------------------------------------------------------------------------------

/// The roll, checked and indexed.
struct Roll {
    n: u32,
    a: Area,
    index: HashMap<i64, usize>,
    /// Each entry's counted area (0 for head-count rules).
    areas: Vec<i64>,
}

impl Roll {
    fn build(entries: &[RollEntry], rule: &Rule) -> Result<Roll, TallyError> {
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

    fn find(&self, person_id: i64) -> Option<usize> {
        self.index.get(&person_id).copied()
    }
}

/// Persons and area of one group. Every group is a subset of the roll, whose total area was
/// checked not to overflow, and has at most `n` (a `u32`) persons, so plain additions are safe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Count {
    n: u32,
    a: i64,
}

impl Count {
    fn add(&mut self, area: i64) {
        self.n += 1;
        self.a += area;
    }
    fn plus(self, other: Count) -> Count {
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
fn leader(values: [i64; 3]) -> Option<Choice> {
    let choices = [Choice::Agree, Choice::Oppose, Choice::Abstain];
    let max = values.iter().copied().max()?;
    let mut at_max = values.iter().zip(choices).filter(|(v, _)| **v == max);
    match (at_max.next(), at_max.next()) {
        (Some((_, c)), None) => Some(c),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The inequalities
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    /// ≥ ("以上" includes the number itself)
    AtLeast,
    /// > ("过半数" excludes exactly half)
    MoreThan,
}

/// `lhs·X rel rhs·Y` where X is the unknown the threshold is about.
struct Spec {
    lhs: (i128, &'static str, i128),
    rel: Rel,
    rhs: (i128, &'static str, i128),
    area: bool,
}

impl Spec {
    fn holds(&self) -> bool {
        let l = self.lhs.0 * self.lhs.2;
        let r = self.rhs.0 * self.rhs.2;
        match self.rel {
            Rel::AtLeast => l >= r,
            Rel::MoreThan => l > r,
        }
    }

    /// The least non-negative integer X with `lhs·X rel rhs·Y`.
    fn least(&self) -> i128 {
        let c = self.lhs.0;
        let r = (self.rhs.0 * self.rhs.2).max(0);
        match self.rel {
            Rel::AtLeast => (r + c - 1) / c,
            Rel::MoreThan => r / c + 1,
        }
    }

    fn inequality(&self, test: VoteTest) -> Inequality {
        let holds = self.holds();
        let rel = match (self.rel, holds) {
            (Rel::AtLeast, true) => "≥",
            (Rel::MoreThan, true) => ">",
            (Rel::AtLeast, false) => "<",
            (Rel::MoreThan, false) => "≤",
        };
        let stated = match self.rel {
            Rel::AtLeast => "≥",
            Rel::MoreThan => ">",
        };
        let text = format!(
            "{} {stated} {}: {} {rel} {}",
            symbolic(self.lhs),
            symbolic(self.rhs),
            numeric(self.lhs, self.area),
            numeric(self.rhs, self.area),
        );
        Inequality { test, text, holds }
    }
}

fn symbolic((coef, sym, _): (i128, &'static str, i128)) -> String {
    if coef == 1 {
        sym.to_string()
    } else {
        format!("{coef}·{sym}")
    }
}

fn numeric((coef, _, value): (i128, &'static str, i128), area: bool) -> String {
    let show = |v: i128| {
        if area {
            grouped_centi(v)
        } else {
            v.to_string()
        }
    };
    if coef == 1 {
        show(value)
    } else {
        format!("{coef}×{} = {}", show(value), show(coef * value))
    }
}

/// "94,500.00" from hundredths, for products that may exceed an `Area`'s range.
fn grouped_centi(v: i128) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    let int_part = (v / 100).to_string();
    let mut out = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{:02}", v % 100)
}

struct Judged {
    quorum: Vec<Inequality>,
    pass: Vec<Inequality>,
    quorum_met: bool,
    pass_holds: bool,
    quorum_line: Threshold,
    pass_line: Threshold,
}

fn quorum_specs(rule: &Rule, all: Count, took_part: Count) -> Vec<Spec> {
    let (n, a) = (i128::from(all.n), i128::from(all.a));
    let (pn, pa) = (i128::from(took_part.n), i128::from(took_part.a));
    if rule.counts_area() {
        vec![
            Spec {
                lhs: (3, "Pn", pn),
                rel: Rel::AtLeast,
                rhs: (2, "N", n),
                area: false,
            },
            Spec {
                lhs: (3, "Pa", pa),
                rel: Rel::AtLeast,
                rhs: (2, "A", a),
                area: true,
            },
        ]
    } else {
        vec![Spec {
            lhs: (2, "Pn", pn),
            rel: Rel::MoreThan,
            rhs: (1, "N", n),
            area: false,
        }]
    }
}

fn pass_specs(rule: &Rule, all: Count, took_part: Count, agree: Count) -> Vec<Spec> {
    let n = i128::from(all.n);
    let (pn, pa) = (i128::from(took_part.n), i128::from(took_part.a));
    let (yn, ya) = (i128::from(agree.n), i128::from(agree.a));
    let pair = |c: i128, rel: Rel, d: i128| {
        vec![
            Spec {
                lhs: (c, "Yn", yn),
                rel,
                rhs: (d, "Pn", pn),
                area: false,
            },
            Spec {
                lhs: (c, "Ya", ya),
                rel,
                rhs: (d, "Pa", pa),
                area: true,
            },
        ]
    };
    match rule {
        Rule::OwnersOrdinary | Rule::OneBuilding { .. } => pair(2, Rel::MoreThan, 1),
        Rule::OwnersMajor => pair(4, Rel::AtLeast, 3),
        Rule::CommitteeMeeting {
            strict_majority, ..
        } => vec![Spec {
            lhs: (2, "Yn", yn),
            rel: if *strict_majority {
                Rel::MoreThan
            } else {
                Rel::AtLeast
            },
            rhs: (1, "N", n),
            area: false,
        }],
        Rule::ResidentsMeeting { .. } => vec![Spec {
            lhs: (2, "Yn", yn),
            rel: Rel::MoreThan,
            rhs: (1, "Pn", pn),
            area: false,
        }],
    }
}

fn threshold(specs: &[Spec]) -> Threshold {
    let mut t = Threshold {
        persons: 0,
        area: Area::ZERO,
    };
    for s in specs {
        let least = s.least();
        if s.area {
            t.area = Area(i64::try_from(least).unwrap_or(i64::MAX));
        } else {
            t.persons = u32::try_from(least).unwrap_or(u32::MAX);
        }
    }
    t
}

fn judge(rule: &Rule, all: Count, took_part: Count, agree: Count) -> Judged {
    let q = quorum_specs(rule, all, took_part);
    let p = pass_specs(rule, all, took_part, agree);
    Judged {
        quorum_met: q.iter().all(Spec::holds),
        pass_holds: p.iter().all(Spec::holds),
        quorum_line: threshold(&q),
        pass_line: threshold(&p),
        quorum: q.iter().map(|s| s.inequality(VoteTest::Quorum)).collect(),
        pass: p.iter().map(|s| s.inequality(VoteTest::Pass)).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Elections
// ---------------------------------------------------------------------------------------------

/// An election: each person approves up to `max_approvals` candidates (indexes `0..candidates`).
/// A ballot approving nobody still takes part (it abstains on every candidate).
#[derive(Debug, Clone, Copy)]
pub struct ElectionInput<'a> {
    pub roll: &'a [RollEntry],
    pub ballots: &'a [(i64, Vec<u32>)],
    pub candidates: u32,
    pub max_approvals: u32,
    pub refused: u32,
}

/// One candidate's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CandidateResult {
    pub candidate: u32,
    pub yn: u32,
    pub ya: Area,
    /// Competition rank among all candidates by (Yn, then Ya), 1 = most; equal counts share.
    pub rank: u32,
    /// Whether this candidate's approvals satisfy the rule's pass test (quorum aside).
    pub passes_rule: bool,
    pub elected: bool,
    /// Tied in both Yn and Ya with another passing candidate across the last seat: not elected,
    /// left for the community's rules (run-off, lot) to settle.
    pub tied: bool,
    /// The pass inequalities with this candidate's figures.
    pub checks: Vec<Inequality>,
}

/// The count of an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ElectionTally {
    pub n: u32,
    pub a: Area,
    /// Everyone who cast an election ballot.
    pub pn: u32,
    pub pa: Area,
    pub refused: u32,
    pub quorum_met: bool,
    pub quorum_line: Threshold,
    /// Least approvals (persons and area) a candidate needs under the rule.
    pub pass_line: Threshold,
    pub quorum_checks: Vec<Inequality>,
    /// In candidate order.
    pub candidates: Vec<CandidateResult>,
    pub seats: u32,
    pub seats_filled: u32,
    pub max_approvals: u32,
    pub ties_flagged: bool,
}

/// Counts an election.
///
/// Each candidate is judged by the rule as if approvals were "agree" votes, with Pn/Pa everyone
/// who cast an election ballot. Elected: the quorum is met, the candidate passes the rule, and
/// ranks within `seats` among the candidates who pass, ordered by Yn then Ya. Candidates tied in
/// both across the last seat are flagged `tied` and none of them is elected. The 从众 clause
/// never applies to elections (there is no single majority to follow across candidates).
pub fn tally_election(
    input: &ElectionInput,
    seats: u32,
    settings: &VoteSettings,
) -> Result<ElectionTally, TallyError> {
    if input.candidates == 0 {
        return Err(TallyError::NoCandidates);
    }
    if seats == 0 {
        return Err(TallyError::NoSeats);
    }
    let rule = &settings.rule;
    let roll = Roll::build(input.roll, rule)?;
    let k = input.candidates as usize;
    let mut voted = vec![false; input.roll.len()];
    let mut took_part = Count::default();
    let mut approvals = vec![Count::default(); k];
    let mut seen = vec![false; k];
    for (person_id, approved) in input.ballots {
        let person_id = *person_id;
        let i = roll
            .find(person_id)
            .ok_or(TallyError::NotOnRoll { person_id })?;
        if std::mem::replace(&mut voted[i], true) {
            return Err(TallyError::DuplicateBallot { person_id });
        }
        let count = u32::try_from(approved.len()).unwrap_or(u32::MAX);
        if count > input.max_approvals {
            return Err(TallyError::TooManyApprovals {
                person_id,
                approved: count,
                max: input.max_approvals,
            });
        }
        for &c in approved {
            let slot = seen
                .get_mut(c as usize)
                .ok_or(TallyError::UnknownCandidate {
                    person_id,
                    candidate: c,
                })?;
            if std::mem::replace(slot, true) {
                return Err(TallyError::DuplicateApproval {
                    person_id,
                    candidate: c,
                });
            }
        }
        for &c in approved {
            seen[c as usize] = false;
            approvals[c as usize].add(roll.areas[i]);
        }
        took_part.add(roll.areas[i]);
    }
    let all = Count {
        n: roll.n,
        a: roll.a.0,
    };
    let q = quorum_specs(rule, all, took_part);
    let quorum_met = q.iter().all(Spec::holds);
    let pass_line = threshold(&pass_specs(rule, all, took_part, Count::default()));

    let mut results: Vec<CandidateResult> = approvals
        .iter()
        .enumerate()
        .map(|(c, count)| {
            let specs = pass_specs(rule, all, took_part, *count);
            CandidateResult {
                candidate: c as u32,
                yn: count.n,
                ya: Area(count.a),
                rank: 1 + approvals
                    .iter()
                    .filter(|o| (o.n, o.a) > (count.n, count.a))
                    .count() as u32,
                passes_rule: specs.iter().all(Spec::holds),
                elected: false,
                tied: false,
                checks: specs.iter().map(|s| s.inequality(VoteTest::Pass)).collect(),
            }
        })
        .collect();

    let mut ties_flagged = false;
    if quorum_met {
        let mut passing: Vec<usize> = (0..k).filter(|&c| results[c].passes_rule).collect();
        let key = |c: usize| (approvals[c].n, approvals[c].a);
        passing.sort_by(|&x, &y| key(y).cmp(&key(x)).then(x.cmp(&y)));
        let seats = seats as usize;
        if passing.len() <= seats {
            for &c in &passing {
                results[c].elected = true;
            }
        } else {
            let boundary = key(passing[seats - 1]);
            let straddles = key(passing[seats]) == boundary;
            for &c in &passing {
                if straddles && key(c) == boundary {
                    results[c].tied = true;
                    ties_flagged = true;
                } else if key(c) > boundary || (!straddles && key(c) == boundary) {
                    results[c].elected = true;
                }
            }
        }
    }
    let seats_filled = results.iter().filter(|r| r.elected).count() as u32;
    Ok(ElectionTally {
        n: roll.n,
        a: roll.a,
        pn: took_part.n,
        pa: Area(took_part.a),
        refused: input.refused,
        quorum_met,
        quorum_line: threshold(&q),
        pass_line,
        quorum_checks: q.iter().map(|s| s.inequality(VoteTest::Quorum)).collect(),
        candidates: results,
        seats,
        seats_filled,
        max_approvals: input.max_approvals,
        ties_flagged,
    })
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

/// Terminal columns a character takes: 2 for CJK and full-width forms.
fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0x303E).contains(&u)
        || (0x3041..=0x33FF).contains(&u)
        || (0x3400..=0x4DBF).contains(&u)
        || (0x4E00..=0x9FFF).contains(&u)
        || (0xA000..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u);
    if wide { 2 } else { 1 }
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

const LABEL_W: usize = 22;
const PERSONS_W: usize = 9;
const AREA_W: usize = 18;

fn row(out: &mut String, label: &str, persons: &str, area: Option<&str>) {
    let mut line = format!(
        "{}{}",
        pad_right(label, LABEL_W),
        pad_left(persons, PERSONS_W)
    );
    if let Some(a) = area {
        line.push_str(&pad_left(a, AREA_W));
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

fn settings_line(settings: &VoteSettings, lang: Lang) -> String {
    let conformity = match (
        settings.conformity_clause,
        settings.rule.allows_conformity(),
    ) {
        (false, _) => lang.pick("关闭", "off").to_string(),
        (true, true) => lang
            .pick(
                "开启（已送达未投票者计入已表决的多数）",
                "on (served non-voters count with the majority of those who voted)",
            )
            .to_string(),
        (true, false) => lang
            .pick(
                "开启，但本规则不适用",
                "on, but not applicable to this rule",
            )
            .to_string(),
    };
    let proxy = match settings.proxy_limit {
        None => lang.pick("不限".to_string(), "no cap".to_string()),
        Some(n) => lang.pick(
            format!("每名受托人至多 {n} 户"),
            format!("at most {n} owners per proxy"),
        ),
    };
    lang.pick(
        format!(
            "计票设置  重复投票{}；本人投票优先于受托人投票；从众条款：{conformity}；委托上限：{proxy}",
            settings.ballot_policy.label(lang)
        ),
        format!(
            "Settings  repeated ballots: {}; an owner's own ballot overrides a proxy's; conformity clause: {conformity}; proxy limit: {proxy}",
            settings.ballot_policy.label(lang)
        ),
    )
}

fn source_line(rule: &Rule, lang: Lang) -> String {
    lang.pick(
        format!("法律依据  {}", rule.citation(lang)),
        format!("Source    {}", rule.citation(lang)),
    )
}

fn threshold_text(t: &Threshold, with_area: bool, lang: Lang) -> String {
    if with_area {
        lang.pick(
            format!("{} 人且 {} ㎡", t.persons, t.area.grouped()),
            format!("{} persons and {} m²", t.persons, t.area.grouped()),
        )
    } else {
        lang.pick(
            format!("{} 人", t.persons),
            format!("{} persons", t.persons),
        )
    }
}

fn checks(out: &mut String, list: &[Inequality], test: VoteTest) {
    for i in list.iter().filter(|i| i.test == test) {
        let mark = if i.holds { "✓" } else { "✗" };
        line(out, &format!("  {mark} {}", i.text));
    }
}

/// The roll-and-participation rows shared by votes and elections.
fn count_header(out: &mut String, rule: &Rule, n: u32, a: Area, pn: u32, pa: Area, lang: Lang) {
    let with_area = rule.counts_area();
    let area = |x: Area| with_area.then(|| x.grouped());
    row(
        out,
        "",
        lang.pick("人数", "persons"),
        with_area
            .then(|| lang.pick("面积（㎡）", "area (m²)").to_string())
            .as_deref(),
    );
    let (all_label, part_label) = match rule {
        Rule::CommitteeMeeting { .. } => (
            lang.pick("全体委员  N", "Members  N"),
            lang.pick("出席  Pn", "Present  Pn"),
        ),
        Rule::ResidentsMeeting { .. } => (
            lang.pick("应到  N", "Entitled  N"),
            lang.pick("出席  Pn", "Present  Pn"),
        ),
        _ => (
            lang.pick("总数  N / A", "Roll  N / A"),
            lang.pick("参与表决  Pn / Pa", "Took part  Pn / Pa"),
        ),
    };
    row(out, all_label, &n.to_string(), area(a).as_deref());
    row(out, part_label, &pn.to_string(), area(pa).as_deref());
}

/// The result block printed by `yishi tally`, `yishi verify` and on the result notice: rule,
/// settings, the counts, and every inequality with its figures. One language per call.
pub fn result_block(t: &Tally, settings: &VoteSettings, lang: Lang) -> String {
    let rule = &settings.rule;
    let with_area = rule.counts_area();
    let area = |x: Area| with_area.then(|| x.grouped());
    let mut out = String::new();
    line(
        &mut out,
        &lang.pick(
            format!("表决规则  {}", rule.label(lang)),
            format!("Rule      {}", rule.label(lang)),
        ),
    );
    line(&mut out, &source_line(rule, lang));
    line(&mut out, &settings_line(settings, lang));
    out.push('\n');
    count_header(&mut out, rule, t.n, t.a, t.pn, t.pa, lang);
    row(
        &mut out,
        lang.pick("同意  Yn / Ya", "Agree  Yn / Ya"),
        &t.yn.to_string(),
        area(t.ya).as_deref(),
    );
    row(
        &mut out,
        lang.pick("反对", "Oppose"),
        &t.on.to_string(),
        area(t.oa).as_deref(),
    );
    row(
        &mut out,
        lang.pick("弃权", "Abstain"),
        &t.abstain_n.to_string(),
        area(t.abstain_a).as_deref(),
    );
    row(
        &mut out,
        lang.pick("拒收（不计入参与）", "Refused (not counted)"),
        &t.refused.to_string(),
        None,
    );
    if let Some(c) = &t.conformity {
        let text = match c.side {
            Some(side) => lang.pick(
                format!(
                    "从众条款  已送达未投票 {} 人，按已表决多数（{}）计入 {} 人、{} ㎡，已含在上表中",
                    c.served,
                    side.label(lang),
                    c.persons,
                    c.area.grouped()
                ),
                format!(
                    "Conformity  {} served non-voters; {} persons, {} m² counted with the majority ({}), included above",
                    c.served,
                    c.persons,
                    c.area.grouped(),
                    side.label(lang)
                ),
            ),
            None => lang.pick(
                format!(
                    "从众条款  已送达未投票 {} 人；已表决意见在人数和面积上没有同一多数，未计入",
                    c.served
                ),
                format!(
                    "Conformity  {} served non-voters; no choice leads in both persons and area among those who voted, so none counted",
                    c.served
                ),
            ),
        };
        line(&mut out, &text);
    }
    out.push('\n');
    let quorum_need = threshold_text(&t.quorum_line, with_area, lang);
    let (q_zh, q_en) = match rule {
        Rule::CommitteeMeeting { .. } | Rule::ResidentsMeeting { .. } => {
            ("法定出席", "Quorum (present)")
        }
        _ => ("法定参与", "Quorum (taking part)"),
    };
    line(
        &mut out,
        &if t.quorum_met {
            lang.pick(
                format!("{q_zh}：已达到（至少须 {quorum_need}）"),
                format!("{q_en}: met (needs at least {quorum_need})"),
            )
        } else {
            lang.pick(
                format!("{q_zh}：未达到（至少须 {quorum_need}）"),
                format!("{q_en}: NOT met (needs at least {quorum_need})"),
            )
        },
    );
    checks(&mut out, &t.deciding, VoteTest::Quorum);
    let pass_need = threshold_text(&t.pass_line, with_area, lang);
    let verdict = match (t.quorum_met, t.passed) {
        (_, true) => lang.pick(
            format!("表决结果：通过（同意至少须 {pass_need}）"),
            format!("Result: PASSED (agreeing needs at least {pass_need})"),
        ),
        (true, false) => lang.pick(
            format!("表决结果：未通过（同意至少须 {pass_need}）"),
            format!("Result: NOT passed (agreeing needs at least {pass_need})"),
        ),
        (false, false) => lang.pick(
            format!("表决结果：未通过，参与未达法定要求（同意至少须 {pass_need}）"),
            format!("Result: NOT passed, the quorum was not met (agreeing would need at least {pass_need})"),
        ),
    };
    line(&mut out, &verdict);
    checks(&mut out, &t.deciding, VoteTest::Pass);
    out
}

/// The election result block; `names[i]` names candidate `i` (an index is shown when missing).
pub fn election_block(
    t: &ElectionTally,
    settings: &VoteSettings,
    names: &[String],
    lang: Lang,
) -> String {
    let rule = &settings.rule;
    let with_area = rule.counts_area();
    let mut out = String::new();
    line(
        &mut out,
        &lang.pick(
            format!(
                "选举规则  {}；应选 {} 名，每票至多选 {} 人",
                rule.label(lang),
                t.seats,
                t.max_approvals
            ),
            format!(
                "Rule      {}; {} seats, at most {} approvals per ballot",
                rule.label(lang),
                t.seats,
                t.max_approvals
            ),
        ),
    );
    line(&mut out, &source_line(rule, lang));
    line(&mut out, &settings_line(settings, lang));
    if settings.conformity_clause {
        line(
            &mut out,
            lang.pick(
                "从众条款不适用于选举。",
                "The conformity clause does not apply to elections.",
            ),
        );
    }
    out.push('\n');
    count_header(&mut out, rule, t.n, t.a, t.pn, t.pa, lang);
    row(
        &mut out,
        lang.pick("拒收（不计入参与）", "Refused (not counted)"),
        &t.refused.to_string(),
        None,
    );
    out.push('\n');
    let quorum_need = threshold_text(&t.quorum_line, with_area, lang);
    line(
        &mut out,
        &match t.quorum_met {
            true => lang.pick(
                format!("法定参与：已达到（至少须 {quorum_need}）"),
                format!("Quorum: met (needs at least {quorum_need})"),
            ),
            false => lang.pick(
                format!("法定参与：未达到（至少须 {quorum_need}），无人当选"),
                format!("Quorum: NOT met (needs at least {quorum_need}); nobody is elected"),
            ),
        },
    );
    checks(&mut out, &t.quorum_checks, VoteTest::Quorum);
    let pass_need = threshold_text(&t.pass_line, with_area, lang);
    line(
        &mut out,
        &lang.pick(
            format!("当选须同时：得票至少 {pass_need}，并按得票人数、再按面积排在应选名额内"),
            format!(
                "To be elected: approvals of at least {pass_need}, and a place within the seats by persons, then area"
            ),
        ),
    );
    out.push('\n');
    let mut order: Vec<&CandidateResult> = t.candidates.iter().collect();
    order.sort_by_key(|r| (r.rank, r.candidate));
    let name_w = order
        .iter()
        .map(|r| width(&candidate_name(names, r.candidate)))
        .max()
        .unwrap_or(0)
        .max(8);
    let mut head = format!(
        "     {}{}",
        pad_right(lang.pick("候选人", "candidate"), name_w),
        pad_left(lang.pick("得票人数", "persons"), PERSONS_W)
    );
    if with_area {
        head.push_str(&pad_left(lang.pick("得票面积（㎡）", "area (m²)"), AREA_W));
    }
    line(&mut out, &head);
    for r in order {
        let status = match (r.elected, r.tied, r.passes_rule) {
            (true, _, _) => lang.pick("当选", "elected"),
            (_, true, _) => lang.pick(
                "票数相同，待依规则决定",
                "tied at the last seat, to be settled by the rules",
            ),
            (false, false, true) => lang.pick("未当选（名额已满）", "not elected (seats filled)"),
            (false, false, false) => lang.pick(
                "未当选（未达法定票数）",
                "not elected (below the legal line)",
            ),
        };
        let status = if !t.quorum_met && !r.elected {
            lang.pick("未当选（参与未达法定要求）", "not elected (quorum not met)")
        } else {
            status
        };
        let mut l = format!(
            "{:>3}. {}{}",
            r.rank,
            pad_right(&candidate_name(names, r.candidate), name_w),
            pad_left(&r.yn.to_string(), PERSONS_W)
        );
        if with_area {
            l.push_str(&pad_left(&r.ya.grouped(), AREA_W));
        }
        let _ = write!(l, "  {status}");
        line(&mut out, &l);
        for i in &r.checks {
            let mark = if i.holds { "✓" } else { "✗" };
            line(&mut out, &format!("       {mark} {}", i.text));
        }
    }
    if t.ties_flagged {
        out.push('\n');
        line(
            &mut out,
            lang.pick(
                "注意：最后名额处有候选人得票人数和面积均相同，本系统不作裁决，请按议事规则处理（如再次投票）。",
                "Note: candidates are tied in both persons and area at the last seat; the software does not break the tie. Settle it under the rules of procedure (e.g. a run-off).",
            ),
        );
    }
    line(
        &mut out,
        &lang.pick(
            format!("当选 {} 名，应选 {} 名", t.seats_filled, t.seats),
            format!("{} of {} seats filled", t.seats_filled, t.seats),
        ),
    );
    out
}

fn candidate_name(names: &[String], c: u32) -> String {
    names
        .get(c as usize)
        .cloned()
        .unwrap_or_else(|| format!("#{}", c + 1))
}

#[cfg(test)]
#[path = "vote_tests.rs"]
mod tests;
