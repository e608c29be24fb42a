//! The one gate every PIN goes through (`check_pin`): signing, rotation, host approvals (unlock,
//! revoke, closing a vote, witnessing a paper ballot) and the operator's sign-in.
//!
//! In order: the key is read and refused outright if it is a practice key in a real community;
//! a derivation slot is taken (a bounded queue: `store::keys::KeyWork`); the attempt is counted in
//! its own committed transaction *before* the derivation (`store::keys::begin_attempt`: refused
//! when locked or inside the wait after the last try); Argon2id runs; then a right PIN resets the
//! count (re-sealing the secret when it was sealed under a lower cost than the current one) and a
//! wrong one keeps it, locking the key at `domain::pin::MAX_ATTEMPTS`. Every step is logged.

use crate::crypto::sealed::{self, Cost, SealError, SealedSecret};
use crate::crypto::signing::{self, Document, OpenedKey};
use crate::domain::pin as pin_policy;
use crate::ops::keys::KeyStatus;
use crate::ops::keys::pepper;
use crate::ops::{Caller, KeyProblem, OpError, OpResult};
use crate::secrets::Bundle;
use crate::store::Store;
use crate::store::keys::{self as key_store, AttemptRefused, KeyRow};
use serde_json::json;
use sqlx::SqliteConnection;

fn busy(_: key_store::Busy) -> OpError {
    OpError::Key(KeyProblem::Busy)
}

fn damaged<E>(_: E) -> OpError {
    OpError::Key(KeyProblem::SealedDamaged)
}

/// The cost new keys of a community are sealed under, and that older keys are raised to: the
/// practice cost in a practice community, else the cost calibrated on this computer (measured and
/// kept, with an event, the first time it is needed).
pub async fn cost_for(store: &Store, by: &Caller, community_id: i64) -> OpResult<Cost> {
    {
        let mut conn = store.reader().acquire().await?;
        if key_store::community_is_practice(&mut conn, community_id).await? {
            return Ok(Cost::PRACTICE);
        }
    }
    calibrated_cost(store, by).await
}

/// The cost calibrated on this computer: read once, or measured now (a few derivations, at least
/// `sealed::MIN_DERIVATION` each) and kept in `key_cost`.
pub async fn calibrated_cost(store: &Store, by: &Caller) -> OpResult<Cost> {
    let work = store.key_work();
    let mut cached = work.cost.lock().await;
    if let Some(cost) = *cached {
        return Ok(cost);
    }
    let stored = {
        let mut conn = store.reader().acquire().await?;
        key_store::key_cost(&mut conn).await?
    };
    let cost = match stored {
        Some((m, t, p, _)) => Cost {
            memory_kib: m,
            passes: t,
            lanes: p,
            practice: false,
        },
        None => {
            let (cost, took) =
                tokio::task::spawn_blocking(|| sealed::calibrate(sealed::MIN_DERIVATION))
                    .await
                    .map_err(damaged)?;
            let ms = i64::try_from(took.as_millis()).unwrap_or(i64::MAX);
            let mut tx = store.begin().await?;
            let fresh = key_store::set_key_cost(
                tx.conn(),
                (cost.memory_kib, cost.passes, cost.lanes, ms),
                by.now,
            )
            .await?;
            if !fresh {
                // Another process calibrated meanwhile: theirs is kept.
                drop(tx);
                let mut conn = store.reader().acquire().await?;
                let (m, t, p, _) = key_store::key_cost(&mut conn)
                    .await?
                    .ok_or(OpError::Key(KeyProblem::SealedDamaged))?;
                let theirs = Cost {
                    memory_kib: m,
                    passes: t,
                    lanes: p,
                    practice: false,
                };
                *cached = Some(theirs);
                return Ok(theirs);
            }
            crate::store::events::append(
                &mut tx,
                crate::store::events::NewEvent {
                    at: by.now,
                    actor: &by.actor,
                    community_id: None,
                    kind: "keys.cost_calibrated",
                    payload: json!({ "memory_kib": cost.memory_kib, "passes": cost.passes,
                                     "lanes": cost.lanes, "measured_ms": ms }),
                },
            )
            .await?;
            tx.commit().await?;
            cost
        }
    };
    *cached = Some(cost);
    Ok(cost)
}

