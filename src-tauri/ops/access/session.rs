//! Signing in: an operator proves who they are with their own key and PIN and gets a session
//! token bound to that person; every later call carries the token (a header, never a cookie) and
//! the guard (`guard.rs`) turns it back into the person. Sessions live in memory only: a restart,
//! sign-out, [`IDLE_MINUTES`] without a call, or [`MAX_HOURS`] end them.
//!
//! The first run has nobody to sign in: `setup_community` makes a community and its first host
//! (the bootstrap), allowed without a session only while no community here has a host who can
//! sign in; `host_claim` gives a host to a community that has none (a database from before
//! sign-in existed). Both print a recovery path: a second host can be assigned at any time.
//! Sign-ins and sign-outs go to the app's log (`logs/`), not the event log: they change no
//! record, and a backup made a moment ago should not look older than the live log.

use super::error::AccessProblem;
use crate::domain::access::Party;
use crate::domain::states::Role;
use crate::ops::keys::{IdCheck, KeyEnrol};
use crate::ops::types::{CommunityCreate, CommunitySummary, RoleAssign};
use crate::ops::{Caller, Ctx, Invalid, OpError, OpResult, Operator};
use crate::store::access as access_store;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use ts_rs::TS;

/// A session ends after this long without a call.
pub const IDLE_MINUTES: i64 = 15;
/// A session ends this long after sign-in whatever happens.
pub const MAX_HOURS: i64 = 12;

#[derive(Debug, Clone)]
struct Session {
    person_id: i64,
    community_id: i64,
    started: DateTime<Utc>,
    last_seen: DateTime<Utc>,
}

/// The live sessions, by the SHA-256 of their token (the token itself is not kept).
#[derive(Debug, Default)]
pub struct Sessions {
    inner: Mutex<HashMap<[u8; 32], Session>>,
}

/// What a token is kept under: its SHA-256 (the token itself is never stored).
pub(super) fn token_key(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A new bearer token: 32 random bytes, base64url.
pub(super) fn new_token() -> String {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Session>> {
        // A panic while holding this lock leaves a map that is still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new session for the person; returns its token (32 random bytes, base64url).
    fn issue(&self, person_id: i64, community_id: i64, now: DateTime<Utc>) -> String {
        let token = new_token();
        let mut map = self.lock();
        // Drop ended sessions so the map cannot grow without bound.
        map.retain(|_, s| alive(s, now));
        map.insert(
            token_key(&token),
            Session {
                person_id,
                community_id,
                started: now,
                last_seen: now,
            },
        );
        token
    }

    /// The session's person and community, marking it used now; an ended one is removed.
    pub fn touch(&self, token: &str, now: DateTime<Utc>) -> Result<(i64, i64), AccessProblem> {
        let key = token_key(token);
        let mut map = self.lock();
        let Some(s) = map.get_mut(&key) else {
            return Err(AccessProblem::SignInRequired);
        };
        if !alive(s, now) {
            map.remove(&key);
            return Err(AccessProblem::SessionExpired);
        }
        s.last_seen = s.last_seen.max(now);
        Ok((s.person_id, s.community_id))
    }

    /// Ends the session; whether there was one.
    fn end(&self, token: &str) -> bool {
        self.lock().remove(&token_key(token)).is_some()
    }

    /// Ends every session of a person (their key was revoked, their offices changed hands).
    pub fn end_person(&self, person_id: i64) {
        self.lock().retain(|_, s| s.person_id != person_id);
    }

    /// How many sessions are live now.
    pub fn live(&self, now: DateTime<Utc>) -> usize {
        self.lock().values().filter(|s| alive(s, now)).count()
    }
}

fn alive(s: &Session, now: DateTime<Utc>) -> bool {
    now - s.last_seen <= Duration::minutes(IDLE_MINUTES)
        && now - s.started <= Duration::hours(MAX_HOURS)
}

/// The signed-in person as the UI shows them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OperatorView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub community_id: i64,
    pub community_name: String,
    pub roles: Vec<Role>,
    pub parties: Vec<Party>,
    /// Minutes without a call after which the session ends.
    #[ts(type = "number")]
    pub idle_minutes: i64,
}

/// A community as the sign-in screen lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupCommunity {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// Someone holding the host office can sign in (else `host_claim` may name one).
    pub has_host: bool,
}

