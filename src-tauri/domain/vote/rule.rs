//! The legal rules a vote may be decided by, the rule proposed for a matter's category (and why), the choices on a ballot and the vote's settings.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Rules and settings
// ---------------------------------------------------------------------------------------------

/// Whose roll an owners' vote counts over. Scope and [`Rule`] are orthogonal: any owners'
/// rule (ordinary or major, 民法典 Art. 278) may be counted over the whole community, one
/// building, or one entrance (单元) of a building (partial common parts: Shanghai Art. 69; the
/// cities' lift rules). Meetings (committee, residents) have their own rolls and take
/// `Community`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Scope {
    /// Every owner of the community.
    #[default]
    Community,
    /// The owners of one building (楼栋).
    Building { building: String },
    /// The owners of one entrance (单元) of a building, e.g. `3栋` / `2单元`.
    Entrance { building: String, entrance: String },
}

impl Scope {
    pub fn is_community(&self) -> bool {
        matches!(self, Scope::Community)
    }

    /// The building the scope lies in, if any.
    pub fn building(&self) -> Option<&str> {
        match self {
            Scope::Community => None,
            Scope::Building { building } | Scope::Entrance { building, .. } => Some(building),
        }
    }

    /// The entrance, for an entrance scope.
    pub fn entrance(&self) -> Option<&str> {
        match self {
            Scope::Entrance { entrance, .. } => Some(entrance),
            _ => None,
        }
    }

    /// Whether a unit of `building` / `entrance` is inside the scope.
    pub fn contains(&self, building: &str, entrance: &str) -> bool {
        match self {
            Scope::Community => true,
            Scope::Building { building: b } => b == building,
            Scope::Entrance {
                building: b,
                entrance: e,
            } => b == building && e == entrance,
        }
    }

    /// The frozen roll's `scope` text in a vote record (and in the roll hash): none for the
    /// community, the building's name for a building (as records always had), and
    /// `BUILDING/ENTRANCE` for an entrance.
    pub fn roll_key(&self) -> Option<String> {
        match self {
            Scope::Community => None,
            Scope::Building { building } => Some(building.clone()),
            Scope::Entrance { building, entrance } => Some(format!("{building}/{entrance}")),
        }
    }

    /// "全体业主" / "3栋" / "3栋2单元".
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Scope::Community => lang.pick("全体业主", "all owners").to_string(),
            Scope::Building { building } => lang.pick(
                format!("{building}全体业主（按本幢名册）"),
                format!("the owners of {building} (over that building's roll)"),
            ),
            Scope::Entrance { building, entrance } => lang.pick(
                format!("{building}{entrance}全体业主（按本单元名册）"),
                format!(
                    "the owners of {building}, entrance {entrance} (over that entrance's roll)"
                ),
            ),
        }
    }
}

/// Who is entitled at a residents' meeting (城市居民委员会组织法 Art. 9): the meeting chooses one
/// of the three compositions. Residents include tenants; owners who do not live there and minors
/// are not residents for this purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ResidentsMode {
    /// Every resident aged 18 or over (本居住地区全体十八周岁以上的居民).
    #[default]
    Adults,
    /// One representative per household (每户派代表).
    Households,
    /// Two or three representatives elected by each residents' group (每个居民小组选举代表二至三人);
    /// the roll does not know the groups, so the host gives their number.
    GroupRepresentatives { groups: u32, per_group: u32 },
}

impl ResidentsMode {
    /// The entitled count this mode fixes by itself (group representatives), if any.
    pub fn fixed_entitled(&self) -> Option<u32> {
        match self {
            ResidentsMode::GroupRepresentatives { groups, per_group } => {
                Some(groups.saturating_mul(*per_group))
            }
            _ => None,
        }
    }

    /// Art. 9 allows two or three representatives per group, and at least one group.
    pub fn is_valid(&self) -> bool {
        match self {
            ResidentsMode::GroupRepresentatives { groups, per_group } => {
                *groups > 0 && (2..=3).contains(per_group)
            }
            _ => true,
        }
    }

