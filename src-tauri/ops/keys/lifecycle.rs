//! Key lifecycle: enrol at the host's laptop (after an identity check), enrol a key the member
//! brought, unlock (signed by the host); ending a key (revocation, rotation) is `ending.rs`.
//! Every stored key's PIN goes through `ops::keys::pin::check_pin` (counted before derivation,
//! delays, lock).

use crate::crypto::signing::{self, Document, PublicKey};
use crate::domain::pin as pin_policy;
use crate::domain::states::Role;
use crate::ops::keys::certify::{self, EnrolFacts, certify_enrolment, file_enrolment};
use crate::ops::keys::pepper;
use crate::ops::keys::{
    HostApproval, IdCheck, KeyEnrol, KeyEnrolPublic, KeyOrigin, KeyStatus, KeyUnlock, KeyView,
    check_new_pin, cost_for, new_key, sign_with,
};
use crate::ops::{Caller, Ctx, KeyProblem, Missing, OpError, OpResult};
use crate::secrets::Bundle;
use crate::store::events::{self, NewEvent};
use crate::store::keys::{self as key_store, KeyRow, NewKey, NewSignature};
use crate::store::{Store, WriteTx, roles as role_store};
use chrono::SecondsFormat;
use serde_json::json;
use sqlx::SqliteConnection;

fn id_check_text(c: IdCheck) -> &'static str {
    match c {
        IdCheck::IdCard => "id_card",
        IdCheck::HouseholdRegister => "household_register",
        IdCheck::PropertyCertificate => "property_certificate",
        IdCheck::OtherDocument => "other_document",
        IdCheck::KnownInPerson => "known_in_person",
    }
}

pub(crate) fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
        // A QR code only repeats what is printed beside it; none is better than a wrong one.
        Err(_) => String::new(),
    }
}

pub(crate) fn public_of(row: &KeyRow) -> OpResult<PublicKey> {
    PublicKey::parse(&row.public_key).map_err(|_| OpError::Key(KeyProblem::SealedDamaged))
}

pub(super) async fn view(conn: &mut SqliteConnection, row: KeyRow) -> OpResult<KeyView> {
    let public = public_of(&row)?;
    let units = crate::ops::context::unit_labels(conn, row.person_id).await?;
    Ok(KeyView {
        key_id: row.id,
        person_id: row.person_id,
        person_name: row.person_name,
        units,
        public_key: public.text(),
        fingerprint: public.fingerprint(),
        qr_svg: qr_svg(&public.text()),
        origin: row.origin,
        status: row.status,
        locked: row.locked,
        failed_attempts: row.failed_attempts,
        checked_by: row.checked_by,
        check_method: row.check_method,
        enrolled_at: row.enrolled_at,
        ended_at: row.ended_at.map(crate::store::typed::stamp),
        end_reason: row.end_reason,
        certificate: certify::enrolment_hash(conn, row.community_id, row.person_id, &public)
            .await?,
    })
}

pub async fn key_list(ctx: &Ctx, community_id: i64) -> OpResult<Vec<KeyView>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, community_id).await?;
    let mut out = Vec::new();
    for row in key_store::list(&mut conn, community_id).await? {
        out.push(view(&mut conn, row).await?);
    }
    Ok(out)
}

/// The person's name, checking they belong to the community.
async fn person_in(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: i64,
) -> OpResult<String> {
    match role_store::person_community(conn, person_id).await? {
        Some((c, name)) if c == community_id => Ok(name),
        _ => Err(OpError::NotFound(Missing::Person(person_id))),
    }
}

async fn no_active_key(conn: &mut SqliteConnection, person_id: i64, holder: &str) -> OpResult<()> {
    if key_store::active_for(conn, person_id).await?.is_some() {
        return Err(OpError::Key(KeyProblem::AlreadyHasKey {
            holder: holder.to_string(),
        }));
    }
    Ok(())
}

