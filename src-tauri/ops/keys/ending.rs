//! Ending a key: revocation (the signed-in registrar or host signs its revocation certificate;
//! the root ends the key's offices) and rotation (the old key signs the change; at the desk the
//! registrar certifies the new key and revokes the old one's certificate).

use crate::crypto::signing::Document;
use crate::ops::keys::certify;
use crate::ops::keys::lifecycle::{non_empty, record_signature, stamp, target_key, view};
use crate::ops::keys::pepper;
use crate::ops::keys::{
    CertProblem, KeyOrigin, KeyRevoke, KeyRotate, KeyStatus, KeyView, RegistrarSign, check_new_pin,
    cost_for, new_key, public_of, sign_with,
};
use crate::ops::{Caller, Ctx, KeyProblem, OpError, OpResult};
use crate::store::events::{self, NewEvent};
use crate::store::keys::{self as key_store, NewKey};
use serde_json::json;

pub async fn key_revoke(ctx: &Ctx, by: &Caller, input: KeyRevoke) -> OpResult<KeyView> {
    let reason = non_empty(&input.reason)?.to_string();
    let store = ctx.store().await;
    let target = target_key(&store, input.community_id, input.key_id).await?;
    if target.status != KeyStatus::Active {
        return Err(OpError::Key(KeyProblem::NotActive));
    }
    let target_public = public_of(&target)?;
    let at = stamp(by);
    let root = certify::root_of(&store, input.community_id).await?;
    let community = {
        let mut conn = store.reader().acquire().await?;
        crate::ops::context::require(&mut conn, input.community_id)
            .await?
            .name
    };
    // A registrar or host signs the revocation certificate (the signed-in operator, with their
    // own key and PIN); it replaces the host's `yishi/revocation/v1` of earlier releases, whose
    // signatures stay filed and valid.
    let sign = RegistrarSign {
        key_id: input.host.host_key_id,
        pin: input.host.host_pin.clone(),
    };
    let (signer, signer_public, mut signed) =
        certify::registrar_signs(&store, &ctx.secrets(), by, input.community_id, &sign, |s| {
            vec![certify::revocation_document(
                &community,
                root,
                &target,
                &target_public,
                &reason,
                &at,
                s,
            )]
        })
        .await?;
    let (doc, signature) = signed.pop().expect("one document was given to sign");
    let mut tx = store.begin().await?;
    key_store::end(tx.conn(), target.id, KeyStatus::Revoked, by.now, &reason).await?;
    record_signature(
        &mut tx,
        input.community_id,
        signer.id,
        signer.person_id,
        &format!("key:{}:revocation", target.id),
        &doc,
        &signature,
        &at,
    )
    .await?;
    let cert_hash = certify::file(
        &mut tx,
        by,
        input.community_id,
        certify::NewCertificate {
            kind: crate::crypto::certs::CertKind::Revocation,
            person_id: target.person_id,
            public_key: &target_public,
            signer_key: &signer_public,
            doc: &doc,
            signature: &signature,
        },
    )
    .await?;
    // The root ends the offices the key held.
    certify::end_offices(
        &mut tx,
        &ctx.secrets(),
        by,
        input.community_id,
        target.person_id,
        &target_public,
        &reason,
    )
    .await?;
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(input.community_id),
            kind: "key.revoked",
            payload: json!({ "key_id": target.id, "holder": target.person_name, "reason": reason,
                         "host": signer.person_name, "cert_hash": cert_hash }),
        },
    )
    .await?;
    let row = key_store::get(tx.conn(), target.id)
        .await?
        .ok_or(OpError::Key(KeyProblem::NotActive))?;
    let out = view(tx.conn(), row).await?;
    tx.commit().await?;
    Ok(out)
}

