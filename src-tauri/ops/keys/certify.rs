//! The app side of certified keys: who may sign an enrolment or revocation certificate (a
//! registrar or host of the community, signing with their own key and PIN, who is the signed-in
//! operator), and filing the certificates in the act's transaction.
//!
//! Invariants: a certificate is filed in the same transaction as the key change it certifies, and
//! logged there with its hash; a PIN never reaches the log; certificates are append-only.

use crate::crypto::certs::{
    Cert, CertKind, ChainReport, EnrolmentCert, Revocation, RoleCert, check_chain,
};
use crate::crypto::signing::{Document, PublicKey};
use crate::domain::states::Role;
use crate::formats::signed::SignedFile;
use crate::ops::keys::{CertProblem, KeyStatus, RegistrarSign, check_pin};
use crate::ops::{Caller, OpError, OpResult};
use crate::secrets::Bundle;
use crate::store::certs as cert_store;
use crate::store::keys::{self as key_store, KeyRow};
use crate::store::{Store, WriteTx, roles as role_store};
use serde_json::json;
use sqlx::SqliteConnection;

/// The offices whose holders sign enrolment and revocation certificates.
pub const CERTIFYING: [Role; 2] = [Role::Registrar, Role::Host];

/// Whether the signed-in operator (when the act has one) is `person_id`: each signs only for
/// themselves. An act without an operator is one of the app's own steps (setup, demo, tests).
pub(crate) fn operator_is(by: &Caller, person_id: i64) -> OpResult<()> {
    match &by.operator {
        Some(op) if op.person_id != person_id => Err(OpError::Cert(CertProblem::SignerNotOperator)),
        _ => Ok(()),
    }
}

/// The signing key named by `sign`, checked: active, of this community, held by a registrar or
/// host of it, who is the signed-in operator.
pub(crate) async fn certifying_key(
    store: &Store,
    by: &Caller,
    community_id: i64,
    sign: &RegistrarSign,
) -> OpResult<KeyRow> {
    let mut conn = store.reader().acquire().await?;
    let row = key_store::get(&mut conn, sign.key_id).await?;
    let Some(row) = row.filter(|r| r.community_id == community_id) else {
        return Err(OpError::Cert(CertProblem::NotRegistrar {
            name: format!("#{}", sign.key_id),
        }));
    };
    let holds = crate::store::access::person(&mut conn, row.person_id)
        .await?
        .is_some_and(|p| p.roles.iter().any(|r| CERTIFYING.contains(r)));
    if !holds || row.status != KeyStatus::Active {
        return Err(OpError::Cert(CertProblem::NotRegistrar {
            name: row.person_name,
        }));
    }
    operator_is(by, row.person_id)?;
    Ok(row)
}

/// The registrar (or host) signs the documents made from their key row, with their key and one
/// PIN check (`check_pin`: counted, delayed, locked); returns their key and the signatures.
pub(crate) async fn registrar_signs(
    store: &Store,
    secrets: &Bundle,
    by: &Caller,
    community_id: i64,
    sign: &RegistrarSign,
    docs: impl FnOnce(&KeyRow) -> Vec<Document>,
) -> OpResult<(KeyRow, PublicKey, Vec<(Document, String)>)> {
    let signer = certifying_key(store, by, community_id, sign).await?;
    let documents = docs(&signer);
    let (row, opened) = check_pin(store, secrets, by, signer.id, &sign.pin).await?;
    let public = opened.public();
    let signed = documents
        .into_iter()
        .map(|d| {
            let s = opened.sign(&d);
            (d, s)
        })
        .collect();
    Ok((row, public, signed))
}

/// The key named in `sign` is `person_id`'s own: nobody certifies their own key (a second
/// registrar or the host does); `crypto::certs::check_chain` refuses such a certificate too.
pub(crate) async fn refuse_self(
    store: &Store,
    sign: &RegistrarSign,
    person_id: i64,
    holder: &str,
) -> OpResult<()> {
    if signs_for_self(store, sign, person_id).await? {
        return Err(OpError::Cert(CertProblem::SelfCertification {
            holder: holder.to_string(),
        }));
    }
    Ok(())
}

