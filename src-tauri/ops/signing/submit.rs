//! Signing at the kiosk and re-checking signatures. A person picks their name, sees exactly the
//! document they will sign (in plain words), enters their PIN, and gets a receipt. Every stored
//! signature can be re-verified on the spot.
//!
//! Invariant: the bytes signed are rebuilt on the server from the subject and the preview's
//! timestamp; a signature is stored only if they hash to what the signer was shown.

use crate::crypto::signing::{Document, FieldValue, PublicKey};
use crate::lang::Lang;
use crate::ops::keys::{
    DocLine, Receipt, SignPreview, SignRequest, SignSubject, SignSubmit, SignedFileSubmit,
    StatementCreate, StatementView,
};
use crate::ops::keys::{public_of, qr_svg, record_signature, sign_with};
pub use crate::ops::signing::{check_row, signature_files, signature_list};
use crate::ops::{Caller, Ctx, Invalid, KeyProblem, Missing, OpError, OpResult};
use crate::store::events::{self, NewEvent};
use crate::store::keys as key_store;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

/// How long a preview may be confirmed after it was shown.
const CONFIRM_WINDOW_MINUTES: i64 = 15;

use crate::ops::context::unit_labels;
use crate::ops::signing::statement::{
    BoxFuture, Signed, Signer, Statement, own_label, own_value, statement_for,
};

fn subject_key(subject: &SignSubject) -> String {
    statement_for(subject).subject_key(subject)
}

/// A free-text statement the host writes for people to sign (`yishi/statement/v1`).
pub(crate) struct TextStatement;

impl Statement for TextStatement {
    fn tags(&self) -> &'static [&'static str] {
        &["yishi/statement/v1"]
    }

    fn handles(&self, subject: &SignSubject) -> bool {
        matches!(subject, SignSubject::Statement { .. })
    }

    fn subject_key(&self, subject: &SignSubject) -> String {
        match subject {
            SignSubject::Statement { statement_id } => format!("statement:{statement_id}"),
            _ => String::new(),
        }
    }

    fn document<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        signer: Signer<'a>,
        subject: &'a SignSubject,
    ) -> BoxFuture<'a, OpResult<Document>> {
        Box::pin(async move {
            let SignSubject::Statement { statement_id } = subject else {
                unreachable!("TextStatement handles statements only")
            };
            let st = key_store::statements(conn, signer.community_id, Some(*statement_id))
                .await?
                .pop()
                .ok_or(OpError::NotFound(Missing::Statement(*statement_id)))?;
            Ok(Document::new("yishi/statement/v1")
                .text("community", signer.community)
                .int("statement_id", st.id)
                .text("title", st.title)
                .text("body", st.body)
                .text("signer", signer.name)
                .text("signer_units", signer.units)
                .text("public_key", signer.public.hex())
                .text("signed_at", signer.signed_at))
        })
    }
}

pub async fn statement_create(
    ctx: &Ctx,
    by: &Caller,
    input: StatementCreate,
) -> OpResult<StatementView> {
    let title = input.title.trim();
    let body = input.body.trim();
    if title.is_empty() || body.is_empty() {
        return Err(OpError::Invalid(Invalid::EmptyName));
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    let at = by.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let id =
        key_store::insert_statement(tx.conn(), input.community_id, title, body, &at, &by.actor)
            .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(input.community_id),
        kind: "statement.created",
        payload: json!({ "statement_id": id, "title": title, "body_sha256": crate::crypto::canonical::sha256_hex(body.as_bytes()) }),
    })
    .await?;
    let out = statement_views(tx.conn(), input.community_id, Some(id))
        .await?
        .remove(0);
    tx.commit().await?;
    Ok(out)
}