pub(super) fn stamp(by: &Caller) -> String {
    by.now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The enrolment statement, signed by the new key itself as proof that the holder has it.
fn enrolment_document(
    community: &str,
    holder: &str,
    units: &[String],
    public: &PublicKey,
    checked_by: &str,
    check: &str,
    at: &str,
) -> Document {
    Document::new("yishi/enrolment/v1")
        .text("community", community)
        .text("holder", holder)
        .text("units", units.join("、"))
        .text("public_key", public.hex())
        .text("checked_by", checked_by)
        .text("check_method", check)
        .text("enrolled_at", at)
}

/// The statement a member's own key signs to prove, at enrolment, that they hold it: their name,
/// the community and the key, so a key cannot be enrolled for anyone but the one who made it.
pub fn possession_document(
    community: &str,
    holder: &str,
    public: &PublicKey,
    made_at: i64,
) -> Document {
    Document::new("yishi/possession/v1")
        .text("community", community)
        .text("holder", holder)
        .text("public_key", public.hex())
        .int("made_at", made_at)
}

const PROOF_PREFIX: &str = "yishi-key-proof:v1:";

/// `yishi-key-proof:v1:<key hex>:<made_at>:<signature hex>`: what the member hands over.
pub fn possession_line(public: &PublicKey, made_at: i64, signature_hex: &str) -> String {
    format!("{PROOF_PREFIX}{}:{made_at}:{signature_hex}", public.hex())
}

/// A proof line made from a raw seed: for the demo community and tests, whose keys come from
/// fixed seeds (a member's real key makes it with `yishi keys generate --holder --community`).
pub fn possession_line_from_seed(
    seed: &[u8; 32],
    community: &str,
    holder: &str,
    made_at: i64,
) -> String {
    let (public, _) = signing::sign_with_seed(seed, &Document::new("yishi/probe/v1"));
    let doc = possession_document(community, holder, &public, made_at);
    let (_, signature) = signing::sign_with_seed(seed, &doc);
    possession_line(&public, made_at, &signature)
}

/// The key, the time and the signature of a proof line; `NoPossessionProof` for a bare key.
fn parse_possession(text: &str) -> OpResult<(PublicKey, i64, String)> {
    let text = text.trim();
    let Some(rest) = text.strip_prefix(PROOF_PREFIX) else {
        return Err(OpError::Key(match PublicKey::parse(text) {
            Ok(_) => KeyProblem::NoPossessionProof,
            Err(_) => KeyProblem::BadPublicKey,
        }));
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let [key, made_at, signature] = parts[..] else {
        return Err(OpError::Key(KeyProblem::BadPublicKey));
    };
    let public = PublicKey::parse(key).map_err(|_| OpError::Key(KeyProblem::BadPublicKey))?;
    let made_at = made_at
        .parse::<i64>()
        .map_err(|_| OpError::Key(KeyProblem::BadPublicKey))?;
    if signature.len() != 128 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(OpError::Key(KeyProblem::BadPublicKey));
    }
    Ok((public, made_at, signature.to_ascii_lowercase()))
}

pub async fn key_enrol(ctx: &Ctx, by: &Caller, input: KeyEnrol) -> OpResult<KeyView> {
    pin_policy::check_new_pin(&input.pin, None).map_err(|p| match p {
        pin_policy::PinProblem::TooShort { .. } => OpError::Key(KeyProblem::PinTooShort),
        other => OpError::Key(KeyProblem::WeakPin(other)),
    })?;
    certify::registrar_needed(by, input.registrar.as_ref())?;
    let store = ctx.store().await;
    let registrar = match &input.registrar {
        // Checked before a key is made: the registrar's office, key and sign-in.
        Some(sign) => Some(certify::certifying_key(&store, by, input.community_id, sign).await?),
        None => None,
    };
    let checked_by = match &registrar {
        Some(r) => r.person_name.as_str(),
        None => non_empty(&input.checked_by)?,
    };
    let (community, holder, units) = {
        let mut conn = store.reader().acquire().await?;
        let c = crate::ops::context::require(&mut conn, input.community_id).await?;
        let holder = person_in(&mut conn, input.community_id, input.person_id).await?;
        no_active_key(&mut conn, input.person_id, &holder).await?;
        check_new_pin(&mut conn, input.person_id, &input.pin).await?;
        let units = crate::ops::context::unit_labels(&mut conn, input.person_id).await?;
        (c.name, holder, units)
    };
    let cost = cost_for(&store, by, input.community_id).await?;
    let (opened, sealed) = new_key(&store, &ctx.secrets(), &input.pin, cost).await?;
    let public = opened.public();
    let at = stamp(by);
    let check = id_check_text(input.check);
    let doc = enrolment_document(&community, &holder, &units, &public, checked_by, check, &at);
    let signature = opened.sign(&doc);
    drop(opened);
    let cert = certify_enrolment(
        &store,
        &ctx.secrets(),
        by,
        input.registrar.as_ref(),
        EnrolFacts {
            community_id: input.community_id,
            community: &community,
            person_id: input.person_id,
            holder: &holder,
            units: &units,
            public,
            check,
            at: &at,
        },
    )
    .await?;
    let mut tx = store.begin().await?;
    no_active_key(tx.conn(), input.person_id, &holder).await?;
    let key_id = key_store::insert(
        tx.conn(),
        NewKey {
            community_id: input.community_id,
            person_id: input.person_id,
            public_key: &public.hex(),
            origin: KeyOrigin::Enrolled,
            sealed_secret: Some(&pepper::text_of(&sealed)),
            checked_by,
            check_method: check,
            enrolled_at: &at,
        },
    )
    .await?;
    record_signature(
        &mut tx,
        input.community_id,
        key_id,
        input.person_id,
        &format!("key:{key_id}:enrolment"),
        &doc,
        &signature,
        &at,
    )
    .await?;
    let cert_hash = file_enrolment(
        &mut tx,
        &ctx.secrets(),
        by,
        input.community_id,
        input.person_id,
        &public,
        cert,
    )
    .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "key.enrolled",
        payload: json!({ "key_id": key_id, "holder": holder, "person_id": input.person_id, "public_key": public.hex(),
                         "fingerprint": public.fingerprint(), "origin": "enrolled", "checked_by": checked_by, "check_method": check,
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

pub(super) fn non_empty(text: &str) -> OpResult<&str> {
    let t = text.trim();
    if t.is_empty() {
        return Err(OpError::Invalid(crate::ops::Invalid::EmptyName));
    }
    Ok(t)
}

pub async fn key_enrol_public(ctx: &Ctx, by: &Caller, input: KeyEnrolPublic) -> OpResult<KeyView> {
    let (public, made_at, proof) = parse_possession(&input.public_key)?;
    certify::registrar_needed(by, input.registrar.as_ref())?;
    let store = ctx.store().await;
    let (community, holder, units, possession) = {
        let mut conn = store.reader().acquire().await?;
        let community = crate::ops::context::require(&mut conn, input.community_id).await?;
        let holder = person_in(&mut conn, input.community_id, input.person_id).await?;
        // The key proves it is the holder's: it signed their name and this community.
        let possession = possession_document(&community.name, &holder, &public, made_at);
        if signing::verify(&public, &possession, &proof).is_err() {
            return Err(OpError::Key(KeyProblem::PossessionInvalid {
                holder,
                community: community.name,
            }));
        }
        no_active_key(&mut conn, input.person_id, &holder).await?;
        if key_store::by_public_key(&mut conn, &public.hex())
            .await?
            .is_some()
        {
            return Err(OpError::Key(KeyProblem::KeyInUse));
        }
        let units = crate::ops::context::unit_labels(&mut conn, input.person_id).await?;
        (community.name, holder, units, possession)
    };
    let check = id_check_text(input.check);
    let at = stamp(by);
    let cert = certify_enrolment(
        &store,
        &ctx.secrets(),
        by,
        input.registrar.as_ref(),
        EnrolFacts {
            community_id: input.community_id,
            community: &community,
            person_id: input.person_id,
            holder: &holder,
            units: &units,
            public,
            check,
            at: &at,
        },
    )
    .await?;
    let checked_by = match &cert {
        Some(c) => c.registrar.person_name.clone(),
        None => non_empty(&input.checked_by)?.to_string(),
    };
    let checked_by = checked_by.as_str();
    let mut tx = store.begin().await?;
    no_active_key(tx.conn(), input.person_id, &holder).await?;
    if key_store::by_public_key(tx.conn(), &public.hex())
        .await?
        .is_some()
    {
        return Err(OpError::Key(KeyProblem::KeyInUse));
    }
    let key_id = key_store::insert(
        tx.conn(),
        NewKey {
            community_id: input.community_id,
            person_id: input.person_id,
            public_key: &public.hex(),
            origin: KeyOrigin::Brought,
            sealed_secret: None,
            checked_by,
            check_method: check,
            enrolled_at: &at,
        },
    )
    .await?;
    let cert_hash = file_enrolment(
        &mut tx,
        &ctx.secrets(),
        by,
        input.community_id,
        input.person_id,
        &public,
        cert,
    )
    .await?;
    // The proof of possession is filed before the event, so the event's ledger covers it.
    record_signature(
        &mut tx,
        input.community_id,
        key_id,
        input.person_id,
        &format!("key:{key_id}:possession"),
        &possession,
        &proof,
        &at,
    )
    .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "key.enrolled",
        payload: json!({ "key_id": key_id, "holder": holder, "person_id": input.person_id, "public_key": public.hex(),
                         "fingerprint": public.fingerprint(), "origin": "brought", "checked_by": checked_by, "check_method": check,
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

/// Stores a signature made through `sign_with` (or verified from a file) in the caller's
/// transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_signature(
    tx: &mut WriteTx,
    community_id: i64,
    key_id: i64,
    person_id: i64,
    subject: &str,
    doc: &Document,
    signature: &str,
    at: &str,
) -> OpResult<i64> {
    let document = serde_json::to_string(doc).map_err(|e| OpError::BadArguments {
        op: "document".into(),
        detail: e.to_string(),
    })?;
    Ok(key_store::insert_signature(
        tx.conn(),
        NewSignature {
            community_id,
            key_id,
            person_id,
            subject,
            document: &document,
            document_hash: &doc.hash_hex(),
            signature,
            // Any offset is read; the row keeps the instant in UTC (the document keeps its text).
            signed_at: crate::domain::time::parse_instant(at)
                .ok_or(OpError::Key(KeyProblem::DocumentChanged))?,
        },
    )
    .await?)
}

/// The host signs an approval document; checks they hold the host role in this community.
pub(crate) async fn host_signs(
    store: &Store,
    secrets: &Bundle,
    by: &Caller,
    community_id: i64,
    host: &HostApproval,
    doc: impl Fn(&KeyRow) -> Document,
) -> OpResult<(KeyRow, Document, String)> {
    let host_row = {
        let mut conn = store.reader().acquire().await?;
        let row = key_store::get(&mut conn, host.host_key_id)
            .await?
            .ok_or(OpError::Key(KeyProblem::NotHost))?;
        let is_host = role_store::list(&mut conn, community_id)
            .await?
            .iter()
            .any(|r| r.person_id == row.person_id && r.role == Role::Host);
        if row.community_id != community_id || !is_host {
            return Err(OpError::Key(KeyProblem::NotHost));
        }
        row
    };
    let document = doc(&host_row);
    let (row, signature) = sign_with(
        store,
        secrets,
        by,
        host.host_key_id,
        &host.host_pin,
        &document,
    )
    .await?;
    Ok((row, document, signature))
}

pub(super) async fn target_key(store: &Store, community_id: i64, key_id: i64) -> OpResult<KeyRow> {
    let mut conn = store.reader().acquire().await?;
    match key_store::get(&mut conn, key_id).await? {
        Some(row) if row.community_id == community_id => Ok(row),
        _ => Err(OpError::Key(KeyProblem::NotActive)),
    }
}

pub async fn key_unlock(ctx: &Ctx, by: &Caller, input: KeyUnlock) -> OpResult<KeyView> {
    let store = ctx.store().await;
    let target = target_key(&store, input.community_id, input.key_id).await?;
    let at = stamp(by);
    let (host, doc, signature) = host_signs(
        &store,
        &ctx.secrets(),
        by,
        input.community_id,
        &input.host,
        |host| {
            Document::new("yishi/unlock/v1")
                .text("holder", target.person_name.as_str())
                .text("public_key", target.public_key.as_str())
                .text("host", host.person_name.as_str())
                .text("host_public_key", host.public_key.as_str())
                .text("unlocked_at", at.as_str())
        },
    )
    .await?;
    let mut tx = store.begin().await?;
    key_store::reset_failures(tx.conn(), target.id).await?;
    record_signature(
        &mut tx,
        input.community_id,
        host.id,
        host.person_id,
        &format!("key:{}:unlock", target.id),
        &doc,
        &signature,
        &at,
    )
    .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "key.unlocked",
        payload: json!({ "key_id": target.id, "holder": target.person_name, "host": host.person_name }),
    })
    .await?;
    let row = key_store::get(tx.conn(), target.id)
        .await?
        .ok_or(OpError::Key(KeyProblem::NotActive))?;
    let out = view(tx.conn(), row).await?;
    tx.commit().await?;
    Ok(out)
}

/// Role check used by the UI to offer host approvals: the hosts' active keys.
pub async fn host_keys(ctx: &Ctx, community_id: i64) -> OpResult<Vec<KeyView>> {
    let all = key_list(ctx, community_id).await?;
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let hosts: Vec<i64> = role_store::list(&mut conn, community_id)
        .await?
        .into_iter()
        .filter(|r| r.role == Role::Host)
        .map(|r| r.person_id)
        .collect();
    Ok(all
        .into_iter()
        .filter(|k| k.status == KeyStatus::Active && hosts.contains(&k.person_id))
        .collect())
}
