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

/// Modules of `ops/` that every feature may use; they are files, not feature folders.
const OPS_SHARED: &[&str] = &["mod.rs", "error.rs", "types.rs", "context.rs"];

/// Which feature folders of `ops/` each feature folder names: feature -> (feature -> files).
type FeatureGraph = std::collections::BTreeMap<
    String,
    std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
>;

/// The names a source refers to under `ops`: `crate::ops::x`, `crate::ops::{x, y::z}`, and
/// `super::super::x` (from a feature's file) or `super::x` (from a feature's `mod.rs`).
fn ops_names(code: &str, is_mod_rs: bool) -> Vec<String> {
    let mut out = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut prefixes = vec!["crate::ops::", "super::super::"];
    if is_mod_rs {
        prefixes.push("super::");
    }
    for prefix in prefixes {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            // `super::super::x` also contains `super::x`: count it once.
            let before = &rest[..at];
            rest = &rest[at + prefix.len()..];
            if prefix == "super::" && before.ends_with("super::") {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                // Top-level names of a (possibly nested) `{...}` group.
                let (mut depth, mut start) = (0usize, true);
                for (i, ch) in group.char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => start = true,
                        c if c.is_whitespace() => {}
                        _ if start && depth == 0 => {
                            out.push(ident(&group[i..]));
                            start = false;
                        }
                        _ => {}
                    }
                }
            } else {
                out.push(ident(rest));
            }
        }
    }
    out
}

fn feature_graph() -> FeatureGraph {
    let ops = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/ops");
    let mut features: Vec<String> = std::fs::read_dir(&ops)
        .expect("src-tauri/ops")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().expect("name").to_string_lossy().to_string())
        .collect();
    features.sort();
    assert!(
        features.len() >= 5,
        "ops/ is in feature folders: {features:?}"
    );
    for shared in OPS_SHARED {
        assert!(ops.join(shared).is_file(), "ops/{shared} exists");
    }
    let mut graph = FeatureGraph::new();
    for feature in &features {
        let node = graph.entry(feature.clone()).or_default();
        for (path, text) in sources(&format!("ops/{feature}")) {
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            let file = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .to_string();
            for name in ops_names(&code, file == "mod.rs") {
                if name != *feature && features.contains(&name) {
                    node.entry(name)
                        .or_default()
                        .insert(format!("{feature}/{file}"));
                }
            }
        }
    }
    graph
}

/// A circle of features (first feature repeated at the end), if there is one.
fn find_cycle(graph: &FeatureGraph) -> Option<Vec<String>> {
    fn visit(
        graph: &FeatureGraph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(c) = visit(graph, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(graph, n, &mut Vec::new(), &mut done))
}

#[test]
fn ops_features_do_not_depend_on_each_other_in_a_circle() {
    let graph = feature_graph();
    if let Some(cycle) = find_cycle(&graph) {
        let why: Vec<String> = cycle
            .windows(2)
            .map(|w| {
                let files = &graph[&w[0]][&w[1]];
                format!("  {} -> {} (in {:?})", w[0], w[1], files)
            })
            .collect();
        panic!(
            "ops/ features depend on each other in a circle: {}\n{}\nMove what both need into \
             ops/context.rs (or a store query), or invert it with a trait as signing does.",
            cycle.join(" -> "),
            why.join("\n")
        );
    }
    // Demo loading uses every feature; nothing uses it.
    for (feature, deps) in &graph {
        assert!(!deps.contains_key("demo"), "{feature} imports ops::demo");
    }
    // Signing is generic: it names no feature whose documents it signs.
    let signing: Vec<&String> = graph["signing"].keys().collect();
    for owner in ["votes", "meetings", "conventions", "matters"] {
        assert!(
            !graph["signing"].contains_key(owner),
            "signing imports {owner}: {signing:?}"
        );
    }
}

#[test]
fn the_circle_finder_finds_circles_and_reads_grouped_imports() {
    let names = ops_names(
        "use crate::ops::{Caller, votes::{a, b}, meetings::X};\nlet x = super::super::roll::f();",
        false,
    );
    assert_eq!(names, ["Caller", "votes", "meetings", "roll"]);
    assert_eq!(ops_names("pub use super::keys::A;", true), ["keys"]);
    assert_eq!(
        ops_names("use super::cast::A;", false),
        Vec::<String>::new()
    );
    let mut g = FeatureGraph::new();
    let edge = |g: &mut FeatureGraph, a: &str, b: &str| {
        g.entry(a.into())
            .or_default()
            .entry(b.into())
            .or_default()
            .insert(format!("{a}/x.rs"));
        g.entry(b.into()).or_default();
    };
    edge(&mut g, "a", "b");
    edge(&mut g, "b", "c");
    edge(&mut g, "a", "c");
    assert_eq!(find_cycle(&g), None);
    edge(&mut g, "c", "a");
    assert_eq!(
        find_cycle(&g).map(|c| c.join(" -> ")).as_deref(),
        Some("a -> b -> c -> a")
    );
}

/// The UI's modules (`ui/src/**/*.ts`) and which of them each imports (relative imports only).
fn ui_graph() -> FeatureGraph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "ts") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 10, "ui/src has its modules");
    let name = |p: &Path| {
        p.strip_prefix(&root)
            .expect("under ui/src")
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut graph = FeatureGraph::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read ui source");
        let node = graph.entry(name(file)).or_default();
        for line in text.lines() {
            let line = line.trim();
            if !(line.starts_with("import ")
                || line.starts_with("export ")
                || line.starts_with("} from"))
                || !line.contains(" from ")
            {
                continue;
            }
            let Some(spec) = line
                .rsplit(" from ")
                .next()
                .map(|s| s.trim().trim_end_matches(';').trim_matches(['\'', '"']))
            else {
                continue;
            };
            if !spec.starts_with('.') {
                continue;
            }
            let base = file.parent().expect("parent").join(spec);
            let target = [
                base.with_extension("ts"),
                base.join("index.ts"),
                base.clone(),
            ]
            .into_iter()
            .find(|p| p.is_file() && p.extension().is_some_and(|x| x == "ts"));
            if let Some(target) = target {
                let target = target.canonicalize().expect("canonical");
                let target = name(&target);
                node.entry(target).or_default().insert(name(file));
            }
        }
    }
    graph
}

#[test]
fn ui_modules_do_not_import_each_other_in_a_circle() {
    let graph = ui_graph();
    assert!(
        graph["areas.ts"].contains_key("views/votes/index.ts"),
        "the import reader sees areas.ts importing the views: {:?}",
        graph["areas.ts"].keys().collect::<Vec<_>>()
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "ui/src modules import each other in a circle: {}\nGive what both need a module of \
             its own (as view.ts holds ViewContext).",
            cycle.join(" -> ")
        );
    }
}
