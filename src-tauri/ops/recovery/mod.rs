//! The database's secrets kept outside it (`crate::secrets`): made at first open, refused when
//! missing, re-keying identity digests once, the recovery code, and recovery from a backup.
//!
//! Invariants: secrets are never made for a database that already had some (`database_id` set):
//! new ones would break every sealed key and identity digest, so opening refuses and says to
//! recover. A recovery that fails (wrong code, damaged data) changes nothing.

pub mod types;

use crate::ops::{Caller, Ctx, OpError, OpResult, SecretsProblem};
use crate::secrets::{Bundle, Keystore, SecretsError, escrow};
use crate::store::events::{self, NewEvent};
use crate::store::{Store, community, roll as roll_store, settings};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::path::Path;
pub use types::{RecoveryCodeIssued, RecoveryOutcome, SecretsRecover, SecretsStatus};

/// The actor of changes made while opening a database (no operator is involved yet).
pub const OPENING_ACTOR: &str = "议事厅（打开数据库）";

fn problem(e: SecretsError) -> OpError {
    OpError::Secrets(match e {
        SecretsError::Keystore(detail) => SecretsProblem::Keystore(detail),
        SecretsError::Damaged => SecretsProblem::Damaged,
        SecretsError::MalformedCode => SecretsProblem::MalformedCode,
        SecretsError::WrongCode => SecretsProblem::WrongCode,
        SecretsError::EscrowDamaged => SecretsProblem::EscrowDamaged,
    })
}

/// The secrets of the database in `store`, from `keystore`. A database that never had any (a
/// new one, or one made before secrets existed) gets new ones, recorded in its log; one whose
/// secrets are not in `keystore` is refused with `SecretsProblem::Missing`. Then identity
/// digests are keyed, once.
pub(crate) async fn open_secrets(
    store: &Store,
    keystore: &Keystore,
    now: DateTime<Utc>,
) -> OpResult<Bundle> {
    let bundle = match existing_id(store).await? {
        Some(id) => load(store, keystore, &id).await?,
        None => create(store, keystore, now).await?,
    };
    key_id_digests(store, &bundle, now).await?;
    let mut conn = store.reader().acquire().await?;
    if settings::get(&mut conn, settings::RECOVERY_ESCROW)
        .await?
        .is_none()
    {
        tracing::warn!(
            database_id = bundle.database_id(),
            "no recovery code was issued: losing this computer's secrets would lose every key; run yishi recovery-code"
        );
    }
    Ok(bundle)
}

async fn existing_id(store: &Store) -> OpResult<Option<String>> {
    let mut conn = store.reader().acquire().await?;
    Ok(settings::get(&mut conn, settings::DATABASE_ID).await?)
}

async fn load(store: &Store, keystore: &Keystore, id: &str) -> OpResult<Bundle> {
    match keystore.load(id).map_err(problem)? {
        Some(b) => Ok(b),
        None => {
            let mut conn = store.reader().acquire().await?;
            let recoverable = settings::get(&mut conn, settings::RECOVERY_ESCROW)
                .await?
                .is_some();
            Err(OpError::Secrets(SecretsProblem::Missing {
                database: store.path().display().to_string(),
                kept_in: keystore.describe(id),
                recoverable,
            }))
        }
    }
}

