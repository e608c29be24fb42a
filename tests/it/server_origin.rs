//! A hostile page in the same browser cannot drive `yishi serve`: a cross-site "simple" POST
//! (`text/plain`, the kind a page sends without asking) and a JSON POST naming another origin
//! are refused before any operation runs; the app's own pages and a terminal client still work.

use crate::common::fresh;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn post(addr: std::net::SocketAddr, headers: &str, body: &str) -> (u16, Value) {
    send(addr, &addr.to_string(), "demo_load", headers, body).await
}

/// One raw POST naming its own Host header and every other header: (status, JSON body).
async fn send(
    addr: std::net::SocketAddr,
    host: &str,
    op: &str,
    headers: &str,
    body: &str,
) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "POST /api/{op} HTTP/1.1\r\nHost: {host}\r\n{headers}x-yishi-lang: en\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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
async fn foreign_pages_are_refused_and_own_pages_served() {
    let db = fresh().await;
    let ctx = std::sync::Arc::new(db.ctx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = yishi::server::router(ctx.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let communities = || async {
        yishi::ops::roll::community_list(&ctx)
            .await
            .expect("list")
            .len()
    };

    let (status, body) = post(
        addr,
        "Content-Type: text/plain\r\nOrigin: http://evil.example\r\n",
        "{}",
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("invalid_input"))
    );
    assert!(body["message"].as_str().unwrap_or("").contains("JSON"));
    let (status, _) = post(addr, "", "{}").await;
    assert_eq!(status, 415, "no content type at all is refused too");
    let (status, body) = post(
        addr,
        "Content-Type: application/json\r\nOrigin: http://evil.example\r\n",
        "{}",
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("invalid_input"))
    );
    let (status, _) = post(
        addr,
        &format!("Content-Type: application/json\r\nOrigin: http://{addr}.evil.example\r\n"),
        "{}",
    )
    .await;
    assert_eq!(status, 403, "a look-alike origin is another origin");
    assert_eq!(communities().await, 0, "nothing ran for a refused request");

    let (status, body) = post(
        addr,
        &format!("Content-Type: application/json; charset=utf-8\r\nOrigin: http://{addr}\r\n"),
        "{}",
    )
    .await;
    assert_eq!(status, 200, "the app's own page: {body}");
    assert_eq!(communities().await, 1);
    server.abort();
}

/// One JSON POST naming its own Host header.
async fn post_as_host(
    addr: std::net::SocketAddr,
    host: &str,
    op: &str,
    headers: &str,
    body: &str,
) -> (u16, Value) {
    let headers = format!("Content-Type: application/json\r\n{headers}");
    send(addr, host, op, &headers, body).await
}

