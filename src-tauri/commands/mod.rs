//! The edge where JSON meets the operations. `dispatch` maps an operation name and its JSON
//! arguments to the `ops` function and its JSON result; the Tauri command (`desktop`) and the
//! HTTP server both call it, so the desktop app and a browser run exactly the same operations.
//! Errors leave here as `{code, message}` in the caller's language.

pub mod desktop;
mod flow;

use crate::lang::Lang;
use crate::ops::keys::*;
use crate::ops::votes::*;
use crate::ops::{self, Caller, Ctx, ErrorCode, OpError, types::*};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// What the UI receives when an operation fails.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn from_op(e: &OpError, lang: Lang) -> ApiError {
        ApiError {
            code: e.code(),
            message: e.message(lang),
        }
    }
}

/// One call from the UI.
pub struct Request<'a> {
    pub op: &'a str,
    pub args: Value,
    pub actor: &'a str,
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

pub(crate) fn args<T: DeserializeOwned>(op: &str, v: Value) -> Result<T, OpError> {
    let v = if v.is_null() {
        Value::Object(Default::default())
    } else {
        v
    };
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

/// Runs one operation by name.
pub async fn dispatch(ctx: &Ctx, req: Request<'_>) -> Result<Value, ApiError> {
    let lang = req.lang;
    run(ctx, req).await.map_err(|e| ApiError::from_op(&e, lang))
}

async fn run(ctx: &Ctx, req: Request<'_>) -> Result<Value, OpError> {
    let by = Caller::new(req.actor, req.now);
    let op = req.op;
    let a = req.args;
    match op {
        "app_info" => out(ops::roll::app_info(ctx).await?),
        "community_list" => out(ops::roll::community_list(ctx).await?),
        "community_create" => out(ops::roll::community_create(ctx, &by, args(op, a)?).await?),
        "community_settings" => out(ops::roll::community_settings(ctx, &by, args(op, a)?).await?),
        "demo_load" => out(ops::roll::demo_load(ctx, &by).await?),
        "building_add" => out(ops::roll::building_add(ctx, &by, args(op, a)?).await?),
        "roll_summary" => out(ops::roll::roll_summary(ctx, args(op, a)?).await?),
        "unit_list" => out(ops::roll::unit_list(ctx, args(op, a)?).await?),
        "person_search" => out(ops::roll::person_search(ctx, args(op, a)?).await?),
        "roll_export" => out(ops::roll::roll_export(ctx, args(op, a)?).await?),
        "roll_import_preview" => {
            out(ops::roll::roll_import_preview(ctx, args(op, a)?, req.lang).await?)
        }
        "roll_import_commit" => {
            out(ops::roll::roll_import_commit(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "job_progress" => out(ops::job_progress(ctx, args(op, a)?)),
        "role_list" => {
            out(ops::access::role_list(ctx, args::<CommunityRef>(op, a)?.community_id).await?)
        }
        "role_assign" => out(ops::access::role_assign(ctx, &by, args(op, a)?).await?),
        "role_remove" => out(ops::access::role_remove(ctx, &by, args(op, a)?).await?),
        "audit_verify" => out(ops::record::audit_verify(
            ctx,
            args::<AuditQuery>(op, a)?.expect_head.as_deref(),
            req.lang,
        )
        .await?),
        "event_list" => {
            out(ops::record::event_list(ctx, args::<EventQuery>(op, a)?, req.lang).await?)
        }
        "backup_create" => out(ops::record::backup_create(ctx, req.now, None).await?),
        "backup_list" => out(ops::record::backup_list(ctx).await?),
        "backup_restore" => {
            out(
                ops::record::backup_restore(ctx, &by, args::<BackupRestore>(op, a)?, req.lang)
                    .await?,
            )
        }
        "key_list" => out(ops::keys::key_list(ctx, args::<KeyQuery>(op, a)?.community_id).await?),
        "host_keys" => out(ops::keys::host_keys(ctx, args::<KeyQuery>(op, a)?.community_id).await?),
        "key_enrol" => out(ops::keys::key_enrol(ctx, &by, args(op, a)?).await?),
        "key_enrol_public" => out(ops::keys::key_enrol_public(ctx, &by, args(op, a)?).await?),
        "key_rotate" => out(ops::keys::key_rotate(ctx, &by, args(op, a)?).await?),
        "key_revoke" => out(ops::keys::key_revoke(ctx, &by, args(op, a)?).await?),
        "key_unlock" => out(ops::keys::key_unlock(ctx, &by, args(op, a)?).await?),
        "statement_create" => out(ops::signing::statement_create(ctx, &by, args(op, a)?).await?),
        "statement_list" => {
            out(ops::signing::statement_list(ctx, args::<KeyQuery>(op, a)?.community_id).await?)
        }
        "sign_preview" => out(ops::signing::sign_preview(ctx, &by, args(op, a)?, req.lang).await?),
        "sign" => out(ops::signing::sign(ctx, &by, args(op, a)?).await?),
        "signature_submit" => out(ops::signing::signature_submit(ctx, &by, args(op, a)?).await?),
        "signature_list" => out(ops::signing::signature_list(ctx, args(op, a)?, req.lang).await?),
        "rule_advice" => out(ops::votes::rule_advice(ctx, args(op, a)?).await?),
        "vote_create" => out(ops::votes::vote_create(ctx, &by, args(op, a)?).await?),
        "vote_list" => {
            out(ops::votes::vote_list(ctx, req.now, args::<KeyQuery>(op, a)?.community_id).await?)
        }
        "vote_open" => out(ops::votes::vote_open(ctx, &by, args::<VoteRef>(op, a)?.vote_id).await?),
        "vote_detail" => {
            out(
                ops::votes::vote_detail(ctx, req.now, args::<VoteRef>(op, a)?.vote_id, req.lang)
                    .await?,
            )
        }
        "proxy_add" => out(ops::votes::proxy_add(ctx, &by, args(op, a)?).await?),
        "served_add" => out(ops::votes::served_add(ctx, &by, args(op, a)?, req.lang).await?),
        "paper_ballot" => out(ops::votes::paper_ballot(ctx, &by, args(op, a)?).await?),
        "vote_close" => out(ops::votes::vote_close(ctx, &by, args(op, a)?, req.lang).await?),
        "vote_record" => out(ops::votes::vote_record(ctx, args::<VoteRef>(op, a)?.vote_id).await?),
        "vote_notice" => {
            out(ops::votes::vote_notice(ctx, args::<VoteRef>(op, a)?.vote_id, req.lang).await?)
        }
        "record_check" => out(ops::votes::record_check(args(op, a)?, req.lang)?),
        "convention_list" => out(ops::conventions::convention_list(
            ctx,
            args::<KeyQuery>(op, a)?.community_id,
            req.lang,
        )
        .await?),
        "convention_detail" => {
            out(ops::conventions::convention_detail(ctx, req.now, args(op, a)?, req.lang).await?)
        }
        "convention_create" => {
            out(ops::conventions::convention_create(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_articles_save" => {
            out(
                ops::conventions::convention_articles_save(ctx, &by, args(op, a)?, req.lang)
                    .await?,
            )
        }
        "convention_suggest" => {
            out(ops::conventions::convention_suggest(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_review" => {
            out(ops::conventions::convention_review(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_freeze" => {
            out(ops::conventions::convention_freeze(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_diff" => out(ops::conventions::convention_diff(ctx, args(op, a)?).await?),
        "convention_adoption_vote" => {
            out(
                ops::conventions::convention_adoption_vote(ctx, &by, args(op, a)?, req.lang)
                    .await?,
            )
        }
        "convention_adoption_link" => {
            out(
                ops::conventions::convention_adoption_link(ctx, &by, args(op, a)?, req.lang)
                    .await?,
            )
        }
        "convention_adopt" => {
            out(ops::conventions::convention_adopt(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_adopt_recorded" => {
            out(
                ops::conventions::convention_adopt_recorded(ctx, &by, args(op, a)?, req.lang)
                    .await?,
            )
        }
        "convention_file" => {
            out(ops::conventions::convention_file(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_publish" => {
            out(ops::conventions::convention_publish(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_amend" => {
            out(ops::conventions::convention_amend(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "convention_coverage" => {
            out(ops::conventions::convention_coverage(ctx, args(op, a)?).await?)
        }
        "violation_record" => {
            out(ops::conventions::violation_record(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "violation_list" => {
            out(ops::conventions::violation_list(ctx, args(op, a)?, req.lang).await?)
        }
        "convention_report" => {
            out(ops::conventions::convention_report(ctx, args(op, a)?, req.lang).await?)
        }
        "conduct_rules" => out(ops::conventions::conduct_rules_current(
            ctx,
            args::<KeyQuery>(op, a)?.community_id,
        )
        .await?),
        "consent_open" => out(ops::consent::consent_open(ctx, &by, args(op, a)?, req.lang).await?),
        "consent_add_party" => {
            out(ops::consent::consent_add_party(ctx, &by, args(op, a)?, req.lang).await?)
        }
        "consent_detail" => {
            out(ops::consent::consent_detail(ctx, req.now, args(op, a)?, req.lang).await?)
        }
        "consent_list" => out(ops::consent::consent_list(ctx, req.now, args(op, a)?).await?),
        "consent_record" => {
            out(ops::consent::consent_record(ctx, req.now, args(op, a)?, req.lang).await?)
        }
        other => flow::run(ctx, &by, other, a, req.lang).await,
    }
}
