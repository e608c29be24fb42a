//! Why a consent operation is refused, with its code and the zh/en message that says what went
//! wrong and what to do.

use crate::domain::consent::{InterestError, Status};
use crate::lang::Lang;
use crate::ops::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentProblem {
    NoSuchRequest(i64),
    NoSuchUnit(i64),
    NoSuchParty(i64),
    Interest(InterestError),
    /// A required text is empty: (zh, en) name of the field.
    Empty(&'static str, &'static str),
    BadDeadline(String),
    DeadlinePassed,
    /// The request is no longer pending.
    Decided(Status),
    NotASigner {
        name: String,
    },
    AlreadyListed {
        units: String,
    },
    ApplicantItself,
    NotAnOwner {
        name: String,
    },
    ChooseUnit {
        name: String,
        units: String,
    },
    BadEvidence,
}

impl ConsentProblem {
    pub fn code(&self) -> ErrorCode {
        use ConsentProblem::*;
        match self {
            NoSuchRequest(_) | NoSuchUnit(_) | NoSuchParty(_) => ErrorCode::NotFound,
            Decided(_) | AlreadyListed { .. } => ErrorCode::Conflict,
            _ => ErrorCode::InvalidInput,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use ConsentProblem::*;
        let p = |zh: String, en: String| lang.pick(zh, en);
        match self {
            NoSuchRequest(id) => p(format!("找不到编号为 {id} 的住改商申请。请刷新列表后重新选择。"), format!("Change-of-use request #{id} was not found. Refresh the list and choose again.")),
            NoSuchUnit(id) => p(format!("本小区没有编号为 {id} 的房屋。请从房屋列表中重新选择。"), format!("This community has no unit #{id}. Choose the unit again from the list.")),
            NoSuchParty(id) => p(format!("找不到编号为 {id} 的利害关系业主。请刷新页面。"), format!("Interested owner #{id} was not found. Reload the page.")),
            Interest(e) => {
                let (zh, en) = crate::formats::consent::interest_message(e);
                p(format!("无法开始征求同意：{zh}。请先在“名册”中补全业主后再开始。"), format!("The request cannot open: {en}. Complete the owners under Roll first."))
            }
            Empty(zh, en) => p(format!("“{zh}”不能为空。请填写后再保存。"), format!("\"{en}\" is empty. Fill it in, then save.")),
            BadDeadline(t) => p(format!("截止时间“{t}”格式不对。请用日期时间选择框重新选择。"), format!("The deadline \"{t}\" is not a valid time. Pick it again with the date-time picker.")),
            DeadlinePassed => p("截止时间必须晚于现在。请选择一个将来的时间，给业主留出签署的时间。".into(), "The deadline must be in the future. Choose a later time that leaves owners time to sign.".into()),
            Decided(s) => {
                let (zh, en) = status_words(*s);
                p(format!("该申请已{zh}，不能再签署或增加业主。如需再次申请，请新开一份申请。"), format!("This request is already {en}; nothing more can be signed or added. Open a new request to ask again."))
            }
            NotASigner { name } => p(
                format!("{name} 不能代表该业主签署：须是该房屋的业主；按本申请的设置，共有房屋由指定的投票人签署（或须每位共有人签署）。请让正确的人签署。"),
                format!("{name} cannot sign for that owner: they must own the unit, and under this request's setting a co-owned unit is signed by its designated voter (or by every co-owner). Ask the right person to sign."),
            ),
            AlreadyListed { units } => p(format!("该业主（{units}）已在利害关系业主名单上，无需再添加。"), format!("That owner ({units}) is already on the interested list.")),
            ApplicantItself => p("申请人自己的房屋不是利害关系业主。请选择其他业主。".into(), "The applicant's own units are not an interested owner. Choose another owner.".into()),
            NotAnOwner { name } => p(format!("{name} 在名册上不是任何房屋的业主，不能作为利害关系业主。请先核对名册。"), format!("{name} owns no unit on the roll and cannot be an interested owner. Check the roll first.")),
            ChooseUnit { name, units } => p(format!("{name} 拥有多处共有人不同的房屋（{units}）。请选择受影响的那一处。"), format!("{name} owns several units with different co-owners ({units}). Choose the one that is harmed.")),
            BadEvidence => p("证据哈希应为 64 位十六进制字符（证据文件的 SHA-256）。请选择证据文件重新计算。".into(), "The evidence hash must be 64 hex characters (the SHA-256 of the evidence file). Choose the evidence file again.".into()),
        }
    }
}

/// The status in words: (zh, en).
pub fn status_words(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Pending => ("在征求同意中", "pending"),
        Status::Consented => (
            "获全体利害关系业主同意",
            "consented by every interested owner",
        ),
        Status::Refused => (
            "被拒绝（有利害关系业主不同意）",
            "refused (an interested owner refused)",
        ),
        Status::Lapsed => (
            "逾期未获全部同意（沉默视为不同意）",
            "lapsed (silence at the deadline is no consent)",
        ),
    }
}
