//! The vote manifest (docs/record-format.md §Manifest): made and signed by the community's root
//! when a vote opens, inside the opening's transaction; read back for ballots (which bind its
//! hash), for closing (its officers sign the result) and for the record and the notice.

use crate::domain::states::Role;
use crate::formats::manifest::{
    self, ManifestEntry, ManifestFields, ManifestKey, ManifestOfficer, ManifestPersonKeys,
    RecordManifest,
};
use crate::formats::record::{
    RecordCert, RecordManifestPart, RecordRoot, RecordVote, RollSnapshotEntry,
};
use crate::formats::signed::SignedFile;
use crate::ops::{Caller, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::manifests::{self as manifest_store, ManifestRow};
use crate::store::{keys as key_store, roles as role_store};
use sqlx::SqliteConnection;
use std::collections::BTreeSet;

/// The offices a manifest lists: who signs the result and who enrols keys during the vote.
const OFFICES: [Role; 5] = [
    Role::Host,
    Role::Secretary,
    Role::Registrar,
    Role::Counter,
    Role::Scrutineer,
];

fn corrupt(e: impl ToString) -> OpError {
    OpError::Storage(crate::store::StoreError::Corrupt(e.to_string()))
}

/// A random salt per entry and the commitment to its name, which the roll hash binds
/// (`yishi/vote-roll/v3`): the copy of the record for anyone leaves the names out.
pub(crate) fn commit_names(entries: &mut [RollSnapshotEntry]) {
    use rand_core::{OsRng, RngCore};
    for e in entries {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let salt = hex::encode(salt);
        e.committed = Some(crate::formats::record::NameCommitment {
            commitment: crate::formats::record::name_commitment(&salt, &e.name),
            salt: Some(salt),
        });
    }
}

type Lists = (
    Vec<ManifestEntry>,
    Vec<ManifestPersonKeys>,
    Vec<ManifestOfficer>,
);

/// The keys of each entry's voter valid now, every other person's, and every officer with an
/// active key.
async fn lists(
    conn: &mut SqliteConnection,
    community_id: i64,
    entries: &[RollSnapshotEntry],
) -> OpResult<Lists> {
    let keys = key_store::list(conn, community_id).await?;
    let certs = crate::store::certs::certs(conn, community_id, None).await?;
    // Enrolments that hold by the chain (a registrar in office, not the holder, not revoked):
    // a key with none is listed with `cert` "" (on the root's word alone).
    let (_, _, report) = crate::ops::keys::certify::chain_of(conn, community_id).await?;
    let holding: BTreeSet<i64> = report
        .enrolments
        .iter()
        .filter(|g| g.until.is_none())
        .map(|g| g.cert_id)
        .collect();
    // The enrolment certificate of a key, by the key's hex (the newest, if several).
    let cert_of = |public: &str| {
        certs
            .iter()
            .rev()
            .find(|c| c.kind == "enrolment" && c.public_key == public && holding.contains(&c.id))
            .and_then(|c| {
                serde_json::from_str::<crate::crypto::signing::Document>(&c.document).ok()
            })
            .map(|d| d.hash_hex())
            .unwrap_or_default()
    };
    let active = |person: i64| {
        keys.iter()
            .filter(move |k| k.person_id == person && k.ended_at.is_none())
            .collect::<Vec<_>>()
    };
    let voters: BTreeSet<i64> = entries.iter().map(RollSnapshotEntry::voter).collect();
    let mut others: Vec<ManifestPersonKeys> = Vec::new();
    for k in keys
        .iter()
        .filter(|k| k.ended_at.is_none() && !voters.contains(&k.person_id))
    {
        let key = ManifestKey {
            public_key: k.public_key.clone(),
            cert: cert_of(&k.public_key),
        };
        match others.iter_mut().find(|o| o.person_id == k.person_id) {
            Some(o) => o.keys.push(key),
            None => others.push(ManifestPersonKeys {
                person_id: k.person_id,
                keys: vec![key],
            }),
        }
    }
    others.sort_by_key(|o| o.person_id);
    let list = entries
        .iter()
        .map(|e| ManifestEntry {
            entry_id: e.person_id,
            units: e.units.clone(),
            area: e.area,
            voter_id: e.voter(),
            keys: active(e.voter())
                .into_iter()
                .map(|k| ManifestKey {
                    public_key: k.public_key.clone(),
                    cert: cert_of(&k.public_key),
                })
                .collect(),
        })
        .collect();
    let mut officers = Vec::new();
    let mut seen = BTreeSet::new();
    for r in role_store::list(conn, community_id).await? {
        if !OFFICES.contains(&r.role) || !seen.insert((r.role.key(), r.person_id)) {
            continue;
        }
        for k in active(r.person_id) {
            officers.push(ManifestOfficer {
                role: r.role.key().to_string(),
                person_id: r.person_id,
                public_key: k.public_key.clone(),
            });
        }
    }
    Ok((list, others, officers))
}

/// Makes, signs (with the community's root, made now if it has none) and stores the manifest
/// of a vote being opened; returns its hash. Inside the opening's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn make(
    tx: &mut WriteTx,
    secrets: &crate::secrets::Bundle,
    by: &Caller,
    vote: &RecordVote,
    community: &str,
    community_id: i64,
    scope: Option<&str>,
    roll_hash: &str,
    entries: &[RollSnapshotEntry],
) -> OpResult<String> {
    let root = crate::ops::anchor::ensure_root(tx, secrets, community_id, by).await?;
    let (list, others, officers) = lists(tx.conn(), community_id, entries).await?;
    let doc = manifest::manifest_document(&ManifestFields {
        community,
        root: &root.public,
        vote,
        scope,
        roll_hash,
        entries: &list,
        others: &others,
        officers: &officers,
    });
    let (root, signed) =
        crate::ops::anchor::root_sign(tx.conn(), secrets, community_id, &doc).await?;
    let hash = doc.hash_hex();
    manifest_store::insert(
        tx.conn(),
        &ManifestRow {
            vote_id: vote.id,
            document: serde_json::to_string(&signed.document).map_err(corrupt)?,
            root_key: root.public.hex(),
            signature: signed.signature.clone(),
            entries: serde_json::to_string(&list).map_err(corrupt)?,
            others: serde_json::to_string(&others).map_err(corrupt)?,
            officers: serde_json::to_string(&officers).map_err(corrupt)?,
            hash: hash.clone(),
            created_at: vote.opened_at.clone(),
        },
    )
    .await?;
    Ok(hash)
}