/// Whether the key named in `sign` is held by `person_id`.
pub(crate) async fn signs_for_self(
    store: &Store,
    sign: &RegistrarSign,
    person_id: i64,
) -> OpResult<bool> {
    let mut conn = store.reader().acquire().await?;
    Ok(key_store::get(&mut conn, sign.key_id)
        .await?
        .is_some_and(|k| k.person_id == person_id))
}

/// What an enrolment certificate says about the key and its holder.
pub(crate) struct Enrolment<'a> {
    pub community: &'a str,
    pub root: PublicKey,
    pub person_id: i64,
    pub holder: &'a str,
    pub units: &'a [String],
    pub public: PublicKey,
    pub check_method: &'a str,
    pub at: &'a str,
}

impl Enrolment<'_> {
    /// The `yishi/enrolment-cert/v1` the registrar signs: valid from now until revoked.
    pub(crate) fn document(&self, registrar: &KeyRow) -> Document {
        EnrolmentCert {
            community: self.community.to_string(),
            root: self.root,
            person_id: self.person_id,
            holder: self.holder.to_string(),
            units: self.units.join("、"),
            public_key: self.public,
            check_method: self.check_method.to_string(),
            valid_from: self.at.to_string(),
            valid_until: String::new(),
            registrar_id: registrar.person_id,
            registrar: registrar.person_name.clone(),
            issued_at: self.at.to_string(),
        }
        .document()
    }
}

/// The revocation a registrar or host signs for a member's key (`yishi/revocation-cert/v1`).
pub(crate) fn revocation_document(
    community: &str,
    root: PublicKey,
    target: &KeyRow,
    target_public: &PublicKey,
    reason: &str,
    at: &str,
    signer: &KeyRow,
) -> Document {
    Revocation {
        community: community.to_string(),
        root,
        person_id: target.person_id,
        public_key: *target_public,
        reason: reason.to_string(),
        revoked_at: at.to_string(),
        by_id: signer.person_id,
        by: signer.person_name.clone(),
    }
    .document()
}

/// Whether a registrar certified `public` for `person_id` and it is not revoked.
pub(crate) async fn is_certified(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: i64,
    public: &PublicKey,
) -> OpResult<bool> {
    let (_, _, report) = chain_of(conn, community_id).await?;
    Ok(report
        .enrolments
        .iter()
        .any(|g| g.person_id == person_id && g.key == *public && g.until.is_none()))
}

/// The community's current root, which every certificate names; refused without one.
pub(crate) async fn root_of(store: &Store, community_id: i64) -> OpResult<PublicKey> {
    let mut conn = store.reader().acquire().await?;
    crate::ops::anchor::current_root(&mut conn, community_id)
        .await?
        .map(|r| r.public)
        .ok_or(OpError::Cert(CertProblem::NoRoot))
}

/// The registrar's signature is needed unless the act is one of the app's own setup steps
/// (no signed-in operator: the first host, the demo, tests).
pub(crate) fn registrar_needed(by: &Caller, sign: Option<&RegistrarSign>) -> OpResult<()> {
    if sign.is_none() && by.operator.is_some() {
        return Err(OpError::Cert(CertProblem::RegistrarNeeded));
    }
    Ok(())
}

/// The offices the root certifies a key for: those that sign, count or witness.
pub const CERTIFIED_OFFICES: [Role; 5] = [
    Role::Host,
    Role::Secretary,
    Role::Registrar,
    Role::Counter,
    Role::Scrutineer,
];

/// A certificate about to be filed: what it is, who it is about, and who signed it.
pub(crate) struct NewCertificate<'a> {
    pub kind: CertKind,
    pub person_id: i64,
    /// The key it certifies or revokes.
    pub public_key: &'a PublicKey,
    pub signer_key: &'a PublicKey,
    pub doc: &'a Document,
    pub signature: &'a str,
}

