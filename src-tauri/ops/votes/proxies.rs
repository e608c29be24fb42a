//! Proxies (委托): the owner's written authorisation, registered for one vote with the scan's
//! hash and signed as `yishi/proxy/v1` (docs/record-format.md §Proxies) by the roll entry's own
//! voter with their key, or by two different officers of the vote (listed in its manifest), each
//! with their key and PIN. The signatures go to `signatures` (the row ledger covers them) and
//! travel with the proxy row in the record, where both verifiers check them.
//!
//! Invariant: the proxy row, its signatures and its event are written in one transaction.

use crate::crypto::canonical::sha256_hex;
use crate::domain::states::{Role, VoteStatus};
use crate::formats::record::{self, RollSnapshotEntry};
use crate::ops::keys::{HostApproval, record_signature, sign_with};
use crate::ops::votes::{ProxyAdd, ProxySigners, ProxyView};
use crate::ops::votes::{parse_time, require_vote, resolve_entry, settings_of, stamp, vote_detail};
use crate::ops::{Caller, Ctx, KeyProblem, OpError, OpResult, VoteProblem};
use crate::store::events::{self, NewEvent};
use crate::store::keys::{self as key_store, KeyRow};
use crate::store::votes::{self as vote_store, VoteRow};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

/// The offices that may sign a proxy's authorisation (those a manifest lists).
const OFFICES: [Role; 5] = [
    Role::Host,
    Role::Secretary,
    Role::Registrar,
    Role::Counter,
    Role::Scrutineer,
];

/// The checks of a registration that do not need a signature: the vote is open, the owner and
/// the proxy differ, the expiry is in the future, one proxy per owner, the proxy limit.
async fn check_row(
    conn: &mut SqliteConnection,
    row: &VoteRow,
    entry: &RollSnapshotEntry,
    proxy_id: i64,
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
) -> OpResult<()> {
    if row.status != VoteStatus::Open {
        return Err(OpError::Vote(VoteProblem::NotOpen));
    }
    if entry.voter() == proxy_id || expires <= now {
        return Err(OpError::Vote(VoteProblem::BadProxy));
    }
    let existing = vote_store::proxies(conn, row.id).await?;
    if existing.iter().any(|p| p.owner_id == entry.person_id) {
        return Err(OpError::Vote(VoteProblem::BadProxy));
    }
    let settings = settings_of(row)?;
    let held = existing.iter().filter(|p| p.proxy_id == proxy_id).count() as u32;
    if !settings.proxy_allows(held) {
        return Err(OpError::Vote(VoteProblem::ProxyLimit(
            settings.proxy_limit.unwrap_or_default(),
        )));
    }
    Ok(())
}

async fn key_row(conn: &mut SqliteConnection, row: &VoteRow, id: i64) -> OpResult<KeyRow> {
    key_store::get(conn, id)
        .await?
        .filter(|k| k.community_id == row.community_id)
        .ok_or(OpError::Key(KeyProblem::NotActive))
}

/// An officer who may sign: for a vote opened with a manifest, the key is one it lists for an
/// officer; before manifests, its holder holds one of the offices now.
async fn is_officer(conn: &mut SqliteConnection, row: &VoteRow, key: &KeyRow) -> OpResult<bool> {
    match super::manifest::load(conn, row.id).await? {
        Some(m) => Ok(m.officers.iter().any(|o| {
            o.person_id == key.person_id && o.public_key.eq_ignore_ascii_case(&key.public_key)
        })),
        None => Ok(crate::store::roles::list(conn, row.community_id)
            .await?
            .iter()
            .any(|r| r.person_id == key.person_id && OFFICES.contains(&r.role))),
    }
}

/// The keys that will sign, checked before any PIN is tried.
async fn check_signers(
    conn: &mut SqliteConnection,
    row: &VoteRow,
    entry: &RollSnapshotEntry,
    signers: &ProxySigners,
    now: DateTime<Utc>,
) -> OpResult<()> {
    match signers {
        ProxySigners::Owner { key } => {
            let k = key_row(conn, row, key.host_key_id).await?;
            if k.person_id != entry.voter() {
                return Err(OpError::Vote(VoteProblem::ProxyNotOwnersKey));
            }
            super::manifest::check_key(
                conn,
                row.community_id,
                row.id,
                k.person_id,
                &k.public_key,
                now,
            )
            .await
            .map_err(|_| OpError::Vote(VoteProblem::ProxyNotOwnersKey))
        }
        ProxySigners::Officers { officers: [a, b] } => {
            let (ka, kb) = (
                key_row(conn, row, a.host_key_id).await?,
                key_row(conn, row, b.host_key_id).await?,
            );
            if ka.id == kb.id || ka.person_id == kb.person_id {
                return Err(OpError::Vote(VoteProblem::ProxyNeedsTwoOfficers));
            }
            for k in [&ka, &kb] {
                if !is_officer(conn, row, k).await? {
                    return Err(OpError::Vote(VoteProblem::ProxyNeedsTwoOfficers));
                }
            }
            Ok(())
        }
    }
}

