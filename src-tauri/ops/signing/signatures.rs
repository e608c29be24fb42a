//! Stored signatures read back: the signature panel's pages (each row re-verified on the spot)
//! and the export of every signature of a community as self-contained signed files.
//!
//! Invariant: nothing here is capped: the panel pages (offset/limit with the total) and the
//! export reads keyset pages until the last signature.

use crate::crypto::signing::{self, Document, PublicKey};
use crate::lang::Lang;
use crate::ops::keys::{DocLine, KeyStatus, SignatureQuery, SignatureView, SignedFile};
use crate::ops::signing::lines;
use crate::ops::{Ctx, KeyProblem, OpError, OpResult};
use crate::store::keys::{self as key_store, SignatureRow};
use crate::store::typed::stamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Rows per panel page unless asked otherwise, and the most a page may hold.
pub const PAGE_DEFAULT: u32 = 100;
pub const PAGE_MAX: u32 = 500;
/// Rows read per query while exporting.
const EXPORT_PAGE: u32 = 500;

/// One page of signatures, newest first, and how many match in all.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignaturePage {
    pub items: Vec<SignatureView>,
    #[ts(type = "number")]
    pub total: i64,
    pub offset: u32,
    pub limit: u32,
}

/// Re-verifies one stored signature: bytes, hash, signature, and the key's validity then.
pub fn check_row(row: &SignatureRow, lang: Lang) -> (bool, String, Vec<DocLine>, String, String) {
    let doc: Result<Document, _> = serde_json::from_str(&row.document);
    let public = PublicKey::parse(&row.public_key);
    let (Ok(doc), Ok(public)) = (doc, public) else {
        return (
            false,
            lang.pick(
                "存储的签名记录已损坏。",
                "The stored signature record is damaged.",
            )
            .into(),
            Vec::new(),
            String::new(),
            String::new(),
        );
    };
    let lines = lines(&doc, lang);
    let fingerprint = public.fingerprint();
    if doc.hash_hex() != row.document_hash {
        return (
            false,
            lang.pick(
                "文件内容与签名时的哈希不符：签名后被改动过。",
                "The document does not match its hash: changed after signing.",
            )
            .into(),
            lines,
            doc.context,
            fingerprint,
        );
    }
    if signing::verify(&public, &doc, &row.signature).is_err() {
        return (
            false,
            lang.pick(
                "签名与文件不符：无效签名。",
                "The signature does not match the document: invalid.",
            )
            .into(),
            lines,
            doc.context,
            fingerprint,
        );
    }
    if let Some(ended) = &row.key_ended_at {
        if row.signed_at > *ended {
            return (
                false,
                lang.pick(
                    "签名晚于密钥失效时间：无效。",
                    "Signed after the key ended: invalid.",
                )
                .into(),
                lines,
                doc.context,
                fingerprint,
            );
        }
    }
    let verdict = match row.key_status {
        KeyStatus::Active => lang.pick(
            "签名有效，文件未被改动。",
            "Valid signature; the document is unchanged.",
        ),
        KeyStatus::Revoked | KeyStatus::Replaced => lang.pick(
            "签名有效（签署时密钥有效，之后已撤销或更换）。",
            "Valid signature (the key was valid when it signed; since revoked or replaced).",
        ),
    };
    (true, verdict.to_string(), lines, doc.context, fingerprint)
}

fn view(row: SignatureRow, lang: Lang) -> SignatureView {
    let (valid, verdict, lines, context, fingerprint) = check_row(&row, lang);
    SignatureView {
        signature_id: row.id,
        person_id: row.person_id,
        signer_name: row.person_name,
        subject: row.subject,
        context,
        signed_at: stamp(row.signed_at),
        public_key: format!("yishi-key:v1:{}", row.public_key),
        fingerprint,
        key_status: row.key_status,
        key_ended_at: row.key_ended_at.map(stamp),
        document_hash: row.document_hash,
        signature: row.signature,
        lines,
        valid,
        verdict,
    }
}

/// A page of a community's signatures (optionally of one subject), each re-verified now.
pub async fn signature_list(ctx: &Ctx, q: SignatureQuery, lang: Lang) -> OpResult<SignaturePage> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, q.community_id).await?;
    let limit = q.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
    let (rows, total) = key_store::signature_page(
        &mut conn,
        q.community_id,
        q.subject.as_deref(),
        q.offset,
        limit,
    )
    .await?;
    Ok(SignaturePage {
        items: rows.into_iter().map(|r| view(r, lang)).collect(),
        total,
        offset: q.offset,
        limit,
    })
}

fn signed_file(r: SignatureRow) -> OpResult<SignedFile> {
    let document: Document =
        serde_json::from_str(&r.document).map_err(|_| OpError::Key(KeyProblem::SealedDamaged))?;
    Ok(SignedFile {
        format: "yishi-signed/v1".into(),
        document,
        public_key: format!("yishi-key:v1:{}", r.public_key),
        signature: r.signature,
    })
}

/// Every signature of a community as a signed file, newest first, handed to `each` one at a
/// time while reading page after page (nothing capped, never all in memory). Returns how many.
pub async fn signature_files_each(
    ctx: &Ctx,
    community_id: i64,
    mut each: impl FnMut(SignedFile) -> OpResult<()>,
) -> OpResult<usize> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, community_id).await?;
    let mut before = None;
    let mut n = 0;
    loop {
        let rows =
            key_store::signatures_before(&mut conn, community_id, before, EXPORT_PAGE).await?;
        let Some(last) = rows.last() else {
            return Ok(n);
        };
        before = Some(last.id);
        for r in rows {
            each(signed_file(r)?)?;
            n += 1;
        }
    }
}

/// Every signature of a community as self-contained signed files, for re-checking offline.
pub async fn signature_files(ctx: &Ctx, community_id: i64) -> OpResult<Vec<SignedFile>> {
    let mut out = Vec::new();
    signature_files_each(ctx, community_id, |f| {
        out.push(f);
        Ok(())
    })
    .await?;
    Ok(out)
}
