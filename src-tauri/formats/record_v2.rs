//! The checks a `yishi-vote-record/v2` adds to v1's (docs/record-format.md §What verify checks):
//! the manifest signed by the record's root and equal to the record's vote, roll and window;
//! the record's certificates run through `crypto::certs::check_chain` from its root (the app's
//! own chain, docs/record-format.md §The certificate chain); every ballot's key listed in the
//! manifest with an enrolment valid when it signed (or on the root's word), or enrolled during
//! the vote by a registrar in office then, never backdated, not revoked; witnesses and result
//! signers in office; the result signed by three different officers of the manifest. Also, for every version, the order checks that name each
//! duplicate, gap and out-of-order ballot; and the anchors (`--manifest`, `--root`).
//!
//! Invariant: pure, uses nothing but the record; kept apart from `record.rs`'s batch machinery.

use super::manifest::{self, RecordManifest, key_fingerprint};
use super::record::{Discrepancy, RecordBallot, RecordManifestPart, RecordResult, VoteRecord};
use super::signed::SignedFile;
use crate::crypto::anchor::{key_fingerprint_hex, parse_anchor};
use crate::crypto::canonical::sha256_hex;
use crate::crypto::certs::{Cert, CertKind, CertProblem, ChainReport, Grant};
use crate::crypto::signing::PublicKey;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn part(zh: &str, en: &str) -> Discrepancy {
    Discrepancy::new(format!("清单：{zh}"), format!("manifest: {en}"))
}

fn ballot(seq: u32, zh: String, en: String) -> Discrepancy {
    Discrepancy::new(
        format!("第 {seq} 张选票：{zh}"),
        format!("ballot #{seq}: {en}"),
    )
}

/// Names each duplicate, gap and out-of-order ballot: the record's `seq` duplicated or
/// skipped, the same receipt twice, and per roll entry (ballots v3) its `person_seq`
/// duplicated, skipped or not increasing in record order.
pub fn order_problems(r: &VoteRecord) -> Vec<Discrepancy> {
    let mut found = Vec::new();
    let mut seen_seq: BTreeMap<u32, u32> = BTreeMap::new();
    for (i, b) in r.ballots.iter().enumerate() {
        let expected = i as u32 + 1;
        if let Some(first) = seen_seq.get(&b.seq) {
            found.push(ballot(
                b.seq,
                format!("序号与第 {first} 个位置的选票重复"),
                format!("its seq repeats the ballot at position {first}"),
            ));
        } else if b.seq != expected {
            found.push(ballot(
                b.seq,
                format!("在第 {expected} 个位置，序号应为 {expected}：有选票缺失或顺序被打乱"),
                format!(
                    "at position {expected} its seq should be {expected}: a ballot is missing or the order was changed"
                ),
            ));
        }
        seen_seq.entry(b.seq).or_insert(expected);
    }
    let mut receipts: BTreeMap<&str, u32> = BTreeMap::new();
    for b in &r.ballots {
        match receipts.get(b.receipt.as_str()) {
            Some(first) => found.push(ballot(
                b.seq,
                format!("与第 {first} 张选票是同一张（回执相同）：重复计入"),
                format!("the same ballot as ballot #{first} (same receipt): a duplicate"),
            )),
            None => {
                receipts.insert(&b.receipt, b.seq);
            }
        }
    }
    // Per roll entry, in record order: 1, 2, 3 … with nothing skipped, repeated or reversed.
    let mut last: BTreeMap<i64, u32> = BTreeMap::new();
    let mut numbers: BTreeMap<i64, BTreeSet<u32>> = BTreeMap::new();
    for b in &r.ballots {
        let Some(ps) = b.person_seq else {
            if r.manifest.is_some() {
                found.push(ballot(
                    b.seq,
                    "缺少该户的选票序号".into(),
                    "its entry sequence number is missing".into(),
                ));
            }
            continue;
        };
        let entry = b.person_id;
        let prev = last.get(&entry).copied().unwrap_or(0);
        if numbers.entry(entry).or_default().contains(&ps) {
            found.push(ballot(
                b.seq,
                format!("名册条目 {entry} 的第 {ps} 张选票出现了两次（重放）"),
                format!("entry {entry}'s ballot number {ps} appears twice (a replay)"),
            ));
        } else if ps < prev {
            found.push(ballot(
                b.seq,
                format!("名册条目 {entry} 的选票顺序颠倒：第 {ps} 张排在第 {prev} 张之后"),
                format!("entry {entry}'s ballots are out of order: number {ps} comes after number {prev}"),
            ));
        } else if ps > prev + 1 {
            found.push(ballot(
                b.seq,
                format!(
                    "名册条目 {entry} 的选票有缺口：第 {} 至 {} 张不在记录中",
                    prev + 1,
                    ps - 1
                ),
                format!(
                    "entry {entry}'s ballots have a gap: numbers {} to {} are not in the record",
                    prev + 1,
                    ps - 1
                ),
            ));
        }
        numbers.entry(entry).or_default().insert(ps);
        last.insert(entry, prev.max(ps));
    }
    found
}

