//! Why a convention operation is refused, with its code and the zh/en message that says what
//! went wrong and what to do.

use crate::domain::convention::{ArticleProblem, ConductParam, article_label};
use crate::lang::Lang;
use crate::ops::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConventionProblem {
    NoSuchConvention(i64),
    NoSuchVersion(i64),
    Articles(ArticleProblem),
    /// A required text field is empty: (zh, en) name of the field.
    Empty(&'static str, &'static str),
    NotDraft,
    NotReviewed,
    ReviewOutdated,
    NotFrozen,
    InstrumentNotAllowed {
        kind: String,
        allowed: String,
    },
    VoteMismatch,
    NoVote,
    VoteRunning,
    VoteNotClosed,
    VoteNotPassed,
    VoteNotFinal {
        at: String,
    },
    AlreadyAdopted,
    NotAdopted,
    DraftInProgress {
        number: i64,
    },
    NoHousehold {
        signer: String,
    },
    NotInForce {
        number: i64,
        current: i64,
    },
    BadDay(String),
    BadPeriod,
    NoSuchArticle(u32),
    WhereNeeded,
    NoSuchUnit(String),
    BadPhotoHash,
}

impl ConventionProblem {
    pub fn code(&self) -> ErrorCode {
        use ConventionProblem::*;
        match self {
            NoSuchConvention(_) | NoSuchVersion(_) | NoSuchUnit(_) | NoSuchArticle(_) => {
                ErrorCode::NotFound
            }
            NotDraft | AlreadyAdopted | DraftInProgress { .. } | VoteRunning => ErrorCode::Conflict,
            _ => ErrorCode::InvalidInput,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use ConventionProblem::*;
        let p = |zh: String, en: String| lang.pick(zh, en);
        match self {
            NoSuchConvention(id) => p(format!("找不到编号为 {id} 的公约。请刷新列表后重新选择。"), format!("Convention #{id} was not found. Refresh the list and choose again.")),
            NoSuchVersion(id) => p(format!("找不到编号为 {id} 的公约版本。请刷新页面。"), format!("Convention version #{id} was not found. Reload the page.")),
            Articles(a) => article_message(a, lang),
            Empty(zh, en) => p(format!("“{zh}”不能为空。请填写后再保存。"), format!("\"{en}\" is empty. Fill it in, then save.")),
            NotDraft => p(
                "这一版已经定稿（文本已由哈希固定），不能再修改。如需修改，请点“起草修订版”形成新版本。".into(),
                "This version is frozen (its text is fixed by its hash) and cannot change. To change it, start an amendment: a new version.".into(),
            ),
            NotReviewed => p(
                "这一版草案还没有通过审查。请先记录审查意见（如街道党工委的审查），审查同意后再定稿。".into(),
                "This draft has not been approved in a review. Record the review (e.g. by the street's party office) and freeze it once approved.".into(),
            ),
            ReviewOutdated => p(
                "审查同意之后条文又有改动，定稿的必须是审查过的文本。请就当前文本重新记录审查意见。".into(),
                "The articles changed after the approving review; only the reviewed text can be frozen. Record a review of the current text.".into(),
            ),
            NotFrozen => p(
                "草案还没有定稿。请先定稿（固定文本和哈希），再发起表决。".into(),
                "The draft is not frozen yet. Freeze it (fixing the text and its hash) before the vote.".into(),
            ),
            InstrumentNotAllowed { kind, allowed } => p(
                format!("{kind}不能以这种方式通过。依法只能由{allowed}表决通过，请改选。"),
                format!("A {kind} cannot be adopted that way. By law only {allowed} can adopt it; choose that."),
            ),
            VoteMismatch => p(
                "这项表决不能用于通过本版本：它须属于本小区、议案中写明本版本的哈希，并按所选方式的规则计票。请在此处直接发起表决，或选择正确的表决。".into(),
                "That vote cannot adopt this version: it must belong to this community, name this version's hash in its motion, and count under the chosen instrument's rule. Create the vote here, or pick the right one.".into(),
            ),
            NoVote => p("这一版还没有关联表决。请先发起表决。".into(), "No vote is linked to this version yet. Create the adoption vote first.".into()),
            VoteRunning => p(
                "这一版已关联一项正在进行或已通过的表决，不能另行表决。请在“表决”中完成它。".into(),
                "A vote on this version is running or has passed; another cannot be linked. Finish it under Votes.".into(),
            ),
            VoteNotClosed => p("表决还没有结束。请在“表决”中由主持人和记录员结束表决后再登记通过。".into(), "The vote has not closed. The host and the secretary close it under Votes; then record the adoption.".into()),
            VoteNotPassed => p(
                "表决未获通过，本版本没有被采纳。可以根据意见修改后起草新版本，再次表决。".into(),
                "The vote did not pass; this version is not adopted. Revise it in a new version and vote again.".into(),
            ),
            VoteNotFinal { at } => p(
                format!("表决结果还在询异期内，{at} 后才生效。请届时再登记通过。"),
                format!("The result is still open to objections until {at}. Record the adoption after that."),
            ),
            AlreadyAdopted => p("这一版已经登记为通过，无需重复。".into(), "This version is already recorded as adopted.".into()),
            NotAdopted => p(
                "这一版还没有通过表决，不能备案、公布、确认或据以记录违约。请先完成表决并登记通过。".into(),
                "This version has not been adopted, so it cannot be filed, published, acknowledged or enforced. Complete the vote and record the adoption first.".into(),
            ),
            DraftInProgress { number } => p(
                format!("第 {number} 版还在起草或表决中。请先完成它（或在其基础上继续修改），再起草新的修订版。"),
                format!("Version {number} is still being drafted or voted on. Finish it (or keep editing it) before starting another amendment."),
            ),
            NoHousehold { signer } => p(
                format!("{signer} 在名册上没有登记任何房屋，不能代表住户确认公约。请先在名册中登记其房屋。"),
                format!("{signer} has no unit on the roll and cannot acknowledge for a household. Add their unit to the roll first."),
            ),
            NotInForce { number, current } => p(
                format!("第 {number} 版已被第 {current} 版取代，请确认现行的第 {current} 版。"),
                format!("Version {number} was replaced by version {current}; acknowledge version {current}, which is in force."),
            ),
            BadDay(d) => p(format!("日期“{d}”格式不对，应为 2026-11-23 这样的年-月-日。"), format!("The date \"{d}\" is not valid; write it as year-month-day, e.g. 2026-11-23.")),
            BadPeriod => p("统计期间不对：结束日期不能早于开始日期，且最长 5 年。请重新选择。".into(), "The period is not valid: it must not end before it starts and may last at most 5 years. Choose it again.".into()),
            NoSuchArticle(n) => p(
                format!("现行版本没有{}。请从列表中选择条文。", article_label(*n, Lang::Zh)),
                format!("The version in force has no {}. Choose an article from the list.", article_label(*n, Lang::En)),
            ),
            WhereNeeded => p("请写明地点：选择楼栋（可再填房号），或填写公共场所。".into(), "Say where: choose a building (and optionally the unit), or write the public place.".into()),
            NoSuchUnit(u) => p(format!("名册中没有“{u}”。请检查楼栋和房号，或改填公共场所。"), format!("There is no \"{u}\" on the roll. Check the building and unit, or write the place instead.")),
            BadPhotoHash => p(
                "照片哈希应为 64 位十六进制字符（SHA-256）。请用“选择照片”自动计算，或留空。".into(),
                "The photo hash must be 64 hex characters (SHA-256). Let \"Choose photo\" compute it, or leave it empty.".into(),
            ),
        }
    }
}

fn param_label(p: ConductParam, lang: Lang) -> &'static str {
    match p {
        ConductParam::SpeechSeconds => lang.pick("每次发言时限", "speech time limit"),
        ConductParam::SpeechesPerItem => lang.pick("每项发言次数", "speeches per item"),
        ConductParam::WarningsToLoseFloor => {
            lang.pick("警告几次停止发言", "warnings before losing the floor")
        }
    }
}

