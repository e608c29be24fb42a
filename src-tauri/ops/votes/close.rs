//! Closing a vote and its record: the result is recounted from the record exactly as
//! `yishi verify` recounts it, signed by the host and the secretary, published as a notice
//! (公示) with an optional objection window, and exported as a self-contained record.

use crate::domain::states::{Role, VoteStatus};
use crate::domain::vote;
use crate::formats::record::{
    self, Outcome, RecordBallot, RecordKey, RecordProxy, RecordRefusal, RecordResult, RecordRoll,
    RecordServed, VoteRecord,
};
use crate::formats::signed::SignedFile;
use crate::lang::Lang;
use crate::ops::keys::HostApproval;
use crate::ops::keys::sign_with;
use crate::ops::types::ExportFile;
use crate::ops::votes::record_vote;
use crate::ops::votes::{RecordCheck, VoteClose, VoteDetail};
use crate::ops::votes::{frozen_roll, require_vote, stamp};
use crate::ops::{Caller, Ctx, KeyProblem, OpError, OpResult, VoteProblem};
use crate::store::events::{self, NewEvent};
use crate::store::keys::{self as key_store, SignatureRow};
use crate::store::votes as vote_store;
use crate::store::{Store, roles as role_store};
use base64::Engine;
use serde_json::json;
use std::collections::BTreeMap;

fn signed_file(row: &SignatureRow) -> OpResult<SignedFile> {
    let document = serde_json::from_str(&row.document)
        .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))?;
    Ok(SignedFile {
        format: crate::formats::signed::SIGNED_FORMAT.into(),
        document,
        public_key: format!("yishi-key:v1:{}", row.public_key),
        signature: row.signature.clone(),
    })
}

/// Everything about a vote that anyone needs to re-check it.
pub async fn build_record(ctx: &Ctx, vote_id: i64) -> OpResult<VoteRecord> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    record_in(&mut conn, vote_id).await
}

