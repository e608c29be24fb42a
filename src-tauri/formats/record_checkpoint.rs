//! The checkpoint a v2 record carries (`checkpoint`, `event_proofs`): the community's newest
//! signed tree head at export and the vote's events with their RFC 9162 inclusion proofs in it
//! (docs/record-format.md, "The record's checkpoint"). Checked here: the head is signed by a
//! root of the record's hand-over chain while it was the root; each event's hash recomputed
//! from its fields and its proof leading to the head's tree hash; and the events say what the
//! record says (the opening names its manifest and roll, every ballot's receipt is a
//! `ballot.cast` of the vote and every such event a ballot of the record, refusals, proxies
//! and service notices are the logged ones, the close names the result and the ballot count).
//! Pure.

use super::checkpoint::{
    CheckpointHead, INCLUSION_FORMAT, verify_consistency_proof, verify_event_proof,
};
use super::record::{Discrepancy, VoteRecord, result_document_for};
use super::record_chain::Chain;
use crate::crypto::merkle;
use serde_json::Value;
use std::collections::BTreeMap;

/// What verify prints about the record's checkpoint, to compare with a posted one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointFacts {
    pub tree_size: u64,
    pub root_hash: String,
    pub made_at: String,
    pub reason: String,
    /// The generation of the root that signed it, in the record's chain.
    pub generation: i64,
    /// Earlier checkpoints (size, tree hash) the record's is proven to extend (`consistency`).
    pub extends: Vec<(u64, String)>,
}

impl CheckpointFacts {
    /// "SIZE / SHORT" as notices print it.
    pub fn printed(&self) -> String {
        format!(
            "{} / {}",
            self.tree_size,
            crate::crypto::anchor::short_form(&self.root_hash)
        )
    }
}

/// The event kinds a record carries, and why (docs/record-format.md).
pub const VOTE_EVENTS: [&str; 6] = [
    "vote.opened",
    "ballot.cast",
    "ballot.refused",
    "vote.proxy_added",
    "vote.served",
    "vote.closed",
];

fn cp(zh: String, en: String) -> Discrepancy {
    Discrepancy::new(format!("检查点：{zh}"), format!("checkpoint: {en}"))
}

/// A checked event: its sequence number, kind and payload.
struct Event<'a> {
    seq: i64,
    at: &'a str,
    kind: &'a str,
    payload: Value,
}

/// Checks the record's checkpoint and events. Returns the problems and, when the checkpoint
/// itself is sound, its facts.
pub fn checkpoint_problems(
    r: &VoteRecord,
    chain: &Chain,
) -> (Vec<Discrepancy>, Option<CheckpointFacts>) {
    let mut found = Vec::new();
    let Some(file) = &r.checkpoint else {
        if !r.event_proofs.is_empty() {
            found.push(cp(
                "记录带有事件证明却没有检查点".into(),
                "the record carries event proofs but no checkpoint".into(),
            ));
        }
        return (found, None);
    };
    let head = match CheckpointHead::from_signed(file) {
        Ok(h) => h,
        Err(e) => {
            found.push(cp(
                format!("记录中的检查点无效（{e}）"),
                format!("the record's checkpoint is invalid ({e})"),
            ));
            return (found, None);
        }
    };
    if head.community != r.community {
        found.push(cp(
            format!("检查点属于另一个小区（{}）", head.community),
            format!("the checkpoint is another community's ({})", head.community),
        ));
    }
    let generation = match chain.root_at(&head.root, &head.made_at) {
        Ok(g) => g,
        Err(e) => {
            found.push(cp(
                format!("检查点不是由本记录的根密钥（交接链上任一代，在其有效期内）签名的：{e}"),
                format!(
                    "the checkpoint is not signed by the record's root (any generation of its hand-over chain, while it was the root): {e}"
                ),
            ));
            return (found, None);
        }
    };
    let root_hash = merkle::to_hex(&head.root_hash);
    let mut extends = Vec::new();
    for c in &r.consistency {
        let ok = c.second_size >= 0
            && c.second_size as u64 == head.tree_size
            && c.second_root_hash == root_hash
            && verify_consistency_proof(c).is_ok();
        if ok {
            extends.push((c.first_size as u64, c.first_root_hash.clone()));
        } else {
            found.push(cp(
                format!("从 {} 条事件到记录检查点的一致性证明不成立", c.first_size),
                format!(
                    "the consistency proof from {} events to the record's checkpoint fails",
                    c.first_size
                ),
            ));
        }
    }
    let facts = CheckpointFacts {
        tree_size: head.tree_size,
        root_hash: root_hash.clone(),
        made_at: head.made_at.clone(),
        reason: head.reason.clone(),
        generation,
        extends,
    };
    let events = proven_events(r, &head, &root_hash, &mut found);
    found.extend(events_say_the_record(r, &events));
    (found, Some(facts))
}

