//! `yishi keys` from a terminal: a member makes a key, signs a document, and anyone verifies the
//! signed file offline; a flipped byte makes verification fail and name the signature.

use std::process::Command;

fn yishi(dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args([
            "--db",
            dir.join("cli.db").to_str().expect("utf-8 path"),
            "--lang",
            "en",
        ])
        .args(args)
        .env("YISHI_PIN", "member-pin-2026")
        .output()
        .expect("run yishi");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn generate_sign_and_verify_offline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = |name: &str| {
        dir.path()
            .join(name)
            .to_str()
            .expect("utf-8 path")
            .to_string()
    };
    let (ok, text) = yishi(dir.path(), &["keys", "generate", "--out", &p("me.key")]);
    assert!(ok, "{text}");
    assert!(text.starts_with("yishi-key:v1:"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(p("me.key"))
            .expect("key file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "only the owner may read the key file");
    }
    let doc = r#"{"context":"yishi/statement/v1","fields":[{"name":"title","value":{"type":"text","value":"加装电梯知情确认"}},{"name":"statement_id","value":{"type":"int","value":3}}]}"#;
    std::fs::write(p("doc.json"), doc).expect("write doc");
    let (ok, text) = yishi(
        dir.path(),
        &[
            "keys",
            "sign",
            "--key",
            &p("me.key"),
            "--document",
            &p("doc.json"),
            "--out",
            &p("signed.json"),
        ],
    );
    assert!(ok, "{text}");
    let (ok, text) = yishi(dir.path(), &["keys", "verify", &p("signed.json")]);
    assert!(ok && text.contains("1 signature(s), 0 invalid"), "{text}");

    let signed = std::fs::read_to_string(p("signed.json")).expect("read");
    let tampered = signed.replace("加装电梯", "拆除电梯");
    assert_ne!(signed, tampered);
    std::fs::write(p("tampered.json"), format!("[{signed}, {tampered}]")).expect("write");
    let (ok, text) = yishi(dir.path(), &["keys", "verify", &p("tampered.json")]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("[2] INVALID") && text.contains("[1] valid"),
        "{text}"
    );
}

/// A key made on the member's own computer enrols only with its proof of possession, and only
/// for the name and community the proof was made for.
#[tokio::test]
async fn a_brought_key_enrols_with_its_proof_line() {
    use yishi::lang::Lang;
    use yishi::ops::keys::{IdCheck, KeyEnrolPublic};
    use yishi::ops::types::PersonQuery;
    use yishi::ops::{self, Caller, Ctx};
    let dir = tempfile::tempdir().expect("temp dir");
    let ctx = Ctx::open(&dir.path().join("app.db")).await.expect("db");
    let by = Caller::new("记录员", chrono::Utc::now());
    let c = crate::common::demo_without_keys(&ctx, &by)
        .await
        .expect("demo")
        .id;
    let hit = ops::roll::person_search(
        &ctx,
        PersonQuery {
            community_id: c,
            search: "2栋 501".into(),
        },
    )
    .await
    .expect("search")
    .remove(0);
    let key = dir.path().join("me.key");
    let key = key.to_str().expect("utf-8 path");
    let name = hit.person.name.as_str();
    let args = [
        "keys",
        "generate",
        "--out",
        key,
        "--holder",
        name,
        "--community",
        "阳光山庄",
    ];
    let (ok, text) = yishi(dir.path(), &args);
    assert!(ok, "{text}");
    let bare = text.lines().next().expect("the public key").to_string();
    let proof = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("yishi-key-proof:v1:"))
            .expect("a proof line")
            .to_string()
    };
    let line = proof(&text);
    assert!(line.contains(bare.trim_start_matches("yishi-key:v1:")));
    let enrol = |public_key: String| KeyEnrolPublic {
        community_id: c,
        person_id: hit.person.person_id,
        public_key,
        checked_by: "记录员 李梅".into(),
        check: IdCheck::IdCard,
        registrar: None,
    };
    // A proof made for another name does not enrol for this person.
    let (ok, other) = yishi(
        dir.path(),
        &[
            "keys",
            "prove",
            "--key",
            key,
            "--holder",
            "别人",
            "--community",
            "阳光山庄",
        ],
    );
    assert!(ok, "{other}");
    let e = ops::keys::key_enrol_public(&ctx, &by, enrol(proof(&other)))
        .await
        .expect_err("someone else's proof");
    assert!(
        e.message(Lang::En).contains("does not match"),
        "{}",
        e.message(Lang::En)
    );
    let e = ops::keys::key_enrol_public(&ctx, &by, enrol(bare.clone()))
        .await
        .expect_err("bare key");
    assert!(
        e.message(Lang::En).contains("proof of possession"),
        "{}",
        e.message(Lang::En)
    );
    let k = ops::keys::key_enrol_public(&ctx, &by, enrol(line))
        .await
        .expect("enrols with its proof");
    assert_eq!(
        format!(
            "yishi-key:v1:{}",
            k.public_key.trim_start_matches("yishi-key:v1:")
        ),
        bare
    );
    // The proof of possession is filed before the act's event, which covers it: no trailing
    // `ledger.changed` event follows the enrolment.
    let store = ctx.store().await;
    let kind: String = sqlx::query_scalar("SELECT kind FROM events ORDER BY seq DESC LIMIT 1")
        .fetch_one(store.reader())
        .await
        .expect("newest event");
    assert_eq!(kind, "key.enrolled");
}