    pub fn label(&self, lang: Lang) -> String {
        match self {
            ResidentsMode::Adults => lang
                .pick("十八周岁以上的居民", "residents aged 18 or over")
                .to_string(),
            ResidentsMode::Households => lang
                .pick("每户代表一人", "one representative per household")
                .to_string(),
            ResidentsMode::GroupRepresentatives { groups, per_group } => lang.pick(
                format!("{groups} 个居民小组各选代表 {per_group} 人"),
                format!("{per_group} representatives from each of {groups} residents' groups"),
            ),
        }
    }
}

/// The legal rule a vote is decided by. Owners' rules are counted over the roll of the vote's
/// [`Scope`] (in [`VoteSettings`]), which the caller passes as the roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Rule {
    /// 民法典 Art. 278 items 1-5 and 9: quorum 3·Pn ≥ 2·N and 3·Pa ≥ 2·A; passes when
    /// 2·Yn > Pn and 2·Ya > Pa.
    OwnersOrdinary,
    /// 民法典 Art. 278 items 6-8: same quorum; passes when 4·Yn ≥ 3·Pn and 4·Ya ≥ 3·Pa.
    OwnersMajor,
    /// 指导规则 Art. 38: quorum 2·present > members; passes when 2·yes ≥ members, or with
    /// `strict_majority` (Beijing, Shanghai, Hangzhou) 2·yes > members.
    CommitteeMeeting { members: u32, strict_majority: bool },
    /// 居委会组织法 Art. 9: quorum 2·present > entitled; passes when 2·yes > present. `entitled`
    /// is counted by the meeting's `mode` (records made before the mode existed read as
    /// `adults`).
    ResidentsMeeting {
        entitled: u32,
        #[serde(default)]
        mode: ResidentsMode,
    },
}

impl Rule {
    /// Whether areas count (owners' votes) or only heads (meetings).
    pub fn counts_area(&self) -> bool {
        matches!(self, Rule::OwnersOrdinary | Rule::OwnersMajor)
    }