/// What the app shows before anything else: who is signed in, and whether setup is needed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionState {
    pub operator: Option<OperatorView>,
    pub communities: Vec<SetupCommunity>,
    /// No community here has a host who can sign in: the first host must be set up.
    pub first_run: bool,
}

/// Sign in with one's own key and PIN.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignIn {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub pin: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignedIn {
    /// Send as the `x-yishi-session` header (desktop: the `session` argument) with every call.
    pub token: String,
    pub operator: OperatorView,
}

/// Who can sign in at this laptop in a community.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignInCandidate {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommunityPick {
    #[ts(type = "number")]
    pub community_id: i64,
}

/// The first host of a community: who they are (checked by whoever installs) and their PIN.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FirstHost {
    pub name: String,
    /// Their identity number; only a digest and the last four characters are kept.
    pub id_number: String,
    /// Typed by the host themselves.
    pub pin: String,
}

/// A new community with its first host.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommunitySetup {
    pub community: CommunityCreate,
    pub host: FirstHost,
}

/// A host for a community that has none who can sign in.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HostClaim {
    #[ts(type = "number")]
    pub community_id: i64,
    pub host: FirstHost,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupDone {
    pub community: CommunitySummary,
    #[ts(type = "number")]
    pub host_person_id: i64,
    /// Signed in as the new host already.
    pub signed_in: SignedIn,
    /// The database's recovery code, issued with its first host and shown this once: it
    /// restores the secrets kept outside the database (README: "If the laptop is lost") and
    /// names a new host when no host can sign in (`host_recover`). None when one was issued
    /// before.
    pub recovery_code: Option<String>,
}

/// A new host named with the database's recovery code, when no host can sign in any more
/// (every host's key lost or locked).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HostRecover {
    #[ts(type = "number")]
    pub community_id: i64,
    pub recovery_code: String,
    pub host: FirstHost,
}

/// The operator a session stands for, read fresh (offices may have changed since sign-in).
pub(crate) async fn operator_of(
    conn: &mut sqlx::SqliteConnection,
    person_id: i64,
) -> OpResult<Option<(Operator, Vec<Role>)>> {
    let Some(p) = access_store::person(conn, person_id).await? else {
        return Ok(None);
    };
    // A person without an active key can no longer prove who they are.
    if crate::store::keys::active_for(conn, person_id)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let parties = p.parties();
    Ok(Some((
        Operator {
            person_id,
            community_id: p.community_id,
            name: p.name.clone(),
            parties,
        },
        p.roles,
    )))
}

async fn view(
    conn: &mut sqlx::SqliteConnection,
    op: &Operator,
    roles: Vec<Role>,
) -> OpResult<OperatorView> {
    let community = crate::ops::context::require(conn, op.community_id).await?;
    Ok(OperatorView {
        person_id: op.person_id,
        name: op.name.clone(),
        community_id: op.community_id,
        community_name: community.name,
        roles,
        parties: op.parties.clone(),
        idle_minutes: IDLE_MINUTES,
    })
}

/// `session_state`: who is signed in (for this token), the communities, whether setup is needed.
pub async fn session_state(
    ctx: &Ctx,
    token: Option<&str>,
    now: DateTime<Utc>,
) -> OpResult<SessionState> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let mut operator = None;
    if let Some((person_id, _)) = token.and_then(|t| ctx.sessions().touch(t, now).ok()) {
        if let Some((op, roles)) = operator_of(&mut conn, person_id).await? {
            operator = Some(view(&mut conn, &op, roles).await?);
        }
    }
    let communities: Vec<SetupCommunity> = access_store::communities_with_hosts(&mut conn)
        .await?
        .into_iter()
        .map(|(id, name, has_host)| SetupCommunity { id, name, has_host })
        .collect();
    let first_run = !any_real_host(&mut conn).await?;
    Ok(SessionState {
        operator,
        communities,
        first_run,
    })
}

