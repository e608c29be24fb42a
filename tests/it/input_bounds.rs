//! Hostile input over HTTP gets a clear JSON error and the server keeps serving: a roster XLSX
//! that declares the whole sheet, a zip bomb, an oversized body (413), a wrong method (405), a
//! path that names no operation (404), malformed JSON (400), and a panic inside an operation
//! (500 with a reference, no internal text).

use crate::common::{b64, fresh};
use serde_json::{Value, json};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "../support/xlsx_build.rs"]
mod xlsx_build;

/// Sends one raw request; returns the status, the content type and the body.
async fn send(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("{head}Host: {addr}\r\nx-yishi-lang: en\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    // The server may answer (413) before it has read a body it refuses: write while reading.
    let (mut stream, mut writer) = stream.into_split();
    let body = body.to_vec();
    // The task hands the writer back: dropping it would half-close the connection, and the
    // server takes a half-closed connection as gone.
    let writing = tokio::spawn(async move {
        let _ = writer.write_all(&body).await;
        writer
    });
    // Read the head and then Content-Length bytes: a server that refuses a body may keep the
    // connection open to drain it, so waiting for the close could wait forever.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n");
        if let Some(end) = head_end {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                raw.truncate(end + 4 + length);
                break;
            }
        }
        match tokio::time::timeout(std::time::Duration::from_secs(20), stream.read(&mut buf)).await
        {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => raw.extend_from_slice(&buf[..n]),
            Err(_) => panic!(
                "no complete answer in 20 s: {}",
                String::from_utf8_lossy(&raw)
            ),
        }
    }
    drop(writing);
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let content_type = headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    (status, content_type, body.to_string())
}

async fn call(addr: SocketAddr, op: &str, args: &Value) -> (u16, Value) {
    call_as(addr, "", op, args).await
}

async fn call_as(addr: SocketAddr, token: &str, op: &str, args: &Value) -> (u16, Value) {
    let body = args.to_string();
    let head = format!(
        "POST /api/{op} HTTP/1.1\r\nContent-Type: application/json\r\nx-yishi-session: {token}\r\nContent-Length: {}\r\n",
        body.len()
    );
    let (status, content_type, text) = send(addr, &head, body.as_bytes()).await;
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}: {text}"
    );
    (status, serde_json::from_str(&text).expect("a JSON body"))
}

/// `community_setup` for a community named `name` with a first host (the first run needs no
/// session; later ones a host's): (status, body).
async fn setup(addr: SocketAddr, token: &str, name: &str, buildings: Value) -> (u16, Value) {
    call_as(
        addr,
        token,
        "community_setup",
        &json!({ "community": { "name": name, "address": "幸福路 1 号", "buildings": buildings, "settings": { "parking_counts": false } },
                 "host": { "name": "王主任", "id_number": "110101198001010011", "pin": "wang-host-pin-73" } }),
    )
    .await
}

/// A JSON error body: `{code, message, ref?}` and nothing else.
fn assert_api_error(status: u16, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["code"], want_code, "{body}");
    let message = body["message"].as_str().expect("a message");
    assert!(message.len() > 20, "says what to do: {message}");
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert!(
        keys.iter()
            .all(|k| ["code", "message", "ref"].contains(&k.as_str())),
        "{body}"
    );
}

async fn serve(app: axum::Router) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (addr, server)
}

async fn still_serving(addr: SocketAddr) {
    let (status, body) = call(addr, "app_info", &json!({})).await;
    assert_eq!(status, 200, "the server keeps serving: {body}");
}

