//! The meeting's printable pages: the notice for the bulletin board and the final minutes for the
//! archive, in the shared frame of `ops::documents`.

use crate::ops::documents::{esc, page};
use crate::ops::meetings::{MeetingDetail, MinutesView, SignatureRef};

pub(crate) struct NoticePage<'a> {
    pub community: &'a str,
    pub detail: &'a MeetingDetail,
    pub today: &'a str,
}

/// 会议通知: time, place, the agenda with time boxes, and the notice rule the date keeps.
pub(crate) fn meeting_notice(n: &NoticePage<'_>) -> String {
    let d = n.detail;
    let s = &d.summary;
    let mut body = format!(
        "<h1>{}会议通知</h1><p>{}全体{}：</p><p>定于 <b>{}</b> 在 <b>{}</b> 召开{}（{}），议程如下：</p><table><tr><th>序号</th><th>议程</th><th>时长</th></tr>",
        esc(&s.title),
        esc(n.community),
        if matches!(s.kind, crate::domain::meeting::MeetingKind::Residents) {
            "居民"
        } else {
            "业主及相关各方"
        },
        esc(&s.starts_at.replace('T', " ")),
        esc(&s.place),
        esc(&s.title),
        esc(&s.kind_label),
    );
    for i in &d.agenda {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}{}</td><td>{} 分钟</td></tr>",
            i.position,
            esc(&i.title),
            if i.announced || s.notice_given_on.is_none() {
                ""
            } else {
                "（通知后增加，不得表决）"
            },
            i.planned_minutes
        ));
    }
    body.push_str("</table>");
    body.push_str("<p>依法仅就上列公告议程进行表决；未列入公告议程的事项不作表决。</p>");
    if let Some(c) = &s.notice {
        let class = if c.ok { "meta" } else { "warn" };
        body.push_str(&format!("<p class=\"{class}\">{}</p>", esc(&c.message_zh)));
    }
    if let Some(m) = &s.calendar_missing {
        body.push_str(&format!(
            "<p class=\"warn\">通知期无法核对：缺少 {} 年法定节假日安排。</p>",
            m.year
        ));
    }
    // A host's signed reason to go on through a year with no holiday schedule, as signed.
    for o in s.calendar_overrides.iter().filter(|o| o.in_use) {
        body.push_str(&format!(
            "<p class=\"warn\">{year} 年法定节假日安排尚未载入。主持人 {} 于 {} 签名说明理由：“{}”。本通知期间的计算中，{year} 年仅以周六、周日为休息日。<br><span class=\"hash\">签名密钥指纹 {}</span></p>",
            esc(&o.signer),
            esc(&o.signed_at),
            esc(&o.reason),
            esc(&o.fingerprint),
            year = o.year,
        ));
    }
    body.push_str(&format!(
        "<p style=\"text-align:right\">{}<br>{}</p><p class=\"meta\">会议编号 {}；本通知由议事厅生成。</p>",
        esc(n.community),
        esc(s.notice_given_on.as_deref().unwrap_or(n.today)),
        s.meeting_id
    ));
    page(&format!("{}会议通知", s.title), &body)
}

fn signature_rows(sigs: &[SignatureRef]) -> String {
    if sigs.is_empty() {
        return "<p>（尚无签名）</p>".into();
    }
    let mut out = String::from(
        "<table><tr><th>签名人</th><th>密钥指纹</th><th>签署时间</th><th>核验</th></tr>",
    );
    for s in sigs {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"hash\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&s.signer),
            esc(&s.fingerprint),
            esc(&s.signed_at),
            if s.valid { "有效" } else { "无效" }
        ));
    }
    out.push_str("</table>");
    out
}

/// The final minutes: the fixed text, its SHA-256 (anyone can hash the text and compare), the
/// signatures with fingerprints, who has not yet signed, the addenda, and the publication date.
pub(crate) fn minutes_page(title: &str, v: &MinutesView) -> String {
    let mut body = String::new();
    body.push_str(&format!("<pre>{}</pre>", esc(&v.text)));
    body.push_str(&format!(
        "<p>正文 SHA-256：<span class=\"hash\">{}</span></p><p class=\"meta\">定稿：{}（{}）；应于 {} 前公告{}。</p>",
        esc(&v.text_hash),
        esc(&v.finalized_at),
        esc(&v.finalized_by),
        esc(&v.publish_by),
        match &v.published_on {
            Some(d) => format!("，已于 {} 公告", esc(d)),
            None => String::new(),
        }
    ));
    body.push_str("<h2>签名</h2>");
    body.push_str(&signature_rows(&v.signatures));
    if !v.missing.is_empty() {
        let names: Vec<String> = v.missing.iter().map(|p| esc(&p.name)).collect();
        body.push_str(&format!(
            "<p class=\"warn\">尚未签名：{}</p>",
            names.join("、")
        ));
    }
    for a in &v.addenda {
        body.push_str(&format!(
            "<h2>补充说明 #{}</h2><pre>{}</pre><p>SHA-256：<span class=\"hash\">{}</span>（{}，{}）</p>",
            a.addendum_id,
            esc(&a.text),
            esc(&a.text_hash),
            esc(&a.created_at),
            esc(&a.created_by)
        ));
        body.push_str(&signature_rows(&a.signatures));
    }
    body.push_str("<p class=\"meta\">核对方法：将上方正文另存为 UTF-8 文本（不含首尾空行以外的改动），计算 SHA-256，应与所列哈希一致；签名可用“yishi keys verify”离线核验。</p>");
    page(&format!("{title} 会议记录"), &body)
}