/// [`build_record`] on a connection the caller holds (under its one store guard).
pub(crate) async fn record_in(
    conn: &mut sqlx::SqliteConnection,
    vote_id: i64,
) -> OpResult<VoteRecord> {
    let row = require_vote(conn, vote_id).await?;
    let community = crate::ops::context::require(conn, row.community_id).await?;
    let (scope, entries) = if row.status == VoteStatus::Draft {
        (None, Vec::new())
    } else {
        frozen_roll(&row)?
    };
    let signatures: BTreeMap<i64, SignatureRow> =
        key_store::vote_signatures(conn, row.community_id, vote_id)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
    let mut ballots = Vec::new();
    for (i, b) in vote_store::ballots(conn, vote_id)
        .await?
        .into_iter()
        .enumerate()
    {
        let file = |id: Option<i64>| {
            id.and_then(|id| signatures.get(&id))
                .map(signed_file)
                .transpose()
        };
        ballots.push(RecordBallot {
            seq: i as u32 + 1,
            person_id: b.person_id,
            cast_by: b.cast_by,
            channel: b.channel.clone(),
            choice: b.choice.clone(),
            receipt: b.receipt.clone(),
            signed: file(b.signature_id)?,
            scan_sha256: b.scan_sha256.clone(),
            witnesses: [file(b.witness1_id)?, file(b.witness2_id)?]
                .into_iter()
                .flatten()
                .collect(),
            person_seq: None,
        });
    }
    // Ballots v3 sign their entry's sequence number; the record shows it beside each.
    for b in &mut ballots {
        let doc = b
            .signed
            .as_ref()
            .or(b.witnesses.first())
            .map(|s| &s.document);
        b.person_seq = doc
            .filter(|d| d.context.ends_with("/v3") || d.context.ends_with("/v4"))
            .and_then(|d| d.get_int("seq"))
            .and_then(|n| u32::try_from(n).ok());
    }
    let keys = key_store::list(conn, row.community_id)
        .await?
        .into_iter()
        .map(|k| RecordKey {
            person_id: k.person_id,
            public_key: format!("yishi-key:v1:{}", k.public_key),
            ended_at: k.ended_at.map(stamp),
        })
        .collect();
    // Each proxy with its signed authorisation (`ops::votes::proxies`), oldest signature first.
    let mut proxies = Vec::new();
    for p in vote_store::proxies(conn, vote_id).await? {
        let subject = format!("vote:{vote_id}:proxy:{}", p.id);
        let signed = signatures
            .values()
            .filter(|s| s.subject == subject)
            .map(signed_file)
            .collect::<OpResult<Vec<_>>>()?;
        proxies.push(RecordProxy {
            owner_id: p.owner_id,
            proxy_id: p.proxy_id,
            scan_sha256: p.scan_sha256,
            scope: p.scope,
            expires_at: stamp(p.expires_at),
            signed,
        });
    }
    let refused = vote_store::refusals(conn, vote_id)
        .await?
        .into_iter()
        .map(|(person_id, reason, at)| RecordRefusal {
            person_id,
            reason,
            at,
        })
        .collect();
    let result = match &row.result {
        Some(text) => Some(
            serde_json::from_str::<RecordResult>(text)
                .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))?,
        ),
        None => None,
    };
    let voted: std::collections::BTreeSet<i64> = ballots.iter().map(|b| b.person_id).collect();
    let served = vote_store::served(conn, vote_id)
        .await?
        .into_iter()
        .filter(|s| !voted.contains(&s.0))
        .map(
            |(person_id, method, evidence_sha256, served_at)| RecordServed {
                person_id,
                method,
                evidence_sha256,
                served_at,
            },
        )
        .collect();
    // Votes opened with a manifest: the manifest, the root and the certificates of the keys
    // this record uses.
    let mut used: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let files = ballots
        .iter()
        .flat_map(|b| b.signed.iter().chain(b.witnesses.iter()))
        .chain(proxies.iter().flat_map(|p: &RecordProxy| p.signed.iter()))
        .chain(result.iter().flat_map(|r| r.signatures.iter()));
    for f in files {
        if let Ok(k) = crate::crypto::signing::PublicKey::parse_bytes(&f.public_key) {
            used.insert(k.hex());
        }
    }
    let manifest = super::manifest::record_part(conn, row.community_id, vote_id, &used).await?;
    Ok(VoteRecord {
        checkpoint: None,
        event_proofs: Vec::new(),
        consistency: Vec::new(),
        served,
        format: if manifest.is_some() {
            record::RECORD_FORMAT_V2
        } else {
            record::RECORD_FORMAT
        }
        .into(),
        manifest,
        community: community.name,
        vote: record_vote(&row)?,
        roll: RecordRoll {
            scope,
            hash: row.roll_hash.clone().unwrap_or_default(),
            entries,
        },
        keys,
        proxies,
        ballots,
        refused,
        result,
    })
}

/// The result block as printed everywhere (app, notice, `yishi verify`).
pub fn result_text(r: &VoteRecord, outcome: &Outcome, lang: Lang) -> String {
    match outcome {
        Outcome::Question(t) => vote::result_block(t, &r.vote.settings, lang),
        Outcome::Election(e) => {
            let names: Vec<String> = match &r.vote.kind {
                record::VoteKind::Election { candidates, .. } => candidates.clone(),
                record::VoteKind::Question => Vec::new(),
            };
            vote::election_block(e, &r.vote.settings, &names, lang)
        }
    }
}