/// The carried events whose proofs lead to the checkpoint's tree hash, and are the vote's.
fn proven_events<'a>(
    r: &'a VoteRecord,
    head: &CheckpointHead,
    root_hash: &str,
    found: &mut Vec<Discrepancy>,
) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut community: Option<Option<i64>> = None;
    for p in &r.event_proofs {
        let what = |zh: &str, en: &str| {
            cp(
                format!("第 {} 号事件（{}）：{zh}", p.seq, p.kind),
                format!("event #{} ({}): {en}", p.seq, p.kind),
            )
        };
        if p.format != INCLUSION_FORMAT
            || p.tree_size < 0
            || p.tree_size as u64 != head.tree_size
            || p.root_hash != root_hash
        {
            found.push(what(
                "包含证明不是针对记录的检查点",
                "the inclusion proof is not for the record's checkpoint",
            ));
            continue;
        }
        if let Err(e) = verify_event_proof(p) {
            found.push(what(
                &format!("包含证明不成立（{e}）"),
                &format!("the inclusion proof fails ({e})"),
            ));
            continue;
        }
        if !VOTE_EVENTS.contains(&p.kind.as_str()) {
            continue;
        }
        let payload: Value = serde_json::from_str(&p.payload).unwrap_or(Value::Null);
        if payload["vote_id"].as_i64() != Some(r.vote.id) {
            found.push(what("不是本次表决的事件", "not an event of this vote"));
            continue;
        }
        match community {
            None => community = Some(p.community_id),
            Some(c) if c != p.community_id => {
                found.push(what(
                    "与其他事件不属于同一个小区",
                    "not of the same community as the other events",
                ));
                continue;
            }
            Some(_) => {}
        }
        out.push(Event {
            seq: p.seq,
            at: p.at.as_str(),
            kind: p.kind.as_str(),
            payload,
        });
    }
    out
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The events say what the record says.
fn events_say_the_record(r: &VoteRecord, events: &[Event<'_>]) -> Vec<Discrepancy> {
    let mut found = Vec::new();
    fn of<'e, 'a>(
        events: &'e [Event<'a>],
        kind: &'static str,
    ) -> impl Iterator<Item = &'e Event<'a>> {
        events.iter().filter(move |e| e.kind == kind)
    }
    // The opening: the manifest and the roll the record shows.
    let opened: Vec<&Event> = of(events, "vote.opened").collect();
    let opened_seq = match opened.as_slice() {
        [e] => {
            if let Some(m) = &r.manifest {
                if text(&e.payload["manifest_hash"]) != m.manifest.hash() {
                    found.push(cp(
                        "开启事件记下的清单哈希与记录的不同".into(),
                        "the opening event names another manifest hash than the record's".into(),
                    ));
                }
            }
            if text(&e.payload["roll_hash"]) != r.roll.hash {
                found.push(cp(
                    "开启事件记下的名册哈希与记录的不同".into(),
                    "the opening event names another roll hash than the record's".into(),
                ));
            }
            e.seq
        }
        _ => {
            found.push(cp(
                "记录没有带上本次表决开启的事件（vote.opened）及其包含证明".into(),
                "the record carries no vote.opened event of this vote with its inclusion proof"
                    .into(),
            ));
            0
        }
    };
    // Every ballot of the record is a ballot.cast under the checkpoint, and every ballot.cast
    // carried is a ballot of the record.
    let mut cast: BTreeMap<String, &Event> = BTreeMap::new();
    for e in of(events, "ballot.cast") {
        cast.insert(text(&e.payload["receipt"]).to_ascii_lowercase(), e);
    }
    for b in &r.ballots {
        match cast.get(&b.receipt.to_ascii_lowercase()) {
            Some(e) if text(&e.payload["channel"]) == b.channel => {}
            Some(e) => found.push(Discrepancy::new(
                format!(
                    "第 {} 张选票：日志第 {} 号事件记下的投票方式是 {}，记录写的是 {}",
                    b.seq,
                    e.seq,
                    text(&e.payload["channel"]),
                    b.channel
                ),
                format!(
                    "ballot #{}: the log's event #{} says channel {}, the record says {}",
                    b.seq,
                    e.seq,
                    text(&e.payload["channel"]),
                    b.channel
                ),
            )),
            None => found.push(Discrepancy::new(
                format!(
                    "第 {} 张选票（回执 {}…）不在记录检查点所覆盖的日志中：没有记下这张回执的 ballot.cast 事件",
                    b.seq,
                    &b.receipt.get(..12).unwrap_or(&b.receipt)
                ),
                format!(
                    "ballot #{} (receipt {}…) is not in the log the record's checkpoint covers: no ballot.cast event names its receipt",
                    b.seq,
                    &b.receipt.get(..12).unwrap_or(&b.receipt)
                ),
            )),
        }
    }
    let receipts: std::collections::BTreeSet<String> = r
        .ballots
        .iter()
        .map(|b| b.receipt.to_ascii_lowercase())
        .collect();
    for (receipt, e) in &cast {
        if !receipts.contains(receipt) {
            found.push(cp(
                format!(
                    "日志第 {} 号事件记下了一张回执为 {}… 的选票，记录中却没有：选票被删去了",
                    e.seq,
                    receipt.get(..12).unwrap_or(receipt)
                ),
                format!(
                    "the log's event #{} records a ballot with receipt {}… that the record does not hold: a ballot was dropped",
                    e.seq,
                    receipt.get(..12).unwrap_or(receipt)
                ),
            ));
        }
        if e.seq < opened_seq {
            found.push(cp(
                format!("第 {} 号投票事件早于表决开启", e.seq),
                format!("ballot event #{} comes before the opening", e.seq),
            ));
        }
    }
    // Refusals, proxies and service notices: the record's are the logged ones.
    let count = |items: Vec<String>| {
        items.into_iter().fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_insert(0i64) += 1;
            m
        })
    };
    let same = |found: &mut Vec<Discrepancy>,
                what: (&str, &str),
                logged: BTreeMap<String, i64>,
                held: BTreeMap<String, i64>,
                exact: bool| {
        for (k, n) in &held {
            if logged.get(k).copied().unwrap_or(0) < *n {
                found.push(cp(
                    format!("记录中的{}（{k}）不在检查点所覆盖的日志中", what.0),
                    format!(
                        "the record's {} ({k}) is not in the log the checkpoint covers",
                        what.1
                    ),
                ));
            }
        }
        if exact {
            for (k, n) in &logged {
                if held.get(k).copied().unwrap_or(0) < *n {
                    found.push(cp(
                        format!("日志记下的{}（{k}）记录中没有", what.0),
                        format!("the log's {} ({k}) is missing from the record", what.1),
                    ));
                }
            }
        }
    };
    // Refusals up to the close (what the outcome counts): a ballot turned away after the close
    // is still refused and logged, maybe after the record's checkpoint.
    let second = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t.trim())
            .ok()
            .map(|t| t.timestamp())
    };
    let closed_at = second(&r.vote.closed_at).filter(|_| r.result.is_some());
    let by_close = |t: &str| match (closed_at, second(t)) {
        (Some(c), Some(t)) => t <= c,
        _ => true,
    };
    let refusal = |p: Option<i64>, reason: &str| {
        format!("{}: {reason}", p.map_or("-".to_string(), |p| p.to_string()))
    };
    same(
        &mut found,
        ("拒收记录", "refusal"),
        count(
            of(events, "ballot.refused")
                .filter(|e| by_close(e.at))
                .map(|e| refusal(e.payload["person_id"].as_i64(), &text(&e.payload["reason"])))
                .collect(),
        ),
        count(
            r.refused
                .iter()
                .filter(|x| by_close(&x.at))
                .map(|x| refusal(x.person_id, &x.reason))
                .collect(),
        ),
        true,
    );
    let proxy = |o: i64, p: i64, scan: &str, scope: &str, exp: &str| {
        format!("{o} → {p}, {scan}, {scope}, {exp}")
    };
    same(
        &mut found,
        ("委托", "proxy"),
        count(
            of(events, "vote.proxy_added")
                .map(|e| {
                    let v = &e.payload;
                    proxy(
                        v["owner_id"].as_i64().unwrap_or(-1),
                        v["proxy_id"].as_i64().unwrap_or(-1),
                        &text(&v["scan_sha256"]),
                        &text(&v["scope"]),
                        &text(&v["expires_at"]),
                    )
                })
                .collect(),
        ),
        count(
            r.proxies
                .iter()
                .map(|x| {
                    proxy(
                        x.owner_id,
                        x.proxy_id,
                        &x.scan_sha256,
                        &x.scope,
                        &x.expires_at,
                    )
                })
                .collect(),
        ),
        true,
    );
    let served = |p: i64, m: &str, ev: &str, on: &str| format!("{p}, {m}, {ev}, {on}");
    // The record lists only those served who did not vote; the log has every notice.
    same(
        &mut found,
        ("送达记录", "service notice"),
        count(
            of(events, "vote.served")
                .map(|e| {
                    let v = &e.payload;
                    served(
                        v["person_id"].as_i64().unwrap_or(-1),
                        &text(&v["method"]),
                        &text(&v["evidence_sha256"]),
                        &text(&v["served_on"]),
                    )
                })
                .collect(),
        ),
        count(
            r.served
                .iter()
                .map(|x| served(x.person_id, &x.method, &x.evidence_sha256, &x.served_at))
                .collect(),
        ),
        false,
    );
    // The close: the result and the number of ballots.
    let closed: Vec<&Event> = of(events, "vote.closed").collect();
    match (&r.result, closed.as_slice()) {
        (Some(result), [e]) => {
            let doc = result_document_for(r, &result.outcome);
            let v = &e.payload;
            if text(&v["result_sha256"]) != doc.hash_hex()
                || v["passed"].as_bool() != Some(result.outcome.passed())
            {
                found.push(cp(
                    format!("结束事件（第 {} 号）记下的结果与记录的结果不同", e.seq),
                    format!(
                        "the closing event (#{}) records another result than the record's",
                        e.seq
                    ),
                ));
            }
            if v["ballots"].as_u64() != Some(r.ballots.len() as u64) {
                found.push(cp(
                    format!(
                        "结束事件记下 {} 张选票，记录中有 {} 张",
                        v["ballots"],
                        r.ballots.len()
                    ),
                    format!(
                        "the closing event records {} ballots, the record holds {}",
                        v["ballots"],
                        r.ballots.len()
                    ),
                ));
            }
            for c in cast.values().filter(|c| c.seq > e.seq) {
                found.push(cp(
                    format!("第 {} 号投票事件晚于表决结束", c.seq),
                    format!("ballot event #{} comes after the close", c.seq),
                ));
            }
        }
        (Some(_), _) => found.push(cp(
            "记录有结果，但没有带上本次表决结束的事件（vote.closed）及其包含证明".into(),
            "the record has a result but carries no vote.closed event of this vote with its inclusion proof".into(),
        )),
        (None, []) => {}
        (None, _) => found.push(cp(
            "日志记下表决已结束，记录中却没有结果".into(),
            "the log records the vote's close, but the record has no result".into(),
        )),
    }
    found
}
