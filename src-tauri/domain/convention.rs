//! Conventions (公约): the kinds a community adopts, the legal instrument that adopts each, and
//! their numbered articles, some of which carry a parameter a meeting enforces.
//!
//! Invariants: pure. The instrument decides who votes and under which rule; the stages before
//! the vote never change it. An article's number is its position (1, 2, 3 …) and is written
//! "第N条" in Chinese; a parameter (speech time …) lives on the article that states it, so a
//! limit a meeting enforces always cites the article and the adopted version.
//! The readable diff is in `convention_diff`, the evaluation report in `convention_eval`.

use super::conduct::{ConductRules, RuleCitation};
use super::vote::{MatterCategory, Rule};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a convention is, which fixes how it may be adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConventionKind {
    /// 居民公约 (incl. 文明公约): residents' meeting, filed with the street office.
    ResidentsConvention,
    /// 管理规约: owners' vote, 民法典 Art. 278 item 2.
    ManagementStatute,
    /// 业主大会议事规则: owners' vote, Art. 278 item 1.
    RulesOfProcedure,
    /// 会议发言规则: the conduct rules meetings enforce.
    MeetingConduct,
}

/// The legal act that adopts a convention version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Instrument {
    /// 居民会议 (城市居民委员会组织法 Arts. 9, 15).
    ResidentsMeeting,
    /// 业主共同决定, ordinary rule (民法典 Art. 278 items 1-2).
    OwnersVote,
}

impl ConventionKind {
    pub const ALL: [ConventionKind; 4] = [
        ConventionKind::ResidentsConvention,
        ConventionKind::ManagementStatute,
        ConventionKind::RulesOfProcedure,
        ConventionKind::MeetingConduct,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConventionKind::ResidentsConvention => "residents_convention",
            ConventionKind::ManagementStatute => "management_statute",
            ConventionKind::RulesOfProcedure => "rules_of_procedure",
            ConventionKind::MeetingConduct => "meeting_conduct",
        }
    }

    pub fn parse(text: &str) -> Option<ConventionKind> {
        ConventionKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ConventionKind::ResidentsConvention => lang.pick("居民公约", "Residents' convention"),
            ConventionKind::ManagementStatute => lang.pick("管理规约", "Management statute"),
            ConventionKind::RulesOfProcedure => lang.pick("业主大会议事规则", "Rules of procedure"),
            ConventionKind::MeetingConduct => lang.pick("会议发言规则", "Meeting conduct rules"),
        }
    }

    /// The instruments that may lawfully adopt this kind; the organiser chooses among them.
    pub fn instruments(self) -> &'static [Instrument] {
        match self {
            ConventionKind::ResidentsConvention => &[Instrument::ResidentsMeeting],
            ConventionKind::ManagementStatute | ConventionKind::RulesOfProcedure => {
                &[Instrument::OwnersVote]
            }
            // Conduct rules bind the meetings of whoever adopts them: a residents' meeting for
            // residents' deliberation, or the owners as part of their rules of procedure.
            ConventionKind::MeetingConduct => {
                &[Instrument::OwnersVote, Instrument::ResidentsMeeting]
            }
        }
    }

    /// Whether its articles may set what meetings enforce (speech time and so on).
    pub fn sets_conduct(self) -> bool {
        matches!(
            self,
            ConventionKind::MeetingConduct | ConventionKind::RulesOfProcedure
        )
    }
}

impl Instrument {
    pub fn as_str(self) -> &'static str {
        match self {
            Instrument::ResidentsMeeting => "residents_meeting",
            Instrument::OwnersVote => "owners_vote",
        }
    }

    pub fn parse(text: &str) -> Option<Instrument> {
        [Instrument::ResidentsMeeting, Instrument::OwnersVote]
            .into_iter()
            .find(|i| i.as_str() == text)
    }

    /// The vote's matter category, which makes `propose_rule` give the rule below.
    pub fn category(self, kind: ConventionKind) -> MatterCategory {
        match (self, kind) {
            (Instrument::ResidentsMeeting, _) => MatterCategory::ResidentsAffairs,
            (Instrument::OwnersVote, ConventionKind::ManagementStatute) => {
                MatterCategory::ManagementStatute
            }
            (Instrument::OwnersVote, _) => MatterCategory::RulesOfProcedure,
        }
    }

    /// Does a vote's rule carry out this instrument?
    pub fn accepts(self, rule: &Rule) -> bool {
        match self {
            Instrument::ResidentsMeeting => matches!(rule, Rule::ResidentsMeeting { .. }),
            Instrument::OwnersVote => matches!(rule, Rule::OwnersOrdinary),
        }
    }

    /// Who votes, under which rule, and what follows: what the organiser reads before choosing.
    pub fn explain(self, kind: ConventionKind, lang: Lang) -> String {
        let item = match kind {
            ConventionKind::ManagementStatute => (
                "第二项（制定和修改管理规约）",
                "item 2 (making or amending the management statute)",
            ),
            _ => (
                "第一项（制定和修改业主大会议事规则）",
                "item 1 (making or amending the rules of procedure)",
            ),
        };
        match self {
            Instrument::ResidentsMeeting => lang
                .pick(
                    "由居民会议表决（《城市居民委员会组织法》第九条、第十五条）：本小区名册上的全体居民（含非业主住户）都有表决权；到会（参与）人数须过应到人数的一半，同意人数须过参与人数的一半。通过后报街道办事处备案，并向全体居民公布。",
                    "Adopted by a residents' meeting (Organic Law of Urban Residents' Committees, Arts. 9 and 15): every resident on the roll votes, owners or not; more than half of those entitled must take part and more than half of those taking part must agree. Once adopted it is filed with the street office and published to all residents.",
                )
                .to_string(),
            Instrument::OwnersVote => lang.pick(
                format!(
                    "由业主共同决定（《民法典》第二百七十八条第一款{}）：只有业主表决，按专有部分面积和人数双重计算；参与表决须达面积和人数的三分之二以上，同意须过参与面积和参与人数的一半。通过后对全体业主具有约束力（第二百八十条），并应向全体业主公布。",
                    item.0
                ),
                format!(
                    "Decided by the owners (Civil Code Art. 278, {}): only owners vote, counted by both area and heads; owners holding at least two thirds of the area and two thirds of the owners must take part, and more than half of the participating area and owners must agree. Once adopted it binds every owner (Art. 280) and is published to all owners.",
                    item.1
                ),
            ),
        }
    }
}

