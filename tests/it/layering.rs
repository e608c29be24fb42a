//! Dependencies point one way: domain <- crypto <- formats <- store <- ops <- commands <- (server, cli).
//! Each layer's sources must not name what belongs to an outer layer.

use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src-tauri")
        .join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source");
                out.push((path, text));
            }
        }
    }
    assert!(!out.is_empty(), "{dir} has sources");
    out
}

/// (layer, names it must not use)
const RULES: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "sqlx",
            "tauri",
            "axum",
            "tokio",
            "std::fs",
            "crate::store",
            "crate::ops",
            "crate::formats",
            "crate::crypto",
        ],
    ),
    (
        "crypto",
        &[
            "sqlx",
            "tauri",
            "axum",
            "tokio",
            "crate::store",
            "crate::ops",
            "crate::formats",
        ],
    ),
    (
        "formats",
        &[
            "sqlx",
            "tauri",
            "axum",
            "tokio",
            "std::fs",
            "crate::store",
            "crate::ops",
        ],
    ),
    (
        "store",
        &[
            "tauri",
            "axum",
            "crate::ops",
            "crate::commands",
            "crate::server",
        ],
    ),
    (
        "ops",
        &[
            "tauri",
            "axum",
            "sqlx::query",
            "crate::commands",
            "crate::server",
            "crate::cli",
        ],
    ),
    (
        "commands",
        &[
            "axum",
            "sqlx",
            "crate::server",
            "crate::cli",
            "crate::store",
        ],
    ),
    ("server", &["tauri", "sqlx", "crate::store", "crate::cli"]),
];

#[test]
fn layers_depend_only_inward() {
    let mut violations = Vec::new();
    for (layer, banned) in RULES {
        for (path, text) in sources(layer) {
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for word in *banned {
                    if code.contains(word) {
                        violations.push(format!(
                            "{}:{}: {layer} uses {word}",
                            path.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
}