/// Checks a new PIN against the policy, with the holder's birth date when the roll knows it
/// (`persons.adult_from`, set from the ID number at import, is the 18th birthday).
pub(crate) async fn check_new_pin(
    conn: &mut SqliteConnection,
    person_id: i64,
    pin: &str,
) -> OpResult<()> {
    let births = match key_store::person_adult_from(conn, person_id).await? {
        Some(adult) => pin_policy::births_from_adult_from(adult),
        None => Vec::new(),
    };
    let refuse = |p| match p {
        pin_policy::PinProblem::TooShort { .. } => OpError::Key(KeyProblem::PinTooShort),
        other => OpError::Key(KeyProblem::WeakPin(other)),
    };
    pin_policy::check_new_pin(pin, None).map_err(refuse)?;
    for birth in births {
        pin_policy::check_new_pin(pin, Some(birth)).map_err(refuse)?;
    }
    Ok(())
}

/// A new key sealed under a new (already checked) PIN at `cost`, opened to sign its enrolment:
/// one derivation, in a derivation slot.
/// The secret is sealed under the peppered PIN (`pepper`); store it as `pepper::text_of`.
pub(crate) async fn new_key(
    store: &Store,
    secrets: &Bundle,
    pin: &str,
    cost: Cost,
) -> OpResult<(OpenedKey, SealedSecret)> {
    let permit = store.key_work().permit().await.map_err(busy)?;
    let (input, pin_again) = (secrets.pin_input(pin), pin.to_string());
    permit
        .run(move || signing::generate_opened(&input, cost))
        .await
        .map_err(damaged)?
        .map_err(|e| match e {
            SealError::PinTooShort => OpError::Key(KeyProblem::PinTooShort),
            SealError::PinTooWeak => OpError::Key(KeyProblem::WeakPin(
                pin_policy::check_new_pin(&pin_again, None)
                    .err()
                    .unwrap_or(pin_policy::PinProblem::Common),
            )),
            _ => OpError::Key(KeyProblem::SealedDamaged),
        })
}