/// `sign_in_list`: the office holders of a community who can sign in at this laptop.
pub async fn sign_in_list(ctx: &Ctx, community_id: i64) -> OpResult<Vec<SignInCandidate>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, community_id).await?;
    Ok(access_store::sign_in_candidates(&mut conn, community_id)
        .await?
        .into_iter()
        .map(|c| SignInCandidate {
            person_id: c.person_id,
            name: c.name,
            roles: c.roles,
        })
        .collect())
}

/// `session_sign_in`: checks the person's PIN against their own key and opens a session.
pub async fn session_sign_in(ctx: &Ctx, now: DateTime<Utc>, input: SignIn) -> OpResult<SignedIn> {
    let store = ctx.store().await;
    let (key, person) = {
        let mut conn = store.reader().acquire().await?;
        crate::ops::context::require(&mut conn, input.community_id).await?;
        let person = access_store::person(&mut conn, input.person_id)
            .await?
            .filter(|p| p.community_id == input.community_id)
            .ok_or(OpError::NotFound(crate::ops::Missing::Person(
                input.person_id,
            )))?;
        let key = crate::store::keys::active_for(&mut conn, input.person_id)
            .await?
            .filter(|k| k.sealed_secret.is_some())
            .ok_or_else(|| {
                OpError::Access(AccessProblem::NoKeyHere {
                    name: person.name.clone(),
                })
            })?;
        (key, person)
    };
    let who = Caller::new(format!("{}#{}", person.name, person.person_id), now);
    // The PIN must open the person's key, through the one counted, rate-limited gate.
    crate::ops::keys::check_pin(&store, &ctx.secrets(), &who, key.id, &input.pin).await?;
    let operator = Operator {
        person_id: person.person_id,
        community_id: person.community_id,
        name: person.name.clone(),
        parties: person.parties(),
    };
    // Signing in changes no record: it goes to the app's log, not the hash-chained event log
    // (a wrong PIN does change the key's counter and is logged there by `check_pin`).
    tracing::info!(person_id = person.person_id, key_id = key.id, "signed in");
    let out = {
        let mut conn = store.reader().acquire().await?;
        view(&mut conn, &operator, person.roles.clone()).await?
    };
    let token = ctx
        .sessions()
        .issue(person.person_id, person.community_id, now);
    Ok(SignedIn {
        token,
        operator: out,
    })
}

/// `session_sign_out`: ends this token's session.
pub async fn session_sign_out(ctx: &Ctx, by: &Caller, token: Option<&str>) -> OpResult<bool> {
    let Some(token) = token else {
        return Ok(false);
    };
    let ended = ctx.sessions().end(token);
    if ended {
        tracing::info!(actor = %by.actor, "signed out");
    }
    Ok(ended)
}

/// The longest name and identity number a first host may give, in characters.
const NAME_MAX: usize = 100;
const ID_MAX: usize = 32;

fn first_host_fields(h: &FirstHost) -> OpResult<(String, String)> {
    let name = h.name.trim();
    if name.is_empty() {
        return Err(OpError::Invalid(Invalid::EmptyName));
    }
    if name.chars().count() > NAME_MAX {
        return Err(OpError::Invalid(Invalid::NameTooLong));
    }
    let id: String = h
        .id_number
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if id.chars().count() < 6 || id.chars().count() > ID_MAX || id.starts_with("SHA256:") {
        return Err(OpError::Invalid(Invalid::IdNumber));
    }
    Ok((name.to_string(), id))
}