    /// The head count the rule itself fixes (members, entitled); owners' rules take N from the
    /// roll.
    pub fn fixed_n(&self) -> Option<u32> {
        match self {
            Rule::CommitteeMeeting { members, .. } => Some(*members),
            Rule::ResidentsMeeting { entitled, .. } => Some(*entitled),
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
            Rule::ResidentsMeeting { entitled, mode } => lang.pick(
                format!(
                    "居民会议（{}，应到 {entitled} 人，决定须出席人过半数同意）",
                    mode.label(lang)
                ),
                format!(
                    "Residents' meeting ({}; {entitled} entitled; more than half of those present must agree)",
                    mode.label(lang)
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
    /// Installing a lift in an existing building (加装电梯): rebuilding common parts (item 7), so
    /// major, counted over the owners of the entrance or building the lift serves.
    InstallLift,
    /// Business of the owners' committee itself.
    CommitteeBusiness,
    /// A residents' matter decided by a residents' meeting.
    ResidentsAffairs,
    /// Item 9: other major matters of common ownership and management (ordinary rule).
    Other,
}

impl MatterCategory {
    pub const ALL: [MatterCategory; 13] = [
        MatterCategory::ElectCommittee,
        MatterCategory::RulesOfProcedure,
        MatterCategory::ManagementStatute,
        MatterCategory::PropertyCompany,
        MatterCategory::UseRepairFund,
        MatterCategory::RaiseRepairFund,
        MatterCategory::Rebuild,
        MatterCategory::ChangeUseOfCommonParts,
        MatterCategory::BuildingCommonParts,
        MatterCategory::InstallLift,
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
            MatterCategory::InstallLift => ("加装电梯", "Installing a lift"),
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

/// What [`propose_rule`] needs to fill in a rule's numbers and scope.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalContext {
    /// The building the matter concerns, if only one (a building matter, a lift).
    pub building: Option<String>,
    /// The entrance (单元) of that building, if only one (a lift serves one entrance).
    #[serde(default)]
    pub entrance: Option<String>,
    pub committee_members: u32,
    pub residents_entitled: u32,
    /// How the residents' meeting is composed (Art. 9); `residents_entitled` is counted by it.
    #[serde(default)]
    pub residents_mode: ResidentsMode,
}

impl ProposalContext {
    /// The scope the named building and entrance give: an entrance needs its building.
    pub fn scope(&self) -> Scope {
        let building = self
            .building
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty());
        let entrance = self
            .entrance
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        match (building, entrance) {
            (Some(b), Some(e)) => Scope::Entrance {
                building: b.to_string(),
                entrance: e.to_string(),
            },
            (Some(b), None) => Scope::Building {
                building: b.to_string(),
            },
            _ => Scope::Community,
        }
    }
}

/// A rule and scope with the reason, citing the article, for the host to confirm or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RuleProposal {
    pub rule: Rule,
    /// Whose roll it is counted over (`community` for meetings).
    #[serde(default)]
    pub scope: Scope,
    pub reason_zh: String,
    pub reason_en: String,
}

const QUORUM_ZH: &str = "参与表决须达专有部分面积三分之二以上且人数三分之二以上";
const QUORUM_EN: &str = "owners holding at least two thirds of the area and at least two thirds of the owners must take part";

fn threshold_words(major: bool) -> (&'static str, &'static str) {
    if major {
        (
            "属重大事项：须参与表决专有部分面积四分之三以上且人数四分之三以上的业主同意",
            "a major matter: owners holding at least three quarters of the participating area and at least three quarters of the participating owners must agree",
        )
    } else {
        (
            "须参与表决专有部分面积过半数且人数过半数的业主同意",
            "owners holding more than half of the participating area and more than half of the participating owners must agree",
        )
    }
}

/// The sentence saying whose roll a scoped vote counts over.
fn scope_sentence(scope: &Scope) -> (String, String) {
    match scope {
        Scope::Community => (String::new(), String::new()),
        Scope::Building { building } => (
            format!(
                "只涉及{building}的，人数和面积均按{building}业主名册计算（上海市住宅物业管理规定第六十九条）。"
            ),
            format!(
                " As it concerns {building} only, persons and area count over {building}'s owners (Shanghai Art. 69)."
            ),
        ),
        Scope::Entrance { building, entrance } => (
            format!("只涉及{building}{entrance}的，人数和面积均按该单元业主名册计算。"),
            format!(
                " As it concerns {building}, entrance {entrance} only, persons and area count over that entrance's owners."
            ),
        ),
    }
}

/// The rule a matter of this category legally needs, with the article that says so, and the
/// scope it is counted over.
///
/// A committee matter is proposed under the national rule (yes ≥ half of all members); in
/// Beijing, Shanghai and Hangzhou the host switches on `strict_majority`. An owners' matter
/// whose context names a building (and entrance) is counted over that scope's roll; a building
/// matter or a lift with none named falls back to the whole community and says so.
pub fn propose_rule(category: MatterCategory, ctx: ProposalContext) -> RuleProposal {
    let scope = ctx.scope();
    let item = |n: u32, zh_item: &str, en_item: &str, major: bool| {
        let rule = if major {
            Rule::OwnersMajor
        } else {
            Rule::OwnersOrdinary
        };
        let (zh_rule, en_rule) = threshold_words(major);
        let (zh_scope, en_scope) = scope_sentence(&scope);
        RuleProposal {
            rule,
            scope: scope.clone(),
            reason_zh: format!(
                "{zh_item}属《民法典》第二百七十八条第一款第{}项，{zh_rule}；{QUORUM_ZH}。{zh_scope}",
                zh_numeral(n)
            ),
            reason_en: format!(
                "{en_item} is Civil Code Art. 278 item {n}: {en_rule}; {QUORUM_EN}.{en_scope}"
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
        MatterCategory::InstallLift => {
            let (zh_rule, en_rule) = threshold_words(true);
            let (zh_where, en_where) = match &scope {
                Scope::Community => (
                    "未指定电梯所在的楼栋或单元，暂按全体业主计算；请指定电梯服务的楼栋（及单元），改按该范围的业主名册表决。".to_string(),
                    " No building or entrance is named, so all owners count for now: name the building (and entrance) the lift serves to count over its owners.".to_string(),
                ),
                Scope::Building { building } => (
                    format!("按电梯服务的{building}业主名册计算人数和面积。"),
                    format!(" Persons and area count over the owners of {building}, which the lift serves."),
                ),
                Scope::Entrance { building, entrance } => (
                    format!("按电梯服务的{building}{entrance}业主名册计算人数和面积。"),
                    format!(" Persons and area count over the owners of {building}, entrance {entrance}, which the lift serves."),
                ),
            };
            RuleProposal {
                rule: Rule::OwnersMajor,
                scope,
                reason_zh: format!(
                    "既有住宅加装电梯是改建共有部分，属《民法典》第二百七十八条第一款第七项，{zh_rule}；{QUORUM_ZH}。{zh_where}各地另有条件（如底层业主意见、补偿方案）的，请作为文字附在表决事项中，计票仍按重大事项规则。"
                ),
                reason_en: format!(
                    "Installing a lift in an existing building rebuilds common parts, Civil Code Art. 278 item 7: {en_rule}; {QUORUM_EN}.{en_where} Local conditions (e.g. ground-floor owners' views, a compensation plan) are recorded as text with the vote; the count stays the major rule."
                ),
            }
        }
        MatterCategory::BuildingCommonParts => match &scope {
            Scope::Community => RuleProposal {
                rule: Rule::OwnersOrdinary,
                scope,
                reason_zh: "未指定楼栋，暂按全体业主一般事项（《民法典》第二百七十八条）表决；如只涉及一幢楼（或一个单元）的共有部分，请指定楼栋（及单元），改按该范围的名册表决。".to_string(),
                reason_en: "No building is named, so the whole community decides under the ordinary rule (Civil Code Art. 278); if only one building's (or entrance's) common parts are concerned, name it to vote over its roll.".to_string(),
            },
            named => {
                let (zh_scope, en_scope) = scope_sentence(named);
                RuleProposal {
                    rule: Rule::OwnersOrdinary,
                    reason_zh: format!(
                        "只涉及本幢（本单元）共有部分的事项，由该范围的业主表决（上海市住宅物业管理规定第六十九条），门槛同《民法典》第二百七十八条一般事项。{zh_scope}如属筹集维修资金、改建重建（如加装电梯）或改变共有部分用途，请改为重大事项规则。"
                    ),
                    reason_en: format!(
                        "A matter of one building's (or entrance's) own common parts is decided by its owners (Shanghai Art. 69), with the Civil Code Art. 278 ordinary thresholds.{en_scope} If it raises the repair fund, rebuilds (e.g. installs a lift), or changes the use of common parts, switch to the major rule."
                    ),
                    scope: named.clone(),
                }
            }
        },
        MatterCategory::CommitteeBusiness => {
            let m = ctx.committee_members;
            RuleProposal {
                rule: Rule::CommitteeMeeting {
                    members: m,
                    strict_majority: false,
                },
                scope: Scope::Community,
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
            let mode = ctx.residents_mode;
            RuleProposal {
                rule: Rule::ResidentsMeeting { entitled: e, mode },
                scope: Scope::Community,
                reason_zh: format!(
                    "居民会议（《城市居民委员会组织法》第九条）：应到人员按“{}”计算，共 {e} 人（居民含租户，不含不在此居住的业主和未成年人）；须过半数出席，决定由出席人的过半数通过。",
                    mode.label(Lang::Zh)
                ),
                reason_en: format!(
                    "A residents' meeting (Organic Law of Urban Residents' Committees Art. 9): those entitled are counted as {}, {e} in all (residents include tenants, not owners living elsewhere nor minors); more than half must attend, and more than half of those present must agree.",
                    mode.label(Lang::En)
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

/// How one vote is counted: the rule, the scope whose roll it counts over, and the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VoteSettings {
    pub rule: Rule,
    /// Whose roll an owners' rule counts over; always `community` for meetings. Settings
    /// written before scopes existed read as `community`, and their `one_building` rule as the
    /// ordinary rule over that building.
    pub scope: Scope,
    pub ballot_policy: BallotPolicy,
    /// 从众 (指导规则 Art. 26): legally unsettled, so off by default. When on (and only for
    /// owners' rules), served non-voters count with the choice that leads among those who voted
    /// in both persons and area; see [`Conformity`].
    pub conformity_clause: bool,
    /// How many owners one proxy may carry (Weifang: 3); `None` is no cap. The tally does not
    /// see proxies: the caller refuses an authorisation over the cap ([`VoteSettings::proxy_allows`]).
    pub proxy_limit: Option<u32>,
}

/// The settings as stored and exported, old spellings included.
#[derive(Deserialize)]
struct StoredSettings {
    rule: StoredRule,
    #[serde(default)]
    scope: Option<Scope>,
    #[serde(default)]
    ballot_policy: BallotPolicy,
    #[serde(default)]
    conformity_clause: bool,
    #[serde(default)]
    proxy_limit: Option<u32>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum StoredRule {
    OwnersOrdinary,
    OwnersMajor,
    /// Before scopes: the ordinary rule over one building's roll.
    OneBuilding {
        building: String,
    },
    CommitteeMeeting {
        members: u32,
        strict_majority: bool,
    },
    ResidentsMeeting {
        entitled: u32,
        #[serde(default)]
        mode: ResidentsMode,
    },
}

impl<'de> Deserialize<'de> for VoteSettings {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = StoredSettings::deserialize(d)?;
        let (rule, legacy_scope) = match s.rule {
            StoredRule::OwnersOrdinary => (Rule::OwnersOrdinary, None),
            StoredRule::OwnersMajor => (Rule::OwnersMajor, None),
            StoredRule::OneBuilding { building } => {
                (Rule::OwnersOrdinary, Some(Scope::Building { building }))
            }
            StoredRule::CommitteeMeeting {
                members,
                strict_majority,
            } => (
                Rule::CommitteeMeeting {
                    members,
                    strict_majority,
                },
                None,
            ),
            StoredRule::ResidentsMeeting { entitled, mode } => {
                (Rule::ResidentsMeeting { entitled, mode }, None)
            }
        };
        let scope = match (legacy_scope, s.scope) {
            (Some(old), Some(new)) if !new.is_community() && old != new => {
                return Err(serde::de::Error::custom(
                    "a one_building rule and a different scope",
                ));
            }
            (Some(old), _) => old,
            (None, scope) => scope.unwrap_or_default(),
        };
        Ok(VoteSettings {
            rule,
            scope,
            ballot_policy: s.ballot_policy,
            conformity_clause: s.conformity_clause,
            proxy_limit: s.proxy_limit,
        })
    }
}

impl VoteSettings {
    /// The rule over the whole community with the defaults: first ballot stands, no 从众
    /// clause, no proxy cap.
    pub fn new(rule: Rule) -> VoteSettings {
        VoteSettings {
            rule,
            scope: Scope::Community,
            ballot_policy: BallotPolicy::FirstStands,
            conformity_clause: false,
            proxy_limit: None,
        }
    }

    /// The same settings counted over `scope`.
    pub fn scoped(self, scope: Scope) -> VoteSettings {
        VoteSettings { scope, ..self }
    }

    /// Whether a proxy already carrying `carried` owners may take one more.
    pub fn proxy_allows(&self, carried: u32) -> bool {
        self.proxy_limit.is_none_or(|limit| carried < limit)
    }

    /// A scope other than the community is only for owners' rules (meetings have their own
    /// rolls).
    pub fn scope_fits_rule(&self) -> bool {
        self.scope.is_community() || self.rule.counts_area()
    }

    /// The rule's name with its scope: "3栋2单元业主共同决定（重大事项，第六至八项；按本单元名册）".
    pub fn rule_label(&self, lang: Lang) -> String {
        let base = self.rule.label(lang);
        match (&self.scope, self.rule.counts_area()) {
            (Scope::Community, _) | (_, false) => base,
            (scope, true) => lang.pick(
                format!("{base}；表决范围：{}", scope.label(lang)),
                format!("{base}; counted over {}", scope.label(lang)),
            ),
        }
    }

    /// The legal source: a scoped owners' vote adds the partial-common-parts rule.
    pub fn citation(&self, lang: Lang) -> String {
        let base = self.rule.citation(lang);
        if self.scope.is_community() || !self.rule.counts_area() {
            base.to_string()
        } else {
            lang.pick(
                format!("{base}；上海市住宅物业管理规定第六十九条（部分共有部分）及各地既有住宅加装电梯规定"),
                format!("{base}; Shanghai residential property regulations Art. 69 (partial common parts) and the cities' lift rules"),
            )
        }
    }
}
