//! Each dispatched operation is one span in the log (name, actor, outcome, code, duration);
//! argument values (PINs, ID numbers) never reach the log; an internal failure reaches the
//! caller as a plain message with a reference, and the log has the full error under it.

use crate::common::{at, fresh};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tracing_subscriber::layer::SubscriberExt;
use yishi::commands::{ApiError, Request, dispatch};
use yishi::lang::Lang;
use yishi::ops::{Ctx, ErrorCode};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

/// Logs of this thread go to the returned buffer, in the app's own format, until the guard drops.
fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let buf = Captured::default();
    let writer = buf.clone();
    let subscriber =
        tracing_subscriber::registry().with(yishi::cli::logging::layer(move || writer.clone()));
    (buf, tracing::subscriber::set_default(subscriber))
}

async fn call_as(
    ctx: &Ctx,
    session: Option<&str>,
    op: &str,
    args: Value,
) -> Result<Value, ApiError> {
    dispatch(
        ctx,
        Request {
            op,
            args,
            session,
            lang: Lang::En,
            now: at(22, 9),
        },
    )
    .await
}

/// The demo loaded on the first run (no session needed), and its host signed in (at the test
/// clock; `demo_host_now` at the real one, for the HTTP server).
async fn demo_host(ctx: &Ctx) -> (i64, String) {
    demo_host_at(ctx, at(22, 9)).await
}

async fn demo_host_at(ctx: &Ctx, now: chrono::DateTime<chrono::Utc>) -> (i64, String) {
    let c = call_as(ctx, None, "demo_load", json!({}))
        .await
        .expect("demo")["id"]
        .as_i64()
        .expect("community id");
    let (_, token) =
        crate::common::demo_sign_in(ctx, c, yishi::domain::states::Role::Host, now).await;
    (c, token)
}

const PIN: &str = "864213";
const NEW_PIN: &str = "579135";
const ID_NUMBER: &str = "110101199003074514";

#[tokio::test]
async fn a_dispatched_op_is_one_span_with_its_outcome_and_no_argument_values() {
    let db = fresh().await;
    let (log, _guard) = capture();
    let (c, token) = demo_host(&db.ctx).await;
    let call = |ctx, op, args| call_as(ctx, Some(token.as_str()), op, args);
    let keys = call(&db.ctx, "key_list", json!({ "community_id": c }))
        .await
        .expect("keys");
    let with_key: Vec<i64> = keys
        .as_array()
        .expect("list")
        .iter()
        .filter(|k| k["status"] == "active")
        .filter_map(|k| k["person_id"].as_i64())
        .collect();
    let mut person = None;
    for needle in ["", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0"] {
        let hits = call(
            &db.ctx,
            "person_search",
            json!({ "community_id": c, "search": needle }),
        )
        .await
        .expect("persons");
        person = hits
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|p| p["person"]["person_id"].as_i64())
            .find(|id| !with_key.contains(id));
        if person.is_some() {
            break;
        }
    }
    let person = person.expect("a demo person without a key");
    // The signed-in host signs the enrolment certificate with their own key and PIN.
    let host = yishi::ops::demo::demo_operators(&db.ctx, c)
        .await
        .expect("operators")
        .into_iter()
        .find(|o| o.role == yishi::domain::states::Role::Host)
        .expect("the demo host");
    let host_key = keys
        .as_array()
        .expect("list")
        .iter()
        .find(|k| k["status"] == "active" && k["person_id"].as_i64() == Some(host.person_id))
        .and_then(|k| k["key_id"].as_i64())
        .expect("the host's key");
    let registrar = json!({ "key_id": host_key, "pin": host.pin });
    let key = call(
        &db.ctx,
        "key_enrol",
        json!({ "community_id": c, "person_id": person, "pin": PIN,
                "checked_by": format!("身份证 {ID_NUMBER}"), "check": "id_card",
                "registrar": registrar }),
    )
    .await
    .expect("enrol");
    let key_id = key["key_id"].as_i64().expect("key id");
    // A wrong PIN: an error outcome, and still no PIN in the log.
    let wrong = call(
        &db.ctx,
        "key_rotate",
        json!({ "community_id": c, "key_id": key_id, "pin": "975310", "new_pin": NEW_PIN,
                "registrar": registrar }),
    )
    .await
    .expect_err("wrong PIN refused");
    assert_eq!(wrong.code, ErrorCode::WrongPin);
    let unknown = call(&db.ctx, "no_such_op_864213", json!({})).await;
    assert_eq!(unknown.expect_err("unknown").code, ErrorCode::UnknownOp);

    let text = log.text();
    let line = |op: &str, outcome: &str| {
        text.lines().any(|l| {
            l.contains(&format!("op{{op=\"{op}\"")) || l.contains(&format!("op{{op={op}"))
        } && l.contains(&format!("outcome=\"{outcome}\"")) && l.contains("ms="))
    };
    assert!(
        line("demo_load", "ok"),
        "demo_load span with its outcome:\n{text}"
    );
    assert!(line("key_enrol", "ok"), "key_enrol span:\n{text}");
    assert!(line("key_rotate", "error"), "key_rotate failed:\n{text}");
    assert!(text.contains("code=\"wrong_pin\""), "{text}");
    let host = yishi::ops::demo::demo_operators(&db.ctx, c)
        .await
        .expect("operators")
        .into_iter()
        .find(|o| o.role == yishi::domain::states::Role::Host)
        .expect("host");
    assert!(
        text.contains(&format!("actor=\"{}#{}\"", host.name, host.person_id)),
        "the signed-in actor is in the span:\n{text}"
    );
    assert!(
        text.contains("op=\"<unknown>\""),
        "an unknown name is not echoed:\n{text}"
    );
    assert!(
        !text.contains("does not list"),
        "an op failed with a code its table entry lacks:\n{text}"
    );
    for secret in [PIN, NEW_PIN, "975310", ID_NUMBER, "864213"] {
        assert!(!text.contains(secret), "{secret} reached the log:\n{text}");
    }
}

