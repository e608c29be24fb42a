//! Operation names of the consultation flow: matters, meetings, speakers and minutes.

use super::{args, out};
use crate::lang::Lang;
use crate::ops::types::CommunityRef;
use crate::ops::{self, Caller, Ctx, OpError};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Id {
    #[serde(alias = "matter_id", alias = "meeting_id", alias = "item_id")]
    #[serde(alias = "speech_id", alias = "minutes_id", alias = "file_id")]
    id: i64,
}

pub(super) async fn run(
    ctx: &Ctx,
    by: &Caller,
    op: &str,
    a: Value,
    lang: Lang,
) -> Result<Value, OpError> {
    let id = |a: Value| args::<Id>(op, a).map(|x| x.id);
    match op {
        "matter_raise" => out(ops::matters::matter_raise(ctx, by, args(op, a)?, lang).await?),
        "matter_list" => out(ops::matters::matter_list(ctx, by, args(op, a)?, lang).await?),
        "matter_detail" => out(ops::matters::matter_detail(ctx, by, id(a)?, lang).await?),
        "matter_act" => out(ops::matters::matter_act(ctx, by, args(op, a)?, lang).await?),
        "proposal_set" => out(ops::matters::proposal_set(ctx, by, args(op, a)?, lang).await?),
        "matter_file_add" => out(ops::matters::matter_file_add(ctx, by, args(op, a)?, lang).await?),
        "matter_file" => out(ops::matters::matter_file(ctx, id(a)?).await?),
        "meeting_schedule" => {
            out(ops::meetings::meeting_schedule(ctx, by, args(op, a)?, lang).await?)
        }
        "meeting_list" => {
            let c = args::<CommunityRef>(op, a)?.community_id;
            out(ops::meetings::meeting_list(ctx, by, c, lang).await?)
        }
        "notice_preview" => out(ops::meetings::notice_preview(ctx, by, args(op, a)?).await?),
        "meeting_detail" => out(ops::meetings::meeting_detail(ctx, by, id(a)?, lang).await?),
        "agenda_add" => out(ops::meetings::agenda_add(ctx, by, args(op, a)?, lang).await?),
        "agenda_order" => out(ops::meetings::agenda_order(ctx, by, args(op, a)?, lang).await?),
        "agenda_remove" => out(ops::meetings::agenda_remove(ctx, by, id(a)?, lang).await?),
        "meeting_announce" => {
            out(ops::meetings::meeting_announce(ctx, by, args(op, a)?, lang).await?)
        }
        "meeting_notice" => out(ops::meetings::meeting_notice(ctx, by, id(a)?).await?),
        "meeting_start" => out(ops::meetings::meeting_start(ctx, by, id(a)?, lang).await?),
        "meeting_item_start" => {
            out(ops::meetings::meeting_item_start(ctx, by, id(a)?, lang).await?)
        }
        "meeting_end" => out(ops::meetings::meeting_end(ctx, by, id(a)?, lang).await?),
        "attendance_add" => out(ops::meetings::attendance_add(ctx, by, args(op, a)?, lang).await?),
        "speaker_add" => out(ops::meetings::speaker_add(ctx, by, args(op, a)?, lang).await?),
        "speaker_start" => out(ops::meetings::speaker_start(ctx, by, id(a)?, lang).await?),
        "speaker_stop" => out(ops::meetings::speaker_stop(ctx, by, id(a)?, lang).await?),
        "speaker_withdraw" => out(ops::meetings::speaker_withdraw(ctx, by, id(a)?, lang).await?),
        "speaker_warn" => out(ops::meetings::speaker_warn(ctx, by, args(op, a)?, lang).await?),
        "item_notes" => out(ops::meetings::item_notes(ctx, by, args(op, a)?, lang).await?),
        "minutes_draft" => out(ops::meetings::minutes_draft(ctx, by, id(a)?).await?),
        "minutes_finalize" => out(ops::meetings::minutes_finalize(ctx, by, id(a)?, lang).await?),
        "addendum_add" => out(ops::meetings::addendum_add(ctx, by, args(op, a)?, lang).await?),
        "minutes_publish" => {
            out(ops::meetings::minutes_publish(ctx, by, args(op, a)?, lang).await?)
        }
        "minutes_export" => out(ops::meetings::minutes_export(ctx, by, id(a)?).await?),
        other => Err(OpError::UnknownOp(other.to_string())),
    }
}
