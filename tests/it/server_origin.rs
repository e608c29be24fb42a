//! A hostile page in the same browser cannot drive `yishi serve`: a cross-site "simple" POST
//! (`text/plain`, the kind a page sends without asking) and a JSON POST naming another origin
//! are refused before any operation runs; the app's own pages and a terminal client still work.

use crate::common::fresh;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn post(addr: std::net::SocketAddr, headers: &str, body: &str) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "POST /api/demo_load HTTP/1.1\r\nHost: {addr}\r\n{headers}x-yishi-lang: en\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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
