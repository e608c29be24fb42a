//! The table of operations is the one source: the generated client types (`ui/src/bindings/ops.ts`),
//! `docs/api.md` and `docs/errors.md` must be exactly what it generates, every example must parse
//! as its operation's arguments, and the UI may only call operations the table has.
//! Regenerate after changing the table: `YISHI_BLESS=1 cargo test --test it op_table`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use yishi::commands::{errors, ops_table, spec};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `path` with `expected`; under YISHI_BLESS=1 writes it instead.
fn check_generated(path: &str, expected: &str) -> Option<String> {
    let full = root().join(path);
    if std::env::var_os("YISHI_BLESS").is_some() {
        std::fs::write(&full, expected).unwrap_or_else(|e| panic!("write {path}: {e}"));
        return None;
    }
    let actual = std::fs::read_to_string(&full).unwrap_or_default();
    if actual == expected {
        return None;
    }
    let line = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .map_or(
            actual.lines().count().min(expected.lines().count()) + 1,
            |n| n + 1,
        );
    Some(format!(
        "{path} differs from what the table generates (first at line {line})"
    ))
}

#[test]
fn op_table_generated_files_match_the_table() {
    let table = ops_table();
    let problems: Vec<String> = [
        check_generated("ui/src/bindings/ops.ts", &spec::ops_ts(table)),
        check_generated("docs/api.md", &spec::api_markdown(table)),
        check_generated("docs/errors.md", &errors::errors_markdown()),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(
        problems.is_empty(),
        "{}\nRegenerate with: {}",
        problems.join("\n"),
        spec::BLESS
    );
}

#[test]
fn op_table_names_are_unique_and_every_entry_is_complete() {
    let mut seen = BTreeSet::new();
    for op in ops_table() {
        assert!(seen.insert(op.name), "{} declared twice", op.name);
        assert!(
            op.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{}: names are snake_case",
            op.name
        );
        assert!(!op.summary.trim().is_empty(), "{} has a summary", op.name);
        for code in errors::ALL_CODES {
            let listed = op.all_errors().contains(&code);
            let guarded =
                op.action != yishi::domain::access::Action::Public && spec::GUARDED.contains(&code);
            let declared = spec::ALWAYS.contains(&code) || op.errors.contains(&code) || guarded;
            assert_eq!(listed, declared, "{} {code:?}", op.name);
        }
    }
    assert!(
        seen.len() > 80,
        "the table has every operation: {}",
        seen.len()
    );
}

#[test]
fn op_table_examples_parse_as_their_arguments() {
    let mut bad = Vec::new();
    for op in ops_table() {
        if let Err(e) = (op.check_args)((op.example)()) {
            bad.push(format!("{}: {e}", op.name));
        }
    }
    assert!(
        bad.is_empty(),
        "examples that do not parse:\n{}",
        bad.join("\n")
    );
    // And the check is real: an empty object is not a vote's arguments.
    let vote_open = yishi::commands::op_spec("vote_open").expect("vote_open is in the table");
    assert!((vote_open.check_args)(serde_json::json!({})).is_err());
}

fn ts_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read ui/src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            if !path.ends_with("bindings") {
                ts_files(&path, out);
            }
        } else if path.extension().is_some_and(|x| x == "ts") {
            out.push(path);
        }
    }
}

/// The operation names in `call('name'`, `call("name"` or `call<T>('name'` of a TypeScript source.
fn called_ops(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("call") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut after = rest;
        if let Some(generic) = after.strip_prefix('<') {
            match generic.find(">(") {
                Some(end) => after = &generic[end + 1..],
                None => continue,
            }
        }
        let Some(args) = after.strip_prefix('(') else {
            continue;
        };
        let args = args.trim_start();
        if let Some(q) = args.chars().next().filter(|c| *c == '\'' || *c == '"') {
            if let Some(end) = args[1..].find(q) {
                out.push(args[1..1 + end].to_string());
            }
        }
    }
    out
}

#[test]
fn op_table_has_every_operation_the_ui_calls() {
    let names: BTreeSet<&str> = ops_table().iter().map(|o| o.name).collect();
    let mut files = Vec::new();
    ts_files(&root().join("ui/src"), &mut files);
    let mut calls = 0;
    let mut unknown = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read ts");
        for op in called_ops(&text) {
            calls += 1;
            if !names.contains(op.as_str()) {
                unknown.push(format!("{}: call('{op}')", file.display()));
            }
        }
    }
    assert!(calls > 50, "found the UI's calls ({calls})");
    assert!(
        unknown.is_empty(),
        "the UI calls operations the table lacks:\n{}",
        unknown.join("\n")
    );
    assert_eq!(
        called_ops("x = call('vote_open', a); call( \"nope\" , {}); recall('x'); call<T>('y', {})"),
        ["vote_open", "nope", "y"]
    );
}