/// One signer of the result: their key must be the office's (`offices`, any of them). For a
/// vote opened with a manifest, the office as the manifest lists it (the officers with their
/// keys at opening); before manifests, the office held now.
#[allow(clippy::too_many_arguments)]
async fn approve(
    store: &Store,
    secrets: &crate::secrets::Bundle,
    by: &Caller,
    community_id: i64,
    who: &HostApproval,
    offices: &[Role],
    manifest: Option<&crate::formats::manifest::RecordManifest>,
    doc: &crate::crypto::signing::Document,
) -> OpResult<(crate::store::keys::KeyRow, SignedFile)> {
    let refused = || {
        OpError::Vote(match offices {
            [Role::Host] if manifest.is_none() => VoteProblem::NotHost,
            [Role::Secretary] if manifest.is_none() => VoteProblem::NotSecretary,
            [Role::Host] => VoteProblem::NotOfficer("主持人 (host)".into()),
            [Role::Secretary] => VoteProblem::NotOfficer("记录员 (secretary)".into()),
            _ => VoteProblem::NotOfficer("计票人或监票人 (counter or scrutineer)".into()),
        })
    };
    let key = {
        let mut conn = store.reader().acquire().await?;
        let key = key_store::get(&mut conn, who.host_key_id)
            .await?
            .ok_or(OpError::Key(KeyProblem::NotActive))?;
        let holds = match manifest {
            Some(m) => m.officers.iter().any(|o| {
                o.person_id == key.person_id
                    && o.public_key.eq_ignore_ascii_case(&key.public_key)
                    && offices.iter().any(|r| r.key() == o.role)
            }),
            None => role_store::list(&mut conn, community_id)
                .await?
                .iter()
                .any(|r| r.person_id == key.person_id && offices.contains(&r.role)),
        };
        if !holds || key.community_id != community_id {
            return Err(refused());
        }
        key
    };
    let (key, signature) = sign_with(store, secrets, by, key.id, &who.host_pin, doc).await?;
    let file = SignedFile::new(doc.clone(), &crate::ops::keys::public_of(&key)?, signature);
    Ok((key, file))
}

/// Closes voting: recount, have the officers sign the result, store it. A vote opened with a
/// manifest needs three different people of its officers: the host, the secretary and a
/// counter or scrutineer (`yishi/result/v2`); one opened before, the host and the secretary.
pub async fn vote_close(
    ctx: &Ctx,
    by: &Caller,
    input: VoteClose,
    lang: Lang,
) -> OpResult<VoteDetail> {
    if input.host.host_key_id == input.secretary.host_key_id {
        return Err(OpError::Vote(VoteProblem::SameWitness));
    }
    // One store guard for the whole operation: a restore waits for it, never interleaves.
    let store = ctx.store().await;
    let (mut record, community_id) = {
        let mut conn = store.reader().acquire().await?;
        let record = record_in(&mut conn, input.vote_id).await?;
        let row = require_vote(&mut conn, input.vote_id).await?;
        if row.status != VoteStatus::Open {
            return Err(OpError::Vote(VoteProblem::NotOpen));
        }
        (record, row.community_id)
    };
    let manifest = record.manifest.as_ref().map(|m| m.manifest.clone());
    let third = match (&manifest, &input.officer) {
        (None, _) => None,
        (Some(_), None) => {
            return Err(OpError::Vote(VoteProblem::NotOfficer(
                "计票人或监票人 (counter or scrutineer)".into(),
            )));
        }
        (Some(_), Some(o)) => {
            let ids = [input.host.host_key_id, input.secretary.host_key_id];
            if ids.contains(&o.host_key_id) {
                return Err(OpError::Vote(VoteProblem::SameWitness));
            }
            Some(o)
        }
    };
    record.vote.closed_at = stamp(by.now);
    let verdict = record::verify_record(&record);
    if let Some(first) = verdict.discrepancies.first() {
        return Err(OpError::Vote(VoteProblem::RecordInconsistent(
            first.message(lang),
        )));
    }
    let outcome =
        verdict.recount.ok_or(OpError::Vote(
            VoteProblem::RecordInconsistent(String::new()),
        ))?;
    let doc = record::result_document_for(&record, &outcome);
    let secrets = ctx.secrets();
    let m = manifest.as_ref();
    let mut signers = vec![
        approve(
            &store,
            &secrets,
            by,
            community_id,
            &input.host,
            &[Role::Host],
            m,
            &doc,
        )
        .await?,
        approve(
            &store,
            &secrets,
            by,
            community_id,
            &input.secretary,
            &[Role::Secretary],
            m,
            &doc,
        )
        .await?,
    ];
    if let Some(o) = third {
        let offices = [Role::Counter, Role::Scrutineer];
        signers.push(approve(&store, &secrets, by, community_id, o, &offices, m, &doc).await?);
    }
    // Three offices, three different people (one person may hold two offices).
    let people: std::collections::BTreeSet<i64> =
        signers.iter().map(|(k, _)| k.person_id).collect();
    if people.len() != signers.len() {
        return Err(OpError::Vote(VoteProblem::SameWitness));
    }
    let result = RecordResult {
        outcome: outcome.clone(),
        signatures: signers.iter().map(|(_, f)| f.clone()).collect(),
    };
    let result_json = serde_json::to_string(&result).map_err(|e| OpError::BadArguments {
        op: "result".into(),
        detail: e.to_string(),
    })?;
    let mut tx = store.begin().await?;
    if !vote_store::close(
        tx.conn(),
        input.vote_id,
        &result_json,
        &doc.hash_hex(),
        by.now,
    )
    .await?
    {
        return Err(OpError::Vote(VoteProblem::NotOpen));
    }
    // Also filed with every other signature, so the signature panel shows and re-checks them.
    let subject = format!("vote:{}:result", input.vote_id);
    for (key, file) in &signers {
        crate::ops::keys::record_signature(
            &mut tx,
            community_id,
            key.id,
            key.person_id,
            &subject,
            &file.document,
            &file.signature,
            &record.vote.closed_at,
        )
        .await?;
    }
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(community_id),
        kind: "vote.closed",
        payload: json!({ "vote_id": input.vote_id, "passed": outcome.passed(), "result_sha256": doc.hash_hex(), "ballots": record.ballots.len(), "signers": signers.len() }),
    })
    .await?;
    use crate::ops::anchor::checkpoint::{Reason, make_checkpoint};
    make_checkpoint(&mut tx, &secrets, community_id, Reason::VoteClosed, by).await?;
    tx.commit().await?;
    drop(store);
    crate::ops::votes::vote_detail(ctx, by.now, input.vote_id, lang).await
}

