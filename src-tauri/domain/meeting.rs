//! Meetings (会议): their kinds and the rules each kind carries (notice, quorum, who must sign
//! the minutes, which matter stage it decides), the speakers' queue order, agenda timing, and
//! the minutes' fixed text composed from what happened.
//!
//! Invariants: pure (the caller passes `now`); counts are integers; "过半数" excludes exactly
//! half (民法典 Art. 1259), so the quorum line is `entitled / 2 + 1`. The minutes' text is a
//! function of its input alone, so the same meeting always gives the same text and hash.

use super::calendar::NoticeRule;
use super::flow::Stage;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeetingKind {
    /// 党支部会议
    PartyBranch,
    /// 三方联席会议
    Joint,
    /// 业主委员会会议
    Committee,
    /// 业主大会会议 (collective discussion or written consultation)
    OwnersAssembly,
    /// 居民会议
    Residents,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 5] = [
        MeetingKind::PartyBranch,
        MeetingKind::Joint,
        MeetingKind::Committee,
        MeetingKind::OwnersAssembly,
        MeetingKind::Residents,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MeetingKind::PartyBranch => "party_branch",
            MeetingKind::Joint => "joint",
            MeetingKind::Committee => "committee",
            MeetingKind::OwnersAssembly => "owners_assembly",
            MeetingKind::Residents => "residents",
        }
    }

    pub fn from_key(key: &str) -> Option<MeetingKind> {
        MeetingKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            MeetingKind::PartyBranch => ("党支部会议", "Party branch meeting"),
            MeetingKind::Joint => ("三方联席会议", "Three-party joint meeting"),
            MeetingKind::Committee => ("业主委员会会议", "Owners' committee meeting"),
            MeetingKind::OwnersAssembly => ("业主大会会议", "Owners' assembly"),
            MeetingKind::Residents => ("居民会议", "Residents' meeting"),
        };
        lang.pick(zh, en)
    }

    /// The notice the law requires before this kind of meeting, if any.
    pub fn notice_rule(self) -> Option<NoticeRule> {
        match self {
            MeetingKind::OwnersAssembly => Some(NoticeRule::OwnersAssembly),
            MeetingKind::Committee => Some(NoticeRule::CommitteeAgenda),
            _ => None,
        }
    }

    /// Whether attendance must exceed half of those entitled (指导规则 Art. 38 for the
    /// committee; 居委会组织法 Art. 9 for residents' meetings). An owners' assembly's quorum is
    /// its vote's participation, counted by the vote.
    pub fn has_quorum(self) -> bool {
        matches!(self, MeetingKind::Committee | MeetingKind::Residents)
    }

    /// Small bodies: every attendee signs the minutes (指导规则 Art. 39 for the committee's
    /// decisions; the branch and the joint meeting keep the same standard). Large meetings:
    /// the host and the secretary.
    pub fn all_attendees_sign(self) -> bool {
        matches!(
            self,
            MeetingKind::PartyBranch | MeetingKind::Joint | MeetingKind::Committee
        )
    }

    /// The matter stage whose outcome this kind of meeting records.
    pub fn decides(self) -> Option<Stage> {
        match self {
            MeetingKind::PartyBranch => Some(Stage::PartyBranch),
            MeetingKind::Joint => Some(Stage::ThreeParties),
            MeetingKind::OwnersAssembly | MeetingKind::Residents => Some(Stage::Residents),
            MeetingKind::Committee => None,
        }
    }
}

/// Attendance against the quorum line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Quorum {
    pub present: u32,
    pub entitled: u32,
    /// The smallest attendance that is more than half.
    pub needed: u32,
    pub met: bool,
}

pub fn quorum(present: u32, entitled: u32) -> Quorum {
    let needed = entitled / 2 + 1;
    Quorum {
        present,
        entitled,
        needed,
        met: entitled > 0 && present >= needed,
    }
}

/// Seconds between two instants given as Unix seconds, never negative.
pub fn elapsed(from: i64, to: i64) -> u32 {
    u32::try_from((to - from).max(0)).unwrap_or(u32::MAX)
}

/// "3分05秒" / "3 min 05 s".
pub fn duration_label(seconds: u32, lang: Lang) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    lang.pick(format!("{m}分{s:02}秒"), format!("{m} min {s:02} s"))
}

/// The order the floor goes in: points of order first, then everyone else, each by the time
/// they asked. `items` are (is point of order, queued-at key, id).
pub fn queue_order<K: Ord + Clone>(items: &mut [(bool, K, i64)]) {
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
}