async fn statement_views(
    conn: &mut SqliteConnection,
    community_id: i64,
    id: Option<i64>,
) -> OpResult<Vec<StatementView>> {
    Ok(key_store::statements(conn, community_id, id)
        .await?
        .into_iter()
        .map(|s| StatementView {
            subject: format!("statement:{}", s.id),
            statement_id: s.id,
            title: s.title,
            body: s.body,
            created_at: s.created_at,
            created_by: s.created_by,
            signatures: s.signatures,
        })
        .collect())
}

pub async fn statement_list(ctx: &Ctx, community_id: i64) -> OpResult<Vec<StatementView>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, community_id).await?;
    statement_views(&mut conn, community_id, None).await
}

/// The person's active key, or an error naming them.
async fn active_key(conn: &mut SqliteConnection, person_id: i64) -> OpResult<key_store::KeyRow> {
    if let Some(key) = key_store::active_for(conn, person_id).await? {
        return Ok(key);
    }
    let holder = crate::store::roles::person_community(conn, person_id)
        .await?
        .map(|(_, n)| n)
        .unwrap_or_default();
    Err(OpError::Key(KeyProblem::NoKey { holder }))
}

/// The exact document a person signs for a subject at a moment.
async fn build_document(
    conn: &mut SqliteConnection,
    req: &SignRequest,
    public: &PublicKey,
    signed_at: &str,
) -> OpResult<Document> {
    let community = crate::ops::context::require(conn, req.community_id).await?;
    let (_, signer) = crate::store::roles::person_community(conn, req.person_id)
        .await?
        .filter(|(c, _)| *c == req.community_id)
        .ok_or(OpError::NotFound(Missing::Person(req.person_id)))?;
    let units = unit_labels(conn, req.person_id).await?.join("、");
    let signer = Signer {
        community_id: req.community_id,
        community: &community.name,
        person_id: req.person_id,
        name: &signer,
        units: &units,
        public,
        signed_at,
    };
    let statement = statement_for(&req.subject);
    let doc = statement.document(conn, signer, &req.subject).await?;
    debug_assert!(
        statement.tags().contains(&doc.context.as_str()),
        "a statement's document carries one of its own tags: {}",
        doc.context
    );
    Ok(doc)
}

/// Field labels in plain words.
fn label(name: &str, lang: Lang) -> String {
    let (zh, en) = match name {
        "community" => ("小区", "Community"),
        "statement_id" => ("文件编号", "Document no."),
        "title" => ("标题", "Title"),
        "body" => ("内容", "Text"),
        "signer" => ("签名人", "Signer"),
        "signer_units" => ("房屋", "Units"),
        "public_key" => ("签名密钥", "Signing key"),
        "signed_at" => ("签署时间", "Signed at"),
        "meeting_id" => ("会议编号", "Meeting no."),
        "meeting" => ("会议", "Meeting"),
        "meeting_kind" => ("会议类型", "Kind of meeting"),
        "starts_at" => ("会议时间", "Meeting time"),
        "place" => ("地点", "Place"),
        "minutes_id" => ("会议记录编号", "Minutes no."),
        "text" => ("正文", "Text"),
        "text_hash" => ("正文哈希", "Text hash"),
        "minutes_hash" => ("会议记录哈希", "Minutes hash"),
        "addendum_id" => ("补充说明编号", "Addendum no."),
        "matter_id" => ("议题编号", "Matter no."),
        "matter" => ("议题", "Matter"),
        "proposal_id" => ("方案编号", "Proposal no."),
        "proposal" => ("方案", "Proposal"),
        "proposal_hash" => ("方案哈希", "Proposal hash"),
        "party" => ("代表方", "Party"),
        "party_label" => ("代表方名称", "Party name"),
        "from" => ("原阶段", "From stage"),
        "to" => ("跳至阶段", "To stage"),
        "holder" => ("密钥持有人", "Key holder"),
        "units" => ("房屋", "Units"),
        "checked_by" => ("核验人", "Checked by"),
        "check_method" => ("核验方式", "Checked with"),
        "enrolled_at" => ("登记时间", "Enrolled at"),
        "reason" => ("原因", "Reason"),
        "year" => ("年份", "Year"),
        "assumption" => ("计算方式", "How dates are counted"),
        "host" => ("主持人", "Host"),
        "host_public_key" => ("主持人密钥", "Host's key"),
        "revoked_at" => ("撤销时间", "Revoked at"),
        "unlocked_at" => ("解锁时间", "Unlocked at"),
        "old_public_key" => ("原密钥", "Old key"),
        "new_public_key" => ("新密钥", "New key"),
        "rotated_at" => ("更换时间", "Rotated at"),
        "vote_id" => ("表决编号", "Vote no."),
        "motion" => ("议案", "Motion"),
        "roll_hash" => ("冻结名册哈希", "Frozen roll hash"),
        "voter_id" => ("投票人编号", "Voter no."),
        "voter" => ("投票人", "Voter"),
        "voter_units" => ("投票人房屋", "Voter's units"),
        "entry_id" => ("名册业主编号", "Roll entry no."),
        "entry" => ("名册业主", "Roll entry"),
        "entry_units" => ("名册业主房屋", "Roll entry's units"),
        "cast_by_id" => ("签名人编号", "Signer no."),
        "cast_by" => ("签名人", "Signed by"),
        "choice" => ("表决意见", "Choice"),
        "scan_sha256" => ("纸质票扫描件哈希", "Scan hash"),
        "ballots_hash" => ("选票清单哈希", "Ballot list hash"),
        "outcome" => ("计票结果", "Outcome"),
        "passed" => ("是否通过", "Passed"),
        "closed_at" => ("结束时间", "Closed at"),
        other => own_label(other).unwrap_or((other, other)),
    };
    lang.pick(zh, en).to_string()
}