/// The self-contained record as a file: the copy for anyone, without names where the roll
/// allows it (votes opened with a manifest; `record::leave_out_names`).
pub async fn vote_record(ctx: &Ctx, vote_id: i64) -> OpResult<ExportFile> {
    record_file(ctx, vote_id, false).await
}

/// The owners' inspection copy (司法解释 Art. 13): the same record with the roll entries' names
/// (and the salts that bind them to the roll hash). Verifies the same way.
pub async fn vote_record_inspection(ctx: &Ctx, vote_id: i64) -> OpResult<ExportFile> {
    record_file(ctx, vote_id, true).await
}

async fn record_file(ctx: &Ctx, vote_id: i64, with_names: bool) -> OpResult<ExportFile> {
    let mut record = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        let mut record = record_in(&mut conn, vote_id).await?;
        attach_checkpoint(&mut conn, &mut record).await?;
        record
    };
    let nameless = !with_names && record::leave_out_names(&mut record);
    let text = serde_json::to_string_pretty(&record).map_err(|e| OpError::BadArguments {
        op: "record".into(),
        detail: e.to_string(),
    })?;
    Ok(ExportFile {
        file_name: crate::domain::file_names::safe_file_name(&format!(
            "{}-表决{}-记录{}.json",
            record.community,
            vote_id,
            if with_names {
                "-查阅本"
            } else if nameless {
                "-公开本"
            } else {
                ""
            }
        )),
        mime: "application/json".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(text),
        saved_to: None,
    })
}

