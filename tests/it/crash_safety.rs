//! Crash safety: the server is killed (SIGKILL) while ballots are being cast by several clients
//! at once (so commits are shared: group commit); after a restart, every ballot that got a
//! receipt is in the record, and the record and the log still verify.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use yishi::lang::Lang;
use yishi::ops::keys::*;
use yishi::ops::{self, Caller};

const BALLOTS: usize = 120;
const CLIENTS: usize = 4;

fn seed(i: usize) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&(i as u64 + 7).to_le_bytes());
    s[31] = 0x5a;
    s
}

/// A plain HTTP/1.1 POST; `None` when the server is gone.
fn post(port: u16, token: &str, op: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    let req = format!(
        "POST /api/{op} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-yishi-session: {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).ok()?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).ok()?;
    let status = resp.split(' ').nth(1)?.parse().ok()?;
    Some((status, resp.split_once("\r\n\r\n")?.1.to_string()))
}

#[tokio::test]
async fn every_receipted_ballot_survives_a_kill() {
    let db = common::fresh().await;
    let by = Caller::new("测试", chrono::Utc::now());
    // The voters' own keys are enrolled before the vote opens: its manifest lists them.
    let (c, voters) = common::demo_roll(&db, &by).await;
    for (i, e) in voters.iter().take(BALLOTS).enumerate() {
        common::enrol_seed(&db, &by, c, e.voter(), &seed(i)).await;
    }
    let (v, voters) = common::open_vote_in(&db, &by, c, "崩溃测试").await;
    let mut bodies = Vec::new();
    for (i, e) in voters.iter().take(BALLOTS).enumerate() {
        let ballot = common::signed_ballot(&db, &by, (c, v), e.voter(), &seed(i), "agree").await;
        bodies.push(serde_json::to_string(&ballot).expect("json"));
    }
    // The kiosk's operator: a counter who signs in over HTTP like the app does.
    let counter = common::office_holder(
        &db.ctx,
        c,
        Some(yishi::domain::states::Role::Counter),
        1,
        "kiosk-counter-58",
    )
    .await;
    db.ctx.store().await.close().await;

    let mut child = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args([
            "--db",
            db.path.to_str().expect("utf-8 path"),
            "serve",
            "--bind",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start yishi serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .expect("port in the first line");

    let (status, signed) = post(
        port,
        "",
        "session_sign_in",
        &format!(r#"{{"community_id": {c}, "person_id": {counter}, "pin": "kiosk-counter-58"}}"#),
    )
    .expect("sign in");
    assert_eq!(status, 200, "{signed}");
    let token: String = serde_json::from_str::<serde_json::Value>(&signed).expect("json")["token"]
        .as_str()
        .expect("token")
        .to_string();
    // Cast from several client threads at once; kill the server once some receipts are in,
    // mid-stream, while other ballots are queued for or inside a shared commit.
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut lanes: Vec<Vec<String>> = vec![Vec::new(); CLIENTS];
    for (i, body) in bodies.into_iter().enumerate() {
        lanes[i % CLIENTS].push(body);
    }
    let casters: Vec<_> = lanes
        .into_iter()
        .map(|lane| {
            let seen = count.clone();
            let token = token.clone();
            std::thread::spawn(move || {
                let mut receipts = Vec::new();
                for body in &lane {
                    match post(port, &token, "signature_submit", body) {
                        Some((200, json)) => {
                            let r: Receipt = serde_json::from_str(&json).expect("receipt");
                            receipts.push(r.document_hash);
                            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        Some((status, json)) => panic!("ballot refused with {status}: {json}"),
                        None => break,
                    }
                }
                receipts
            })
        })
        .collect();
    let t = std::time::Instant::now();
    while t.elapsed() < std::time::Duration::from_secs(60)
        && count.load(std::sync::atomic::Ordering::SeqCst) < 15
    {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL the server");
    child.wait().expect("reap");
    let receipts: Vec<String> = casters
        .into_iter()
        .flat_map(|c| c.join().expect("caster thread"))
        .collect();
    assert!(
        !receipts.is_empty(),
        "some ballots were cast before the kill"
    );
    assert!(
        receipts.len() < BALLOTS,
        "the kill happened mid-stream ({} receipts)",
        receipts.len()
    );

    let ctx = ops::Ctx::open(&db.path)
        .await
        .expect("reopen after the crash");
    let record = ops::votes::build_record(&ctx, v).await.expect("record");
    let stored: std::collections::BTreeSet<&str> =
        record.ballots.iter().map(|b| b.receipt.as_str()).collect();
    for r in &receipts {
        assert!(
            stored.contains(r.as_str()),
            "receipted ballot {r} is in the record after the crash"
        );
    }
    assert!(
        yishi::formats::record::verify_record(&record)
            .discrepancies
            .is_empty()
    );
    assert!(
        ops::record::audit_verify(&ctx, None, Lang::En)
            .await
            .expect("audit")
            .ok,
        "the log still verifies"
    );
}
