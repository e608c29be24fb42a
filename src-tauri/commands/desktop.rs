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
    session: Option<String>,
    lang: Option<String>,
) -> Result<Value, ApiError> {
    let lang = lang.as_deref().map(Lang::parse).unwrap_or_default();
    // On its own task: a panic in an operation answers the window with an `internal` error and
    // a reference instead of leaving its promise pending forever.
    let ctx: Arc<Ctx> = state.inner().clone();
    let name = op.clone();
    let task = tokio::spawn(async move {
        dispatch(
            &ctx,
            Request {
                op: &op,
                args,
                session: session.as_deref(),
                lang,
                now: chrono::Utc::now(),
            },
        )
        .await
    });
    task.await
        .unwrap_or_else(|e| Err(super::errors::task_failed(e, &name, lang)))
}

/// Saves an exported file into the Downloads folder (the desktop window cannot download) and
/// returns where it went. Desktop only: the LAN server never writes files for its clients.
#[tauri::command]
async fn save_file(
    state: tauri::State<'_, Arc<Ctx>>,
    file_name: String,
    content_base64: String,
    session: Option<String>,
    lang: Option<String>,
) -> Result<String, ApiError> {
    let lang = lang.as_deref().map(Lang::parse).unwrap_or_default();
    // Writing into the user's folder needs a signed-in person like any other change.
    if let Err(problem) = state
        .sessions()
        .touch(session.as_deref().unwrap_or(""), chrono::Utc::now())
    {
        return Err(ApiError::from_op(
            &crate::ops::OpError::Access(problem),
            lang,
        ));
    }
    let dir = crate::ops::documents::downloads(state.backup_dir());
    crate::ops::documents::save_into(&dir, &file_name, &content_base64)
        .map(|p| p.display().to_string())
        .map_err(|e| ApiError::from_op(&e, lang))
}

/// Opens the main window on the given context and runs until it is closed.
pub fn run(ctx: Arc<Ctx>, context: tauri::Context<tauri::Wry>) -> Result<(), tauri::Error> {
    tauri::Builder::default()
        .manage(ctx)
        .invoke_handler(tauri::generate_handler![call, save_file])
        .run(context)
}
