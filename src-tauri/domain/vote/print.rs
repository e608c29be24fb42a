//! The result block printed on notices and records, aligned for CJK text.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

/// Terminal columns a character takes: 2 for CJK and full-width forms.
pub(super) fn char_width(c: char) -> usize {
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

pub(super) fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

pub(super) fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

pub(super) fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

pub(super) const LABEL_W: usize = 22;
pub(super) const PERSONS_W: usize = 9;
pub(super) const AREA_W: usize = 18;

pub(super) fn row(out: &mut String, label: &str, persons: &str, area: Option<&str>) {
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

pub(super) fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

pub(super) fn settings_line(settings: &VoteSettings, lang: Lang) -> String {
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

pub(super) fn source_line(settings: &VoteSettings, lang: Lang) -> String {
    lang.pick(
        format!("法律依据  {}", settings.citation(lang)),
        format!("Source    {}", settings.citation(lang)),
    )
}

pub(super) fn threshold_text(t: &Threshold, with_area: bool, lang: Lang) -> String {
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

pub(super) fn checks(out: &mut String, list: &[Inequality], test: VoteTest) {
    for i in list.iter().filter(|i| i.test == test) {
        let mark = if i.holds { "✓" } else { "✗" };
        line(out, &format!("  {mark} {}", i.text));
    }
}

/// The roll-and-participation rows shared by votes and elections.
pub(super) fn count_header(
    out: &mut String,
    rule: &Rule,
    n: u32,
    a: Area,
    pn: u32,
    pa: Area,
    lang: Lang,
) {
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
            format!("表决规则  {}", settings.rule_label(lang)),
            format!("Rule      {}", settings.rule_label(lang)),
        ),
    );
    line(&mut out, &source_line(settings, lang));
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
                settings.rule_label(lang),
                t.seats,
                t.max_approvals
            ),
            format!(
                "Rule      {}; {} seats, at most {} approvals per ballot",
                settings.rule_label(lang),
                t.seats,
                t.max_approvals
            ),
        ),
    );
    line(&mut out, &source_line(settings, lang));
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

pub(super) fn candidate_name(names: &[String], c: u32) -> String {
    names
        .get(c as usize)
        .cloned()
        .unwrap_or_else(|| format!("#{}", c + 1))
}
