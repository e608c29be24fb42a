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