/// Files a certificate in the act's transaction and logs it with its hash (so an enrolment,
/// re-enrolment or revocation is visible in the log as well as in the table); returns the hash.
pub(crate) async fn file(
    tx: &mut WriteTx,
    by: &Caller,
    community_id: i64,
    cert: NewCertificate<'_>,
) -> OpResult<String> {
    let hash = cert.doc.hash_hex();
    let signed = SignedFile::new(
        cert.doc.clone(),
        cert.signer_key,
        cert.signature.to_string(),
    );
    let id = crate::ops::anchor::file_cert(
        tx.conn(),
        community_id,
        cert.kind,
        cert.person_id,
        cert.public_key,
        &signed,
    )
    .await?;
    crate::ops::log(
        tx,
        by,
        community_id,
        "cert.issued",
        json!({ "cert_id": id, "kind": cert.kind.as_str(), "person_id": cert.person_id,
                "public_key": cert.public_key.hex(), "fingerprint": cert.public_key.fingerprint(),
                "signer_key": cert.signer_key.hex(), "cert_hash": hash }),
    )
    .await?;
    Ok(hash)
}

/// The community's roots (every generation), certificates, and what `check_chain` makes of them.
pub(crate) async fn chain_of(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<(Vec<PublicKey>, Vec<Cert>, ChainReport)> {
    let roots: Vec<PublicKey> = crate::ops::anchor::root_history(conn, community_id)
        .await?
        .into_iter()
        .map(|r| r.info.public)
        .collect();
    let certs: Vec<Cert> = crate::ops::anchor::stored_certs(conn, community_id, None).await?;
    let report = check_chain(&roots, &certs);
    Ok((roots, certs, report))
}

/// Whether `public` holds `role` for `person_id` at `now` by a certificate of `root` (after a
/// rotation, the new generation certifies again).
fn office_by_root(
    report: &ChainReport,
    certs: &[Cert],
    root: &PublicKey,
    person_id: i64,
    public: &PublicKey,
    role: Role,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    report.offices.iter().any(|g| {
        g.person_id == person_id
            && g.key == *public
            && g.role == role.key()
            && g.valid_at(now)
            && certs
                .iter()
                .any(|c| c.id == g.cert_id && c.signer_key == *root)
    })
}

/// The root certifies `person_id`'s active key for every office of [`CERTIFIED_OFFICES`] they
/// hold that it does not already certify now (`yishi/role-cert/v1`). Nothing when the community
/// has no root yet (it gets one, and these certificates, at the next start). Returns how many.
pub(crate) async fn certify_offices(
    tx: &mut WriteTx,
    secrets: &Bundle,
    by: &Caller,
    community_id: i64,
    person_id: i64,
) -> OpResult<usize> {
    let Some(root) = crate::ops::anchor::current_root(tx.conn(), community_id).await? else {
        return Ok(0);
    };
    let Some(key) = key_store::active_for(tx.conn(), person_id).await? else {
        return Ok(0);
    };
    let public = crate::ops::keys::public_of(&key)?;
    let offices: Vec<(Role, Option<String>)> = role_store::list(tx.conn(), community_id)
        .await?
        .into_iter()
        .filter(|r| r.person_id == person_id && CERTIFIED_OFFICES.contains(&r.role))
        .map(|r| (r.role, r.building))
        .collect();
    if offices.is_empty() {
        return Ok(0);
    }
    let community = crate::ops::context::require(tx.conn(), community_id)
        .await?
        .name;
    let (_, certs, report) = chain_of(tx.conn(), community_id).await?;
    let by_current = |role: Role| {
        office_by_root(
            &report,
            &certs,
            &root.public,
            person_id,
            &public,
            role,
            by.now,
        )
    };
    let at = crate::ops::context::stamp(by.now);
    let mut made = 0;
    for (role, building) in offices {
        if by_current(role) {
            continue;
        }
        let doc = RoleCert {
            community: community.clone(),
            root: root.public,
            person_id,
            holder: key.person_name.clone(),
            role: role.key().to_string(),
            building: building.unwrap_or_default(),
            public_key: public,
            valid_from: at.clone(),
            valid_until: String::new(),
            issued_at: at.clone(),
        }
        .document();
        let (root_now, signed) =
            crate::ops::anchor::root_sign(tx.conn(), secrets, community_id, &doc).await?;
        file(
            tx,
            by,
            community_id,
            NewCertificate {
                kind: CertKind::Role,
                person_id,
                public_key: &public,
                signer_key: &root_now.public,
                doc: &doc,
                signature: &signed.signature,
            },
        )
        .await?;
        made += 1;
    }
    Ok(made)
}

/// The root ends every office `public` holds for `person_id` (a revocation signed by the root
/// ends offices, never a member's enrolment), then certifies again the offices the person still
/// holds with their active key. Nothing when the key holds no office now.
pub(crate) async fn end_offices(
    tx: &mut WriteTx,
    secrets: &Bundle,
    by: &Caller,
    community_id: i64,
    person_id: i64,
    public: &PublicKey,
    reason: &str,
) -> OpResult<()> {
    let Some(root) = crate::ops::anchor::current_root(tx.conn(), community_id).await? else {
        return Ok(());
    };
    let (_, _, report) = chain_of(tx.conn(), community_id).await?;
    let holds_office = report
        .offices
        .iter()
        .any(|g| g.person_id == person_id && g.key == *public && g.valid_at(by.now));
    if holds_office {
        let community = crate::ops::context::require(tx.conn(), community_id)
            .await?
            .name;
        let (by_id, by_name) = match &by.operator {
            Some(op) => (op.person_id, op.name.clone()),
            None => (0, by.actor.clone()),
        };
        let doc = Revocation {
            community,
            root: root.public,
            person_id,
            public_key: *public,
            reason: reason.to_string(),
            revoked_at: crate::ops::context::stamp(by.now),
            by_id,
            by: by_name,
        }
        .document();
        let (root_now, signed) =
            crate::ops::anchor::root_sign(tx.conn(), secrets, community_id, &doc).await?;
        file(
            tx,
            by,
            community_id,
            NewCertificate {
                kind: CertKind::Revocation,
                person_id,
                public_key: public,
                signer_key: &root_now.public,
                doc: &doc,
                signature: &signed.signature,
            },
        )
        .await?;
    }
    certify_offices(tx, secrets, by, community_id, person_id).await?;
    Ok(())
}

/// What the enrolment of one key is about, for its certificate.
pub(crate) struct EnrolFacts<'a> {
    pub community_id: i64,
    pub community: &'a str,
    pub person_id: i64,
    pub holder: &'a str,
    pub units: &'a [String],
    pub public: PublicKey,
    pub check: &'a str,
    pub at: &'a str,
}