/// The stored manifest of a vote, with its lists.
pub(crate) async fn load(
    conn: &mut SqliteConnection,
    vote_id: i64,
) -> OpResult<Option<RecordManifest>> {
    let Some(row) = manifest_store::get(conn, vote_id).await? else {
        return Ok(None);
    };
    let document = serde_json::from_str(&row.document).map_err(corrupt)?;
    let public = crate::crypto::signing::PublicKey::parse_bytes(&row.root_key).map_err(corrupt)?;
    Ok(Some(RecordManifest {
        signed: SignedFile::new(document, &public, row.signature),
        entries: serde_json::from_str(&row.entries).map_err(corrupt)?,
        others: serde_json::from_str(&row.others).map_err(corrupt)?,
        officers: serde_json::from_str(&row.officers).map_err(corrupt)?,
    }))
}

/// What a v2 record carries: the manifest, the root that signed it (with the hand-overs from
/// earlier roots) and the certificates (role, enrolment, revocation) of the keys the record
/// uses (`keys`, hex: the ballots', the witnesses' and the result's signers'), and no others:
/// a certificate names its holder.
pub(crate) async fn record_part(
    conn: &mut SqliteConnection,
    community_id: i64,
    vote_id: i64,
    keys: &BTreeSet<String>,
) -> OpResult<Option<RecordManifestPart>> {
    let Some(m) = load(conn, vote_id).await? else {
        return Ok(None);
    };
    // The officers' keys too: their role certificates back the manifest's list.
    let mut keys = keys.clone();

    keys.extend(m.officers.iter().map(|o| o.public_key.to_lowercase()));
    let signer = m.signed.public_key.clone();
    let history = crate::ops::anchor::root_history(conn, community_id).await?;
    let position = history
        .iter()
        .position(|r| r.info.public.text() == signer)
        .unwrap_or(history.len());
    let generation = history.get(position).map_or(0, |r| r.info.generation);
    // Every hand-over up to the newest root (a later generation may sign the record's
    // checkpoint), each followed by its countersignatures as signed files of the same document.
    let countersigned = crate::store::countersign::list(conn, community_id).await?;
    let mut handovers = Vec::new();
    for r in &history {
        let Some(files) = r.handover.as_deref().map(handover_files) else {
            continue;
        };
        let document = files.first().map(|f| f.document.clone());
        handovers.extend(files);
        let Some(document) = document else { continue };
        for c in countersigned
            .iter()
            .filter(|c| c.generation == r.info.generation && c.document_hash == document.hash_hex())
        {
            if let Ok(key) = crate::crypto::signing::PublicKey::parse(&c.public_key) {
                handovers.push(SignedFile::new(document.clone(), &key, c.signature.clone()));
            }
        }
    }
    let all = crate::store::certs::certs(conn, community_id, None).await?;
    let roots: BTreeSet<String> = history.iter().map(|r| r.info.public.hex()).collect();
    let certificates = chain_closure(&all, keys, &roots)
        .into_iter()
        .filter_map(|c| {
            let document = serde_json::from_str(&c.document).ok()?;
            let key = crate::crypto::signing::PublicKey::parse_bytes(&c.signer_key).ok()?;
            Some(RecordCert {
                kind: c.kind.clone(),
                signed: SignedFile::new(document, &key, c.signature.clone()),
            })
        })
        .collect();
    Ok(Some(RecordManifestPart {
        manifest: m,
        root: RecordRoot {
            public_key: signer,
            generation,
            handovers,
        },
        certificates,
    }))
}

