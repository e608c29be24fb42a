//! A ballot receipt against an exported vote record (`yishi verify-receipt RECEIPT RECORD`):
//! the receipt's hash is the hash of one of the record's ballots (for a signed ballot, of the
//! very document the voter signed), and, when the record carries a signed checkpoint with
//! inclusion proofs (`checkpoint`, `event_proofs`, made by `checkpoint::attach_proofs`), the
//! ballot's `ballot.cast` event is in that checkpoint's tree.

use super::checkpoint::{CheckpointHead, EventProof, verify_event_proof};
use crate::formats::record::{VoteRecord, verify_record};
use crate::formats::signed::SignedFile;
use crate::lang::Lang;

/// The verdict, with one line per finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptCheck {
    pub ok: bool,
    pub lines: Vec<String>,
}

/// The receipt's hash (or its prefix, for the written-down short code) from what the owner has:
/// the receipt file (JSON with `document_hash`), the QR's `yishi-receipt:v1:<hash>`, the hash, or
/// the short code ("3F9A-21C4-77BE").
pub fn receipt_hash(text: &str) -> Option<String> {
    let t = text.trim();
    if t.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(t).ok()?;
        return v["document_hash"].as_str().map(str::to_ascii_lowercase);
    }
    let t = t.strip_prefix("yishi-receipt:v1:").unwrap_or(t);
    let hex: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    (hex.len() >= 12 && hex.len() <= 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(hex)
}