/// An enrolment certificate signed by the registrar, not yet filed.
pub(crate) struct SignedEnrolment {
    pub registrar: KeyRow,
    pub signer: PublicKey,
    pub doc: Document,
    pub signature: String,
}

/// The registrar named in `sign` signs the enrolment certificate of `f.public` (before the
/// enrolment's transaction: a PIN check commits its own count). `None` without a registrar (the
/// app's own setup steps; `registrar_needed` refused the rest).
pub(crate) async fn certify_enrolment(
    store: &Store,
    secrets: &Bundle,
    by: &Caller,
    sign: Option<&RegistrarSign>,
    f: EnrolFacts<'_>,
) -> OpResult<Option<SignedEnrolment>> {
    let Some(sign) = sign else {
        return Ok(None);
    };
    refuse_self(store, sign, f.person_id, f.holder).await?;
    let root = root_of(store, f.community_id).await?;
    let e = Enrolment {
        community: f.community,
        root,
        person_id: f.person_id,
        holder: f.holder,
        units: f.units,
        public: f.public,
        check_method: f.check,
        at: f.at,
    };
    let (registrar, signer, mut signed) =
        registrar_signs(store, secrets, by, f.community_id, sign, |r| {
            vec![e.document(r)]
        })
        .await?;
    let (doc, signature) = signed.pop().expect("one document was given to sign");
    Ok(Some(SignedEnrolment {
        registrar,
        signer,
        doc,
        signature,
    }))
}