#[tokio::test]
async fn a_rebound_name_and_a_missing_session_are_refused_before_anything_runs() {
    let db = fresh().await;
    let ctx = std::sync::Arc::new(db.ctx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = yishi::server::router(ctx.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let port = addr.port();

    // DNS rebinding: the page's own name now points at 127.0.0.1; its requests are same-origin
    // for the browser but carry the foreign name as Host.
    let evil = format!("evil.example:{port}");
    let (status, body) = post_as_host(
        addr,
        &evil,
        "demo_load",
        &format!("Origin: http://{evil}\r\n"),
        "{}",
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["message"].as_str().unwrap_or("").contains("address"),
        "{body}"
    );
    let (status, _) = post_as_host(addr, &evil, "demo_load", "", "{}").await;
    assert_eq!(status, 403, "a foreign Host without Origin too");
    let (status, _) = post_as_host(
        addr,
        &format!("127.0.0.1.evil.example:{port}"),
        "demo_load",
        "",
        "{}",
    )
    .await;
    assert_eq!(status, 403, "a look-alike name");
    assert!(
        yishi::ops::roll::community_list(&ctx)
            .await
            .expect("list")
            .is_empty(),
        "nothing ran"
    );
    // Loopback names are this server's.
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = post_as_host(addr, &host, "session_state", "", "{}").await;
        assert_eq!(status, 200, "{host}: {body}");
    }

    // The first run sets up the demo without a session; after that a change needs one.
    let (status, body) =
        post_as_host(addr, &format!("127.0.0.1:{port}"), "demo_load", "", "{}").await;
    assert_eq!(status, 200, "{body}");
    let c = body["id"].as_i64().expect("id");
    let (status, body) = post_as_host(
        addr,
        &format!("127.0.0.1:{port}"),
        "backup_create",
        "",
        "{}",
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("sign_in_required")),
        "{body}"
    );
    let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["code", "message"], "a JSON error and nothing else");
    let host = yishi::ops::demo::demo_operators(&ctx, c)
        .await
        .expect("ops")
        .into_iter()
        .find(|o| o.role == yishi::domain::states::Role::Host)
        .expect("host");
    let (status, signed) = post_as_host(
        addr,
        &format!("127.0.0.1:{port}"),
        "session_sign_in",
        "",
        &format!(
            r#"{{"community_id": {c}, "person_id": {}, "pin": "{}"}}"#,
            host.person_id, host.pin
        ),
    )
    .await;
    assert_eq!(status, 200, "{signed}");
    let token = signed["token"].as_str().expect("token");
    // A token in a cookie is not a session: a cross-site form could send cookies.
    let (status, _) = post_as_host(
        addr,
        &format!("127.0.0.1:{port}"),
        "role_list",
        &format!("Cookie: x-yishi-session={token}\r\n"),
        &format!(r#"{{"community_id": {c}}}"#),
    )
    .await;
    assert_eq!(status, 401, "a cookie carries no session");
    let (status, body) = post_as_host(
        addr,
        &format!("127.0.0.1:{port}"),
        "role_list",
        &format!("x-yishi-session: {token}\r\n"),
        &format!(r#"{{"community_id": {c}}}"#),
    )
    .await;
    assert_eq!(status, 200, "the header carries it: {body}");
    server.abort();
}

#[tokio::test]
async fn in_lan_mode_other_machines_need_a_paired_device_and_reach_only_phone_operations() {
    let db = fresh().await;
    let ctx = std::sync::Arc::new(db.ctx);
    let c = yishi::ops::demo::demo_load(&ctx, &crate::common::caller())
        .await
        .expect("demo")
        .id;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    // Served without the peer's address, a LAN-mode router treats every request as another
    // machine's: what a phone on the meeting-room network meets.
    let app = yishi::server::router_with(
        ctx.clone(),
        yishi::server::Exposure {
            lan_host: Some("192.168.1.20".into()),
        },
    );
    let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let lan = "192.168.1.20:8080";
    let (status, body) = post_as_host(addr, lan, "session_state", "", "{}").await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["message"].as_str().unwrap_or("").contains("paired"),
        "{body}"
    );

    let (_, host) = crate::common::demo_sign_in(
        &ctx,
        c,
        yishi::domain::states::Role::Host,
        chrono::Utc::now(),
    )
    .await;
    let issued = yishi::commands::dispatch(
        &ctx,
        yishi::commands::Request {
            op: "device_issue",
            args: serde_json::json!({ "community_id": c, "label": "签到台平板" }),
            session: Some(&host),
            lang: yishi::lang::Lang::En,
            now: chrono::Utc::now(),
        },
    )
    .await
    .expect("the host pairs a device");
    let device = issued["token"].as_str().expect("token");
    let with_device = format!("x-yishi-device: {device}\r\n");
    let (status, body) = post_as_host(addr, lan, "session_state", &with_device, "{}").await;
    assert_eq!(
        status, 200,
        "a paired device reaches a phone operation: {body}"
    );
    let (status, body) = post_as_host(
        addr,
        lan,
        "backup_create",
        &format!("{with_device}x-yishi-session: {host}\r\n"),
        "{}",
    )
    .await;
    assert_eq!(
        status, 403,
        "not a phone operation, even with the host's session: {body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("meeting-room"),
        "{body}"
    );
    let (status, _) = post_as_host(
        addr,
        "evil.example:8080",
        "session_state",
        &with_device,
        "{}",
    )
    .await;
    assert_eq!(status, 403, "the LAN address is the only other name");
    // Revoked: refused again.
    let id = issued["device"]["device_id"].as_str().expect("id");
    yishi::commands::dispatch(
        &ctx,
        yishi::commands::Request {
            op: "device_revoke",
            args: serde_json::json!({ "community_id": c, "device_id": id }),
            session: Some(&host),
            lang: yishi::lang::Lang::En,
            now: chrono::Utc::now(),
        },
    )
    .await
    .expect("revoke");
    let (status, _) = post_as_host(addr, lan, "session_state", &with_device, "{}").await;
    assert_eq!(status, 403, "a revoked device");
    server.abort();
}
