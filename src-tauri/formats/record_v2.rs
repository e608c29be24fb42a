//! The checks a `yishi-vote-record/v2` adds to v1's (docs/record-format.md §What verify checks):
//! the manifest signed by the record's root and equal to the record's vote, roll and window;
//! every ballot's key vouched for by the manifest or by an enrolment certificate from one of
//! its registrars (and not revoked before it signed); the result signed by three different
//! officers of the manifest. Also, for every version, the order checks that name each
//! duplicate, gap and out-of-order ballot; and the anchors (`--manifest`, `--root`).
//!
//! Invariant: pure, uses nothing but the record; kept apart from `record.rs`'s batch machinery.

use super::manifest::{self, RecordManifest, key_fingerprint};
use super::record::{Discrepancy, RecordBallot, RecordManifestPart, RecordResult, VoteRecord};
use super::signed::SignedFile;
use crate::crypto::anchor::{key_fingerprint_hex, parse_anchor};
use crate::crypto::canonical::sha256_hex;
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
    /// Listed in the manifest for the caster at opening.
    Listed,
    /// Enrolled by one of the manifest's registrars, with the certificate's issue time (after
    /// the manifest was published, or before it without being listed).
    Enrolled {
        registrar_id: i64,
        issued_at: String,
        after_notice: bool,
    },
}

/// An enrolment a registrar of the manifest signed: the registrar's person id, when, and the
/// time as written.
type Enrolment = (i64, DateTime<Utc>, String);

/// Certificates the manifest's registrars (or the root) signed, checked once.
pub struct Certs {
    /// By (person, key hex).
    enrolments: BTreeMap<(i64, String), Vec<Enrolment>>,
    revocations: BTreeMap<String, DateTime<Utc>>,
    /// The keys the manifest lists, by person (their entries' voter, or under `others`):
    /// indexed once, not searched per ballot.
    listed: BTreeMap<i64, BTreeSet<String>>,
    pub problems: Vec<Discrepancy>,
}

fn registrars(m: &RecordManifest) -> BTreeMap<String, i64> {
    m.officers
        .iter()
        .filter(|o| o.role == "registrar" || o.role == "host")
        .map(|o| (o.public_key.to_lowercase(), o.person_id))
        .collect()
}

pub fn certs(m: &RecordManifestPart) -> Certs {
    let regs = registrars(&m.manifest);
    let root = root_key(m).map(|k| k.hex());
    let mut listed: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    let by_person = m
        .manifest
        .entries
        .iter()
        .map(|e| (e.voter_id, &e.keys))
        .chain(m.manifest.others.iter().map(|o| (o.person_id, &o.keys)));
    for (person, keys) in by_person {
        listed
            .entry(person)
            .or_default()
            .extend(keys.iter().map(|k| k.public_key.to_lowercase()));
    }
    let mut out = Certs {
        enrolments: BTreeMap::new(),
        revocations: BTreeMap::new(),
        listed,
        problems: Vec::new(),
    };
    // Each certificate's signature is checked once, on all cores (a record of 10,000 ballots
    // carries about as many enrolment certificates); the rest is in order.
    let verified = super::record::in_parallel(&m.certificates, |share| {
        share.iter().map(|c| c.signed.verify().ok()).collect()
    })
    .unwrap_or_else(|| {
        m.certificates
            .iter()
            .map(|c| c.signed.verify().ok())
            .collect()
    });
    for ((i, c), signer) in m.certificates.iter().enumerate().zip(verified) {
        let n = i + 1;
        let bad = |zh: &str, en: &str| {
            Discrepancy::new(
                format!("第 {n} 份证书：{zh}"),
                format!("certificate #{n}: {en}"),
            )
        };
        let Some(signer) = signer else {
            out.problems
                .push(bad("签名无效", "the signature does not verify"));
            continue;
        };
        let d = &c.signed.document;
        let by_registrar = regs.get(&signer.hex()).copied();
        let by_root = root.as_deref() == Some(signer.hex().as_str());
        match (c.kind.as_str(), d.context.as_str()) {
            ("enrolment", "yishi/enrolment-cert/v1") => {
                let (Some(person), Some(key), Some(at)) = (
                    d.get_int("person_id"),
                    d.get_text("public_key"),
                    d.get_text("issued_at").and_then(instant),
                ) else {
                    out.problems.push(bad("内容不完整", "fields are missing"));
                    continue;
                };
                // An enrolment by someone who is not a registrar of this vote vouches for
                // nothing here (certificates from before the vote are summed up by the
                // manifest's list).
                if let Some(registrar) = by_registrar {
                    out.enrolments
                        .entry((person, key.to_lowercase()))
                        .or_default()
                        .push((registrar, at, d.get_text("issued_at").unwrap_or("").into()));
                }
            }
            ("revocation", "yishi/revocation-cert/v1") => {
                let (Some(key), Some(at)) = (
                    d.get_text("public_key"),
                    d.get_text("revoked_at").and_then(instant),
                ) else {
                    out.problems.push(bad("内容不完整", "fields are missing"));
                    continue;
                };
                if by_registrar.is_none() {
                    // The root's revocations end offices, not a member's key (crypto::certs):
                    // an officer removed from office still votes as an owner.
                    if !by_root {
                        out.problems.push(bad(
                            "吊销证书不是本次表决的登记员、主持人或根密钥签署的",
                            "the revocation is not signed by a registrar or host of this vote, nor by the root",
                        ));
                    }
                    continue;
                }
                let e = out.revocations.entry(key.to_lowercase()).or_insert(at);
                *e = (*e).min(at);
            }
            ("role", "yishi/role-cert/v1") => {
                if !by_root {
                    out.problems.push(bad(
                        "职务证书不是根密钥签署的",
                        "the role certificate is not signed by the root",
                    ));
                }
            }
            _ => out
                .problems
                .push(bad("未知的证书类型", "unknown kind of certificate")),
        }
    }
    out
}