/// A new key for the same person, authorised by a signature of the old one. At the desk the
/// registrar certifies the new key and revokes the old one's certificate (one PIN check); a
/// certified key is never rotated without them.
pub async fn key_rotate(ctx: &Ctx, by: &Caller, input: KeyRotate) -> OpResult<KeyView> {
    let store = ctx.store().await;
    let old = target_key(&store, input.community_id, input.key_id).await?;
    let old_public = public_of(&old)?;
    let (community, units) = {
        let mut conn = store.reader().acquire().await?;
        check_new_pin(&mut conn, old.person_id, &input.new_pin).await?;
        let certified =
            certify::is_certified(&mut conn, input.community_id, old.person_id, &old_public)
                .await?;
        if certified && input.registrar.is_none() {
            return Err(OpError::Cert(CertProblem::RegistrarNeeded));
        }
        let community = crate::ops::context::require(&mut conn, input.community_id)
            .await?
            .name;
        let units = crate::ops::context::unit_labels(&mut conn, old.person_id).await?;
        (community, units)
    };
    certify::registrar_needed(by, input.registrar.as_ref())?;
    if let Some(sign) = &input.registrar {
        certify::certifying_key(&store, by, input.community_id, sign).await?;
        // Nobody certifies their own new key.
        certify::refuse_self(&store, sign, old.person_id, &old.person_name).await?;
    }
    let cost = cost_for(&store, by, input.community_id).await?;
    let (new_opened, sealed) = new_key(&store, &ctx.secrets(), &input.new_pin, cost).await?;
    let public = new_opened.public();
    drop(new_opened);
    let at = stamp(by);
    let doc = Document::new("yishi/rotation/v1")
        .text("holder", old.person_name.as_str())
        .text("old_public_key", old.public_key.as_str())
        .text("new_public_key", public.hex())
        .text("rotated_at", at.as_str());
    let (old, signature) = sign_with(&store, &ctx.secrets(), by, old.id, &input.pin, &doc).await?;
    // The registrar certifies the new key and revokes the old one's enrolment.
    let certs = match &input.registrar {
        Some(sign) => {
            let root = certify::root_of(&store, input.community_id).await?;
            let e = certify::Enrolment {
                community: &community,
                root,
                person_id: old.person_id,
                holder: &old.person_name,
                units: &units,
                public,
                check_method: &old.check_method,
                at: &at,
            };
            let (_, signer, signed) = certify::registrar_signs(
                &store,
                &ctx.secrets(),
                by,
                input.community_id,
                sign,
                |r| {
                    vec![
                        e.document(r),
                        certify::revocation_document(
                            &community,
                            root,
                            &old,
                            &old_public,
                            "rotated",
                            &at,
                            r,
                        ),
                    ]
                },
            )
            .await?;
            Some((signer, signed))
        }
        None => None,
    };
    let mut tx = store.begin().await?;
    key_store::end(tx.conn(), old.id, KeyStatus::Replaced, by.now, "rotated").await?;
    let key_id = key_store::insert(
        tx.conn(),
        NewKey {
            community_id: input.community_id,
            person_id: old.person_id,
            public_key: &public.hex(),
            origin: KeyOrigin::Enrolled,
            sealed_secret: Some(&pepper::text_of(&sealed)),
            checked_by: &old.checked_by,
            check_method: &old.check_method,
            enrolled_at: &at,
        },
    )
    .await?;
    record_signature(
        &mut tx,
        input.community_id,
        old.id,
        old.person_id,
        &format!("key:{key_id}:rotation"),
        &doc,
        &signature,
        &at,
    )
    .await?;
    let mut cert_hash = None;
    if let Some((signer, signed)) = &certs {
        for ((cert_doc, cert_signature), (kind, key)) in signed.iter().zip([
            (crate::crypto::certs::CertKind::Enrolment, &public),
            (crate::crypto::certs::CertKind::Revocation, &old_public),
        ]) {
            let hash = certify::file(
                &mut tx,
                by,
                input.community_id,
                certify::NewCertificate {
                    kind,
                    person_id: old.person_id,
                    public_key: key,
                    signer_key: signer,
                    doc: cert_doc,
                    signature: cert_signature,
                },
            )
            .await?;
            cert_hash.get_or_insert(hash);
        }
    }
    // The root ends the old key's offices and certifies the new key for them.
    certify::end_offices(
        &mut tx,
        &ctx.secrets(),
        by,
        input.community_id,
        old.person_id,
        &old_public,
        "rotated",
    )
    .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "key.rotated",
        payload: json!({ "old_key_id": old.id, "key_id": key_id, "holder": old.person_name, "public_key": public.hex(),
                         "cert_hash": cert_hash }),
    })
    .await?;
    let row = key_store::get(tx.conn(), key_id)
        .await?
        .ok_or(OpError::Key(KeyProblem::SealedDamaged))?;
    let out = view(tx.conn(), row).await?;
    tx.commit().await?;
    Ok(out)
}