/// The root's key, parsed.
pub fn root_key(m: &RecordManifestPart) -> Option<PublicKey> {
    PublicKey::parse(&m.root.public_key).ok()
}

/// The manifest itself: signed by the record's root, and naming exactly this record's vote,
/// motion, kind, settings, scope, roll, window, entries and officers.
pub fn manifest_problems(r: &VoteRecord, m: &RecordManifestPart) -> Vec<Discrepancy> {
    let mut found = Vec::new();
    let Some(root) = root_key(m) else {
        found.push(part("根密钥无法识别", "the root key cannot be read"));
        return found;
    };
    let signed = &m.manifest.signed;
    let d = &signed.document;
    match signed.verify() {
        Ok(key) if key == root && d.context == manifest::MANIFEST_CONTEXT => {}
        _ => found.push(part(
            "签名无效，或不是本记录所载根密钥签署的清单",
            "the signature does not verify, or the manifest is not signed by the record's root",
        )),
    }
    let text = |name: &str| d.get_text(name).unwrap_or("\u{0}missing");
    let v = &r.vote;
    let mut differs = |what_zh: &str, what_en: &str, same: bool| {
        if !same {
            found.push(part(
                &format!("{what_zh}与记录不符"),
                &format!("the {what_en} differs from the record's"),
            ));
        }
    };
    differs("根密钥", "root key", text("root") == root.hex());
    differs("小区", "community", text("community") == r.community);
    differs("表决编号", "vote id", d.get_int("vote_id") == Some(v.id));
    differs("标题", "title", text("title") == v.title);
    differs(
        "议案文本（哈希）",
        "motion text (hash)",
        text("motion_sha256") == sha256_hex(v.motion.as_bytes()),
    );
    let claims = manifest::claims(d);
    differs(
        "表决类型或候选人",
        "kind or candidates",
        claims.kind.as_ref() == Some(&v.kind),
    );
    differs(
        "规则与设置",
        "rule and settings",
        claims.settings.as_ref() == Some(&v.settings),
    );
    differs(
        "名册范围",
        "roll scope",
        text("scope") == r.roll.scope.as_deref().unwrap_or(""),
    );
    differs(
        "冻结名册哈希",
        "frozen roll hash",
        text("roll_hash") == r.roll.hash,
    );
    differs(
        "投票开始时间",
        "scheduled opening",
        text("opens_at") == v.opens_at.as_deref().unwrap_or(""),
    );
    differs(
        "投票截止时间",
        "scheduled close",
        text("closes_at") == v.closes_at.as_deref().unwrap_or(""),
    );
    differs("开启时间", "opening time", text("opened_at") == v.opened_at);
    differs(
        "名册条目清单",
        "entries list",
        d.get_int("entries") == Some(m.manifest.entries.len() as i64)
            && text("entries_hash") == manifest::entries_hash(&m.manifest.entries),
    );
    differs(
        "其他人员密钥清单",
        "other persons' keys list",
        text("others_hash") == manifest::others_hash(&m.manifest.others),
    );
    differs(
        "职务人员清单",
        "officers list",
        text("officers_hash") == manifest::officers_hash(&m.manifest.officers),
    );
    let same_entries = m.manifest.entries.len() == r.roll.entries.len()
        && m.manifest
            .entries
            .iter()
            .zip(&r.roll.entries)
            .all(|(a, b)| {
                a.entry_id == b.person_id
                    && a.units == b.units
                    && a.area == b.area
                    && a.voter_id == b.voter()
            });
    differs("名册条目", "roll entries", same_entries);
    found
}

/// Where a ballot's key comes from, as far as the record shows.
pub enum Vouched {
    /// Listed in the manifest for the caster at opening, with an enrolment certificate that
    /// holds by the chain when it signed.
    Listed,
    /// Listed in the manifest with no enrolment certificate (`cert` = ""): enrolled before
    /// certificates existed or by a setup step; only the root's signature on the manifest
    /// vouches for it (counted and named by verify).
    RootWord,
    /// Not listed: enrolled during the vote (at or after the opening) by a registrar or host in
    /// office then, by the chain.
    Enrolled {
        registrar_id: i64,
        issued_at: String,
    },
}