#[tokio::test]
async fn hostile_roster_files_get_a_clear_error_and_the_server_keeps_serving() {
    let db = fresh().await;
    let (addr, server) = serve(yishi::server::router(std::sync::Arc::new(db.ctx))).await;
    let (status, created) = setup(addr, "", "阳光山庄", json!(["1栋"])).await;
    assert_eq!(status, 200, "{created}");
    let community = created["community"]["id"].as_i64().expect("community id");
    let host = created["signed_in"]["token"]
        .as_str()
        .expect("token")
        .to_string();

    let whole_sheet = xlsx_build::sheet_xml("A1:XFD1048576", &[("A1", "楼栋"), ("B1", "房号")]);
    let corners = xlsx_build::sheet_xml("", &[("A1", "楼栋"), ("XFD1048576", "x")]);
    let small = xlsx_build::sheet_xml("A1:A1", &[("A1", "楼栋")]);
    let cases = [
        (
            "declared dimension",
            xlsx_build::xlsx(&whole_sheet, 0),
            "1048576 rows",
        ),
        (
            "cells at both corners",
            xlsx_build::xlsx(&corners, 0),
            "limit",
        ),
        (
            "zip bomb",
            xlsx_build::xlsx(&small, yishi::formats::table::MAX_UNZIPPED as usize + 1),
            "256 MB",
        ),
    ];
    for (what, bytes, names) in cases {
        let (status, body) = call_as(
            addr,
            &host,
            "roll_import_preview",
            &json!({ "community_id": community, "file_name": "roster.xlsx", "content_base64": b64(&bytes), "options": { "create_buildings": false } }),
        )
        .await;
        assert_api_error(status, &body, 422, "file");
        let message = body["message"].as_str().unwrap_or("");
        assert!(message.contains(names), "{what}: {message}");
        still_serving(addr).await;
    }
    server.abort();
}

#[tokio::test]
async fn refusals_outside_operations_are_json_in_the_callers_language() {
    let db = fresh().await;
    let (addr, server) = serve(yishi::server::router(std::sync::Arc::new(db.ctx))).await;

    // Over the body limit: refused from the declared length, before the body is read.
    let declared = yishi::server::MAX_BODY + 1;
    let head = format!(
        "POST /api/app_info HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n"
    );
    let (status, content_type, text) = send(addr, &head, b"{}").await;
    assert!(
        content_type.starts_with("application/json"),
        "413 as {content_type}: {text}"
    );
    let body: Value = serde_json::from_str(&text).expect("JSON");
    assert_api_error(status, &body, 413, "invalid_input");
    assert!(
        body["message"].as_str().unwrap_or("").contains("80 MB"),
        "{body}"
    );
    // No declared length (chunked): axum cuts the body off at the limit; its 413 is JSON too.
    let mut chunked = format!("{:x}\r\n", yishi::server::MAX_BODY + 1).into_bytes();
    chunked.resize(chunked.len() + yishi::server::MAX_BODY + 1, b' ');
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let head = "POST /api/app_info HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
    let (status, content_type, text) = send(addr, head, &chunked).await;
    assert!(
        content_type.starts_with("application/json"),
        "413 as {content_type}: {text}"
    );
    assert_api_error(
        status,
        &serde_json::from_str(&text).expect("JSON"),
        413,
        "invalid_input",
    );

    let (status, content_type, text) = send(addr, "GET /api/app_info HTTP/1.1\r\n", b"").await;
    assert!(
        content_type.starts_with("application/json"),
        "405 as {content_type}: {text}"
    );
    assert_api_error(
        status,
        &serde_json::from_str(&text).expect("JSON"),
        405,
        "invalid_input",
    );

    let (status, body) = call(addr, "no_such_op", &json!({})).await;
    assert_api_error(status, &body, 404, "unknown_op");
    for path in ["/api/", "/api/app_info/extra"] {
        let head = format!(
            "POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
        );
        let (status, content_type, text) = send(addr, &head, b"{}").await;
        assert!(
            content_type.starts_with("application/json"),
            "{path}: {text}"
        );
        assert_api_error(
            status,
            &serde_json::from_str(&text).expect("JSON"),
            404,
            "unknown_op",
        );
    }

    let head = "POST /api/community_setup HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 9\r\n";
    let (status, _, text) = send(addr, head, b"{\"name\":,").await;
    assert_api_error(
        status,
        &serde_json::from_str(&text).expect("JSON"),
        400,
        "invalid_input",
    );

    // The pages themselves are not the API: unknown paths still serve the app.
    let (status, content_type, _) = send(addr, "GET /meetings HTTP/1.1\r\n", b"").await;
    assert!(
        status == 200 || content_type.starts_with("text/plain"),
        "{status}"
    );
    still_serving(addr).await;
    server.abort();
}

