//! Plain-text output of the command line, in the user's language.

use crate::domain::roll::Merge;
use crate::lang::Lang;
use crate::ops::types::{AuditReport, ImportPreview, RollSummary, UnitPage};

pub fn merge_line(m: &Merge, lang: Lang) -> String {
    match m {
        Merge::Developer { name, units, area } => lang.pick(
            format!("开发商“{name}”未售出或未交付的 {units} 套合计为 1 人（{} m²），司法解释第九条", area.grouped()),
            format!("Developer \"{name}\": {units} unsold or undelivered units count as 1 person ({} m²), Interpretation Art. 9", area.grouped()),
        ),
        Merge::MultiUnit { name, labels, area } => lang.pick(
            format!("{name} 名下 {} 套（{}）合计为 1 人（{} m²），司法解释第九条", labels.len(), labels.join("、"), area.grouped()),
            format!("{name} holds {} units ({}) and counts as 1 person ({} m²), Interpretation Art. 9", labels.len(), labels.join(", "), area.grouped()),
        ),
        Merge::CoOwned { label, owners, voter } => lang.pick(
            format!("{label} 由 {} 共有，按 1 人计算，由 {voter} 投票", owners.join("、")),
            format!("{label} is co-owned by {} and counts as 1 person; {voter} votes", owners.join(", ")),
        ),
    }
}

pub fn summary(s: &RollSummary, lang: Lang) {
    let scope = s
        .building
        .clone()
        .unwrap_or_else(|| lang.pick("全小区", "whole community").to_string());
    println!("{}: N = {}  A = {} m²", scope, s.persons, s.area.grouped());
    println!(
        "{}",
        lang.pick(
            format!(
                "计入 {} 套专有部分；车位{}计入（不计入 {} 个）",
                s.units,
                if s.settings.parking_counts { "" } else { "不" },
                s.parking_excluded
            ),
            format!(
                "{} units counted; parking {} ({} excluded)",
                s.units,
                if s.settings.parking_counts {
                    "counts"
                } else {
                    "does not count"
                },
                s.parking_excluded
            ),
        )
    );
    for m in &s.merges {
        println!("  - {}", merge_line(m, lang));
    }
    if !s.ownerless.is_empty() {
        println!(
            "{} {}",
            lang.pick("无业主的房屋：", "Units without an owner:"),
            s.ownerless.join(", ")
        );
    }
    for b in &s.buildings {
        println!(
            "  {}  {} {}  N = {}  A = {} m²",
            b.building,
            b.units,
            lang.pick("套", "units"),
            b.persons,
            b.area.grouped()
        );
    }
    println!("{} {}", lang.pick("名册摘要", "Roll digest"), s.digest);
}

pub fn units(page: &UnitPage, lang: Lang) {
    for u in &page.units {
        let people: Vec<String> = u
            .people
            .iter()
            .map(|p| format!("{}{}", p.name, if p.designated_voter { "*" } else { "" }))
            .collect();
        println!(
            "{} {}\t{} m²\t{}",
            u.building,
            u.number,
            u.area,
            people.join(" ")
        );
    }
    println!("{} {}", page.total, lang.pick("套", "units"));
}

pub fn preview(p: &ImportPreview, lang: Lang) {
    println!(
        "{} ({}, {}): {} {}",
        p.file_name,
        p.format,
        p.encoding,
        p.rows_read,
        lang.pick("行", "rows")
    );
    println!(
        "{}",
        lang.pick(
            format!(
                "新增 {} 套，更新 {} 套，不变 {} 套，文件中没有的 {} 套保持不变",
                p.new_units,
                p.changed_units,
                p.unchanged_units,
                p.absent_units.len()
            ),
            format!(
                "{} new, {} changed, {} unchanged, {} not in the file (kept)",
                p.new_units,
                p.changed_units,
                p.unchanged_units,
                p.absent_units.len()
            ),
        )
    );
    println!(
        "N: {} -> {}   A: {} -> {} m²",
        p.persons_before,
        p.persons_after,
        p.area_before.grouped(),
        p.area_after.grouped()
    );
    for n in &p.notices {
        println!("  * {}", n.message);
    }
    for problem in &p.problems {
        println!("  ! {}", problem.message);
    }
    if !p.problems.is_empty() {
        println!(
            "{}",
            lang.pick(
                format!("共 {} 处问题，未写入。", p.problems.len()),
                format!("{} problem(s); nothing written.", p.problems.len())
            )
        );
    }
}

pub fn audit(r: &AuditReport, lang: Lang) {
    println!("{}", r.summary);
    for p in &r.problems {
        println!("  - {}", p.message);
    }
    if let Some(c) = r.checkpoint.as_ref().filter(|c| c.ok) {
        println!(
            "{} {} -> {} ({} {}):",
            lang.pick("一致性证明（RFC 9162）", "Consistency proof (RFC 9162)"),
            c.tree_size,
            c.log_size,
            c.consistency_proof.len(),
            lang.pick("个哈希", "hashes")
        );
        for h in &c.consistency_proof {
            println!("  {h}");
        }
    }
    println!(
        "{} {}  ({} {})",
        lang.pick("最新哈希", "Head hash"),
        r.head_hash,
        r.events,
        lang.pick("条事件", "events")
    );
}

/// The demo's operators and their PINs, marked as demo-only.
pub fn demo_operators(ops: &[crate::ops::demo::DemoOperator], lang: Lang) {
    if ops.is_empty() {
        return;
    }
    println!(
        "{}",
        lang.pick(
            "演示用操作人（仅供演示：这些 PIN 是公开的，切勿用于真实小区）：",
            "Demo operators (DEMO ONLY: these PINs are public, never use them in a real community):"
        )
    );
    for o in ops {
        println!(
            "  --as {:<6} {}  {}  PIN {}",
            o.person_id,
            o.name,
            crate::ops::access::role_label(o.role.key(), lang),
            o.pin
        );
    }
}

/// What a restore would discard, as the preview says it, with the receipts and host keys.
pub fn restore_preview(p: &crate::ops::record::RestorePreview, lang: Lang) {
    for line in &p.summary {
        println!("{line}");
    }
    for r in &p.receipts {
        println!(
            "  {} {}  #{} {}  {}",
            lang.pick("回执", "receipt"),
            r.short_code,
            r.seq,
            r.at,
            r.kind
        );
    }
    if p.needs_confirmation {
        println!(
            "{}",
            lang.pick(
                "可签署确认的主持人密钥（--host-key）：",
                "Host keys that can sign the confirmation (--host-key):"
            )
        );
        for h in &p.hosts {
            println!(
                "  {}  {}（{}）  {}",
                h.key_id, h.person_name, h.community_name, h.fingerprint
            );
        }
    }
}