/// Files the enrolment certificate (when there is one) and the root's certificates of the
/// holder's offices, in the enrolment's transaction; returns the enrolment certificate's hash.
pub(crate) async fn file_enrolment(
    tx: &mut WriteTx,
    secrets: &Bundle,
    by: &Caller,
    community_id: i64,
    person_id: i64,
    public: &PublicKey,
    cert: Option<SignedEnrolment>,
) -> OpResult<Option<String>> {
    let hash = match cert {
        Some(c) => Some(
            file(
                tx,
                by,
                community_id,
                NewCertificate {
                    kind: CertKind::Enrolment,
                    person_id,
                    public_key: public,
                    signer_key: &c.signer,
                    doc: &c.doc,
                    signature: &c.signature,
                },
            )
            .await?,
        ),
        None => None,
    };
    certify_offices(tx, secrets, by, community_id, person_id).await?;
    Ok(hash)
}

/// The hash of the newest enrolment certificate of `public` for `person_id`, if any; one the
/// holder signed for themselves does not count (the key list shows the key as not certified by
/// a registrar, and a registrar's `key_certify` replaces it).
pub(crate) async fn enrolment_hash(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: i64,
    public: &PublicKey,
) -> OpResult<Option<String>> {
    let hex = public.hex();
    Ok(cert_store::certs(conn, community_id, Some(person_id))
        .await?
        .into_iter()
        .rev()
        .find(|c| {
            c.kind == CertKind::Enrolment.as_str()
                && c.public_key == hex
                && !self_signed(&c.document, person_id)
        })
        .map(|c| c.document_hash))
}

/// Whether a stored enrolment document names its own holder as the registrar.
fn self_signed(document: &str, person_id: i64) -> bool {
    serde_json::from_str::<Document>(document)
        .ok()
        .and_then(|d| d.get_int("registrar_id"))
        .is_some_and(|r| r == person_id)
}

/// At start-up: the root certifies the keys of office holders that have none from it (offices
/// and keys made before certificates existed, or before a rotation). Logged per certificate;
/// nothing is written when every office is certified.
pub async fn certify_all_offices(
    store: &Store,
    secrets: &Bundle,
    actor: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> OpResult<usize> {
    // Read first, checking each community's chain once: an ordinary start writes nothing.
    let holders: Vec<(i64, i64)> = {
        let communities = crate::store::community::list(store.reader()).await?;
        let mut conn = store.reader().acquire().await?;
        let mut out = Vec::new();
        for c in communities {
            let Some(root) = crate::ops::anchor::current_root(&mut conn, c.id).await? else {
                continue;
            };
            let roles: Vec<_> = role_store::list(&mut conn, c.id)
                .await?
                .into_iter()
                .filter(|r| CERTIFIED_OFFICES.contains(&r.role))
                .collect();
            if roles.is_empty() {
                continue;
            }
            let (_, certs, report) = chain_of(&mut conn, c.id).await?;
            for r in roles {
                let Some(key) = key_store::active_for(&mut conn, r.person_id).await? else {
                    continue;
                };
                let public = crate::ops::keys::public_of(&key)?;
                let done = office_by_root(
                    &report,
                    &certs,
                    &root.public,
                    r.person_id,
                    &public,
                    r.role,
                    now,
                );
                // Only an office and a key the log recorded: a row written outside the app
                // (which `audit verify` names) must not get the root's signature at start-up.
                if !done
                    && !out.contains(&(c.id, r.person_id))
                    && crate::store::ledger::row_is_logged(&mut conn, "roles", r.role_id).await?
                    && crate::store::ledger::row_is_logged(&mut conn, "signing_keys", key.id)
                        .await?
                {
                    out.push((c.id, r.person_id));
                }
            }
        }
        out
    };
    if holders.is_empty() {
        return Ok(0);
    }
    let by = Caller::new(actor, now);
    let mut tx = store.begin().await?;
    let mut made = 0;
    for (community_id, person_id) in holders {
        made += certify_offices(&mut tx, secrets, &by, community_id, person_id).await?;
    }
    if made > 0 {
        tx.commit().await?;
    }
    Ok(made)
}
