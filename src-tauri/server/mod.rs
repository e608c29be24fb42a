//! The same operations over HTTP (`yishi serve`): `POST /api/{op}` runs `commands::dispatch`,
//! everything else serves the built UI embedded in the binary. Binds loopback by default; a
//! meeting room's phones need an explicit `--bind` with `--lan`.
//!
//! Before any operation runs, a request must: name an allowed Host (loopback names, or the LAN
//! address in LAN mode: a DNS-rebinding page carries its own name and is refused), come from this
//! server's own origin when the browser names one, and be JSON. The session token travels in
//! the `x-yishi-session` header, never a cookie, so a cross-site form cannot carry it. A request
//! from another machine (LAN mode) reaches only the operations marked for members' devices.

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

/// What the server accepts beyond loopback.
#[derive(Debug, Clone, Default)]
pub struct Exposure {
    /// LAN mode: the address phones use (its host part is allowed as a Host header). None:
    /// loopback only.
    pub lan_host: Option<String>,
}

#[derive(Clone)]
struct AppState {
    ctx: Arc<Ctx>,
    exposure: Arc<Exposure>,
}

mod guard;
pub use guard::{MAX_BODY, guard};

/// The server on loopback only.
pub fn router(ctx: Arc<Ctx>) -> Router {
    router_with(ctx, Exposure::default())
}

/// The server; `exposure` says what it answers beyond loopback. Wrapped in `guard`: JSON for
/// every refusal (413, 404, 405), a panic a JSON 500 with a reference.
pub fn router_with(ctx: Arc<Ctx>, exposure: Exposure) -> Router {
    guard(
        Router::new()
            .route("/api/{op}", post(api))
            .fallback(static_file)
            .with_state(AppState {
                ctx,
                exposure: Arc::new(exposure),
            })
            .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY)),
    )
}

/// The host part of a Host header or an origin's authority (`127.0.0.1:8080` → `127.0.0.1`,
/// `[::1]:80` → `[::1]`), lowercased.
fn host_part(authority: &str) -> String {
    let a = authority.trim().to_ascii_lowercase();
    if a.starts_with('[') {
        return a.split(']').next().map(|h| format!("{h}]")).unwrap_or(a);
    }
    a.split(':').next().unwrap_or("").to_string()
}

/// Whether `host` (a Host header's host part) is one this server answers to.
fn allowed_host(host: &str, exposure: &Exposure) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
        || exposure
            .lan_host
            .as_deref()
            .is_some_and(|lan| host_part(lan) == host)
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
fn cross_site(headers: &HeaderMap, exposure: &Exposure, lang: Lang) -> Option<Response> {
    let refuse = |status: StatusCode, zh: &str, en: &str| {
        let err = ApiError {
            code: ErrorCode::InvalidInput,
            message: lang.pick(zh, en).to_string(),
            reference: None,
        };
        Some((status, axum::Json(err)).into_response())
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| allowed_host(&host_part(h), exposure)) {
        return refuse(
            StatusCode::FORBIDDEN,
            "这个请求使用的地址不是议事厅的地址，已拒绝。请用议事厅显示的地址（如 http://127.0.0.1:端口）打开。",
            "This request used an address that is not Yishi's and was refused. Open Yishi at the address it shows (e.g. http://127.0.0.1:PORT).",
        );
    }
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
    State(state): State<AppState>,
    Path(op): Path<String>,
    parts: axum::http::request::Parts,
    body: Bytes,
) -> Response {
    let headers = &parts.headers;
    // The peer, when the server was started with connect info (`serve`); a loopback-only router
    // without it (tests) is local by construction.
    let local_peer = match parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
    {
        Some(info) => info.0.ip().is_loopback(),
        None => state.exposure.lan_host.is_none(),
    };
    let ctx = &state.ctx;
    let lang = Lang::parse(&header_text(headers, "x-yishi-lang"));
    if let Some(refused) = cross_site(headers, &state.exposure, lang) {
        return refused;
    }
    // Another machine (LAN mode) reaches only what members' own devices may call.
    if !local_peer {
        let refuse = |p: crate::ops::access::AccessProblem| {
            let err = ApiError::from_op(&crate::ops::OpError::Access(p), lang);
            (StatusCode::FORBIDDEN, axum::Json(err)).into_response()
        };
        let paired = headers
            .get("x-yishi-device")
            .and_then(|v| v.to_str().ok())
            .and_then(|t| ctx.devices().check(t.trim(), now()));
        if paired.is_none() {
            return refuse(crate::ops::access::AccessProblem::DeviceNotPaired);
        }
        if !crate::commands::op_spec(&op).is_some_and(|s| s.phones) {
            return refuse(crate::ops::access::AccessProblem::NotOnThisNetwork);
        }
    }
    let session = headers
        .get("x-yishi-session")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
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
        ctx,
        Request {
            op: &op,
            args,
            session,
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

/// Serves until the process is stopped. Prints the address it bound (port 0 picks a free one).
/// A non-loopback `addr` needs `lan` (the caller refuses otherwise).
pub async fn serve(ctx: Arc<Ctx>, addr: SocketAddr, lan: bool) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    println!("yishi serving on http://{local}/");
    let exposure = Exposure {
        lan_host: lan.then(|| local.ip().to_string()),
    };
    axum::serve(
        listener,
        router_with(ctx, exposure).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