/// The first host's new PIN against the PIN policy, their birth date read from the ID number.
fn check_host_pin(host: &FirstHost, id: &str) -> OpResult<()> {
    use crate::domain::pin::PinProblem;
    let born = crate::domain::roster::birth_date_of_id(id);
    crate::domain::pin::check_new_pin(&host.pin, born).map_err(|p| match p {
        PinProblem::TooShort { .. } => OpError::Key(crate::ops::KeyProblem::PinTooShort),
        other => OpError::Key(crate::ops::KeyProblem::WeakPin(other)),
    })
}

/// Makes `host` a person of the community (or finds them by identity number), enrols their key
/// under their PIN and gives them the host office. The caller checked who may do this.
async fn install_host(
    ctx: &Ctx,
    by: &Caller,
    community_id: i64,
    host: &FirstHost,
    how: &str,
) -> OpResult<i64> {
    let (name, id) = first_host_fields(host)?;
    check_host_pin(host, &id)?;
    let person_id = {
        let store = ctx.store().await;
        let mut tx = store.begin().await?;
        // Keyed like every stored identity digest (an unkeyed one could be searched offline,
        // and would not match the same person imported from the roster).
        let digest = ctx
            .secrets()
            .id_key(community_id)
            .digest(&crate::crypto::canonical::identity_digest(&id));
        let person_id =
            crate::store::roll::office_holder(tx.conn(), community_id, &name, &digest, &id).await?;
        crate::ops::log(
            &mut tx,
            by,
            community_id,
            "access.host_set_up",
            json!({ "person_id": person_id, "name": name, "how": how }),
        )
        .await?;
        tx.commit().await?;
        person_id
    };
    let existing = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        crate::store::keys::active_for(&mut conn, person_id).await?
    };
    match existing {
        // The person already holds a key: their PIN must open it (nobody takes over a key).
        Some(key) if key.sealed_secret.is_some() => {
            let store = ctx.store().await;
            crate::ops::keys::check_pin(&store, &ctx.secrets(), by, key.id, &host.pin).await?;
        }
        Some(_) => {
            return Err(OpError::Access(AccessProblem::NoKeyHere { name }));
        }
        None => {
            // A setup step: the new host's key is certified below, by the host themselves.
            let setup = Caller::new(by.actor.clone(), by.now);
            crate::ops::keys::key_enrol(
                ctx,
                &setup,
                KeyEnrol {
                    community_id,
                    person_id,
                    pin: host.pin.clone(),
                    checked_by: by.actor.clone(),
                    check: IdCheck::KnownInPerson,
                    registrar: None,
                },
            )
            .await?;
        }
    }
    match crate::ops::access::role_assign(
        ctx,
        by,
        RoleAssign {
            community_id,
            person_id,
            role: Role::Host,
            building: None,
        },
    )
    .await
    {
        Ok(_) | Err(OpError::Invalid(Invalid::RoleExists)) => {}
        Err(e) => return Err(e),
    }
    // The new host's key is certified by the host themselves (their PIN proves they are here):
    // nobody else is in office yet. A registrar may re-check it later; the list is published.
    let key_id = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        crate::store::keys::active_for(&mut conn, person_id)
            .await?
            .map(|k| k.id)
    };
    if let Some(key_id) = key_id {
        let signer = crate::ops::keys::RegistrarSign {
            key_id,
            pin: host.pin.clone(),
        };
        crate::ops::keys::certify_in_setup(ctx, by, community_id, person_id, &signer).await?;
    }
    Ok(person_id)
}

/// Whether any community here other than the demo has a host who can sign in. The demo does
/// not count: its host's PIN is public, and loading it must not close the first-run setup.
pub(crate) async fn any_host(ctx: &Ctx) -> OpResult<bool> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    any_real_host(&mut conn).await
}