/// The certificates a record carries so that its chain runs from the root alone: every
/// certificate about `keys` (role, enrolment, revocation), then, until nothing is added, every
/// certificate about the keys that signed those (the registrars' and hosts' role certificates
/// and the root's revocations that end their offices). In stored order.
fn chain_closure<'a>(
    all: &'a [crate::store::certs::CertRow],
    mut keys: BTreeSet<String>,
    roots: &BTreeSet<String>,
) -> Vec<&'a crate::store::certs::CertRow> {
    loop {
        let before = keys.len();
        let signers: Vec<String> = all
            .iter()
            .filter(|c| keys.contains(&c.public_key.to_lowercase()))
            .map(|c| c.signer_key.to_lowercase())
            .filter(|k| !roots.contains(k))
            .collect();
        keys.extend(signers);
        if keys.len() == before {
            break;
        }
    }
    // A self-signed enrolment (made by the first host's setup before the app refused them)
    // grants nothing and the manifest does not name it (the key is listed on the root's word):
    // it stays in the log and `cert_list`, not in the record.
    all.iter()
        .filter(|c| keys.contains(&c.public_key.to_lowercase()) && !self_signed(c))
        .collect()
}

fn self_signed(c: &crate::store::certs::CertRow) -> bool {
    c.kind == "enrolment"
        && serde_json::from_str::<crate::crypto::signing::Document>(&c.document)
            .ok()
            .and_then(|d| d.get_int("registrar_id").zip(d.get_int("person_id")))
            .is_some_and(|(r, p)| r == p)
}

/// A stored hand-over: one signed file, or a list of them (signed by the old root and by the
/// new), as JSON.
fn handover_files(text: &str) -> Vec<SignedFile> {
    serde_json::from_str::<Vec<SignedFile>>(text)
        .or_else(|_| serde_json::from_str::<SignedFile>(text).map(|f| vec![f]))
        .unwrap_or_default()
}

/// Live, as `formats::record_v2::key_vouched` checks the record: a key may sign a ballot of a
/// vote opened with a manifest if the manifest lists it for its holder, or a registrar (or
/// host) in office by the chain certified it for them during the vote, by `at`. Keys of votes opened before
/// manifests are judged as before. Ends and revocations are the key's status, checked apart.
pub(crate) async fn check_key(
    conn: &mut SqliteConnection,
    community_id: i64,
    vote_id: i64,
    person_id: i64,
    public_hex: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> OpResult<()> {
    let Some(m) = load(conn, vote_id).await? else {
        return Ok(());
    };
    let has = |keys: &[ManifestKey]| {
        keys.iter()
            .any(|k| k.public_key.eq_ignore_ascii_case(public_hex))
    };
    let listed = m
        .entries
        .iter()
        .any(|e| e.voter_id == person_id && has(&e.keys))
        || m.others
            .iter()
            .any(|o| o.person_id == person_id && has(&o.keys));
    if listed {
        return Ok(());
    }
    // Not listed: an enrolment issued during the vote (at or after the opening) that holds by
    // the chain when it signs: signed by a registrar or host in office then, not by the key's
    // holder, within its window, not revoked. One issued before the opening for a key the
    // manifest does not list is backdated.
    let opened = m
        .signed
        .document
        .get_text("opened_at")
        .and_then(crate::crypto::certs::instant);
    let public = crate::crypto::signing::PublicKey::parse(public_hex)
        .map_err(|_| OpError::Vote(crate::ops::VoteProblem::KeyNotInManifest))?;
    let (_, _, report) = crate::ops::keys::certify::chain_of(conn, community_id).await?;
    let certified = report.enrolments.iter().any(|g| {
        g.person_id == person_id
            && g.key == public
            && g.valid_at(at)
            && opened.is_none_or(|o| g.issued >= o)
    });
    if certified {
        Ok(())
    } else {
        Err(OpError::Vote(crate::ops::VoteProblem::KeyNotInManifest))
    }
}

/// A paper ballot's witness of a vote opened with a manifest signs with a key the manifest
/// lists for an officer (the record is checked the same way).
pub(crate) async fn check_witness_key(
    conn: &mut SqliteConnection,
    vote_id: i64,
    public_hex: &str,
) -> OpResult<()> {
    match load(conn, vote_id).await? {
        Some(m)
            if !m
                .officers
                .iter()
                .any(|o| o.public_key.eq_ignore_ascii_case(public_hex)) =>
        {
            Err(OpError::Vote(crate::ops::VoteProblem::NotOfficer(
                "见证人 (witness)".into(),
            )))
        }
        _ => Ok(()),
    }
}
