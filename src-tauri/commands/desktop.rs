//! The desktop app: one Tauri command, `call`, forwarding to `dispatch`.

use super::{ApiError, Request, dispatch};
use crate::lang::Lang;
use crate::ops::Ctx;
use serde_json::Value;
use std::sync::Arc;

#[tauri::command]
async fn call(
    state: tauri::State<'_, Arc<Ctx>>,
    op: String,
    args: Value,
    actor: Option<String>,
    lang: Option<String>,
) -> Result<Value, ApiError> {
    let lang = lang.as_deref().map(Lang::parse).unwrap_or_default();
    dispatch(
        &state,
        Request {
            op: &op,
            args,
            actor: actor.as_deref().unwrap_or(""),
            lang,
            now: chrono::Utc::now(),
        },
    )
    .await
}

/// Opens the main window on the given context and runs until it is closed.
pub fn run(ctx: Arc<Ctx>, context: tauri::Context<tauri::Wry>) -> Result<(), tauri::Error> {
    tauri::Builder::default()
        .manage(ctx)
        .invoke_handler(tauri::generate_handler![call])
        .run(context)
}