pub fn lines(doc: &Document, lang: Lang) -> Vec<DocLine> {
    doc.fields
        .iter()
        .map(|f| {
            let value = match &f.value {
                FieldValue::Text(t) if let Some(v) = own_value(&doc.context, &f.name, t, lang) => v,
                FieldValue::Text(t) if f.name.ends_with("public_key") => PublicKey::parse(t)
                    .map(|k| k.fingerprint())
                    .unwrap_or_else(|_| t.clone()),
                FieldValue::Text(t) => t.clone(),
                FieldValue::Int(i) => i.to_string(),
            };
            DocLine {
                label: label(&f.name, lang),
                value,
            }
        })
        .collect()
}

async fn already_signed(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: i64,
    subject: &str,
) -> OpResult<Option<String>> {
    Ok(key_store::signed_at(conn, community_id, subject, person_id).await?)
}

/// What the person will sign. A ballot that would be refused is refused here already, and the
/// refusal is on the record like any other.
pub async fn sign_preview(
    ctx: &Ctx,
    by: &Caller,
    req: SignRequest,
    lang: Lang,
) -> OpResult<SignPreview> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let key = key_store::active_for(&mut conn, req.person_id).await?;
    let signed_at = by.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    // Without a key the document is still shown, bound to no key, so people see what it says.
    let public = match &key {
        Some(k) => public_of(k)?,
        None => PublicKey([0u8; 32]),
    };
    let document = match build_document(&mut conn, &req, &public, &signed_at).await {
        Ok(d) => d,
        Err(e) => {
            drop(conn);
            return Err(refused(&store, by, &req, e).await);
        }
    };
    let (_, signer_name) = crate::store::roles::person_community(&mut conn, req.person_id)
        .await?
        .ok_or(OpError::NotFound(Missing::Person(req.person_id)))?;
    let blocker = match &key {
        None => Some(OpError::Key(KeyProblem::NoKey {
            holder: signer_name.clone(),
        })),
        Some(k) if k.locked => Some(OpError::Key(KeyProblem::Locked {
            holder: signer_name.clone(),
        })),
        Some(k) if k.sealed_secret.is_none() => Some(OpError::Key(KeyProblem::NoSecretHere)),
        Some(_) if !statement_for(&req.subject).once_per_signer() => None,
        Some(_) => already_signed(
            &mut conn,
            req.community_id,
            req.person_id,
            &subject_key(&req.subject),
        )
        .await?
        .map(|at| OpError::Key(KeyProblem::AlreadySigned { at })),
    };
    Ok(SignPreview {
        lines: lines(&document, lang),
        document_hash: document.hash_hex(),
        document,
        signed_at,
        signer_name,
        key_id: key.as_ref().map(|k| k.id),
        fingerprint: key.as_ref().map(|_| public.fingerprint()),
        blocker: blocker.map(|e| e.message(lang)),
    })
}