/// Which conduct limit an article sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConductParam {
    SpeechSeconds,
    SpeechesPerItem,
    WarningsToLoseFloor,
}

impl ConductParam {
    pub fn as_str(self) -> &'static str {
        match self {
            ConductParam::SpeechSeconds => "speech_seconds",
            ConductParam::SpeechesPerItem => "speeches_per_item",
            ConductParam::WarningsToLoseFloor => "warnings_to_lose_floor",
        }
    }

    pub fn parse(text: &str) -> Option<ConductParam> {
        [
            ConductParam::SpeechSeconds,
            ConductParam::SpeechesPerItem,
            ConductParam::WarningsToLoseFloor,
        ]
        .into_iter()
        .find(|p| p.as_str() == text)
    }

    /// Sensible bounds: a limit outside them is a typing mistake, not a rule.
    pub fn bounds(self) -> (u32, u32) {
        match self {
            ConductParam::SpeechSeconds => (30, 3600),
            ConductParam::SpeechesPerItem => (1, 20),
            ConductParam::WarningsToLoseFloor => (1, 10),
        }
    }
}

/// A limit stated by an article, e.g. "每人每次发言不超过三分钟" = SpeechSeconds 180.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleRule {
    pub param: ConductParam,
    pub value: u32,
}

/// One numbered article as adopted: its number is its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Article {
    pub number: u32,
    pub text: String,
    pub rule: Option<ArticleRule>,
}

/// "第十二条" / "Art. 12".
pub fn article_label(number: u32, lang: Lang) -> String {
    lang.pick(
        format!("第{}条", zh_number(number)),
        format!("Art. {number}"),
    )
}

/// Chinese numerals as used in article numbers, up to 9999: 十, 十二, 二十, 一百零五.
pub fn zh_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return DIGITS[0].into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut out = String::new();
    let mut pending_zero = false;
    for (d, unit) in parts {
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push_str(DIGITS[0]);
            pending_zero = false;
        }
        // "十二", not "一十二", when ten is the highest place.
        if !(d == 1 && unit == "十" && out.is_empty()) {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(unit);
    }
    out
}

/// Why a set of articles cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleProblem {
    NoArticles,
    EmptyText { number: u32 },
    RuleOutOfBounds { number: u32, min: u32, max: u32 },
    RuleTwice { param: ConductParam },
    RuleNotForKind,
}

/// Checks a draft's articles (already numbered 1..n by the caller) for the kind.
pub fn check_articles(kind: ConventionKind, articles: &[Article]) -> Result<(), ArticleProblem> {
    if articles.is_empty() {
        return Err(ArticleProblem::NoArticles);
    }
    let mut seen: Vec<ConductParam> = Vec::new();
    for a in articles {
        if a.text.trim().is_empty() {
            return Err(ArticleProblem::EmptyText { number: a.number });
        }
        if let Some(r) = a.rule {
            if !kind.sets_conduct() {
                return Err(ArticleProblem::RuleNotForKind);
            }
            let (min, max) = r.param.bounds();
            if r.value < min || r.value > max {
                return Err(ArticleProblem::RuleOutOfBounds {
                    number: a.number,
                    min,
                    max,
                });
            }
            if seen.contains(&r.param) {
                return Err(ArticleProblem::RuleTwice { param: r.param });
            }
            seen.push(r.param);
        }
    }
    Ok(())
}