pub fn check_receipt(receipt_text: &str, record_bytes: &[u8], lang: Lang) -> ReceiptCheck {
    let mut lines = Vec::new();
    let fail = |lines: Vec<String>| ReceiptCheck { ok: false, lines };
    let Some(hash) = receipt_hash(receipt_text) else {
        lines.push(lang.pick(
            "读不出回执：请提供回执文件、二维码内容、完整哈希或回执上的短码（如 3F9A-21C4-77BE）。".into(),
            "Cannot read the receipt: give the receipt file, the QR's text, the full hash or the short code on it (e.g. 3F9A-21C4-77BE).".into(),
        ));
        return fail(lines);
    };
    let record: VoteRecord = match serde_json::from_slice(record_bytes) {
        Ok(r) => r,
        Err(e) => {
            lines.push(lang.pick(
                format!("不是有效的表决记录文件：{e}"),
                format!("Not a valid vote record file: {e}"),
            ));
            return fail(lines);
        }
    };
    // The record as JSON too, for its checkpoint and proofs (read once).
    let v: serde_json::Value = serde_json::from_slice(record_bytes).unwrap_or_default();
    let verdict = verify_record(&record);
    let record_ok = verdict.discrepancies.is_empty();
    for d in &verdict.discrepancies {
        lines.push(format!("! {}", d.message(lang)));
    }
    let found: Vec<_> = record
        .ballots
        .iter()
        .filter(|b| b.receipt.to_ascii_lowercase().starts_with(&hash))
        .collect();
    let ballot = match found.as_slice() {
        [one] => *one,
        [] => {
            lines.push(lang.pick(
                format!("记录中没有回执哈希为 {hash} 的选票：这张选票不在这份记录里。"),
                format!("No ballot in the record has the receipt hash {hash}: this ballot is not in this record."),
            ));
            return fail(lines);
        }
        _ => {
            lines.push(lang.pick(
                "短码对应记录中的多张选票：请用完整哈希或回执文件。".into(),
                "The short code matches several ballots: use the full hash or the receipt file.".into(),
            ));
            return fail(lines);
        }
    };
    // A signed ballot's receipt is the hash of the document the voter signed.
    if let Some(signed) = &ballot.signed {
        if signed.document.hash_hex() != ballot.receipt || signed.verify().is_err() {
            lines.push(lang.pick(
                format!("第 {} 张选票的回执与其签名文件不符。", ballot.seq),
                format!(
                    "Ballot #{}'s receipt does not match its signed document.",
                    ballot.seq
                ),
            ));
            return fail(lines);
        }
    }
    // What the receipt file says besides the hash must agree with the record too.
    let mut claims_ok = true;
    if let Ok(claims) = serde_json::from_str::<serde_json::Value>(receipt_text.trim()) {
        for line in receipt_claims(&claims, &record, ballot, &v, lang) {
            claims_ok = false;
            lines.push(line);
        }
    }
    if !claims_ok {
        return fail(lines);
    }
    lines.push(lang.pick(
        format!(
            "回执对应记录中的第 {} 张选票（{}，{}）。",
            ballot.seq, ballot.channel, ballot.choice
        ),
        format!(
            "The receipt is ballot #{} of the record ({}, {}).",
            ballot.seq, ballot.channel, ballot.choice
        ),
    ));
    // Every other ballot for the same roll entry: under last-ballot-stands a later one replaces
    // this one, and an owner's own ballot replaces a proxy's. The owner must see them.
    for other in record
        .ballots
        .iter()
        .filter(|b| b.person_id == ballot.person_id && b.seq != ballot.seq)
    {
        let witnessed = other.witnesses.len();
        lines.push(lang.pick(
            format!(
                "注意：记录中同一户还有第 {} 张选票（{}，{}{}）{}。若不是您本人投的，请立即向街道办反映。",
                other.seq,
                other.channel,
                other.choice,
                if witnessed > 0 { format!("，{witnessed} 位见证人") } else { String::new() },
                if other.seq > ballot.seq { "，在您这张之后" } else { "，在您这张之前" }
            ),
            format!(
                "Note: the record holds another ballot for the same entry, #{} ({}, {}{}){}. If you did not cast it, tell the street office at once.",
                other.seq,
                other.channel,
                other.choice,
                if witnessed > 0 { format!(", {witnessed} witnesses") } else { String::new() },
                if other.seq > ballot.seq { ", after yours" } else { ", before yours" }
            ),
        ));
    }
    let mut ok = record_ok;
    // The record's checkpoint and proofs, when it carries them.
    if let Some(cp) = v.get("checkpoint").filter(|c| !c.is_null()) {
        // The checkpoint must be signed by the record's own root, or a root its hand-overs lead
        // to or from, while it was the root (a fresh key could sign any tree).
        let chain = record
            .manifest
            .as_ref()
            .map(|m| crate::formats::record_chain::chain(&record.community, &m.root));
        match check_inclusion(
            cp,
            &v["event_proofs"],
            &ballot.receipt,
            chain.as_ref(),
            lang,
        ) {
            Ok(line) => lines.push(line),
            Err(line) => {
                lines.push(line);
                ok = false;
            }
        }
    } else {
        lines.push(lang.pick(
            "记录没有附带检查点和包含证明：只核对了选票在记录中。".into(),
            "The record carries no checkpoint and inclusion proofs: only the ballot's presence in the record was checked.".into(),
        ));
    }
    ReceiptCheck { ok, lines }
}

/// A receipt file's own claims against the record: the manifest it printed must be the
/// record's, and the checkpoint it printed (the newest when the ballot was cast) cannot be
/// later than the ballot's own event in the record's checkpointed log.
fn receipt_claims(
    claims: &serde_json::Value,
    record: &VoteRecord,
    ballot: &crate::formats::record::RecordBallot,
    v: &serde_json::Value,
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    let squash = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_ascii_hexdigit())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    if let Some(printed) = claims["manifest"].as_str().filter(|m| !m.trim().is_empty()) {
        let printed_hex = squash(printed);
        let record_hash = record
            .manifest
            .as_ref()
            .map(|m| crate::formats::record_v2::facts(m).manifest_hash);
        match record_hash {
            Some(h) if printed_hex.len() >= 8 && h.to_ascii_lowercase().starts_with(&printed_hex) => {}
            Some(h) => out.push(lang.pick(
                format!("回执上印的表决清单是 {printed}，而这份记录的表决清单是 {}：这张回执不是这场表决的，或者回执、记录之一是伪造的。", super::short_form(&h)),
                format!("The receipt prints vote manifest {printed}, but this record's manifest is {}: the receipt is not from this vote, or the receipt or the record is forged.", super::short_form(&h)),
            )),
            None => out.push(lang.pick(
                format!("回执上印着表决清单 {printed}，而这份记录没有表决清单：记录不是这场表决的完整记录。"),
                format!("The receipt prints vote manifest {printed}, but this record has no manifest: it is not this vote's full record."),
            )),
        }
    }
    if let Some(size) = claims["checkpoint"]["tree_size"].as_i64() {
        // The ballot's own event, when the record proves it.
        let receipt = &ballot.receipt;
        let event_seq = v["event_proofs"].as_array().and_then(|ps| {
            ps.iter().find_map(|p| {
                let payload: serde_json::Value =
                    serde_json::from_str(p["payload"].as_str()?).ok()?;
                (p["kind"] == "ballot.cast" && payload["receipt"] == receipt.as_str())
                    .then(|| p["seq"].as_i64())
                    .flatten()
            })
        });
        if size < 1 || event_seq.is_some_and(|e| size >= e) {
            out.push(lang.pick(
                format!("回执上印的检查点（{size} 条事件）不可能是投票时最新的检查点（这张选票的事件在记录中是第 {} 号）：回执被改动过。", event_seq.unwrap_or_default()),
                format!("The checkpoint printed on the receipt ({size} events) cannot have been the newest when the ballot was cast (the ballot's event is #{} in the record): the receipt was altered.", event_seq.unwrap_or_default()),
            ));
        }
    }
    out
}

