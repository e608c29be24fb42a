//! The legal rules a vote may be decided by, the rule proposed for a matter's category (and why), the choices on a ballot and the vote's settings.

#[allow(unused_imports)]
use super::*;

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

pub(super) fn zh_numeral(n: u32) -> &'static str {
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