/// Whether the key that signed `b` was the caster's at `signed_at`: listed for the caster in
/// the manifest, or enrolled for them by a registrar of the manifest between the opening and
/// the signature; and not revoked at or before the signature.
/// (`certs` holds the manifest's lists indexed by person, made by `certs(m)`.)
pub fn key_vouched(
    r: &VoteRecord,
    _m: &RecordManifestPart,
    certs: &Certs,
    b: &RecordBallot,
    signed: &SignedFile,
) -> Result<Vouched, Discrepancy> {
    let seq = b.seq;
    let key = PublicKey::parse_bytes(&signed.public_key)
        .map(|k| k.hex())
        .map_err(|_| {
            ballot(
                seq,
                "签名密钥无法识别".into(),
                "the key cannot be read".into(),
            )
        })?;
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
    if let Some(revoked) = certs.revocations.get(&key) {
        if *revoked <= at {
            return Err(ballot(
                seq,
                "签名密钥在签署之前已被吊销".into(),
                "the key was revoked before it signed".into(),
            ));
        }
    }
    if certs
        .listed
        .get(&b.cast_by)
        .is_some_and(|keys| keys.contains(&key))
    {
        return Ok(Vouched::Listed);
    }
    let opened = instant(&r.vote.opened_at);
    let enrolled = certs
        .enrolments
        .get(&(b.cast_by, key))
        .and_then(|list| list.iter().find(|(_, issued, _)| *issued <= at));
    match enrolled {
        Some((registrar, issued, text)) => Ok(Vouched::Enrolled {
            registrar_id: *registrar,
            issued_at: text.clone(),
            after_notice: opened.is_none_or(|o| *issued >= o),
        }),
        _ => Err(ballot(
            seq,
            "签名密钥既不在开启时公布的清单上，也没有本次表决登记员签发的登记证书".into(),
            "the key is neither in the manifest published at opening nor enrolled for this person by a registrar of this vote".into(),
        )),
    }
}

/// A paper ballot's witnesses are officers of the manifest.
pub fn witnesses_are_officers(m: &RecordManifestPart, b: &RecordBallot) -> Result<(), Discrepancy> {
    let officers: BTreeSet<String> = m
        .manifest
        .officers
        .iter()
        .map(|o| o.public_key.to_lowercase())
        .collect();
    let all = b
        .witnesses
        .iter()
        .all(|w| PublicKey::parse_bytes(&w.public_key).is_ok_and(|k| officers.contains(&k.hex())));
    if all {
        Ok(())
    } else {
        Err(ballot(
            b.seq,
            "见证人不是清单所列的职务人员".into(),
            "a witness is not an officer listed in the manifest".into(),
        ))
    }
}

/// The result: every signature verifies over exactly `expected`, by a key the manifest lists
/// for an officer; among them the host, the secretary and a counter or scrutineer, three
/// different people.
pub fn result_problems(
    m: &RecordManifestPart,
    result: &RecordResult,
    expected: &crate::crypto::signing::Document,
) -> Vec<Discrepancy> {
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
                Some(held) => roles.push((key.hex(), held.clone())),
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
    /// The root fingerprint (short form or full hex of SHA-256 over the key).
    pub root: Option<String>,
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

/// The roots a record's root descends from through signed hand-overs (each signed by the old
/// root and by the new), newest first; only the current root when there are none.
fn roots_in_chain(m: &RecordManifestPart) -> Vec<PublicKey> {
    let Some(current) = root_key(m) else {
        return Vec::new();
    };
    let mut chain = vec![current];
    // Walk back: a hand-over naming the oldest root so far as `new_root`, signed by its
    // `old_root` (and carrying the new root's own signature in `new_signature`), adds it.
    loop {
        let newest_old = *chain.last().expect("non-empty");
        let step = m.root.handovers.iter().find_map(|h| {
            let d = &h.document;
            let new = PublicKey::parse_bytes(d.get_text("new_root")?).ok()?;
            let old = PublicKey::parse_bytes(d.get_text("old_root")?).ok()?;
            let signer = h.verify().ok()?;
            (new == newest_old && signer == old && !chain.contains(&old)).then_some(old)
        });
        match step {
            Some(old) => chain.push(old),
            None => break,
        }
    }
    chain
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
        let chain = roots_in_chain(m);
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
