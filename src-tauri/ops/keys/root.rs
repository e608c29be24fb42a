//! A community's root as the app shows and changes it: `root_show` (fingerprint, QR, every
//! generation), `root_rotate` (generation n+1, handed over by the old root and the new, every
//! officer certified again under it) and `root_countersign` (the street office's signature on a
//! hand-over, for a stolen laptop). The root itself (sealing, signing) is `ops::anchor`.

use crate::crypto::signing::PublicKey;
use crate::formats::handover::{self, Handover};
use crate::formats::signed::SignedFile;
use crate::ops::keys::certify::{self, CERTIFIED_OFFICES};
use crate::ops::keys::{
    CertProblem, RootCountersign, RootGeneration, RootQuery, RootRotate, RootView,
};
use crate::ops::{Caller, Ctx, Invalid, OpError, OpResult};
use crate::store::countersign::{self, Countersignature};
use crate::store::{StoreError, certs as cert_store};
use serde_json::json;
use sqlx::SqliteConnection;

fn damaged(what: &str) -> OpError {
    OpError::Storage(StoreError::Corrupt(what.to_string()))
}

async fn view(conn: &mut SqliteConnection, community_id: i64) -> OpResult<RootView> {
    let history = crate::ops::anchor::root_history(conn, community_id).await?;
    let signed = countersign::list(conn, community_id).await?;
    let mut out = Vec::with_capacity(history.len());
    for r in &history {
        let handover = match &r.handover {
            Some(text) => {
                let files: Vec<SignedFile> =
                    serde_json::from_str(text).map_err(|_| damaged("community_roots.handover"))?;
                files.into_iter().next().map(|f| f.document)
            }
            None => None,
        };
        let named = handover
            .as_ref()
            .and_then(|d| Handover::from_document(d).ok());
        let countersigned_by = named
            .as_ref()
            .map(|h| h.countersigned_by.clone())
            .unwrap_or_default();
        let countersigned = named
            .as_ref()
            .and_then(Handover::countersigner)
            .is_some_and(|k| {
                signed
                    .iter()
                    .any(|c| c.generation == r.info.generation && c.public_key == k.hex())
            });
        out.push(RootGeneration {
            generation: r.info.generation,
            public_key: r.info.public.text(),
            fingerprint: r.info.fingerprint.clone(),
            created_at: r.info.created_at.clone(),
            ended_at: r.ended_at.clone(),
            handover,
            countersigned_by,
            countersigned,
        });
    }
    let Some(current) = history.iter().rev().find(|r| r.ended_at.is_none()) else {
        return Err(OpError::Cert(CertProblem::NoRoot));
    };
    let now = out
        .iter()
        .find(|g| g.generation == current.info.generation)
        .cloned()
        .ok_or(OpError::Cert(CertProblem::NoRoot))?;
    Ok(RootView {
        community_id,
        current: now,
        qr_svg: crate::ops::keys::lifecycle::qr_svg(&format!(
            "sha256:{}",
            current.info.fingerprint_hex
        )),
        history: out,
    })
}

/// `root_show`: the community's root fingerprint (short form, and full as a QR code) and its
/// generations with their hand-overs.
pub async fn root_show(ctx: &Ctx, q: RootQuery) -> OpResult<RootView> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, q.community_id).await?;
    view(&mut conn, q.community_id).await
}

/// Every hand-over of the community checked (`formats::handover::check`); how many there are.
pub async fn handover_check(ctx: &Ctx, community_id: i64) -> OpResult<usize> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let history = crate::ops::anchor::root_history(&mut conn, community_id).await?;
    let mut checked = 0;
    for pair in history.windows(2) {
        let text = pair[1]
            .handover
            .as_deref()
            .ok_or_else(|| damaged("community_roots.handover missing"))?;
        handover::check(
            &pair[0].info.public,
            &pair[1].info.public,
            pair[1].info.generation,
            text,
        )
        .map_err(|e| damaged(&format!("root generation {}: {e}", pair[1].info.generation)))?;
        checked += 1;
    }
    Ok(checked)
}