async fn any_real_host(conn: &mut sqlx::SqliteConnection) -> OpResult<bool> {
    for (id, _, has_host) in access_store::communities_with_hosts(conn).await? {
        if has_host && !access_store::is_demo(conn, id).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn done(
    ctx: &Ctx,
    now: DateTime<Utc>,
    community_id: i64,
    host: &FirstHost,
    person_id: i64,
) -> OpResult<SetupDone> {
    let signed_in = session_sign_in(
        ctx,
        now,
        SignIn {
            community_id,
            person_id,
            pin: host.pin.clone(),
        },
    )
    .await?;
    let community = crate::ops::roll::community_list(ctx)
        .await?
        .into_iter()
        .find(|c| c.id == community_id)
        .ok_or(OpError::NotFound(crate::ops::Missing::Community(
            community_id,
        )))?;
    // The first host of this database gets the recovery code, once.
    let recovery_code = if crate::ops::recovery::secrets_status(ctx)
        .await?
        .recovery_code_issued
    {
        None
    } else {
        let who = Caller::new(signed_in.operator.name.clone(), now);
        Some(
            crate::ops::recovery::recovery_code_renew(ctx, &who)
                .await?
                .code,
        )
    };
    Ok(SetupDone {
        community,
        host_person_id: person_id,
        signed_in,
        recovery_code,
    })
}

/// `host_recover`: names a new host of a community with the database's recovery code (every
/// host's key lost or locked). Anyone at the laptop holding the code may; it is logged.
pub async fn host_recover(ctx: &Ctx, by: &Caller, input: HostRecover) -> OpResult<SetupDone> {
    {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        crate::ops::context::require(&mut conn, input.community_id).await?;
        // Only when no host can sign in: a host who can names a second host with role_assign.
        if access_store::hosts_who_can_sign_in(&mut conn, input.community_id).await? > 0 {
            return Err(OpError::Access(AccessProblem::AlreadySetUp));
        }
    }
    if !crate::ops::recovery::code_is_this_databases(ctx, &input.recovery_code).await? {
        return Err(OpError::Secrets(crate::ops::SecretsProblem::WrongCode));
    }
    let person_id = install_host(ctx, by, input.community_id, &input.host, "recovery code").await?;
    done(ctx, by.now, input.community_id, &input.host, person_id).await
}

/// `community_setup`: a community and its first host. Without a session only on the first run
/// (no community here has a host); otherwise a signed-in host (the guard checks).
pub async fn community_setup(ctx: &Ctx, by: &Caller, input: CommunitySetup) -> OpResult<SetupDone> {
    if by.operator.is_none() && any_host(ctx).await? {
        return Err(OpError::Access(AccessProblem::AlreadySetUp));
    }
    let (_, id) = first_host_fields(&input.host)?;
    check_host_pin(&input.host, &id)?;
    let community = crate::ops::roll::community_create(ctx, by, input.community).await?;
    let person_id = install_host(ctx, by, community.id, &input.host, "setup").await?;
    done(ctx, by.now, community.id, &input.host, person_id).await
}

/// `host_claim`: a first host for a community made before sign-in existed (no host who can
/// sign in, and none ever set up with sign-in). Anyone at the laptop may, once; it is logged.
/// A community that had a host since needs the recovery code (`host_recover`).
pub async fn host_claim(ctx: &Ctx, by: &Caller, input: HostClaim) -> OpResult<SetupDone> {
    {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        crate::ops::context::require(&mut conn, input.community_id).await?;
        let has = access_store::communities_with_hosts(&mut conn)
            .await?
            .iter()
            .any(|c| c.0 == input.community_id && c.2);
        if has || access_store::host_ever_set_up(&mut conn, input.community_id).await? {
            return Err(OpError::Access(AccessProblem::AlreadySetUp));
        }
    }
    let person_id = install_host(ctx, by, input.community_id, &input.host, "claim").await?;
    done(ctx, by.now, input.community_id, &input.host, person_id).await
}

/// One row of the role matrix as the UI reads it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatrixRow {
    pub action: crate::domain::access::Action,
    pub parties: Vec<Party>,
}

/// `access_matrix`: the role matrix (`domain::access::MATRIX`).
pub fn access_matrix() -> Vec<MatrixRow> {
    crate::domain::access::MATRIX
        .iter()
        .map(|(action, parties)| MatrixRow {
            action: *action,
            parties: parties.to_vec(),
        })
        .collect()
}