pub(crate) fn receipt(
    signature_id: i64,
    doc: &Document,
    signer: &str,
    public: &PublicKey,
    signed_at: &str,
) -> Receipt {
    let hash = doc.hash_hex();
    let short = hash[..12].to_uppercase();
    Receipt {
        signature_id,
        short_code: format!("{}-{}-{}", &short[..4], &short[4..8], &short[8..12]),
        qr_svg: qr_svg(&format!("yishi-receipt:v1:{hash}")),
        document_hash: hash,
        signed_at: signed_at.to_string(),
        signer_name: signer.to_string(),
        fingerprint: public.fingerprint(),
        // A document binding a manifest (ballots v3) names it on the receipt.
        manifest: doc
            .get_text("manifest_hash")
            .map(crate::formats::manifest::short_form),
        checkpoint: None,
    }
}

fn within_window(signed_at: &str, now: DateTime<Utc>) -> bool {
    DateTime::parse_from_rfc3339(signed_at)
        .map(|t| {
            let age = now.signed_duration_since(t.with_timezone(&Utc));
            age.num_seconds() >= -60 && age.num_minutes() <= CONFIRM_WINDOW_MINUTES
        })
        .unwrap_or(false)
}

/// Kiosk signing: the person confirms the previewed document with their PIN.
pub async fn sign(ctx: &Ctx, by: &Caller, input: SignSubmit) -> OpResult<Receipt> {
    if !within_window(&input.signed_at, by.now) {
        return Err(OpError::Key(KeyProblem::DocumentChanged));
    }
    let store = ctx.store().await;
    let subject = subject_key(&input.request.subject);
    let built = {
        let mut conn = store.reader().acquire().await?;
        let key = active_key(&mut conn, input.request.person_id).await?;
        match build_document(
            &mut conn,
            &input.request,
            &public_of(&key)?,
            &input.signed_at,
        )
        .await
        {
            Ok(doc) => {
                if statement_for(&input.request.subject).once_per_signer() {
                    if let Some(at) = already_signed(
                        &mut conn,
                        input.request.community_id,
                        input.request.person_id,
                        &subject,
                    )
                    .await?
                    {
                        return Err(OpError::Key(KeyProblem::AlreadySigned { at }));
                    }
                }
                Ok((key, doc))
            }
            Err(e) => Err(e),
        }
    };
    let (key, doc) = match built {
        Ok(kd) => kd,
        Err(e) => return Err(refused(&store, by, &input.request, e).await),
    };
    if doc.hash_hex() != input.document_hash {
        return Err(OpError::Key(KeyProblem::DocumentChanged));
    }
    let (key, signature) = sign_with(&store, &ctx.secrets(), by, key.id, &input.pin, &doc).await?;
    let signed = Signed {
        store: &store,
        by,
        request: &input.request,
        key: &key,
        doc: &doc,
        signature: &signature,
        channel: "kiosk",
    };
    match statement_for(&input.request.subject).file(signed) {
        Some(filed) => match filed.await {
            Ok(r) => Ok(r),
            Err(e) => Err(refused(&store, by, &input.request, e).await),
        },
        None => {
            store_signature(
                &store,
                by,
                &input.request,
                &subject,
                key.clone(),
                &doc,
                &signature,
                &input.signed_at,
            )
            .await
        }
    }
}