/// Registers a proxy: the owner's roll entry, the person who may vote for it, the scan of the
/// written authorisation, its scope and expiry, signed by the owner's key or by two officers.
pub async fn proxy_add(ctx: &Ctx, by: &Caller, input: ProxyAdd) -> OpResult<Vec<ProxyView>> {
    let scan = base64::engine::general_purpose::STANDARD
        .decode(input.scan_base64.trim())
        .map_err(|_| OpError::Invalid(crate::ops::Invalid::Base64))?;
    if scan.is_empty() {
        return Err(OpError::Vote(VoteProblem::ScanMissing));
    }
    let expires = parse_time(&input.expires_at)?;
    let scan_sha = sha256_hex(&scan);
    let scope = input.scope.trim().to_string();
    let registered_at = stamp(by.now);
    let store = ctx.store().await;
    let (row, entry, doc) = {
        let mut conn = store.reader().acquire().await?;
        let row = require_vote(&mut conn, input.vote_id).await?;
        if row.status != VoteStatus::Open {
            return Err(OpError::Vote(VoteProblem::NotOpen));
        }
        // The owner is a roll entry; its proxy must be someone other than the person voting
        // for it.
        let entry = resolve_entry(&mut conn, input.vote_id, input.owner_id)
            .await?
            .ok_or(OpError::Vote(VoteProblem::NotOnRoll))?;
        check_row(&mut conn, &row, &entry, input.proxy_id, expires, by.now).await?;
        check_signers(&mut conn, &row, &entry, &input.signers, by.now).await?;
        let community = crate::ops::context::require(&mut conn, row.community_id).await?;
        let manifest_hash = crate::store::manifests::hash(&mut conn, row.id)
            .await?
            .unwrap_or_default();
        let doc = record::proxy_document(&record::ProxyFields {
            community: &community.name,
            vote_id: row.id,
            manifest_hash: &manifest_hash,
            entry: &entry,
            proxy_id: input.proxy_id,
            scope: &scope,
            expires_at: &stamp(expires),
            scan_sha256: &scan_sha,
            registered_at: &registered_at,
        });
        (row, entry, doc)
    };
    let approvals: Vec<&HostApproval> = match &input.signers {
        ProxySigners::Owner { key } => vec![key],
        ProxySigners::Officers { officers } => officers.iter().collect(),
    };
    let mut signed = Vec::new();
    for a in approvals {
        signed.push(sign_with(&store, &ctx.secrets(), by, a.host_key_id, &a.host_pin, &doc).await?);
    }
    let mut tx = store.begin().await?;
    // Again inside the write: another registration may have got in meanwhile.
    let fresh = require_vote(tx.conn(), row.id).await?;
    check_row(tx.conn(), &fresh, &entry, input.proxy_id, expires, by.now).await?;
    let id = vote_store::insert_proxy(
        tx.conn(),
        row.id,
        entry.person_id,
        input.proxy_id,
        &scan_sha,
        &scope,
        expires,
        by.now,
    )
    .await?;
    let subject = format!("vote:{}:proxy:{id}", row.id);
    for (key, signature) in &signed {
        record_signature(
            &mut tx,
            row.community_id,
            key.id,
            key.person_id,
            &subject,
            &doc,
            signature,
            &registered_at,
        )
        .await?;
    }
    let signed_by = match input.signers {
        ProxySigners::Owner { .. } => "owner",
        ProxySigners::Officers { .. } => "officers",
    };
    let signers: Vec<i64> = signed.iter().map(|(k, _)| k.person_id).collect();
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(row.community_id),
        kind: "vote.proxy_added",
        payload: json!({ "vote_id": row.id, "owner_id": entry.person_id, "proxy_id": input.proxy_id, "scan_sha256": scan_sha, "scope": scope, "expires_at": stamp(expires), "signed_by": signed_by, "signers": signers, "document_hash": doc.hash_hex() }),
    })
    .await?;
    tx.commit().await?;
    drop(store);
    Ok(vote_detail(ctx, by.now, row.id, crate::lang::Lang::Zh)
        .await?
        .proxies)
}
