//! Crash safety: the server is killed (SIGKILL) while ballots are being cast; after a restart,
//! every ballot that got a receipt is in the record, and the record and the log still verify.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use yishi::crypto::signing::{PublicKey, sign_with_seed};
use yishi::domain::vote::{MatterCategory, Rule, VoteSettings};
use yishi::formats::signed::SignedFile;
use yishi::lang::Lang;
use yishi::ops::sign_types::*;
use yishi::ops::vote_types::*;
use yishi::ops::{self, Caller};

fn seed(i: usize) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&(i as u64 + 7).to_le_bytes());
    s[31] = 0x5a;
    s
}

/// A plain HTTP/1.1 POST; `None` when the server is gone.
fn post(port: u16, op: &str, body: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    let req = format!(
        "POST /api/{op} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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
    let now = chrono::Utc::now();
    let by = Caller::new("测试", now);
    let c = ops::community::demo_load(&db.ctx, &by)
        .await
        .expect("demo")
        .id;
    let create = VoteCreate {
        community_id: c,
        title: "崩溃测试".into(),
        motion: "同意".into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: VoteSettings::new(Rule::OwnersOrdinary),
        opens_at: (now - chrono::Duration::hours(1)).to_rfc3339(),
        closes_at: (now + chrono::Duration::hours(2)).to_rfc3339(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v = ops::votes::vote_create(&db.ctx, &by, create)
        .await
        .expect("create")
        .vote_id;
    ops::votes::vote_open(&db.ctx, &by, v).await.expect("open");
    let voters = ops::vote_result::build_record(&db.ctx, v)
        .await
        .expect("record")
        .roll
        .entries;
    let mut bodies = Vec::new();
    for (i, e) in voters.iter().take(60).enumerate() {
        let public = sign_with_seed(
            &seed(i),
            &yishi::crypto::signing::Document::new("yishi/probe/v1"),
        )
        .0;
        let enrol = KeyEnrolPublic {
            community_id: c,
            person_id: e.person_id,
            public_key: public.text(),
            checked_by: "记录员".into(),
            check: IdCheck::IdCard,
        };
        ops::keys::key_enrol_public(&db.ctx, &by, enrol)
            .await
            .expect("enrol");
        let request = SignRequest {
            community_id: c,
            person_id: e.person_id,
            subject: SignSubject::Ballot {
                vote_id: v,
                choice: "agree".into(),
                proxy_for: None,
            },
        };
        let preview = ops::signing::sign_preview(&db.ctx, &by, request.clone(), Lang::Zh)
            .await
            .expect("preview");
        let (_, signature) = sign_with_seed(&seed(i), &preview.document);
        let file = SignedFile::new(
            preview.document,
            &PublicKey::parse(&public.text()).expect("key"),
            signature,
        );
        bodies.push(serde_json::to_string(&SignedFileSubmit { request, file }).expect("json"));
    }
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

    // Cast from another thread; kill the server once some receipts are in, mid-stream.
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    let caster = std::thread::spawn(move || {
        let mut receipts = Vec::new();
        for body in &bodies {
            match post(port, "signature_submit", body) {
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
    });
    let t = std::time::Instant::now();
    while t.elapsed() < std::time::Duration::from_secs(60)
        && count.load(std::sync::atomic::Ordering::SeqCst) < 15
    {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL the server");
    child.wait().expect("reap");
    let receipts = caster.join().expect("caster thread");
    assert!(
        !receipts.is_empty(),
        "some ballots were cast before the kill"
    );
    assert!(
        receipts.len() < 60,
        "the kill happened mid-stream ({} receipts)",
        receipts.len()
    );

    let ctx = ops::Ctx::open(&db.path)
        .await
        .expect("reopen after the crash");
    let record = ops::vote_result::build_record(&ctx, v)
        .await
        .expect("record");
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
        ops::audit::audit_verify(&ctx, None, Lang::En)
            .await
            .expect("audit")
            .ok,
        "the log still verifies"
    );
}