fn article_message(a: &ArticleProblem, lang: Lang) -> String {
    match a {
        ArticleProblem::NoArticles => lang.pick("至少要有一条条文。请添加条文后再继续。", "There must be at least one article. Add one, then continue.").into(),
        ArticleProblem::EmptyText { number } => lang.pick(
            format!("{}没有内容。请填写或删除这一条。", article_label(*number, Lang::Zh)),
            format!("{} is empty. Write it or remove it.", article_label(*number, Lang::En)),
        ),
        ArticleProblem::RuleOutOfBounds { number, min, max } => lang.pick(
            format!("{}设定的数值超出合理范围（{min}–{max}）。请核对后再保存。", article_label(*number, Lang::Zh)),
            format!("The value set by {} is out of range ({min}–{max}). Check it and save.", article_label(*number, Lang::En)),
        ),
        ArticleProblem::RuleTwice { param } => lang.pick(
            format!("“{}”被两条条文同时设定。请只保留一条。", param_label(*param, Lang::Zh)),
            format!("Two articles set the {}. Keep only one.", param_label(*param, Lang::En)),
        ),
        ArticleProblem::RuleNotForKind => lang.pick(
            "只有会议发言规则和议事规则的条文可以设定会议中执行的数值。请去掉条文上的设定。",
            "Only meeting conduct rules and rules of procedure may set limits that meetings enforce. Remove the setting from the article.",
        ).into(),
    }
}