#[tokio::test]
async fn a_panic_inside_an_operation_is_a_json_500_with_a_reference_only() {
    use axum::routing::post;
    let app = yishi::server::guard(
        axum::Router::new()
            .route(
                "/api/boom",
                post(|| async {
                    panic!("SELECT secret FROM /home/host/yishi.db");
                    #[allow(unreachable_code)]
                    ""
                }),
            )
            .route(
                "/api/app_info",
                post(|| async { axum::Json(json!({"ok": true})) }),
            ),
    );
    let (addr, server) = serve(app).await;
    for _ in 0..3 {
        let (status, body) = call(addr, "boom", &json!({})).await;
        assert_api_error(status, &body, 500, "internal");
        let reference = body["ref"].as_str().expect("a reference");
        let message = body["message"].as_str().unwrap_or("");
        assert!(message.contains(reference), "{message}");
        assert!(!body.to_string().contains("secret") && !body.to_string().contains("yishi.db"));
        still_serving(addr).await;
    }
    server.abort();
}

#[tokio::test]
async fn a_path_escaping_community_name_names_one_plain_file() {
    let db = fresh().await;
    let (addr, server) = serve(yishi::server::router(std::sync::Arc::new(db.ctx))).await;
    let (status, first) = setup(addr, "", "第一个小区", json!(["1栋"])).await;
    assert_eq!(status, 200, "{first}");
    let first_host = first["signed_in"]["token"]
        .as_str()
        .expect("token")
        .to_string();
    for name in ["../../x", "..\\..\\y", "/etc/z", "C:\\w", "a\u{0}b", "CON"] {
        let (status, created) = setup(addr, &first_host, name, json!(["1栋"])).await;
        if status != 200 {
            // Refusing the name outright is as good as cleaning it.
            assert_api_error(status, &created, 422, "invalid_input");
            continue;
        }
        let (status, export) = call_as(
            addr,
            created["signed_in"]["token"].as_str().expect("the new host"),
            "roll_export",
            &json!({ "community_id": created["community"]["id"], "format": "csv", "save_to_downloads": false }),
        )
        .await;
        assert_eq!(status, 200, "{export}");
        let file_name = export["file_name"].as_str().expect("file name");
        assert!(
            yishi::domain::file_names::is_safe(file_name)
                && !file_name.contains(['/', '\\', '\0'])
                && !file_name.starts_with(".."),
            "{name:?} gave {file_name:?}"
        );
        assert!(file_name.ends_with("-名册.csv"), "{file_name}");
    }
    server.abort();
}

/// TypeScript declarations from `ui/src/bindings` (regenerated by `cargo test`): name → the
/// text after `=`, comments removed.
fn bindings() -> std::collections::BTreeMap<String, String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("bindings") {
        let path = entry.expect("entry").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(name) = name.strip_suffix(".ts") else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("read binding");
        let mut plain = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("/*") {
            plain.push_str(&rest[..i]);
            rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
        }
        plain.push_str(rest);
        let plain: String = plain
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        out.insert(name.to_string(), plain);
    }
    out
}

