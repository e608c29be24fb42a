//! Meeting conduct rules (会议发言规则): how long one speech may run, how many times one person
//! may speak on one agenda item, and after how many warnings a person loses the floor for that
//! item. A community's adopted rules of procedure / conduct convention supply them (the
//! conventions module); until one is adopted the defaults below apply and say so.
//!
//! Invariants: pure; every limit a meeting enforces cites where it comes from, so a warning or a
//! refusal in the minutes names the article (or "default").

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a rule comes from: an article of an adopted convention version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RuleCitation {
    /// The convention's title, e.g. "阳光山庄业主大会议事规则".
    pub convention: String,
    #[ts(type = "number")]
    pub version: i64,
    /// The article's number as written, e.g. "第五条".
    pub article: String,
    /// The adopted version's hash (hex), which fixes its text.
    pub version_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConductRules {
    /// Longest single speech, in seconds.
    pub speech_seconds: u32,
    /// How many times one person may take the floor on one agenda item (points of order apart).
    pub speeches_per_item: u32,
    /// Warnings after which the person loses the floor for the rest of the item.
    pub warnings_to_lose_floor: u32,
    /// `None`: the defaults (no conduct rules adopted yet).
    pub speech_source: Option<RuleCitation>,
    pub speeches_source: Option<RuleCitation>,
    pub warnings_source: Option<RuleCitation>,
}

impl Default for ConductRules {
    /// Sensible defaults until the community adopts its own: 3 minutes, twice per item, floor
    /// lost on the second warning.
    fn default() -> Self {
        ConductRules {
            speech_seconds: 180,
            speeches_per_item: 2,
            warnings_to_lose_floor: 2,
            speech_source: None,
            speeches_source: None,
            warnings_source: None,
        }
    }
}

/// Which of the three rules a citation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConductRule {
    SpeechTime,
    SpeechesPerItem,
    Warnings,
}

impl ConductRules {
    pub fn source(&self, rule: ConductRule) -> Option<&RuleCitation> {
        match rule {
            ConductRule::SpeechTime => self.speech_source.as_ref(),
            ConductRule::SpeechesPerItem => self.speeches_source.as_ref(),
            ConductRule::Warnings => self.warnings_source.as_ref(),
        }
    }

    /// "《…》（第2版）第五条" or "默认规则（尚未通过议事规则）".
    pub fn cite(&self, rule: ConductRule, lang: Lang) -> String {
        match self.source(rule) {
            Some(c) => lang.pick(
                format!("《{}》（第{}版）{}", c.convention, c.version, c.article),
                format!("{} (version {}), {}", c.convention, c.version, c.article),
            ),
            None => lang
                .pick(
                    "默认规则（本小区尚未通过会议发言规则）",
                    "default rule (no conduct rules adopted yet)",
                )
                .to_string(),
        }
    }
}

/// Why a person may not take the floor now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorRefusal {
    /// Already spoke the allowed number of times on this item.
    SpeechesUsed {
        used: u32,
        allowed: u32,
        cite: String,
    },
    /// Lost the floor for this item after warnings.
    FloorLost { warnings: u32, cite: String },
}

impl FloorRefusal {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FloorRefusal::SpeechesUsed { used, allowed, cite } => lang.pick(
                format!(
                    "此人在本议程项已发言 {used} 次，依{cite}每项最多 {allowed} 次。如需程序性发言，请登记为“程序问题”。"
                ),
                format!(
                    "This person has spoken {used} times on this item; {cite} allows {allowed}. For a procedural matter, register a point of order."
                ),
            ),
            FloorRefusal::FloorLost { warnings, cite } => lang.pick(
                format!(
                    "此人在本议程项已被警告 {warnings} 次，依{cite}本项不再给予发言。可在下一议程项发言。"
                ),
                format!(
                    "This person was warned {warnings} times on this item and, under {cite}, has lost the floor for it. They may speak on the next item."
                ),
            ),
        }
    }
}

/// May a person with `speeches` finished or running speeches and `warnings` on this item take
/// the floor for an ordinary speech? Points of order are not limited by the speech count but
/// are refused once the floor is lost.
pub fn may_speak(
    rules: &ConductRules,
    speeches: u32,
    warnings: u32,
    point_of_order: bool,
    lang: Lang,
) -> Result<(), FloorRefusal> {
    if rules.warnings_to_lose_floor > 0 && warnings >= rules.warnings_to_lose_floor {
        return Err(FloorRefusal::FloorLost {
            warnings,
            cite: rules.cite(ConductRule::Warnings, lang),
        });
    }
    if !point_of_order && speeches >= rules.speeches_per_item {
        return Err(FloorRefusal::SpeechesUsed {
            used: speeches,
            allowed: rules.speeches_per_item,
            cite: rules.cite(ConductRule::SpeechesPerItem, lang),
        });
    }
    Ok(())
}

/// Does a warning just given take the floor away for the rest of the item?
pub fn loses_floor(rules: &ConductRules, warnings_after: u32) -> bool {
    rules.warnings_to_lose_floor > 0 && warnings_after >= rules.warnings_to_lose_floor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited() -> ConductRules {
        let c = |article: &str| RuleCitation {
            convention: "议事规则".into(),
            version: 2,
            article: article.into(),
            version_hash: "ab".into(),
        };
        ConductRules {
            speech_seconds: 120,
            speeches_per_item: 1,
            warnings_to_lose_floor: 1,
            speech_source: Some(c("第五条")),
            speeches_source: Some(c("第六条")),
            warnings_source: Some(c("第七条")),
        }
    }

    #[test]
    fn defaults_say_they_are_defaults() {
        let r = ConductRules::default();
        assert_eq!(r.speech_seconds, 180);
        assert!(r.cite(ConductRule::SpeechTime, Lang::Zh).contains("默认"));
        assert!(may_speak(&r, 1, 1, false, Lang::Zh).is_ok());
        assert!(may_speak(&r, 2, 0, false, Lang::Zh).is_err());
        assert!(may_speak(&r, 2, 0, true, Lang::Zh).is_ok());
    }

    #[test]
    fn limits_cite_their_article() {
        let r = cited();
        let e = may_speak(&r, 1, 0, false, Lang::Zh).unwrap_err();
        assert!(
            e.message(Lang::Zh).contains("第六条"),
            "{}",
            e.message(Lang::Zh)
        );
        let e = may_speak(&r, 0, 1, true, Lang::En).unwrap_err();
        assert!(matches!(e, FloorRefusal::FloorLost { .. }));
        assert!(e.message(Lang::En).contains("第七条"));
        assert!(loses_floor(&r, 1));
        assert!(!loses_floor(&ConductRules::default(), 1));
    }
}