/// A refusal as the subject's statement records it (a refused ballot is on the vote's record).
async fn refused(
    store: &crate::store::Store,
    by: &Caller,
    req: &SignRequest,
    err: OpError,
) -> OpError {
    statement_for(&req.subject)
        .refused(store, by, req, err)
        .await
}

#[allow(clippy::too_many_arguments)]
async fn store_signature(
    store: &crate::store::Store,
    by: &Caller,
    req: &SignRequest,
    subject: &str,
    key: key_store::KeyRow,
    doc: &Document,
    signature: &str,
    signed_at: &str,
) -> OpResult<Receipt> {
    let mut tx = store.begin().await?;
    if let Some(at) = already_signed(tx.conn(), req.community_id, req.person_id, subject).await? {
        return Err(OpError::Key(KeyProblem::AlreadySigned { at }));
    }
    let id = record_signature(
        &mut tx,
        req.community_id,
        key.id,
        req.person_id,
        subject,
        doc,
        signature,
        signed_at,
    )
    .await?;
    statement_for(&req.subject)
        .on_signed(&mut tx, by, req, id, signed_at)
        .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(req.community_id),
        kind: "signature.made",
        payload: json!({ "signature_id": id, "subject": subject, "signer": key.person_name, "key_id": key.id,
                         "document_sha256": doc.hash_hex(), "context": doc.context }),
    })
    .await?;
    tx.commit().await?;
    Ok(receipt(
        id,
        doc,
        &key.person_name,
        &public_of(&key)?,
        signed_at,
    ))
}

/// A member signed with their own key elsewhere; check it and file it.
pub async fn signature_submit(
    ctx: &Ctx,
    by: &Caller,
    input: SignedFileSubmit,
) -> OpResult<Receipt> {
    let store = ctx.store().await;
    match check_submitted(&store, &input).await {
        Ok(key) => {
            let file = &input.file;
            let signed_at = file
                .document
                .get_text("signed_at")
                .unwrap_or_default()
                .to_string();
            let signed = Signed {
                store: &store,
                by,
                request: &input.request,
                key: &key,
                doc: &file.document,
                signature: &file.signature,
                channel: "file",
            };
            match statement_for(&input.request.subject).file(signed) {
                Some(filed) => match filed.await {
                    Ok(r) => Ok(r),
                    Err(e) => Err(refused(&store, by, &input.request, e).await),
                },
                None => {
                    let subject = subject_key(&input.request.subject);
                    store_signature(
                        &store,
                        by,
                        &input.request,
                        &subject,
                        key.clone(),
                        &file.document,
                        &file.signature,
                        &signed_at,
                    )
                    .await
                }
            }
        }
        Err(e) => Err(refused(&store, by, &input.request, e).await),
    }
}

/// A submitted file must be signed by the person's active key, over exactly the document the
/// app would have shown them.
async fn check_submitted(
    store: &crate::store::Store,
    input: &SignedFileSubmit,
) -> OpResult<key_store::KeyRow> {
    let file = &input.file;
    let public = file
        .verify()
        .map_err(|_| OpError::Key(KeyProblem::SignatureInvalid))?;
    let mut conn = store.reader().acquire().await?;
    let key = active_key(&mut conn, input.request.person_id).await?;
    if key.public_key != public.hex() {
        return Err(OpError::Key(KeyProblem::SignatureInvalid));
    }
    let signed_at = file
        .document
        .get_text("signed_at")
        .unwrap_or_default()
        .to_string();
    let expected = build_document(&mut conn, &input.request, &public, &signed_at).await?;
    if expected != file.document {
        return Err(statement_for(&input.request.subject).mismatch(&expected, &file.document));
    }
    Ok(key)
}