/// The conduct rules an adopted version sets: each limit its article states, with the citation;
/// limits no article states keep the default (and say so).
pub fn conduct_from(
    title: &str,
    version: i64,
    version_hash: &str,
    articles: &[Article],
) -> ConductRules {
    let mut rules = ConductRules::default();
    for a in articles {
        let Some(r) = a.rule else { continue };
        let cite = Some(RuleCitation {
            convention: title.to_string(),
            version,
            article: article_label(a.number, Lang::Zh),
            version_hash: version_hash.to_string(),
        });
        match r.param {
            ConductParam::SpeechSeconds => {
                rules.speech_seconds = r.value;
                rules.speech_source = cite;
            }
            ConductParam::SpeechesPerItem => {
                rules.speeches_per_item = r.value;
                rules.speeches_source = cite;
            }
            ConductParam::WarningsToLoseFloor => {
                rules.warnings_to_lose_floor = r.value;
                rules.warnings_source = cite;
            }
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conduct::ConductRule;
    use crate::domain::vote::{ProposalContext, propose_rule};

    fn art(number: u32, text: &str, rule: Option<(ConductParam, u32)>) -> Article {
        Article {
            number,
            text: text.into(),
            rule: rule.map(|(param, value)| ArticleRule { param, value }),
        }
    }

    #[test]
    fn article_numbers_read_as_written() {
        for (n, zh) in [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
        ] {
            assert_eq!(zh_number(n), zh, "{n}");
        }
        assert_eq!(article_label(5, Lang::Zh), "第五条");
        assert_eq!(article_label(5, Lang::En), "Art. 5");
    }

    #[test]
    fn each_instrument_gets_its_rule_from_the_vote_rules() {
        let ctx = || ProposalContext {
            entrance: None,
            residents_mode: Default::default(),
            building: None,
            committee_members: 5,
            residents_entitled: 40,
        };
        for kind in ConventionKind::ALL {
            for &i in kind.instruments() {
                let rule = propose_rule(i.category(kind), ctx()).rule;
                assert!(i.accepts(&rule), "{kind:?} by {i:?} proposes {rule:?}");
            }
        }
        assert_eq!(
            ConventionKind::ResidentsConvention.instruments(),
            &[Instrument::ResidentsMeeting]
        );
        assert!(!Instrument::OwnersVote.accepts(&Rule::OwnersMajor));
        assert!(
            Instrument::OwnersVote
                .explain(ConventionKind::ManagementStatute, Lang::Zh)
                .contains("第二项")
        );
        assert!(
            Instrument::ResidentsMeeting
                .explain(ConventionKind::ResidentsConvention, Lang::En)
                .contains("street office")
        );
    }

    #[test]
    fn articles_are_checked() {
        use ArticleProblem::*;
        let k = ConventionKind::MeetingConduct;
        let cases: Vec<(Vec<Article>, Result<(), ArticleProblem>)> = vec![
            (vec![], Err(NoArticles)),
            (vec![art(1, "  ", None)], Err(EmptyText { number: 1 })),
            (
                vec![art(1, "三分钟", Some((ConductParam::SpeechSeconds, 5)))],
                Err(RuleOutOfBounds {
                    number: 1,
                    min: 30,
                    max: 3600,
                }),
            ),
            (
                vec![
                    art(1, "a", Some((ConductParam::SpeechesPerItem, 2))),
                    art(2, "b", Some((ConductParam::SpeechesPerItem, 3))),
                ],
                Err(RuleTwice {
                    param: ConductParam::SpeechesPerItem,
                }),
            ),
            (
                vec![art(1, "a", Some((ConductParam::SpeechSeconds, 120)))],
                Ok(()),
            ),
        ];
        for (articles, want) in cases {
            assert_eq!(check_articles(k, &articles), want, "{articles:?}");
        }
        assert_eq!(
            check_articles(
                ConventionKind::ResidentsConvention,
                &[art(1, "a", Some((ConductParam::SpeechSeconds, 120)))]
            ),
            Err(RuleNotForKind)
        );
    }

    #[test]
    fn conduct_rules_cite_the_article_that_sets_them() {
        let articles = [
            art(1, "发言须先举手。", None),
            art(
                2,
                "每人每次发言不超过两分钟。",
                Some((ConductParam::SpeechSeconds, 120)),
            ),
            art(
                3,
                "警告一次即停止本项发言。",
                Some((ConductParam::WarningsToLoseFloor, 1)),
            ),
        ];
        let r = conduct_from("会议发言规则", 2, "ab12", &articles);
        assert_eq!(r.speech_seconds, 120);
        assert_eq!(r.warnings_to_lose_floor, 1);
        assert_eq!(
            r.speeches_per_item,
            ConductRules::default().speeches_per_item
        );
        assert!(r.cite(ConductRule::SpeechTime, Lang::Zh).contains("第二条"));
        assert!(r.cite(ConductRule::Warnings, Lang::Zh).contains("第三条"));
        assert!(
            r.cite(ConductRule::SpeechesPerItem, Lang::Zh)
                .contains("默认")
        );
    }
}
