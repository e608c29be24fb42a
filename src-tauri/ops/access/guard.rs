//! The guard every operation passes before it runs (`commands::dispatch`, the CLI): it turns the
//! session token into the signed-in person, checks the role matrix for the operation's action,
//! and checks that every record the arguments name belongs to that person's community.
//!
//! Order: the session is checked first (no token → `sign_in_required`), then the matrix
//! (`forbidden`, naming who may), then the records' community (`forbidden`). Nothing has been
//! read or written for the operation when any of them refuses.

use super::error::AccessProblem;
use super::session::operator_of;
use crate::domain::access::{Action, allows, who_may};
use crate::ops::{Caller, Ctx, OpError, OpResult};
use crate::store::access as access_store;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Who is calling, as the edge knows it.
#[derive(Debug, Clone, Copy)]
pub struct Credentials<'a> {
    /// The session token (header `x-yishi-session`, the desktop's `session` argument).
    pub token: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// The acting caller for an operation with `action` and `args`, or why it may not run.
pub async fn authorize(
    ctx: &Ctx,
    action: Action,
    creds: Credentials<'_>,
    args: &Value,
) -> OpResult<Caller> {
    let session = match creds.token.filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match ctx.sessions().touch(t, creds.now) {
            Ok(s) => Some(s),
            Err(problem) if action != Action::Public => return Err(OpError::Access(problem)),
            Err(_) => None,
        },
    };
    let Some((person_id, community_id)) = session else {
        if action == Action::Public || first_run_setup(ctx, action).await? {
            return Ok(Caller::new(anonymous(action), creds.now));
        }
        return Err(OpError::Access(AccessProblem::SignInRequired));
    };
    // One connection for every read of the check: it runs before every operation.
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let operator = match operator_of(&mut conn, person_id).await? {
        Some((op, _)) if op.community_id == community_id => op,
        // The person or their key is gone since sign-in.
        _ => {
            ctx.sessions().end_person(person_id);
            return Err(OpError::Access(AccessProblem::SessionExpired));
        }
    };
    if !allows(&operator.parties, action) {
        return Err(OpError::Access(AccessProblem::NotAllowed {
            action,
            who: who_may(action).to_vec(),
        }));
    }
    if action.is_installation_wide() {
        // The demo's PINs are public: its offices reach no further than the demo while a real
        // community lives on this laptop (backups, restores, new communities, recovery codes).
        if access_store::is_demo(&mut conn, operator.community_id).await?
            && access_store::any_other_than_demo(&mut conn).await?
        {
            return Err(OpError::Access(AccessProblem::PracticeOperator));
        }
    } else if action != Action::Public {
        for (field, id) in scoped_ids(args) {
            if let Some(c) = access_store::community_of(&mut conn, field, id).await? {
                if c != operator.community_id {
                    return Err(OpError::Access(AccessProblem::OtherCommunity));
                }
            }
        }
    }
    Ok(Caller::signed_in(operator, creds.now))
}

/// How the log names a caller without a session: the public operations and the first-run setup.
fn anonymous(action: Action) -> &'static str {
    if action == Action::Public {
        "未登录"
    } else {
        "首次设置"
    }
}

/// The one change allowed without a session: setting up the first community and its host while
/// no community here has a host who can sign in.
async fn first_run_setup(ctx: &Ctx, action: Action) -> OpResult<bool> {
    Ok(action == Action::CreateCommunity && !super::session::any_host(ctx).await?)
}

/// Every id an argument object names that the guard can place in a community (fields named in
/// `store::access::community_query`), at any depth (approvals and witnesses nest key ids).
pub fn scoped_ids(args: &Value) -> Vec<(&str, i64)> {
    fn walk<'a>(v: &'a Value, depth: usize, out: &mut Vec<(&'a str, i64)>) {
        if depth > 8 {
            return;
        }
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if access_store::community_query(k).is_some() {
                        match v {
                            Value::Number(n) => {
                                if let Some(id) = n.as_i64() {
                                    out.push((k.as_str(), id));
                                }
                            }
                            Value::Array(items) => {
                                out.extend(
                                    items
                                        .iter()
                                        .filter_map(|i| i.as_i64())
                                        .map(|id| (k.as_str(), id)),
                                );
                            }
                            _ => {}
                        }
                    }
                    walk(v, depth + 1, out);
                }
            }
            Value::Array(items) => {
                for i in items {
                    walk(i, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(args, 0, &mut out);
    out
}

/// Someone's own data, or an office that works with everyone's (the kiosk's counter, secretary
/// or host, the registrar): a member reads only their own roll entries.
pub fn own_or_office(by: &Caller, person_id: i64) -> OpResult<()> {
    let Some(op) = &by.operator else {
        return Err(OpError::Access(AccessProblem::SignInRequired));
    };
    if op.person_id == person_id
        || [Action::ReadRoll, Action::EnterBallots, Action::RunVote]
            .iter()
            .any(|a| allows(&op.parties, *a))
    {
        return Ok(());
    }
    Err(OpError::Access(AccessProblem::NotAllowed {
        action: Action::ReadRoll,
        who: who_may(Action::ReadRoll).to_vec(),
    }))
}