/// One person's turn as it goes into the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeechLine {
    pub name: String,
    pub point_of_order: bool,
    pub seconds: u32,
    pub limit: u32,
    /// Cut off by the chair (time, or loss of the floor).
    pub cut: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningLine {
    pub name: String,
    pub note: String,
    pub citation: String,
    pub floor_lost: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemMinutes {
    pub position: u32,
    pub title: String,
    /// The matter the item takes up, printed "议题 #3 3栋加装电梯（三方协议）".
    pub matter: Option<MatterRef>,
    pub announced: bool,
    pub planned_minutes: u32,
    pub used_seconds: Option<u32>,
    pub speeches: Vec<SpeechLine>,
    pub warnings: Vec<WarningLine>,
    /// The votes taken on this item.
    pub votes: Vec<VoteBlock>,
    pub notes: String,
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceLine {
    pub name: String,
    pub how: Presence,
}

/// How an attendee's presence was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Presence {
    /// Signed in with their own key.
    Signed { fingerprint: String },
    /// Attended as someone's proxy.
    ProxyFor { principal: String },
    /// Registered by the secretary, for this reason.
    Registered { reason: String },
}

impl Presence {
    /// "本人签名，指纹 …" / "受 张三 委托出席" / "记录员代登记：行动不便".
    pub fn minutes_text(&self) -> String {
        match self {
            Presence::Signed { fingerprint } => format!("本人签名，指纹 {fingerprint}"),
            Presence::ProxyFor { principal } => format!("受 {principal} 委托出席"),
            Presence::Registered { reason } => format!("记录员代登记：{reason}"),
        }
    }
}

/// A matter an agenda item takes up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterRef {
    pub id: i64,
    pub title: String,
}

impl MatterRef {
    /// "议题 #3 3栋加装电梯（三方协议）".
    pub fn minutes_text(&self) -> String {
        format!("议题 #{} {}", self.id, self.title)
    }
}

/// A vote taken on an agenda item, as the minutes report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteBlock {
    /// Closed, with its signed result's block (`vote::print`).
    Result { vote_id: i64, result: String },
    /// Closed without a result.
    NoResult { vote_id: i64 },
    /// Not closed yet.
    NotClosed {
        vote_id: i64,
        status: super::states::VoteStatus,
    },
}

impl VoteBlock {
    pub fn minutes_text(&self) -> String {
        use super::states::VoteStatus;
        match self {
            VoteBlock::Result { vote_id, result } => format!("表决 #{vote_id}\n{result}"),
            VoteBlock::NoResult { vote_id } => format!("表决 #{vote_id}：尚无结果"),
            VoteBlock::NotClosed { vote_id, status } => {
                // The status's stored (serde) name, as the minutes have always printed it.
                let status = match status {
                    VoteStatus::Draft => "draft",
                    VoteStatus::Open => "open",
                    VoteStatus::Closed => "closed",
                };
                format!("表决 #{vote_id}：尚未结束（{status}）")
            }
        }
    }
}

/// When notice was given, and what the notice check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLine {
    /// The day notice was given, as stored.
    pub given_on: String,
    /// The notice check's Chinese sentence, when one was recorded.
    pub check: Option<String>,
}

impl NoticeLine {
    /// "2026-05-01 发出。…".
    pub fn minutes_text(&self) -> String {
        match &self.check {
            Some(c) => format!("{} 发出。{c}", self.given_on),
            None => format!("{} 发出。", self.given_on),
        }
    }
}

/// The conduct rules line: each limit with where it comes from.
pub fn conduct_text(rules: &super::conduct::ConductRules) -> String {
    use super::conduct::ConductRule;
    format!(
        "每次发言不超过 {} 秒（{}）；每人每项最多发言 {} 次（{}）；警告 {} 次即停止本项发言（{}）",
        rules.speech_seconds,
        rules.cite(ConductRule::SpeechTime, Lang::Zh),
        rules.speeches_per_item,
        rules.cite(ConductRule::SpeechesPerItem, Lang::Zh),
        rules.warnings_to_lose_floor,
        rules.cite(ConductRule::Warnings, Lang::Zh)
    )
}

/// Who chaired or kept the minutes; "未指定" when no one was named.
fn person_text(name: &Option<String>) -> &str {
    name.as_deref().unwrap_or("未指定")
}

/// Everything the minutes are made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesInput {
    pub community: String,
    pub meeting_id: i64,
    pub kind: MeetingKind,
    pub title: String,
    pub place: String,
    pub starts_at: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    /// `None`: not named.
    pub host: Option<String>,
    pub secretary: Option<String>,
    pub notice: Option<NoticeLine>,
    pub attendance: Vec<AttendanceLine>,
    pub quorum: Option<Quorum>,
    pub conduct: super::conduct::ConductRules,
    pub items: Vec<ItemMinutes>,
}

