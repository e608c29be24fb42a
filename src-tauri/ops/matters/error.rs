//! What can go wrong with matters, meetings and minutes, in words that say what to do.

use crate::lang::Lang;
use crate::ops::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowProblem {
    NoSuchMatter(i64),
    NoSuchMeeting(i64),
    NoSuchItem(i64),
    NoSuchMinutes(i64),
    NoSuchSpeech(i64),
    NoSuchAddendum(i64),
    NoSuchFile(i64),
    /// A required text is empty: which one, in both languages.
    Empty {
        zh: &'static str,
        en: &'static str,
    },
    BadDate(String),
    MeetingNotDraft,
    AgendaEmpty,
    AgendaOrderMismatch,
    ShortNotice {
        zh: String,
        en: String,
    },
    MeetingEnded,
    MeetingNotRunning,
    MeetingNotStarted,
    ItemNotCurrent,
    AlreadySpeaking(String),
    SpeechNotQueued,
    SpeechNotRunning,
    Floor {
        zh: String,
        en: String,
    },
    NotAttendee(String),
    AlreadyAttending(String),
    NoPartyRole(String),
    NotHostOrBranch(String),
    MeetingNotEnded,
    MinutesFinal,
    MinutesNotFinal,
    MinutesIncomplete(Vec<String>),
    MinutesWrongKind {
        expected: String,
    },
    MatterNotOnAgenda,
    NotOnAnnouncedAgenda,
    VoteNotClosed,
    VoteNotForMatter,
    ProposalMissing,
    ProposalNotNewest,
    ProposalStage,
    UrgentSignatureMismatch,
    AlreadyPublished,
}