async fn create(store: &Store, keystore: &Keystore, now: DateTime<Utc>) -> OpResult<Bundle> {
    let mut tx = store.begin().await?;
    // Another process may have made them since the read above: BEGIN IMMEDIATE orders us.
    if let Some(id) = settings::get(tx.conn(), settings::DATABASE_ID).await? {
        drop(tx);
        return load(store, keystore, &id).await;
    }
    let id = crate::secrets::new_database_id();
    let bundle = Bundle::generate(&id);
    // Kept outside first: a crash before the commit leaves an unused bundle, never a database
    // that names secrets nobody has.
    keystore.save(&bundle).map_err(problem)?;
    settings::set(tx.conn(), settings::DATABASE_ID, &id).await?;
    let keyed_from_now = !roll_store::has_people_or_keys(tx.conn()).await?;
    if keyed_from_now {
        // Nothing to re-key: every digest this database stores will be keyed from the start.
        settings::set(tx.conn(), settings::ID_DIGESTS, settings::ID_DIGESTS_KEYED).await?;
    }
    if events::head(tx.conn()).await?.0 == 0 {
        // A new database: its id is part of its making, like its schema.
        tx.commit_initial().await?;
        return Ok(bundle);
    }
    events::append(
        &mut tx,
        NewEvent {
            at: now,
            actor: OPENING_ACTOR,
            community_id: None,
            kind: "secrets.created",
            // Whether digests are keyed from here on is in the log, not only in a setting.
            payload: if keyed_from_now {
                json!({ "database_id": id, "kept_in": keystore.describe(&id),
                        "id_digests": settings::ID_DIGESTS_KEYED })
            } else {
                json!({ "database_id": id, "kept_in": keystore.describe(&id) })
            },
        },
    )
    .await?;
    tx.commit().await?;
    Ok(bundle)
}

