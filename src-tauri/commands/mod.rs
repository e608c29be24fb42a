//! The edge where JSON meets the operations. Every operation is declared once in
//! `table.rs` (name, argument and result types, access, device exposure, effect, errors, an
//! example); from that table come `dispatch` (used by the Tauri command in `desktop` and by the
//! HTTP server alike), `ui/src/bindings/ops.ts` and `docs/api.md` (`spec.rs`), checked for drift
//! by `tests/it/op_table.rs`. Errors leave here as `{code, message, ref}` in the caller's
//! language (`errors.rs`); each call is one `tracing` span (op, actor, duration, outcome).

pub mod desktop;
pub mod errors;
pub mod spec;
mod table;

pub use spec::OpSpec;
pub use table::{FileRef, MatterRef, NoArgs, ops_table};

use crate::lang::Lang;
use crate::ops::{Caller, Ctx, ErrorCode, OpError};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tracing::Instrument;
use ts_rs::TS;

/// What the UI receives when an operation fails.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    /// In the caller's language: what went wrong and what to do.
    pub message: String,
    /// For internal failures only: the reference the full error is logged under (`E-7F3A2C`).
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    #[ts(rename = "ref", optional)]
    pub reference: Option<String>,
}

impl ApiError {
    /// The caller's view of `e`; an internal error is logged in full under a new reference.
    pub fn from_op(e: &OpError, lang: Lang) -> ApiError {
        let (message, reference) = errors::user_message(e, lang);
        ApiError {
            code: e.code(),
            message,
            reference,
        }
    }
}

/// One call from the UI.
pub struct Request<'a> {
    pub op: &'a str,
    pub args: Value,
    /// The session token the caller holds (from `session_sign_in`), if any.
    pub session: Option<&'a str>,
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

/// What an operation's entry in the table runs with: the context, who acts (checked by the
/// guard) and when, the caller's language, and the session token (for the session operations).
pub struct Call<'a> {
    pub ctx: &'a Ctx,
    pub by: Caller,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub token: Option<&'a str>,
}

/// Parses an operation's arguments, after checking every text field against its limit
/// (`domain::bounds`): an over-long field is refused, naming it, before anything runs.
pub(crate) fn args<T: DeserializeOwned>(op: &str, v: Value) -> Result<T, OpError> {
    let v = if v.is_null() {
        Value::Object(Default::default())
    } else {
        v
    };
    crate::domain::bounds::check(&v).map_err(|t| {
        OpError::Invalid(crate::ops::Invalid::TooLong {
            field: t.field,
            limit: t.limit,
            chars: t.chars,
        })
    })?;
    serde_json::from_value(v).map_err(|e| OpError::BadArguments {
        op: op.to_string(),
        detail: e.to_string(),
    })
}

pub(crate) fn out<T: Serialize>(v: T) -> Result<Value, OpError> {
    serde_json::to_value(v).map_err(|e| OpError::BadArguments {
        op: "result".into(),
        detail: e.to_string(),
    })
}

/// Refuses when the clock is earlier than the newest checkpoint (`anchor::checkpoint::check_clock`).
async fn clock_ok(ctx: &Ctx, now: chrono::DateTime<chrono::Utc>) -> Result<(), OpError> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::anchor::checkpoint::check_clock(&mut conn, now).await
}

/// The operation's entry in the table, if there is one.
pub fn op_spec(name: &str) -> Option<&'static OpSpec> {
    ops_table().iter().find(|s| s.name == name)
}

/// Runs one operation by name: the guard (`ops::access::guard`) first turns the session into
/// the signed-in person and checks the role matrix and the records' community; then the
/// operation runs. All inside a span `op` with the operation's name and the actor, closed by one
/// event with the outcome, the error code and the duration. Argument values are never logged
/// (they carry PINs and ID numbers).
pub async fn dispatch(ctx: &Ctx, req: Request<'_>) -> Result<Value, ApiError> {
    let spec = op_spec(req.op);
    // An unknown name is the caller's text: not logged as is.
    let name = spec.map_or("<unknown>", |s| s.name);
    let started = std::time::Instant::now();
    // The guard first: the span then names who acts (recording a field later would print it
    // twice with two log layers).
    let authorized = match spec {
        None => Err(OpError::UnknownOp(req.op.to_string())),
        Some(spec) => {
            crate::ops::access::guard::authorize(
                ctx,
                spec.action,
                crate::ops::access::guard::Credentials {
                    token: req.session,
                    now: req.now,
                },
                &req.args,
            )
            .await
        }
    };
    // A change stamps the laptop's time: with the clock behind the newest checkpoint, nothing
    // is changed (reads still work) until the clock is set right.
    let authorized = match (authorized, spec) {
        (Ok(by), Some(spec))
            if spec.changes && spec.action != crate::domain::access::Action::Public =>
        {
            clock_ok(ctx, req.now).await.map(|()| by)
        }
        (other, _) => other,
    };
    let actor = authorized
        .as_ref()
        .map_or("未登录", |by| by.actor.as_str())
        .to_string();
    let span = tracing::info_span!("op", op = name, actor = actor.as_str());
    let result = async {
        let call = Call {
            ctx,
            by: authorized?,
            lang: req.lang,
            now: req.now,
            token: req.session,
        };
        table::run_op(&call, req.op, req.args).await
    }
    .instrument(span.clone())
    .await;
    let ms = started.elapsed().as_millis() as u64;
    let _entered = span.enter();
    match result {
        Ok(v) => {
            tracing::info!(outcome = "ok", ms, "done");
            Ok(v)
        }
        Err(e) => {
            let code = e.code();
            if let Some(spec) = spec.filter(|s| !s.all_errors().contains(&code)) {
                tracing::warn!(
                    code = errors::code_name(code),
                    "{} returned a code its table entry does not list",
                    spec.name
                );
            }
            let api = ApiError::from_op(&e, req.lang);
            match &api.reference {
                Some(r) => {
                    tracing::error!(outcome = "error", code = errors::code_name(code), reference = %r, ms, "done")
                }
                None => tracing::info!(
                    outcome = "error",
                    code = errors::code_name(code),
                    ms,
                    "done"
                ),
            }
            Err(api)
        }
    }
}