impl FlowProblem {
    pub fn code(&self) -> ErrorCode {
        use FlowProblem::*;
        match self {
            NoSuchMatter(_) | NoSuchMeeting(_) | NoSuchItem(_) | NoSuchMinutes(_)
            | NoSuchSpeech(_) | NoSuchAddendum(_) | NoSuchFile(_) => ErrorCode::NotFound,
            MeetingNotDraft | MeetingEnded | MinutesFinal | AlreadyAttending(_)
            | AlreadySpeaking(_) | AlreadyPublished | ProposalNotNewest => ErrorCode::Conflict,
            _ => ErrorCode::InvalidInput,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use FlowProblem::*;
        let p = |zh: String, en: String| lang.pick(zh, en);
        match self {
            NoSuchMatter(id) => p(format!("找不到编号为 {id} 的议题。请刷新议题列表。"), format!("Matter #{id} was not found. Refresh the list of matters.")),
            NoSuchMeeting(id) => p(format!("找不到编号为 {id} 的会议。请刷新会议列表。"), format!("Meeting #{id} was not found. Refresh the list of meetings.")),
            NoSuchItem(id) => p(format!("找不到编号为 {id} 的议程项，可能已被移除。请刷新会议。"), format!("Agenda item #{id} was not found; it may have been removed. Refresh the meeting.")),
            NoSuchMinutes(id) => p(format!("找不到编号为 {id} 的会议记录。请先在会议中定稿会议记录。"), format!("Minutes #{id} were not found. Finalise the meeting's minutes first.")),
            NoSuchSpeech(id) => p(format!("找不到编号为 {id} 的发言登记。请刷新发言名单。"), format!("Speech #{id} was not found. Refresh the list of speakers.")),
            NoSuchAddendum(id) => p(format!("找不到编号为 {id} 的补充说明。请刷新会议记录。"), format!("Addendum #{id} was not found. Refresh the minutes.")),
            NoSuchFile(id) => p(format!("找不到编号为 {id} 的附件。请刷新议题。"), format!("Attachment #{id} was not found. Refresh the matter.")),
            Empty { zh, en } => p(format!("请填写{zh}后再保存。"), format!("Enter {en}, then save.")),
            BadDate(t) => p(format!("日期“{t}”格式不对。请用日期选择框重新选择。"), format!("The date \"{t}\" is not valid. Pick it again with the date picker.")),
            MeetingNotDraft => p("会议已发出通知，议程不能再删改；新增的议程项会标明“未列入公告议程”，不得表决。".into(), "The meeting has been announced: its agenda can no longer be edited; items added now are marked as not announced and cannot be voted on.".into()),
            AgendaEmpty => p("议程为空。请先添加至少一个议程项，再发出会议通知。".into(), "The agenda is empty. Add at least one item before announcing the meeting.".into()),
            AgendaOrderMismatch => p("议程顺序与当前议程不一致（可能他人刚改过）。请刷新后重新排序。".into(), "The new order does not match the current agenda (someone may have just changed it). Refresh and reorder.".into()),
            ShortNotice { zh, en } => p(format!("{zh} 如确需按此日期召开，请勾选“确认通知期不足”后再发通知；此提示将留在记录中。"), format!("{en} To announce for this date anyway, tick \"accept short notice\"; the warning stays on the record.")),
            MeetingEnded => p("会议已经结束，不能再登记签到、发言或调整议程。更正请在会议记录中添加补充说明。".into(), "The meeting has ended: no more sign-ins, speeches or agenda changes. Correct the record with an addendum to the minutes.".into()),
            MeetingNotRunning => p("会议尚未开始。请先点“开始会议”。".into(), "The meeting has not started. Press Start meeting first.".into()),
            MeetingNotStarted => p("会议尚未发出通知或开始。请先发出通知。".into(), "The meeting has not been announced or started yet. Announce it first.".into()),
            ItemNotCurrent => p("只能为当前进行的议程项登记发言。请先切换到该议程项。".into(), "Speakers can only be added to the item under discussion. Move to that item first.".into()),
            AlreadySpeaking(name) => p(format!("{name} 正在发言。请先结束当前发言。"), format!("{name} has the floor. End that speech first.")),
            SpeechNotQueued => p("这条发言登记已不在等候名单中。请刷新发言名单。".into(), "That speech is no longer waiting. Refresh the list of speakers.".into()),
            SpeechNotRunning => p("这位发言人当前没有在发言。请刷新发言名单。".into(), "That person is not speaking now. Refresh the list of speakers.".into()),
            Floor { zh, en } => p(zh.clone(), en.clone()),
            NotAttendee(name) => p(format!("{name} 没有出席本次会议，不能签署会议记录。如确有出席，请由记录员补登出席后再签。"), format!("{name} did not attend this meeting and cannot sign its minutes. If they did attend, the secretary records their attendance first.")),
            AlreadyAttending(name) => p(format!("{name} 已经签到，无需重复登记。"), format!("{name} is already signed in.")),
            NoPartyRole(name) => p(format!("{name} 不是居委会、业委会或物业的代表，不能代表三方签署方案。请在“职务”中登记后再签。"), format!("{name} does not represent the residents' committee, the owners' committee or the property company and cannot sign the proposal. Record the role first.")),
            NotHostOrBranch(name) => p(format!("{name} 不是主持人或党支部成员。紧急跳过须由主持人或党支部成员签名说明理由。"), format!("{name} is neither a host nor a party branch member. An urgent skip must be signed by one of them.")),
            MeetingNotEnded => p("会议尚未结束。请先结束会议，再定稿会议记录。".into(), "The meeting has not ended. End it, then finalise the minutes.".into()),
            MinutesFinal => p("会议记录已定稿，正文不能再改。更正请添加补充说明并签名。".into(), "The minutes are final and their text cannot change. Add a signed addendum instead.".into()),
            MinutesNotFinal => p("会议记录尚未定稿。请先定稿，再签名或引用。".into(), "The minutes are not final yet. Finalise them before signing or citing them.".into()),
            MinutesIncomplete(names) => p(format!("会议记录还缺以下人员签名：{}。请他们签名后再办理。", names.join("、")), format!("The minutes still lack the signatures of: {}. Have them sign first.", names.join(", "))),
            MinutesWrongKind { expected } => p(format!("这一步需要{expected}的会议记录。请选择该类会议的记录。"), format!("This step needs the minutes of a {expected}. Choose minutes of that kind of meeting.")),
            MatterNotOnAgenda => p("该会议的议程中没有这个议题。请选择讨论过本议题的会议记录。".into(), "That meeting did not have this matter on its agenda. Choose minutes of a meeting that discussed it.".into()),
            NotOnAnnouncedAgenda => p("该议程项没有列入公告的议程，依法不得就此表决。请将其列入下次会议的议程并按时公告。".into(), "That item was not on the announced agenda, so it may not be voted on. Put it on the next meeting's agenda and announce it in time.".into()),
            VoteNotClosed => p("表决尚未结束，还没有结果。请等表决结束后再登记。".into(), "The vote has not closed; there is no result yet. Record the decision after it closes.".into()),
            VoteNotForMatter => p("这项表决不是就本议题发起的。请选择为本议题发起的表决。".into(), "That vote was not taken on this matter. Choose the vote taken on it.".into()),
            ProposalMissing => p("本议题还没有方案文本。请先在三方协议阶段填写方案，再请三方签署。".into(), "This matter has no proposal text yet. Write the proposal at the three-party stage, then have the three parties sign it.".into()),
            ProposalNotNewest => p("方案已修改，这份签名针对的是旧文本。请重新打开方案，核对后再签。".into(), "The proposal has changed; that signature was for an older text. Open the proposal again, check it and sign.".into()),
            ProposalStage => p("只有在“三方协议”阶段才能填写或修改方案。".into(), "The proposal can be written or changed only at the three-party stage.".into()),
            UrgentSignatureMismatch => p("所附签名不是针对本议题、本目标阶段和本理由的紧急跳过说明。请重新签署紧急跳过说明。".into(), "The signature given is not an urgent-skip statement for this matter, target stage and reason. Sign the urgent-skip statement again.".into()),
            AlreadyPublished => p("会议记录已经登记公告，无需重复登记。".into(), "The minutes are already recorded as published.".into()),
        }
    }
}