fn check_inclusion(
    cp: &serde_json::Value,
    proofs: &serde_json::Value,
    receipt: &str,
    chain: Option<&crate::formats::record_chain::Chain>,
    lang: Lang,
) -> Result<String, String> {
    let bad = |zh: String, en: String| Err(lang.pick(zh, en));
    let file: SignedFile = match serde_json::from_value(cp.clone()) {
        Ok(f) => f,
        Err(e) => {
            return bad(
                format!("记录中的检查点无法读取：{e}"),
                format!("The record's checkpoint cannot be read: {e}"),
            );
        }
    };
    let head = match CheckpointHead::from_signed(&file) {
        Ok(h) => h,
        Err(e) => {
            return bad(
                format!("记录中的检查点无效：{e}"),
                format!("The record's checkpoint is invalid: {e}"),
            );
        }
    };
    if chain.is_none_or(|c| c.root_at(&head.root, &head.made_at).is_err()) {
        return bad(
            "记录中的检查点不是由记录自己的根密钥签名的：它不能证明什么。".into(),
            "The record's checkpoint is not signed by the record's own root key: it proves nothing."
                .into(),
        );
    }
    let proofs: Vec<EventProof> = serde_json::from_value(proofs.clone()).unwrap_or_default();
    let mine = proofs.iter().find(|p| {
        p.kind == "ballot.cast"
            && serde_json::from_str::<serde_json::Value>(&p.payload)
                .ok()
                .and_then(|v| v["receipt"].as_str().map(|r| r == receipt))
                .unwrap_or(false)
    });
    let Some(p) = mine else {
        return bad(
            "记录附带检查点，但没有这张选票事件的包含证明。".into(),
            "The record carries a checkpoint but no inclusion proof for this ballot's event."
                .into(),
        );
    };
    if p.tree_size as u64 != head.tree_size
        || p.root_hash != crate::crypto::merkle::to_hex(&head.root_hash)
    {
        return bad(
            "包含证明与记录中的检查点不是同一棵树。".into(),
            "The inclusion proof is not for the record's checkpoint.".into(),
        );
    }
    if let Err(e) = verify_event_proof(p) {
        return bad(
            format!("包含证明不成立：{e}"),
            format!("The inclusion proof fails: {e}"),
        );
    }
    let fp = super::short_form(&crate::crypto::canonical::sha256_hex(&head.root.0));
    Ok(lang.pick(
        format!("选票事件（第 {} 号）包含在根密钥 {fp} 签名的检查点中（{} 条事件，{}）。请把根密钥指纹与通知上印的核对。", p.seq, head.tree_size, super::short_form(&p.root_hash)),
        format!("The ballot's event (#{}) is in the checkpoint signed by root key {fp} ({} events, {}). Compare the root fingerprint with the one printed on the notices.", p.seq, head.tree_size, super::short_form(&p.root_hash)),
    ))
}