/// `root_rotate`: the next generation of the community's root. The hand-over
/// (`yishi/root-handover/v1`) is signed by the current root and the new one; then the root
/// certifies every officer's key again, under the new generation. All in one transaction.
pub async fn root_rotate(ctx: &Ctx, by: &Caller, input: RootRotate) -> OpResult<RootView> {
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(OpError::Invalid(Invalid::EmptyName));
    }
    let countersigned_by = input.countersigned_by.trim().to_string();
    let store = ctx.store().await;
    let secrets = ctx.secrets();
    let mut tx = store.begin().await?;
    let community = crate::ops::context::require(tx.conn(), input.community_id)
        .await?
        .name;
    let old_row = cert_store::current_root(tx.conn(), input.community_id)
        .await?
        .ok_or(OpError::Cert(CertProblem::NoRoot))?;
    let old = PublicKey::parse(&old_row.public_key).map_err(|_| damaged("community_roots"))?;
    let generation = old_row.generation + 1;
    let (new, sealed) =
        crate::ops::anchor::root::new_sealed_root(&secrets, input.community_id, generation);
    let at = crate::ops::context::stamp(by.now);
    let deed = Handover {
        community,
        generation,
        old_root: old,
        new_root: new,
        reason: reason.to_string(),
        countersigned_by: countersigned_by.clone(),
        handed_over_at: at.clone(),
    };
    if !countersigned_by.is_empty() && deed.countersigner().is_none() {
        return Err(OpError::Cert(CertProblem::CountersignatureInvalid));
    }
    let doc = deed.document();
    let (_, by_old) =
        crate::ops::anchor::root_sign(tx.conn(), &secrets, input.community_id, &doc).await?;
    let by_new = crate::ops::anchor::root::sign_sealed(
        &secrets,
        input.community_id,
        generation,
        &new,
        &sealed,
        &doc,
    )?;
    let stored = serde_json::to_string(&[by_old, by_new]).map_err(|e| OpError::BadArguments {
        op: "root_rotate".into(),
        detail: e.to_string(),
    })?;
    cert_store::end_root(tx.conn(), old_row.id, &at).await?;
    cert_store::insert_root(
        tx.conn(),
        cert_store::NewRoot {
            community_id: input.community_id,
            generation,
            public_key: &new.hex(),
            sealed_secret: &sealed,
            created_at: &at,
            handover: Some(&stored),
        },
    )
    .await?;
    crate::ops::log(
        &mut tx,
        by,
        input.community_id,
        "root.rotated",
        json!({ "generation": generation, "old_root": old.hex(), "new_root": new.hex(),
                "fingerprint": crate::crypto::anchor::key_fingerprint_hex(&new.0),
                "reason": reason, "countersigned_by": countersigned_by,
                "handover_hash": doc.hash_hex() }),
    )
    .await?;
    let officers: Vec<i64> = crate::store::roles::list(tx.conn(), input.community_id)
        .await?
        .into_iter()
        .filter(|r| CERTIFIED_OFFICES.contains(&r.role))
        .map(|r| r.person_id)
        .collect();
    for person_id in dedup(officers) {
        certify::certify_offices(&mut tx, &secrets, by, input.community_id, person_id).await?;
    }
    let out = view(tx.conn(), input.community_id).await?;
    tx.commit().await?;
    Ok(out)
}

fn dedup(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `root_countersign`: files the countersignature a hand-over asked for: the same document,
/// signed (`yishi keys sign`) by the key its `countersigned_by` names.
pub async fn root_countersign(
    ctx: &Ctx,
    by: &Caller,
    input: RootCountersign,
) -> OpResult<RootView> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    let history = crate::ops::anchor::root_history(tx.conn(), input.community_id).await?;
    let invalid = || OpError::Cert(CertProblem::CountersignatureInvalid);
    let record = history
        .iter()
        .find(|r| r.info.generation == input.generation)
        .ok_or_else(invalid)?;
    let files: Vec<SignedFile> =
        serde_json::from_str(record.handover.as_deref().ok_or_else(invalid)?)
            .map_err(|_| damaged("community_roots.handover"))?;
    let doc = files
        .first()
        .map(|f| f.document.clone())
        .ok_or_else(invalid)?;
    let deed = Handover::from_document(&doc).map_err(|_| invalid())?;
    let named = deed.countersigner().ok_or_else(invalid)?;
    let signer = input.file.verify().map_err(|_| invalid())?;
    if input.file.document != doc || signer != named {
        return Err(invalid());
    }
    let filed = countersign::insert(
        tx.conn(),
        input.community_id,
        &Countersignature {
            generation: input.generation,
            public_key: named.hex(),
            document_hash: doc.hash_hex(),
            signature: input.file.signature.clone(),
            filed_at: String::new(),
        },
        by.now,
    )
    .await?;
    if filed {
        crate::ops::log(
            &mut tx,
            by,
            input.community_id,
            "root.countersigned",
            json!({ "generation": input.generation, "by": deed.countersigned_by,
                    "public_key": named.hex(), "handover_hash": doc.hash_hex() }),
        )
        .await?;
    }
    let out = view(tx.conn(), input.community_id).await?;
    if filed {
        tx.commit().await?;
    }
    Ok(out)
}
