//! The same operations over HTTP (`yishi serve`): `POST /api/{op}` runs `commands::dispatch`,
//! everything else serves the built UI embedded in the binary. Binds loopback by default; a
//! meeting room's phones need an explicit `--bind`.

use crate::commands::{ApiError, Request, dispatch};
use crate::lang::Lang;
use crate::ops::{Ctx, ErrorCode};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(rust_embed::RustEmbed)]
#[folder = "ui/dist"]
struct UiAssets;

mod guard;
pub use guard::{MAX_BODY, guard};

pub fn router(ctx: Arc<Ctx>) -> Router {
    guard(
        Router::new()
            .route("/api/{op}", post(api))
            .fallback(static_file)
            .with_state(ctx)
            .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY)),
    )
}

fn status_of(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(crate::commands::errors::http_status(code))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn header_text(headers: &HeaderMap, name: &str) -> String {
    let raw = headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    percent_decode(raw)
}

/// Decodes %XX escapes (the UI sends the actor's Chinese name URL-encoded).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Refuses what another web page could send: a page on another origin may POST a "simple"
/// request (a form, or `text/plain`) without the browser asking first, so the API takes only
/// `application/json` (which a cross-site page cannot send without a preflight this server never
/// grants) and, when the browser names the page's origin, only this server's own.
fn cross_site(headers: &HeaderMap, lang: Lang) -> Option<Response> {
    let refuse = |status: StatusCode, zh: &str, en: &str| {
        let err = ApiError {
            code: ErrorCode::InvalidInput,
            message: lang.pick(zh, en).to_string(),
            reference: None,
        };
        Some((status, axum::Json(err)).into_response())
    };
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "请求格式不对：议事厅只接受 JSON（Content-Type: application/json）。请用议事厅自己的页面操作。",
            "Wrong request format: Yishi takes only JSON (Content-Type: application/json). Use Yishi's own pages.",
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let own = origin.to_str().ok().zip(host).is_some_and(|(o, h)| {
            o.strip_prefix("http://")
                .or_else(|| o.strip_prefix("https://"))
                .is_some_and(|rest| rest.eq_ignore_ascii_case(h))
        });
        if !own {
            return refuse(
                StatusCode::FORBIDDEN,
                "这个请求来自另一个网页，已拒绝。请直接在议事厅的页面上操作。",
                "This request came from another web page and was refused. Work in Yishi's own pages.",
            );
        }
    }
    None
}

async fn api(
    State(ctx): State<Arc<Ctx>>,
    Path(op): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = Lang::parse(&header_text(&headers, "x-yishi-lang"));
    if let Some(refused) = cross_site(&headers, lang) {
        return refused;
    }
    let actor = header_text(&headers, "x-yishi-actor");
    let args = if body.is_empty() {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let err = ApiError::from_op(
                    &crate::ops::OpError::BadArguments {
                        op: op.clone(),
                        detail: e.to_string(),
                    },
                    lang,
                );
                return (StatusCode::BAD_REQUEST, axum::Json(err)).into_response();
            }
        }
    };
    match dispatch(
        &ctx,
        Request {
            op: &op,
            args,
            actor: &actor,
            lang,
            now: now(),
        },
    )
    .await
    {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => (status_of(e.code), axum::Json(e)).into_response(),
    }
}

async fn static_file(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let (file, path) = match UiAssets::get(path) {
        Some(f) => (f, path),
        None => match UiAssets::get("index.html") {
            Some(f) => (f, "index.html"),
            None => {
                return (StatusCode::NOT_FOUND, "UI not built: run `npm run build`")
                    .into_response();
            }
        },
    };
    let mime = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    ([(header::CONTENT_TYPE, mime)], file.data.into_owned()).into_response()
}

/// Serves until the process is stopped. Prints the address it bound (port 0 picks a free one).
/// The shift of a test clock (`yishi serve --i-know-this-is-a-test-clock` with YISHI_NOW); set
/// once at start, never by the app itself.
static TEST_CLOCK: std::sync::OnceLock<chrono::Duration> = std::sync::OnceLock::new();

/// Runs this server's clock `offset` away from the real one (tests only, see `yishi serve`).
pub fn set_test_clock(offset: chrono::Duration) {
    let _ = TEST_CLOCK.set(offset);
}

/// The instant an operation runs at: the real clock, or the test clock when one is set.
fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() + TEST_CLOCK.get().copied().unwrap_or_default()
}

pub async fn serve(ctx: Arc<Ctx>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    println!("yishi serving on http://{local}/");
    axum::serve(listener, router(ctx)).await
}