/// A closed v2 record carries the community's newest checkpoint and the vote's events
/// (`record_checkpoint::VOTE_EVENTS`) with their inclusion proofs in it: closing makes a
/// checkpoint covering the close, so every event of the vote is covered. A record of a vote
/// still open carries none (ballots cast since the last checkpoint would not be covered).
async fn attach_checkpoint(
    conn: &mut sqlx::SqliteConnection,
    record: &mut VoteRecord,
) -> OpResult<()> {
    if record.manifest.is_none() || record.result.is_none() {
        return Ok(());
    }
    let community_id = require_vote(conn, record.vote.id).await?.community_id;
    let seqs = events::vote_event_seqs(
        conn,
        community_id,
        record.vote.id,
        &crate::formats::record_checkpoint::VOTE_EVENTS,
    )
    .await?;
    match crate::ops::anchor::checkpoint::attach_proofs(conn, community_id, &seqs).await {
        Ok((file, proofs)) => {
            // Proofs from every checkpoint since the opening (the notice's) to the record's.
            let to = file.document.get_int("tree_size").unwrap_or(0).max(0) as u64;
            let from = proofs
                .iter()
                .find(|p| p.kind == "vote.opened")
                .map_or(to, |p| p.seq.max(1) as u64);
            record.consistency =
                crate::ops::anchor::checkpoint::consistency_to(conn, community_id, from, to)
                    .await?;
            record.checkpoint = Some(file);
            record.event_proofs = proofs;
            Ok(())
        }
        Err(OpError::Checkpoint(crate::ops::anchor::checkpoint::CheckpointProblem::NoneYet)) => {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Checks a vote record file (`ops::record::check_record_bytes` picks the verifier by format).
pub fn check_vote_record_bytes(bytes: &[u8], lang: Lang) -> RecordCheck {
    check_vote_record_anchored(bytes, &Default::default(), lang)
}

/// Checks a vote record file, and against the anchors from the posted notice if any are given.
pub fn check_vote_record_anchored(
    bytes: &[u8],
    anchor: &crate::formats::record_v2::Anchors,
    lang: Lang,
) -> RecordCheck {
    let record: VoteRecord = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => {
            let msg = lang.pick(
                format!("不是有效的表决记录文件：{e}"),
                format!("Not a valid vote record file: {e}"),
            );
            return RecordCheck {
                ok: false,
                discrepancies: vec![msg],
                result_text: String::new(),
                notes: Vec::new(),
                unanchored: None,
            };
        }
    };
    let verdict = record::verify_record(&record);
    let result_text = verdict
        .recount
        .as_ref()
        .map(|o| result_text(&record, o, lang))
        .unwrap_or_default();
    let mut discrepancies: Vec<String> = verdict
        .discrepancies
        .iter()
        .chain(crate::formats::record_v2::anchor_problems(&record, anchor).iter())
        .map(|d| d.message(lang))
        .collect();
    let mut notes: Vec<String> = verdict.notes.iter().map(|d| d.message(lang)).collect();
    // The hand-overs from generation 1 and the record's checkpoint with the vote's events.
    if let Some(m) = &record.manifest {
        let chain = crate::formats::record_chain::chain(&record.community, &m.root);
        notes.extend(chain.report().iter().map(|d| d.message(lang)));
        discrepancies.extend(chain.problems.iter().map(|d| d.message(lang)));
        let (problems, facts) =
            crate::formats::record_checkpoint::checkpoint_problems(&record, &chain);
        discrepancies.extend(problems.iter().map(|d| d.message(lang)));
        match (&facts, &anchor.checkpoint) {
            (Some(f), None) => notes.push(lang.pick(
                format!(
                    "记录的检查点：{}（{} 条事件，{}，第 {} 代根密钥签名，原因 {}）。请与张贴或街道办留存的检查点比对，或用 --checkpoint 重新核验。",
                    f.printed(), f.tree_size, f.made_at, f.generation, f.reason
                ),
                format!(
                    "The record's checkpoint: {} ({} events, {}, signed by root generation {}, reason {}). Compare it with the one posted or held by the street office, or verify again with --checkpoint.",
                    f.printed(), f.tree_size, f.made_at, f.generation, f.reason
                ),
            )),
            (Some(f), Some(given)) => match compare_checkpoint(f, given, lang) {
                Ok(line) => notes.push(line),
                Err(line) => discrepancies.push(line),
            },
            (None, Some(_)) => discrepancies.push(
                lang.pick(
                    "给出了检查点，但记录没有带上（有效的）检查点：无法核对。",
                    "A checkpoint was given, but the record carries no (valid) checkpoint to compare it with.",
                )
                .to_string(),
            ),
            (None, None) if record.checkpoint.is_none() => notes.push(
                lang.pick(
                    "记录没有带上检查点（表决尚未结束，或是较早导出的记录）：无法与张贴的检查点核对。",
                    "The record carries no checkpoint (the vote is not closed, or the record was exported before records carried one): it cannot be compared with a posted checkpoint.",
                )
                .to_string(),
            ),
            (None, None) => {}
        }
    } else if anchor.checkpoint.is_some() {
        discrepancies.push(
            lang.pick(
                "这是没有签署清单的旧格式记录，不带检查点：无法与给出的检查点核对。",
                "This is an older record without a signed manifest and carries no checkpoint: it cannot be compared with the one given.",
            )
            .to_string(),
        );
    }
    if record.result.is_none() {
        discrepancies.push(
            lang.pick(
                "记录中没有已签署的结果（表决尚未结束）",
                "The record has no signed result (the vote is not closed)",
            )
            .to_string(),
        );
    }
    let anchored =
        record.manifest.is_some() && (anchor.manifest.is_some() || anchor.root.is_some());
    let unanchored = (!anchored).then(|| match &record.manifest {
        Some(m) => {
            let f = crate::formats::record_v2::facts(m);
            lang.pick(
                format!(
                    "注意：只核验了记录自身前后一致，没有与公布的清单核对。请把清单哈希 {}（完整：{}）和根密钥指纹 {} 与张贴的表决通知比对，或用 --manifest / --root 重新核验。",
                    f.manifest_short, f.manifest_hash, f.root_fingerprint
                ),
                format!(
                    "Note: only the record's internal consistency was checked, not that it is the vote that was announced. Compare the manifest hash {} (full: {}) and the root fingerprint {} with the posted notice, or verify again with --manifest / --root.",
                    f.manifest_short, f.manifest_hash, f.root_fingerprint
                ),
            )
        }
        None => lang
            .pick(
                "注意：这是没有签署清单的旧格式记录，只能核验其自身前后一致，无法与公布的通知核对。",
                "Note: this is an older record without a signed manifest: only its internal consistency can be checked, not that it is the vote that was announced.",
            )
            .to_string(),
    });
    RecordCheck {
        ok: discrepancies.is_empty(),
        discrepancies,
        result_text,
        notes,
        unanchored,
    }
}

/// 公示: a printable notice with counts by unit numbers, no personal data beyond them.
pub async fn vote_notice(ctx: &Ctx, by: &Caller, vote_id: i64, lang: Lang) -> OpResult<ExportFile> {
    let record = build_record(ctx, vote_id).await?;
    let result = record
        .result
        .as_ref()
        .ok_or(OpError::Vote(VoteProblem::NotClosed))?;
    let esc = crate::ops::documents::esc;
    let mut units: Vec<String> = record
        .ballots
        .iter()
        .filter_map(|b| {
            record
                .roll
                .entries
                .iter()
                .find(|e| e.person_id == b.person_id)
        })
        .flat_map(|e| e.units.clone())
        .collect();
    units.sort();
    units.dedup();
    let title = lang.pick("表决结果公示", "Notice of the vote result");
    // The manifest posted when voting opened, and the community's root: what anyone checks
    // the record against (`yishi verify RECORD --manifest …`), short form and QR code.
    let anchors = match &record.manifest {
        Some(m) => {
            let f = crate::formats::record_v2::facts(m);
            format!(
                "<p class=\"small\">{}</p><p class=\"small\">{}</p><div class=\"qr\">{}</div>",
                esc(&format!(
                    "{} {}（{}）",
                    lang.pick("表决清单哈希", "Vote manifest hash"),
                    f.manifest_short,
                    f.manifest_hash
                )),
                esc(&format!(
                    "{} {}",
                    lang.pick("小区根密钥指纹", "Community root fingerprint"),
                    f.root_fingerprint
                )),
                crate::ops::keys::qr_svg(&format!("yishi-manifest:v1:{}", f.manifest_hash)),
            )
        }
        None => String::new(),
    };
    let html = format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2cm;font-size:14pt}}\
         h1{{text-align:center}}pre{{font-size:12pt;white-space:pre-wrap}}.small{{font-size:9pt;word-break:break-all}}</style>\
         <h1>{} · {title}</h1><p><b>{}</b></p><p>{}</p><pre>{}</pre><p>{}</p><p class=\"small\">{}</p><p class=\"small\">{}</p>{anchors}</html>",
        lang.pick("zh-CN", "en"),
        esc(&record.community),
        esc(&record.vote.title),
        esc(&record.vote.motion),
        esc(&result_text(&record, &result.outcome, lang)),
        esc(&format!(
            "{}{}",
            lang.pick("已投票房号：", "Units that voted: "),
            units.join("、")
        )),
        esc(&format!(
            "{} {}",
            lang.pick("冻结名册哈希", "Frozen roll hash"),
            record.roll.hash
        )),
        esc(&format!(
            "{} {}",
            lang.pick("结果签名文件哈希", "Signed result hash"),
            result
                .signatures
                .first()
                .map(|s| s.document.hash_hex())
                .unwrap_or_default()
        )),
    );
    let community_id = require_vote(&mut *ctx.store().await.reader().acquire().await?, vote_id)
        .await?
        .community_id;
    let cp = crate::ops::anchor::checkpoint::checkpoint_for_print(ctx, by, community_id).await?;
    let html = crate::ops::anchor::checkpoint::with_block(html, &cp);
    Ok(ExportFile {
        file_name: crate::domain::file_names::safe_file_name(&format!(
            "{}-表决{}-公示.html",
            record.community, vote_id
        )),
        mime: "text/html;charset=utf-8".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(html),
        saved_to: None,
    })
}

