//! The outermost layer of `yishi serve`: every answer under `/api/` is JSON
//! `{code, message, ref?}` in the caller's language, whatever produced it. axum's own refusals
//! (a body over the size limit: 413; a wrong method: 405; a path that names no operation) are
//! plain text or empty, and a panic inside an operation would drop the connection; here each
//! becomes a JSON error, a panic a 500 whose text goes only to the log under its reference, and
//! the server keeps serving.

use crate::commands::ApiError;
use crate::commands::errors::{internal_message, new_reference};
use crate::lang::Lang;
use crate::ops::ErrorCode;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest request body: a roster file (50 MB at most, `formats::table::MAX_BYTES`) in
/// base64 with its JSON around it.
pub const MAX_BODY: usize = 80 * 1024 * 1024;

/// `router` behind the JSON error layer.
pub fn guard(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(json_errors))
}

fn lang_of(headers: &HeaderMap) -> Lang {
    let tag = headers
        .get("x-yishi-lang")
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE))
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Lang::parse(tag)
}

fn json(
    status: StatusCode,
    code: ErrorCode,
    message: String,
    reference: Option<String>,
) -> Response {
    let body = ApiError {
        code,
        message,
        reference,
    };
    (status, axum::Json(body)).into_response()
}

/// The JSON answer for a refusal axum made without us (status only, body not kept: it is
/// axum's text, sometimes with the parser's detail).
fn refusal(status: StatusCode, lang: Lang) -> Response {
    let mb = MAX_BODY / (1024 * 1024);
    let (code, zh, en) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::InvalidInput,
            format!("请求太大（上限 {mb} MB），未处理。导入的花名册文件不能超过 50 MB：请拆分后分批导入。"),
            format!("The request is too large ({mb} MB at most) and was not processed. A roster file may be 50 MB at most: split it and import the parts."),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::InvalidInput,
            "操作只能用 POST 请求调用。请使用议事厅自己的页面，或按 docs/api.md 用 POST 发送 JSON。".to_string(),
            "Operations are called with POST only. Use Yishi's own pages, or POST JSON as docs/api.md describes.".to_string(),
        ),
        StatusCode::NOT_FOUND => (
            ErrorCode::UnknownOp,
            "没有这个操作。请把应用更新到最新版本；操作的地址是 /api/操作名（见 docs/api.md）。".to_string(),
            "No such operation. Update the app; an operation's address is /api/<name> (see docs/api.md).".to_string(),
        ),
        s if s.is_server_error() => {
            let reference = new_reference();
            tracing::error!(reference = %reference, status = s.as_u16(), "internal error outside an operation");
            return json(
                s,
                ErrorCode::Internal,
                internal_message(&reference, lang),
                Some(reference),
            );
        }
        _ => (
            ErrorCode::InvalidInput,
            "请求格式不对，未处理。请刷新页面后重试。".to_string(),
            "The request is malformed and was not processed. Reload the page and try again.".to_string(),
        ),
    };
    json(status, code, lang.pick(zh, en), None)
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// An operation's address is `/api/{name}`, one segment.
fn names_no_operation(path: &str) -> bool {
    path.strip_prefix("/api/")
        .is_none_or(|name| name.is_empty() || name.contains('/'))
}

async fn json_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if !(path == "/api" || path.starts_with("/api/")) {
        return next.run(request).await;
    }
    let lang = lang_of(request.headers());
    if names_no_operation(&path) {
        return refusal(StatusCode::NOT_FOUND, lang);
    }
    // A declared length over the limit is refused before a byte of the body is read; a body
    // sent without one is cut off at the limit by `DefaultBodyLimit` (its 413 is made JSON below).
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, lang);
    }
    // Run on its own task: a panic ends that task, not the connection, and is reported here.
    let response = match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(e) => {
            let op = path.trim_start_matches("/api/");
            let err = crate::commands::errors::task_failed(e, op, lang);
            return (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(err)).into_response();
        }
    };
    let status = response.status();
    if (status.is_client_error() || status.is_server_error()) && !is_json(&response) {
        return refusal(status, lang);
    }
    response
}