/// Replaces every stored identity digest `d` by the community's keyed digest of `d`, in one
/// transaction, once (`settings.id_digests`). Each community's roll digest is recorded anew in
/// its event, but only if its roll matched the digest recorded before: a roll edited outside
/// the app stays caught by `yishi audit verify`.
async fn key_id_digests(store: &Store, bundle: &Bundle, now: DateTime<Utc>) -> OpResult<()> {
    {
        let mut conn = store.reader().acquire().await?;
        if settings::get(&mut conn, settings::ID_DIGESTS)
            .await?
            .as_deref()
            == Some(settings::ID_DIGESTS_KEYED)
        {
            return Ok(());
        }
    }
    let mut tx = store.begin().await?;
    if settings::get(tx.conn(), settings::ID_DIGESTS)
        .await?
        .as_deref()
        == Some(settings::ID_DIGESTS_KEYED)
    {
        return Ok(());
    }
    // The log decides, not the setting alone (a deleted setting must not re-key keyed digests a
    // second time): a database made with its secrets (no `secrets.created` event: new, keyed
    // from the start), or one whose log says its digests were keyed, is left as it is.
    let (created, keyed) = events::id_digest_marks(tx.conn(), settings::ID_DIGESTS_KEYED).await?;
    if created == 0 || keyed > 0 {
        return Ok(());
    }
    let communities = community::list(store.reader()).await?;
    let mut total = 0usize;
    for c in &communities {
        let recorded = events::last_roll_digest_in(tx.conn(), c.id).await?;
        let verified = match &recorded {
            Some((_, hex, version)) => {
                match crate::crypto::chain::RollDigestVersion::from_number(*version) {
                    Some(v) => roll_store::digest(tx.conn(), c.id, v)
                        .await
                        .is_ok_and(|d| &d.hex == hex)
                        .then_some(v),
                    None => None,
                }
            }
            None => None,
        };
        let key = bundle.id_key(c.id);
        let persons = roll_store::person_digests(tx.conn(), c.id).await?;
        for (person_id, digest) in &persons {
            roll_store::set_person_digest(tx.conn(), *person_id, &key.digest(digest)).await?;
        }
        total += persons.len();
        let mut payload = json!({ "persons": persons.len(), "scheme": settings::ID_DIGESTS_KEYED,
                                  "roll_verified_before": verified.is_some() });
        if let Some(v) = verified {
            let after = roll_store::digest(tx.conn(), c.id, v).await?;
            payload["roll_digest"] = json!(after.hex);
            payload["roll_digest_version"] = json!(v.number());
        }
        events::append(
            &mut tx,
            NewEvent {
                at: now,
                actor: OPENING_ACTOR,
                community_id: Some(c.id),
                kind: "persons.id_digests_keyed",
                payload,
            },
        )
        .await?;
    }
    settings::set(tx.conn(), settings::ID_DIGESTS, settings::ID_DIGESTS_KEYED).await?;
    if communities.is_empty() {
        events::append(
            &mut tx,
            NewEvent {
                at: now,
                actor: OPENING_ACTOR,
                community_id: None,
                kind: "persons.id_digests_keyed",
                payload: json!({ "persons": total, "scheme": settings::ID_DIGESTS_KEYED }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    // The unkeyed digests must not linger in free pages or the -wal.
    store.compact().await?;
    Ok(())
}

/// `recovery_code_renew`: a new recovery code for this database's secrets; the copy sealed
/// under it replaces the previous one in the database (so in every later backup). The code is
/// returned this once and never stored. Backups made earlier open with the code of their time.
/// The first host's bootstrap calls this and prints the code.
pub async fn recovery_code_renew(ctx: &Ctx, by: &Caller) -> OpResult<RecoveryCodeIssued> {
    let bundle = ctx.secrets();
    let code = escrow::issue_recovery_code();
    let sealed = {
        let (b, c) = (bundle.clone(), code.clone());
        tokio::task::spawn_blocking(move || escrow::seal(&b, &c))
            .await
            .map_err(|_| problem(SecretsError::EscrowDamaged))?
            .map_err(problem)?
    };
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    settings::set(tx.conn(), settings::RECOVERY_ESCROW, &sealed).await?;
    crate::ops::log_global(
        &mut tx,
        by,
        "secrets.recovery_code_issued",
        // The audit compares the stored copy with this hash (`ops::record::audit`).
        json!({ "database_id": bundle.database_id(),
                "escrow_sha256": crate::crypto::canonical::sha256_hex(sealed.as_bytes()) }),
    )
    .await?;
    tx.commit().await?;
    Ok(RecoveryCodeIssued {
        database_id: bundle.database_id().to_string(),
        code: code.to_string(),
    })
}

/// `secrets_status`: where the secrets are and whether a recovery code protects them (the UI
/// asks the host to issue one while it does not).
pub async fn secrets_status(ctx: &Ctx) -> OpResult<SecretsStatus> {
    let bundle = ctx.secrets();
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let issued = settings::get(&mut conn, settings::RECOVERY_ESCROW)
        .await?
        .is_some();
    Ok(SecretsStatus {
        database_id: bundle.database_id().to_string(),
        kept_in: ctx.keystore().describe(bundle.database_id()),
        recovery_code_issued: issued,
    })
}

/// The database id and the escrow a database or backup file carries.
async fn escrow_of(path: &Path) -> OpResult<(String, String)> {
    if !path.is_file() {
        return Err(OpError::NotFound(crate::ops::Missing::BackupFile(
            path.display().to_string(),
        )));
    }
    let store = Store::open_existing_live(path).await?;
    let found = {
        let mut conn = store.reader().acquire().await?;
        let id = settings::get_if_any(&mut conn, settings::DATABASE_ID).await?;
        let escrow = settings::get_if_any(&mut conn, settings::RECOVERY_ESCROW).await?;
        (id, escrow)
    };
    store.close().await;
    match found {
        (Some(id), Some(escrow)) => Ok((id, escrow)),
        _ => Err(OpError::Secrets(SecretsProblem::NoEscrow)),
    }
}

/// Opens the escrow of the database or backup at `source` with `code` and installs the bundle
/// in `keystore`. With `db` given and no file there yet (a new laptop), the backup is copied
/// into place as the database (user-only). A wrong code, or a different bundle already
/// installed for the same database, changes nothing.
pub async fn recover(
    keystore: &Keystore,
    source: &Path,
    code: &str,
    db: Option<&Path>,
) -> OpResult<RecoveryOutcome> {
    crate::secrets::normalise_code(code).map_err(problem)?;
    let (id, sealed) = escrow_of(source).await?;
    let code = zeroize::Zeroizing::new(code.to_string());
    let bundle = {
        let id = id.clone();
        tokio::task::spawn_blocking(move || escrow::open(&sealed, &code, &id))
            .await
            .map_err(|_| problem(SecretsError::EscrowDamaged))?
            .map_err(problem)?
    };
    let installed = match keystore.load(&id) {
        Ok(Some(existing)) if existing == bundle => false,
        Ok(Some(_)) => {
            return Err(OpError::Secrets(SecretsProblem::OtherInstalled {
                kept_in: keystore.describe(&id),
            }));
        }
        // Missing, or unreadable (damaged): the recovered bundle takes its place.
        Ok(None) | Err(SecretsError::Damaged) => {
            keystore.save(&bundle).map_err(problem)?;
            true
        }
        Err(e) => return Err(problem(e)),
    };
    let mut database_copied_to = None;
    if let Some(db) = db.filter(|db| !db.exists() && *db != source) {
        if let Some(dir) = db.parent() {
            crate::store::private::create_dir(dir).map_err(crate::store::StoreError::from)?;
        }
        crate::store::backup::replace_file(source, db)?;
        database_copied_to = Some(db.display().to_string());
    }
    Ok(RecoveryOutcome {
        kept_in: keystore.describe(&id),
        database_id: id,
        installed,
        database_copied_to,
    })
}

/// `secrets_recover`: installs, beside the open database, the secrets of a backup (to restore
/// it next) or of the open database itself, opened with their recovery code.
pub async fn secrets_recover(ctx: &Ctx, input: SecretsRecover) -> OpResult<RecoveryOutcome> {
    let source = if input.backup_path.trim().is_empty() {
        ctx.store().await.path().to_path_buf()
    } else {
        // Like a restore: only a plain file in the backups folder (a picked file is uploaded
        // there first), never a path or a link.
        let name = input.backup_path.trim();
        let path = ctx.backup_dir().join(name);
        let plain = !name.is_empty()
            && crate::domain::file_names::is_safe(name)
            && std::path::Path::new(name).file_name() == Some(std::ffi::OsStr::new(name))
            && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if !plain {
            return Err(OpError::NotFound(crate::ops::Missing::BackupFile(
                name.to_string(),
            )));
        }
        path
    };
    recover(ctx.keystore(), &source, &input.code, None).await
}

/// Before a restore: the backup's secrets must be here (installed by `secrets_recover`), or the
/// backup must predate them. Refuses, changing nothing, otherwise.
pub(crate) async fn check_backup_secrets(ctx: &Ctx, backup: &Path) -> OpResult<()> {
    // A file that does not even open is the restore's own checks' to name.
    let Ok(store) = Store::open_existing_live(backup).await else {
        return Ok(());
    };
    let id = {
        match store.reader().acquire().await {
            Ok(mut conn) => settings::get_if_any(&mut conn, settings::DATABASE_ID)
                .await
                .ok(),
            Err(_) => None,
        }
    };
    store.close().await;
    match id.flatten() {
        None => Ok(()),
        Some(id) => match ctx.keystore().load(&id).map_err(problem)? {
            Some(_) => Ok(()),
            None => Err(OpError::Secrets(SecretsProblem::BackupSecretsMissing)),
        },
    }
}

/// Whether `code` is this database's recovery code (it opens the escrow kept in the database).
/// Used to name a new host when no host can sign in any more (`access::host_recover`).
pub(crate) async fn code_is_this_databases(ctx: &Ctx, code: &str) -> OpResult<bool> {
    let escrow_text = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        settings::get(&mut conn, settings::RECOVERY_ESCROW).await?
    };
    let Some(text) = escrow_text else {
        return Err(OpError::Secrets(SecretsProblem::NoEscrow));
    };
    let code = escrow::normalise_code(code).map_err(problem)?;
    let id = ctx.secrets().database_id().to_string();
    // A public operation: its Argon2 runs in the same few derivation slots as PIN checks, so a
    // flood of guesses queues (or is refused as busy) instead of exhausting memory.
    let store = ctx.store().await;
    let permit = store
        .key_work()
        .permit()
        .await
        .map_err(|_| OpError::Key(crate::ops::KeyProblem::Busy))?;
    let opened = permit
        .run(move || escrow::open(&text, &code, &id))
        .await
        .map_err(|_| problem(SecretsError::EscrowDamaged))?;
    drop(permit);
    drop(store);
    match opened {
        Ok(_) => Ok(true),
        Err(SecretsError::WrongCode) => Ok(false),
        Err(e) => Err(problem(e)),
    }
}