/// The minutes' text, in Chinese (the language of the archive and the bulletin board).
pub fn compose_minutes(m: &MinutesInput) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("{} {}会议记录", m.community, m.title));
    line(String::new());
    line(format!("会议编号：{}", m.meeting_id));
    line(format!("会议类型：{}", m.kind.label(Lang::Zh)));
    line(format!("会议时间：{}", m.starts_at.replace('T', " ")));
    if let (Some(s), Some(e)) = (&m.started_at, &m.ended_at) {
        line(format!("实际开始：{s}　实际结束：{e}"));
    }
    line(format!("会议地点：{}", m.place));
    line(format!(
        "主持人：{}　记录人：{}",
        person_text(&m.host),
        person_text(&m.secretary)
    ));
    if let Some(n) = &m.notice {
        line(format!("会议通知：{}", n.minutes_text()));
    }
    line(format!("出席人员（{}人）：", m.attendance.len()));
    for a in &m.attendance {
        line(format!("　{}（{}）", a.name, a.how.minutes_text()));
    }
    if let Some(q) = m.quorum {
        line(format!(
            "法定人数：应到 {} 人，过半数为 {} 人，实到 {} 人，{}。",
            q.entitled,
            q.needed,
            q.present,
            if q.met {
                "达到法定人数"
            } else {
                "未达到法定人数"
            }
        ));
    }
    line(format!("发言规则：{}", conduct_text(&m.conduct)));
    line(String::new());
    line("议程及记录：".to_string());
    for item in &m.items {
        line(String::new());
        line(format!("{}、{}", item.position, item.title));
        if let Some(matter) = &item.matter {
            line(format!("　关联议题：{}", matter.minutes_text()));
        }
        if !item.announced {
            line("　（本项未列入公告议程，不得就本项表决。）".to_string());
        }
        let used = item
            .used_seconds
            .map(|s| duration_label(s, Lang::Zh))
            .unwrap_or_else(|| "未进行".to_string());
        line(format!(
            "　计划用时 {} 分钟，实际用时 {used}",
            item.planned_minutes
        ));
        for s in &item.speeches {
            let kind = if s.point_of_order {
                "程序问题"
            } else {
                "发言"
            };
            let cut = match (s.cut, s.seconds >= s.limit) {
                (false, _) => "",
                (true, true) => "，时间已到，依发言规则中止",
                (true, false) => "，因警告被停止发言",
            };
            let over = if s.seconds > s.limit { "，超时" } else { "" };
            line(format!(
                "　{kind}：{}，用时 {}（限时 {}）{over}{cut}",
                s.name,
                duration_label(s.seconds, Lang::Zh),
                duration_label(s.limit, Lang::Zh)
            ));
        }
        for w in &item.warnings {
            let lost = if w.floor_lost {
                "，本项不再给予发言"
            } else {
                ""
            };
            line(format!(
                "　警告：{}，{}，依据{}{lost}",
                w.name, w.note, w.citation
            ));
        }
        if !item.notes.trim().is_empty() {
            line("　记录：".to_string());
            for l in item.notes.trim().lines() {
                line(format!("　　{}", l.trim_end()));
            }
        }
        for v in &item.votes {
            line("　表决结果：".to_string());
            for l in v.minutes_text().lines() {
                line(format!("　　{l}"));
            }
        }
        if !item.decision.trim().is_empty() {
            line(format!("　决定：{}", item.decision.trim()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_is_more_than_half() {
        assert_eq!(quorum(4, 7).needed, 4);
        assert!(quorum(4, 7).met);
        assert!(!quorum(3, 6).met, "exactly half is not more than half");
        assert!(quorum(4, 6).met);
        assert!(!quorum(0, 0).met);
    }

    #[test]
    fn points_of_order_jump_the_queue() {
        let mut q = vec![(false, 1, 10), (false, 2, 11), (true, 3, 12), (true, 2, 13)];
        queue_order(&mut q);
        let ids: Vec<i64> = q.iter().map(|x| x.2).collect();
        assert_eq!(ids, vec![13, 12, 10, 11]);
    }

    #[test]
    fn kinds_carry_their_rules() {
        assert_eq!(
            MeetingKind::OwnersAssembly.notice_rule(),
            Some(NoticeRule::OwnersAssembly)
        );
        assert_eq!(MeetingKind::Joint.decides(), Some(Stage::ThreeParties));
        assert!(MeetingKind::Committee.has_quorum());
        assert!(!MeetingKind::OwnersAssembly.all_attendees_sign());
        for k in MeetingKind::ALL {
            assert_eq!(MeetingKind::from_key(k.key()), Some(k));
        }
    }

    /// The minutes' wording of each typed value, byte for byte as minutes fixed before it moved
    /// here were composed (their hashes must keep matching).
    #[test]
    fn wording_of_each_part() {
        use super::super::states::VoteStatus;
        let cases: Vec<(String, &str)> = vec![
            (
                Presence::Signed {
                    fingerprint: "0FEB 4229 6826 A3B2".into(),
                }
                .minutes_text(),
                "本人签名，指纹 0FEB 4229 6826 A3B2",
            ),
            (
                Presence::ProxyFor {
                    principal: "张三".into(),
                }
                .minutes_text(),
                "受 张三 委托出席",
            ),
            (
                Presence::Registered {
                    reason: "行动不便".into(),
                }
                .minutes_text(),
                "记录员代登记：行动不便",
            ),
            (
                MatterRef {
                    id: 3,
                    title: "3栋加装电梯（三方协议）".into(),
                }
                .minutes_text(),
                "议题 #3 3栋加装电梯（三方协议）",
            ),
            (
                VoteBlock::Result {
                    vote_id: 2,
                    result: "通过".into(),
                }
                .minutes_text(),
                "表决 #2\n通过",
            ),
            (
                VoteBlock::NoResult { vote_id: 2 }.minutes_text(),
                "表决 #2：尚无结果",
            ),
            (
                VoteBlock::NotClosed {
                    vote_id: 2,
                    status: VoteStatus::Draft,
                }
                .minutes_text(),
                "表决 #2：尚未结束（draft）",
            ),
            (
                NoticeLine {
                    given_on: "2026-05-01".into(),
                    check: None,
                }
                .minutes_text(),
                "2026-05-01 发出。",
            ),
            (
                NoticeLine {
                    given_on: "2026-05-01".into(),
                    check: Some("提前15日。".into()),
                }
                .minutes_text(),
                "2026-05-01 发出。提前15日。",
            ),
            (person_text(&None).to_string(), "未指定"),
        ];
        for (got, want) in &cases {
            assert_eq!(got, want);
        }
        // The stored names of the vote statuses are the ones printed.
        for s in [VoteStatus::Draft, VoteStatus::Open, VoteStatus::Closed] {
            let printed = VoteBlock::NotClosed {
                vote_id: 1,
                status: s,
            }
            .minutes_text();
            let stored = serde_json::to_value(s).expect("serde name");
            assert!(printed.contains(&format!("（{}）", stored.as_str().expect("a name"))));
        }
        let d = "默认规则（本小区尚未通过会议发言规则）";
        assert_eq!(
            conduct_text(&super::super::conduct::ConductRules::default()),
            format!(
                "每次发言不超过 180 秒（{d}）；每人每项最多发言 2 次（{d}）；警告 2 次即停止本项发言（{d}）"
            )
        );
    }

    #[test]
    fn minutes_text_records_speeches_and_warnings() {
        let m = MinutesInput {
            community: "阳光山庄".into(),
            meeting_id: 4,
            kind: MeetingKind::Joint,
            title: "三方联席会议".into(),
            place: "议事亭".into(),
            starts_at: "2026-05-06T19:00".into(),
            started_at: None,
            ended_at: None,
            host: Some("李红".into()),
            secretary: None,
            notice: None,
            attendance: vec![AttendanceLine {
                name: "张敏".into(),
                how: Presence::Registered {
                    reason: "行动不便".into(),
                },
            }],
            quorum: None,
            conduct: super::super::conduct::ConductRules::default(),
            items: vec![ItemMinutes {
                position: 1,
                title: "3栋加装电梯方案".into(),
                matter: Some(MatterRef {
                    id: 3,
                    title: "3栋加装电梯".into(),
                }),
                announced: false,
                planned_minutes: 20,
                used_seconds: Some(65),
                speeches: vec![SpeechLine {
                    name: "王建国".into(),
                    point_of_order: false,
                    seconds: 200,
                    limit: 180,
                    cut: true,
                }],
                warnings: vec![WarningLine {
                    name: "王建国".into(),
                    note: "超时".into(),
                    citation: "第五条".into(),
                    floor_lost: true,
                }],
                votes: vec![VoteBlock::NotClosed {
                    vote_id: 7,
                    status: super::super::states::VoteStatus::Open,
                }],
                notes: "讨论了井道位置".into(),
                decision: "同意方案".into(),
            }],
        };
        let text = compose_minutes(&m);
        assert!(text.contains("用时 3分20秒（限时 3分00秒），超时，时间已到，依发言规则中止"));
        assert!(text.contains("依据第五条，本项不再给予发言"));
        assert!(text.contains("不得就本项表决"));
        assert!(text.contains("主持人：李红　记录人：未指定"));
        assert!(text.contains("　张敏（记录员代登记：行动不便）"));
        assert!(text.contains("　关联议题：议题 #3 3栋加装电梯"));
        assert!(text.contains("　　表决 #7：尚未结束（open）"));
        assert_eq!(
            text,
            compose_minutes(&m),
            "the same meeting gives the same text"
        );
    }
}