/// The one gate for a stored key's PIN: counts the attempt before the derivation, refuses a
/// locked key, a try inside the wait, a practice key in a real community and a full queue, and
/// returns the key opened (to sign with) when the PIN is right. See the module's comment.
pub async fn check_pin(
    store: &Store,
    secrets: &Bundle,
    by: &Caller,
    key_id: i64,
    pin: &str,
) -> OpResult<(KeyRow, OpenedKey)> {
    let (row, practice_community) = {
        let mut conn = store.reader().acquire().await?;
        let row = key_store::get(&mut conn, key_id)
            .await?
            .ok_or(OpError::Key(KeyProblem::NotActive))?;
        let practice = key_store::community_is_practice(&mut conn, row.community_id).await?;
        (row, practice)
    };
    if row.status != KeyStatus::Active {
        return Err(OpError::Key(KeyProblem::NotActive));
    }
    if row.locked {
        return Err(OpError::Key(KeyProblem::Locked {
            holder: row.person_name,
        }));
    }
    let sealed_text = row
        .sealed_secret
        .clone()
        .ok_or(OpError::Key(KeyProblem::NoSecretHere))?;
    let stored = pepper::parse(&sealed_text).map_err(damaged)?;
    let peppered = stored.peppered;
    let input = pepper::input_for(secrets, &stored, pin);
    let new_input = secrets.pin_input(pin);
    let sealed = stored.sealed;
    if sealed.cost().is_practice() && !practice_community {
        return Err(OpError::Key(KeyProblem::PracticeKey {
            holder: row.person_name,
        }));
    }
    let public = crate::ops::keys::public_of(&row)?;
    // The cost a right PIN raises the key to (calibrating on first use, before any slot is held).
    let target = if practice_community {
        Cost::PRACTICE
    } else {
        calibrated_cost(store, by).await?
    };
    let permit = store.key_work().permit().await.map_err(busy)?;
    // Counted before the derivation, in its own committed transaction.
    let attempt = {
        let mut tx = store.begin_pin_counter().await?;
        match key_store::begin_attempt(tx.conn(), key_id, by.now).await? {
            Ok(n) => {
                tx.commit().await?;
                n
            }
            Err(AttemptRefused::NotActive) => return Err(OpError::Key(KeyProblem::NotActive)),
            Err(AttemptRefused::Locked) => {
                return Err(OpError::Key(KeyProblem::Locked {
                    holder: row.person_name,
                }));
            }
            Err(AttemptRefused::Wait { seconds }) => {
                return Err(OpError::Key(KeyProblem::TryLater { seconds }));
            }
        }
    };
    let (public2, from) = (public, sealed.cost());
    let raise = sealed.cost().weaker_than(&target) && !sealed.cost().is_practice();
    // A key sealed before the pepper is sealed again under it (at its own or the raised cost).
    let reseal_at = match (raise, peppered) {
        (true, _) => Some(target),
        (false, false) => Some(sealed.cost()),
        (false, true) => None,
    };
    let opened = permit
        .run(
            move || -> Result<(OpenedKey, Option<SealedSecret>), SealError> {
                let opened = sealed.unseal(&input, &public2)?;
                let again = match reseal_at {
                    Some(cost) => Some(opened.reseal(&new_input, cost)?),
                    None => None,
                };
                Ok((opened, again))
            },
        )
        .await
        .map_err(damaged)?;
    drop(permit);
    match opened {
        Ok((opened, again)) => {
            match again {
                Some(new) => {
                    let mut tx = store.begin().await?;
                    key_store::attempt_succeeded(tx.conn(), key_id).await?;
                    key_store::reseal(tx.conn(), key_id, &sealed_text, &pepper::text_of(&new))
                        .await?;
                    crate::ops::log(
                        &mut tx,
                        by,
                        row.community_id,
                        "key.resealed",
                        json!({ "key_id": key_id, "holder": row.person_name, "attempt": attempt,
                                "from": from.text(), "to": new.cost().text(), "peppered": !peppered }),
                    )
                    .await?;
                    tx.commit().await?;
                }
                None => {
                    // A right PIN changes no record: the counter starts again, unlogged.
                    let mut tx = store.begin_pin_counter().await?;
                    key_store::attempt_succeeded(tx.conn(), key_id).await?;
                    tx.commit().await?;
                }
            }
            Ok((row, opened))
        }
        Err(SealError::WrongPin) => {
            let mut tx = store.begin().await?;
            let (failures, locked) = key_store::attempt_failed(tx.conn(), key_id).await?;
            crate::ops::log(
                &mut tx,
                by,
                row.community_id,
                if locked { "key.locked" } else { "key.pin_failed" },
                json!({ "key_id": key_id, "holder": row.person_name, "attempt": failures, "locked": locked }),
            )
            .await?;
            tx.commit().await?;
            if locked {
                Err(OpError::Key(KeyProblem::Locked {
                    holder: row.person_name,
                }))
            } else {
                Err(OpError::Key(KeyProblem::WrongPin {
                    remaining: pin_policy::remaining_attempts(failures),
                }))
            }
        }
        Err(_) => Err(OpError::Key(KeyProblem::SealedDamaged)),
    }
}

/// Signs `doc` with a stored key and its PIN, through [`check_pin`].
pub(crate) async fn sign_with(
    store: &Store,
    secrets: &Bundle,
    by: &Caller,
    key_id: i64,
    pin: &str,
    doc: &Document,
) -> OpResult<(KeyRow, String)> {
    let (row, opened) = check_pin(store, secrets, by, key_id, pin).await?;
    Ok((row, opened.sign(doc)))
}