/// `--checkpoint`: the record's checkpoint must be the one given (a signed file, or the
/// written-down "SIZE / SHORT"). A different one is printed beside it for a person to compare:
/// the record carries no consistency proof between two checkpoints.
fn compare_checkpoint(
    f: &crate::formats::record_checkpoint::CheckpointFacts,
    given: &str,
    lang: Lang,
) -> Result<String, String> {
    use crate::ops::anchor::checkpoint::{Anchor, parse_anchor_text};
    let (size, prefix) = match parse_anchor_text(given) {
        Ok(Anchor::Signed(h)) => (h.tree_size, crate::crypto::merkle::to_hex(&h.root_hash)),
        Ok(Anchor::Written {
            tree_size,
            hash_prefix,
        }) => (tree_size, hash_prefix),
        Err(e) => return Err(e.message(lang)),
    };
    let given_printed = format!(
        "{size} / {}",
        crate::ops::anchor::short_form(&format!("{prefix:0<64}"))
    );
    if size == f.tree_size && f.root_hash.starts_with(&prefix) {
        return Ok(lang.pick(
            format!("记录的检查点就是给出的检查点（{}）。", f.printed()),
            format!(
                "The record's checkpoint is the one given ({}).",
                f.printed()
            ),
        ));
    }
    if f.extends
        .iter()
        .any(|(s, h)| *s == size && h.starts_with(&prefix))
    {
        return Ok(lang.pick(
            format!(
                "记录的检查点（{}）延续了给出的检查点（{given_printed}）：记录带有 RFC 9162 一致性证明。",
                f.printed()
            ),
            format!(
                "The record's checkpoint ({}) extends the one given ({given_printed}): the record carries the RFC 9162 consistency proof.",
                f.printed()
            ),
        ));
    }
    Err(lang.pick(
        format!(
            "记录的检查点（{}，{}）不是给出的检查点（{given_printed}）：两者不同，请人工比对，并向主持人索取与给出检查点对应的记录或证明。",
            f.printed(),
            f.made_at
        ),
        format!(
            "The record's checkpoint ({}, {}) is not the one given ({given_printed}): they differ; compare them, and ask the host for the record or proof that goes with the one given.",
            f.printed(),
            f.made_at
        ),
    ))
}