/// The record's certificates run through `crypto::certs::check_chain` from the record's root
/// (and the roots it was handed over from): the one chain the app applies too.
pub struct Certs {
    pub report: ChainReport,
    pub problems: Vec<Discrepancy>,
    /// Each accepted certificate's number (its position in `manifest.certificates`, from 1),
    /// its `issued_at` text, for naming.
    issued_text: BTreeMap<i64, String>,
    /// The keys the manifest lists, by (person, key hex): the `cert` hash each is listed with
    /// ("" on the root's word). Indexed once, not searched per ballot.
    listed: BTreeMap<(i64, String), Vec<String>>,
}

fn cert_discrepancy(p: &CertProblem) -> Discrepancy {
    Discrepancy::new(p.text(true), p.text(false))
}

pub fn certs(m: &RecordManifestPart) -> Certs {
    // The root and every earlier generation its hand-overs lead from (a role certificate issued
    // before a rotation is the old root's).
    let community = m
        .manifest
        .signed
        .document
        .get_text("community")
        .unwrap_or("");
    // Later generations too: a record exported after a rotation carries the role certificates
    // the new root issued (the hand-over chain itself is checked by `record_chain`).
    let roots: Vec<PublicKey> = super::record_chain::chain(community, &m.root)
        .roots
        .iter()
        .map(|(_, k, _)| *k)
        .chain(root_key(m))
        .collect();
    let mut problems = Vec::new();
    let mut list = Vec::new();
    let mut issued_text = BTreeMap::new();
    for (i, c) in m.certificates.iter().enumerate() {
        let id = i as i64 + 1;
        let (Some(kind), Ok(signer_key)) = (
            CertKind::parse(&c.kind),
            PublicKey::parse(&c.signed.public_key),
        ) else {
            problems.push(Discrepancy::new(
                format!("第 {id} 份证书：未知的证书类型或签名密钥无法识别"),
                format!(
                    "certificate #{id}: unknown kind of certificate, or its key cannot be read"
                ),
            ));
            continue;
        };
        let d = &c.signed.document;
        if let Some(t) = d.get_text("issued_at") {
            issued_text.insert(id, t.to_string());
        }
        list.push(Cert {
            id,
            kind,
            doc: d.clone(),
            signer_key,
            signature: c.signed.signature.clone(),
        });
    }
    // Each certificate's signature is checked once, on all cores (a record of 10,000 ballots
    // carries about as many enrolment certificates); the chain's rules then run in order.
    let verified: Vec<bool> = super::record::in_parallel(&list, |share| {
        share
            .iter()
            .map(|c| crate::crypto::signing::verify(&c.signer_key, &c.doc, &c.signature).is_ok())
            .collect()
    })
    .unwrap_or_else(|| {
        list.iter()
            .map(|c| crate::crypto::signing::verify(&c.signer_key, &c.doc, &c.signature).is_ok())
            .collect()
    });
    let ok: BTreeMap<i64, bool> = list.iter().map(|c| c.id).zip(verified).collect();
    let report =
        crate::crypto::certs::check_chain_with(&roots, &list, |c| ok.get(&c.id) == Some(&true));
    problems.extend(report.problems.iter().map(cert_discrepancy));
    let mut listed: BTreeMap<(i64, String), Vec<String>> = BTreeMap::new();
    let by_person = m
        .manifest
        .entries
        .iter()
        .map(|e| (e.voter_id, &e.keys))
        .chain(m.manifest.others.iter().map(|o| (o.person_id, &o.keys)));
    for (person, keys) in by_person {
        for k in keys {
            listed
                .entry((person, k.public_key.to_lowercase()))
                .or_default()
                .push(k.cert.clone());
        }
    }
    Certs {
        report,
        problems,
        issued_text,
        listed,
    }
}