/// (field, type) for every `field: type` or `"field": type` in a declaration, at any depth.
fn fields_of(body: &str) -> Vec<(String, String)> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for (i, _) in body.match_indices(": ") {
        let mut start = i;
        if start > 0 && bytes[start - 1] == b'?' {
            start -= 1;
        }
        let quoted = start > 0 && bytes[start - 1] == b'"';
        if quoted {
            start -= 1;
        }
        let name_end = start;
        while start > 0 && ident(bytes[start - 1]) {
            start -= 1;
        }
        if start == name_end || (quoted && (start == 0 || bytes[start - 1] != b'"')) {
            continue;
        }
        let name = &body[start..name_end];
        let mut depth = 0i32;
        let mut stop = i + 2;
        for (k, b) in bytes.iter().enumerate().skip(i + 2) {
            match b {
                b'<' | b'{' | b'(' | b'[' => depth += 1,
                b'>' | b'}' | b')' | b']' if depth == 0 => break,
                b'>' | b'}' | b')' | b']' => depth -= 1,
                b',' | b';' if depth == 0 => break,
                _ => {}
            }
            stop = k + 1;
        }
        out.push((name.to_string(), body[i + 2..stop].to_string()));
    }
    out
}

fn type_names(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_string)
        .collect()
}

fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w == word)
}

#[test]
fn every_string_field_of_every_operations_arguments_has_a_limit() {
    use yishi::domain::bounds::limit_of;
    let decls = bindings();
    let mut todo: Vec<(String, String)> = yishi::commands::ops_table()
        .iter()
        .flat_map(|spec| {
            type_names(&(spec.args.name)())
                .into_iter()
                .map(move |t| (t, spec.name.to_string()))
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut strings: std::collections::BTreeMap<String, String> = Default::default();
    while let Some((ty, op)) = todo.pop() {
        let Some(decl) = decls.get(&ty) else {
            continue;
        };
        if !seen.insert(ty.clone()) {
            continue;
        }
        let body = decl.split_once('=').map_or("", |(_, b)| b);
        for (field, field_type) in fields_of(body) {
            if has_word(&field_type, "string") {
                strings
                    .entry(field)
                    .or_insert_with(|| format!("{ty} (in {op})"));
            }
        }
        todo.extend(type_names(body).into_iter().map(|t| (t, op.clone())));
    }
    assert!(
        strings.len() > 50 && strings.contains_key("motion") && strings.contains_key("pin"),
        "the walk finds the argument types' fields: {strings:?}"
    );
    let missing: Vec<String> = strings
        .iter()
        .filter(|(field, _)| limit_of(field).is_none())
        .map(|(field, ty)| format!("{field} ({ty})"))
        .collect();
    assert!(
        missing.is_empty(),
        "string fields with no limit in domain/bounds.rs FIELDS: {missing:?}"
    );
    let unused: Vec<&str> = yishi::domain::bounds::FIELDS
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| !strings.contains_key(*f))
        .collect();
    assert!(
        unused.is_empty(),
        "FIELDS lists fields no argument has: {unused:?}"
    );
    for spec in yishi::commands::ops_table() {
        assert!(
            yishi::domain::bounds::check(&(spec.example)()).is_ok(),
            "{}'s example is within the limits",
            spec.name
        );
    }
}

#[tokio::test]
async fn an_over_long_field_is_refused_by_name_and_nothing_is_saved() {
    let db = fresh().await;
    let ctx = std::sync::Arc::new(db.ctx);
    let (addr, server) = serve(yishi::server::router(ctx.clone())).await;
    let (status, body) = setup(addr, "", &"阳".repeat(101), json!(["1栋"])).await;
    assert_api_error(status, &body, 422, "invalid_input");
    let message = body["message"].as_str().unwrap_or("");
    assert!(
        message.contains("\"name\"") && message.contains("101") && message.contains("100"),
        "{message}"
    );
    let (status, body) = setup(addr, "", "阳光山庄", json!(["1栋", "栋".repeat(101)])).await;
    assert_api_error(status, &body, 422, "invalid_input");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("\"buildings\""),
        "{body}"
    );
    let communities = yishi::ops::roll::community_list(&ctx).await.expect("list");
    assert!(communities.is_empty(), "nothing saved");
    still_serving(addr).await;
    server.abort();
}