#[tokio::test]
async fn an_internal_failure_gives_a_reference_and_logs_the_details_under_it() {
    use sqlx::Connection;
    let db = fresh().await;
    let (log, _guard) = capture();
    let (c, token) = demo_host(&db.ctx).await;
    let call = |ctx, op, args| call_as(ctx, Some(token.as_str()), op, args);
    // Break the database under the app: its statements table disappears.
    let url = format!("sqlite://{}", db.path.display());
    let mut raw = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("raw connection");
    sqlx::query("ALTER TABLE statements RENAME TO statements_gone")
        .execute(&mut raw)
        .await
        .expect("rename");
    raw.close().await.expect("close");

    let e = call(&db.ctx, "statement_list", json!({ "community_id": c }))
        .await
        .expect_err("the table is gone");
    assert_eq!(e.code, ErrorCode::Storage);
    let reference = e
        .reference
        .clone()
        .expect("internal errors carry a reference");
    assert!(
        reference.starts_with("E-") && reference.len() == 8,
        "{reference}"
    );
    assert!(e.message.contains(&reference), "{}", e.message);
    for internal in ["statements", "SQL", "sqlite", "no such table", ".db"] {
        assert!(
            !e.message.contains(internal),
            "{internal} shown: {}",
            e.message
        );
    }
    let body = serde_json::to_value(&e).expect("json");
    assert_eq!(
        body["ref"],
        reference.as_str(),
        "the body carries `ref`: {body}"
    );

    let text = log.text();
    let logged = text
        .lines()
        .find(|l| l.contains(&reference) && l.contains("internal error"))
        .unwrap_or_else(|| panic!("{reference} logged:\n{text}"));
    assert!(
        logged.contains("statements"),
        "the log has the details: {logged}"
    );

    // The same error in Chinese says the same reference-only thing.
    let zh = ApiError::from_op(
        &yishi::ops::OpError::Storage(yishi::store::StoreError::Corrupt(
            "SELECT * FROM persons WHERE id_digest = '…' /home/host/yishi.db".into(),
        )),
        Lang::Zh,
    );
    let r = zh.reference.expect("reference");
    assert!(
        zh.message.contains(&r) && zh.message.contains("参考号"),
        "{}",
        zh.message
    );
    assert!(!zh.message.contains("SELECT") && !zh.message.contains("yishi.db"));
    assert!(log.text().contains(&r) && log.text().contains("id_digest"));
}

/// One raw HTTP/1.1 POST to the server (no client library needed): (status, body).
async fn post(addr: std::net::SocketAddr, token: &str, op: &str, body: &str) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "POST /api/{op} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nx-yishi-session: {token}\r\nx-yishi-lang: en\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).expect("a JSON body"))
}

#[tokio::test]
async fn over_http_an_internal_failure_is_a_500_with_code_message_and_ref_only() {
    use sqlx::Connection;
    let db = fresh().await;
    let (c, token) = demo_host_at(&db.ctx, chrono::Utc::now()).await;
    let path = db.path.clone();
    let ctx = std::sync::Arc::new(db.ctx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        axum::serve(listener, yishi::server::router(ctx))
            .await
            .expect("serve")
    });

    let (status, body) = post(addr, &token, "vote_open", r#"{"vote_id": 99999}"#).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    assert!(
        body.get("ref").is_none(),
        "no reference for a plain refusal: {body}"
    );

    let mut raw = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("raw connection");
    sqlx::query("ALTER TABLE statements RENAME TO statements_gone")
        .execute(&mut raw)
        .await
        .expect("rename");
    raw.close().await.expect("close");
    let (status, body) = post(
        addr,
        &token,
        "statement_list",
        &format!(r#"{{"community_id": {c}}}"#),
    )
    .await;
    assert_eq!(status, 500);
    assert_eq!(body["code"], "storage");
    let reference = body["ref"].as_str().expect("a reference");
    let message = body["message"].as_str().expect("a message");
    assert!(message.contains(reference), "{message}");
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["code", "message", "ref"], "nothing else in the body");
    assert!(!body.to_string().contains("statements"), "{body}");
    server.abort();
}