/// The manifest's key entries with no enrolment certificate (`cert` = ""), as (person id,
/// key hex): keys on the root's word alone.
pub fn root_word_keys(m: &RecordManifest) -> Vec<(i64, String)> {
    let entries = m.entries.iter().map(|e| (e.voter_id, &e.keys));
    let others = m.others.iter().map(|o| (o.person_id, &o.keys));
    let mut out: Vec<(i64, String)> = entries
        .chain(others)
        .flat_map(|(p, keys)| {
            keys.iter()
                .filter(|k| k.cert.is_empty())
                .map(move |k| (p, k.public_key.to_lowercase()))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What verify reports without failing about the chain: keys certified at upgrade (or by a
/// setup step) on the root's word alone, and offices ended during the vote.
pub fn chain_notes(r: &VoteRecord, m: &RecordManifestPart, certs: &Certs) -> Vec<Discrepancy> {
    let mut notes = Vec::new();
    let words = root_word_keys(&m.manifest);
    if !words.is_empty() {
        let people = words
            .iter()
            .map(|(p, _)| format!("#{p}"))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join(", ");
        let n = words.len();
        notes.push(Discrepancy::new(
            format!(
                "升级时凭根密钥认证、未经登记员核验的密钥：{n} 把（人员 {people}）；请登记员当面核验后重新签发"
            ),
            format!(
                "certified at upgrade, not by a registrar: {n} keys (persons {people}); a registrar should check them in person and certify them"
            ),
        ));
    }
    let (Some(opened), closed) = (instant(&r.vote.opened_at), instant(&r.vote.closed_at)) else {
        return notes;
    };
    for g in &certs.report.offices {
        let (Some(until), Some(rev)) = (g.until, g.revoked_by) else {
            continue;
        };
        if until >= opened && closed.is_none_or(|c| until <= c) {
            let at = until.to_rfc3339();
            notes.push(Discrepancy::new(
                format!(
                    "人员 #{} 的职务（{}）在表决期间于 {at} 被撤销（第 {rev} 份证书）：此后其签发的证书和签名不计",
                    g.person_id, g.role
                ),
                format!(
                    "person #{}'s office ({}) was removed during the vote at {at} (certificate #{rev}): its certificates and signatures from then on do not count",
                    g.person_id, g.role
                ),
            ));
        }
    }
    notes
}

/// Whether the key that signed `b` was the caster's at `signed_at`, by the chain: listed for
/// the caster in the manifest with an enrolment valid then (or with none: on the root's word),
/// or, not listed, enrolled for them during the vote (issued at or after the opening) by a
/// registrar in office then. An enrolment issued before the opening for a key the manifest
/// does not list is a backdated one and refused. A key revoked at or before it signed is
/// refused either way.
pub fn key_vouched(
    r: &VoteRecord,
    _m: &RecordManifestPart,
    certs: &Certs,
    b: &RecordBallot,
    signed: &SignedFile,
) -> Result<Vouched, Discrepancy> {
    let seq = b.seq;
    let public = PublicKey::parse_bytes(&signed.public_key).map_err(|_| {
        ballot(
            seq,
            "签名密钥无法识别".into(),
            "the key cannot be read".into(),
        )
    })?;
    let key = public.hex();
    let at = signed
        .document
        .get_text("signed_at")
        .and_then(instant)
        .ok_or_else(|| {
            ballot(
                seq,
                "签署时间无法识别".into(),
                "its time cannot be read".into(),
            )
        })?;
    let report = &certs.report;
    if let Some(e) = report
        .ended
        .iter()
        .find(|e| e.person_id == b.cast_by && e.key == public && e.at <= at)
    {
        return Err(ballot(
            seq,
            format!("签名密钥在签署之前已被吊销（第 {} 份证书）", e.cert_id),
            format!(
                "the key was revoked before it signed (certificate #{})",
                e.cert_id
            ),
        ));
    }
    // The manifest's keys are indexed by (person, key) once per record (`certs`).
    let listed: &[String] = certs
        .listed
        .get(&(b.cast_by, key.clone()))
        .map_or(&[], |v| v.as_slice());
    if !listed.is_empty() {
        if listed.iter().any(|cert| cert.is_empty()) {
            return Ok(Vouched::RootWord);
        }
        return match report.key_valid_at(b.cast_by, &public, at) {
            Ok(_) => Ok(Vouched::Listed),
            Err(p) => Err(ballot(
                seq,
                format!(
                    "签名密钥虽在清单上，但其登记证书在签署时不成立：{}",
                    p.text(true)
                ),
                format!(
                    "the key is in the manifest, but its enrolment does not hold when it signed: {}",
                    p.text(false)
                ),
            )),
        };
    }
    let opened = instant(&r.vote.opened_at);
    let valid: Vec<&Grant> = report
        .enrolments_of(b.cast_by, public)
        .filter(|g| g.valid_at(at))
        .collect();
    if let Some(g) = valid.iter().find(|g| opened.is_none_or(|o| g.issued >= o)) {
        return Ok(Vouched::Enrolled {
            registrar_id: g.by,
            issued_at: certs
                .issued_text
                .get(&g.cert_id)
                .cloned()
                .unwrap_or_else(|| g.issued.to_rfc3339()),
        });
    }
    if let Some(g) = valid.first() {
        let entry = b.person_id;
        let when = certs
            .issued_text
            .get(&g.cert_id)
            .cloned()
            .unwrap_or_default();
        return Err(ballot(
            seq,
            format!(
                "名册条目 {entry} 的签名密钥由登记员（编号 {}）登记于 {when}，早于表决开启，却不在开启时公布的清单上：倒签的登记证书（第 {} 份证书）不予承认",
                g.by, g.cert_id
            ),
            format!(
                "entry {entry}'s key was enrolled by registrar #{} at {when}, before the vote opened, yet it is not in the manifest's list for the entry: a backdated enrolment (certificate #{}) is refused",
                g.by, g.cert_id
            ),
        ));
    }
    let why = report
        .key_valid_at(b.cast_by, &public, at)
        .err()
        .map(|p| (p.text(true), p.text(false)))
        .unwrap_or_default();
    Err(ballot(
        seq,
        format!(
            "签名密钥既不在开启时公布的清单上，也没有签署时有效的登记证书（{}）",
            why.0
        ),
        format!(
            "the key is neither in the manifest published at opening nor certified for this person when it signed ({})",
            why.1
        ),
    ))
}

/// What the proxy rows of a v2 record come to: the problems (each naming the entry), the
/// notes (authorisations registered during the vote), and per row the time it was registered
/// when its authorisation holds (`None`: it authorises nothing).
pub struct ProxyCheck {
    pub problems: Vec<Discrepancy>,
    pub notes: Vec<Discrepancy>,
    pub registered: Vec<Option<DateTime<Utc>>>,
}

fn proxy_row(entry: i64, zh: &str, en: &str) -> Discrepancy {
    Discrepancy::new(
        format!("名册条目 {entry} 的委托：{zh}"),
        format!("the proxy of entry {entry}: {en}"),
    )
}

/// Whether `key` (hex) was `person`'s at `at` by the chain: listed for them in the manifest on
/// the root's word, or certified for them by an enrolment that holds at `at` (a registrar in
/// office, within its window); and not revoked by then.
fn key_was_theirs(
    m: &RecordManifestPart,
    certs: &Certs,
    person: i64,
    key: &str,
    at: DateTime<Utc>,
) -> bool {
    let Ok(public) = PublicKey::parse_bytes(key) else {
        return false;
    };
    if certs
        .report
        .ended
        .iter()
        .any(|e| e.person_id == person && e.key == public && e.at <= at)
    {
        return false;
    }
    let on_root_word = m
        .manifest
        .entries
        .iter()
        .filter(|e| e.voter_id == person)
        .flat_map(|e| e.keys.iter())
        .chain(
            m.manifest
                .others
                .iter()
                .filter(|o| o.person_id == person)
                .flat_map(|o| o.keys.iter()),
        )
        .any(|k| k.public_key.to_lowercase() == key && k.cert.is_empty());
    on_root_word || certs.report.key_valid_at(person, &public, at).is_ok()
}

/// Each proxy row of a v2 record carries its signed authorisation (`yishi/proxy/v1`): it must
/// verify strictly, be exactly the document rebuilt from the row and this record (community,
/// vote, manifest hash, entry, proxy, scope, expiry, scan), and be signed by the key of the
/// entry's own voter (listed in the manifest or certified by its registrars when it signed) or
/// by two officers of the manifest, two different people with two different keys. An
/// authorisation registered after the vote opened is named.
pub fn proxy_check(r: &VoteRecord, m: &RecordManifestPart, certs: &Certs) -> ProxyCheck {
    let mut out = ProxyCheck {
        problems: Vec::new(),
        notes: Vec::new(),
        registered: Vec::new(),
    };
    let hash = m.manifest.hash();
    let officers: BTreeMap<String, BTreeSet<i64>> =
        m.manifest
            .officers
            .iter()
            .fold(BTreeMap::new(), |mut acc, o| {
                acc.entry(o.public_key.to_lowercase())
                    .or_insert_with(BTreeSet::new)
                    .insert(o.person_id);
                acc
            });
    let opened = instant(&r.vote.opened_at);
    for p in &r.proxies {
        let entry = p.owner_id;
        let verdict = (|| {
            let Some(e) = r.roll.entries.iter().find(|e| e.person_id == entry) else {
                return Err(proxy_row(
                    entry,
                    "该条目不在冻结名册上",
                    "the entry is not on the frozen roll",
                ));
            };
            let Some(first) = p.signed.first() else {
                return Err(proxy_row(
                    entry,
                    "没有签署的委托授权（yishi/proxy/v1），不能代投",
                    "it carries no signed authorisation (yishi/proxy/v1), so it authorises nothing",
                ));
            };
            let registered_text = first.document.get_text("registered_at").unwrap_or("");
            let expected = super::record::proxy_document(&super::record::ProxyFields {
                community: &r.community,
                vote_id: r.vote.id,
                manifest_hash: &hash,
                entry: e,
                proxy_id: p.proxy_id,
                scope: &p.scope,
                expires_at: &p.expires_at,
                scan_sha256: &p.scan_sha256,
                registered_at: registered_text,
            });
            let Some(registered) = instant(registered_text) else {
                return Err(proxy_row(
                    entry,
                    "登记时间无法识别",
                    "its registration time cannot be read",
                ));
            };
            let mut signers: Vec<String> = Vec::new();
            for f in &p.signed {
                match f.verify() {
                    Ok(key) if f.document == expected => signers.push(key.hex()),
                    Ok(_) => {
                        return Err(proxy_row(
                            entry,
                            "签署的内容与本记录不符（清单、表决、条目、代理人、范围、期限或扫描件不同）",
                            "the signed authorisation is not this record's (the manifest, vote, entry, proxy, scope, expiry or scan differs)",
                        ));
                    }
                    Err(_) => {
                        return Err(proxy_row(entry, "签名无效", "a signature does not verify"));
                    }
                }
            }
            let by_owner = signers
                .iter()
                .any(|k| key_was_theirs(m, certs, e.voter(), k, registered));
            let keys: BTreeSet<&String> = signers
                .iter()
                .filter(|k| officers.contains_key(*k))
                .collect();
            let people: BTreeSet<i64> = keys
                .iter()
                .flat_map(|k| officers.get(*k).into_iter().flatten().copied())
                .collect();
            if !by_owner && (keys.len() < 2 || people.len() < 2) {
                return Err(proxy_row(
                    entry,
                    "既不是业主本人经认证的密钥签署，也不是清单所列的两位不同职务人员签署",
                    "it is signed neither by the owner's own certified key nor by two different officers listed in the manifest",
                ));
            }
            Ok((registered, registered_text.to_string(), by_owner))
        })();
        match verdict {
            Ok((registered, text, by_owner)) => {
                if opened.is_none_or(|o| registered > o) {
                    let (zh, en) = if by_owner {
                        ("业主本人签署", "signed by the owner")
                    } else {
                        ("两位职务人员签署", "signed by two officers")
                    };
                    out.notes.push(proxy_row(
                        entry,
                        &format!(
                            "委托给人员 {} 的授权于投票开始后 {text} 登记（{zh}），请业主核对",
                            p.proxy_id
                        ),
                        &format!(
                            "the authorisation to person {} was registered during the vote, at {text} ({en}): the owner should check it",
                            p.proxy_id
                        ),
                    ));
                }
                out.registered.push(Some(registered));
            }
            Err(d) => {
                out.problems.push(d);
                out.registered.push(None);
            }
        }
    }
    out
}

/// The offices whose holders are listed in a manifest and witness paper ballots.
const OFFICES: [&str; 5] = ["host", "secretary", "registrar", "counter", "scrutineer"];

/// A paper ballot's witnesses are officers of the manifest whose office holds by the chain at
/// the opening (a paper ballot carries no time).
pub fn witnesses_are_officers(
    r: &VoteRecord,
    m: &RecordManifestPart,
    certs: &Certs,
    b: &RecordBallot,
) -> Result<(), Discrepancy> {
    let officers: BTreeSet<String> = m
        .manifest
        .officers
        .iter()
        .map(|o| o.public_key.to_lowercase())
        .collect();
    // A v4 paper ballot signs when it was entered: its witnesses must hold office then (an
    // officer removed mid-vote witnesses nothing after). Older paper ballots carry no time and
    // are checked at the opening.
    let entered = super::record::paper_entered_at(b);
    let at = match entered {
        Some(t) => instant(t),
        None => instant(&r.vote.opened_at),
    };
    let all = b.witnesses.iter().all(|w| {
        PublicKey::parse_bytes(&w.public_key).is_ok_and(|k| {
            officers.contains(&k.hex())
                && at.is_some_and(|at| certs.report.officer_valid_at(&OFFICES, &k, at).is_ok())
        })
    });
    match (all, entered) {
        (true, _) => Ok(()),
        (false, Some(t)) => Err(ballot(
            b.seq,
            format!("见证人不是清单所列、在录入时（{t}）持有有效任职证书的职务人员"),
            format!("a witness is not an officer listed in the manifest with a valid role certificate when the ballot was entered ({t})"),
        )),
        (false, None) => Err(ballot(
            b.seq,
            "见证人不是清单所列、开启时持有有效任职证书的职务人员".into(),
            "a witness is not an officer listed in the manifest with a valid role certificate at the opening".into(),
        )),
    }
}

/// The result: every signature verifies over exactly `expected`, by a key the manifest lists
/// for an officer; among them the host, the secretary and a counter or scrutineer, three
/// different people.
pub fn result_problems(
    r: &VoteRecord,
    m: &RecordManifestPart,
    certs: &Certs,
    result: &RecordResult,
    expected: &crate::crypto::signing::Document,
) -> Vec<Discrepancy> {
    let closed = instant(&r.vote.closed_at);
    let mut found = Vec::new();
    let by_key: BTreeMap<String, Vec<(&str, i64)>> =
        m.manifest
            .officers
            .iter()
            .fold(BTreeMap::new(), |mut acc, o| {
                acc.entry(o.public_key.to_lowercase())
                    .or_insert_with(Vec::new)
                    .push((o.role.as_str(), o.person_id));
                acc
            });
    // One key listed for two people would let one signature count as two officers.
    for (key, held) in &by_key {
        let people: BTreeSet<i64> = held.iter().map(|(_, p)| *p).collect();
        if people.len() > 1 {
            found.push(Discrepancy::new(
                format!("清单把同一把密钥（{}）列给了不同的人", short_key_of(key)),
                format!(
                    "the manifest lists one key ({}) for different people",
                    short_key_of(key)
                ),
            ));
        }
    }
    let mut roles: Vec<(String, Vec<(&str, i64)>)> = Vec::new();
    for s in &result.signatures {
        match s.verify() {
            Ok(key) if s.document == *expected => match by_key.get(&key.hex()) {
                Some(held) => {
                    // Each office counts only while its role certificate holds (the chain) at
                    // the close.
                    let valid: Vec<(&str, i64)> = held
                        .iter()
                        .copied()
                        .filter(|(role, person)| {
                            closed.is_some_and(|at| {
                                certs
                                    .report
                                    .officer_valid_at(&[role], &key, at)
                                    .is_ok_and(|g| g.person_id == *person)
                            })
                        })
                        .collect();
                    if valid.len() < held.len() {
                        let fp = key_fingerprint(&key);
                        found.push(Discrepancy::new(
                            format!("结果上密钥 {fp} 的签名：其职务在结束时没有有效的任职证书（未认证、已到期或已撤销），该职务不计"),
                            format!("the result's signature by key {fp}: its office had no valid role certificate at the close (not certified, expired or removed); that office does not count"),
                        ));
                    }
                    roles.push((key.hex(), valid));
                }
                None => found.push(Discrepancy::new(
                    "结果上的一个签名不是清单所列职务人员的".into(),
                    "a signature on the result is not by an officer listed in the manifest".into(),
                )),
            },
            _ => found.push(Discrepancy::new(
                "结果上的一个签名无效或签的不是此结果".into(),
                "a signature on the result is invalid or signs something else".into(),
            )),
        }
    }
    // Three different people, with three different keys, filling host, secretary and
    // counter-or-scrutineer.
    let fills = |want: &[&str]| {
        roles
            .iter()
            .flat_map(|(key, held)| {
                held.iter()
                    .filter(|(r, _)| want.contains(r))
                    .map(move |(_, p)| (key.as_str(), *p))
            })
            .collect::<Vec<(&str, i64)>>()
    };
    let (hosts, secs, counts) = (
        fills(&["host"]),
        fills(&["secretary"]),
        fills(&["counter", "scrutineer"]),
    );
    let apart = |a: &(&str, i64), b: &(&str, i64)| a.0 != b.0 && a.1 != b.1;
    let three = hosts.iter().any(|h| {
        secs.iter()
            .any(|s| apart(s, h) && counts.iter().any(|c| apart(c, h) && apart(c, s)))
    });
    if !three {
        found.push(Discrepancy::new(
            "结果须由清单所列的主持人、记录员和一名计票人或监票人三人分别签名".into(),
            "the result needs three different officers of the manifest: the host, the secretary and a counter or scrutineer".into(),
        ));
    }
    found
}

/// The anchors someone took from a posted notice.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    /// The manifest hash (short form or full hex).
    pub manifest: Option<String>,
    /// The root fingerprint (short form or full hex of SHA-256 over the key): the record's
    /// root or one its hand-overs lead from (`record_chain`).
    pub root: Option<String>,
    /// A checkpoint held elsewhere (the file's JSON, or "SIZE / SHORT"): the record's
    /// checkpoint must be that one (checked in `ops::votes::close`, which reads it).
    pub checkpoint: Option<String>,
}

/// What verify prints for comparison with the posted notice.
pub struct AnchorFacts {
    pub manifest_hash: String,
    pub manifest_short: String,
    pub root_fingerprint: String,
}

pub fn facts(m: &RecordManifestPart) -> AnchorFacts {
    let hash = m.manifest.hash();
    AnchorFacts {
        manifest_short: manifest::short_form(&hash),
        manifest_hash: hash,
        root_fingerprint: root_key(m).map(|k| key_fingerprint(&k)).unwrap_or_default(),
    }
}

/// The roots a record's manifest root descends from through accepted hand-overs
/// (`record_chain`): generation 1 up to the manifest's root; only that root when there are none.
fn roots_in_chain(r: &VoteRecord, m: &RecordManifestPart) -> Vec<PublicKey> {
    let Some(current) = root_key(m) else {
        return Vec::new();
    };
    let chain = super::record_chain::chain(&r.community, &m.root);
    let Some(g) = chain.generation_of(&current) else {
        return Vec::new();
    };
    chain
        .roots
        .iter()
        .filter(|(generation, _, _)| *generation <= g)
        .map(|(_, k, _)| *k)
        .collect()
}

/// Checks a record against anchors from the notice board: the manifest hash must be the
/// record's, the root fingerprint the record's root's (or a root it was handed over from).
pub fn anchor_problems(r: &VoteRecord, a: &Anchors) -> Vec<Discrepancy> {
    let mut found = Vec::new();
    let Some(m) = &r.manifest else {
        if a.manifest.is_some() || a.root.is_some() {
            found.push(Discrepancy::new(
                "此记录没有签署的清单（旧格式），无法与公布的清单哈希或根密钥指纹核对".into(),
                "this record has no signed manifest (an older format): it cannot be checked against a posted manifest hash or root fingerprint".into(),
            ));
        }
        return found;
    };
    if let Some(text) = &a.manifest {
        match parse_anchor(text) {
            Some(anchor) if anchor.matches(&m.manifest.hash()) => {}
            Some(_) => found.push(Discrepancy::new(
                format!(
                    "记录的清单哈希 {} 与公布的 {text} 不同：这不是公布的那次表决的记录",
                    manifest::short_form(&m.manifest.hash())
                ),
                format!(
                    "the record's manifest hash {} is not the posted {text}: this is not the record of the vote that was announced",
                    manifest::short_form(&m.manifest.hash())
                ),
            )),
            None => found.push(Discrepancy::new(
                format!("“{text}”不是清单哈希（32 位简写或 64 位完整十六进制）"),
                format!("\"{text}\" is not a manifest hash (the 32-digit short form or the full 64 hex digits)"),
            )),
        }
    }
    if let Some(text) = &a.root {
        let chain = roots_in_chain(r, m);
        match parse_anchor(text) {
            Some(anchor) if chain.iter().any(|k| anchor.matches(&key_fingerprint_hex(&k.0))) => {}
            Some(_) => found.push(Discrepancy::new(
                format!(
                    "记录的根密钥指纹 {} 与公布的 {text} 不同：清单不是本小区的根密钥签署的",
                    root_key(m).map(|k| key_fingerprint(&k)).unwrap_or_default()
                ),
                format!(
                    "the record's root fingerprint {} is not the posted {text}: the manifest was not signed by this community's root",
                    root_key(m).map(|k| key_fingerprint(&k)).unwrap_or_default()
                ),
            )),
            None => found.push(Discrepancy::new(
                format!("“{text}”不是根密钥指纹（32 位简写或 64 位完整十六进制）"),
                format!("\"{text}\" is not a root fingerprint (the 32-digit short form or the full 64 hex digits)"),
            )),
        }
    }
    found
}

/// A key's fingerprint (`manifest::key_fingerprint`) from its hex, as the manifest lists it.
fn short_key_of(hex: &str) -> String {
    PublicKey::parse(hex).map_or_else(|_| hex.to_string(), |k| key_fingerprint(&k))
}
