//! Importing a 10,000-unit roster: the property company's whole file, through the same
//! operations the app calls (`roll_import_preview`, then `roll_import_commit`), on a fresh
//! SQLite database in a temp dir each run.
//!
//! `cargo bench --bench import` prints per-run and median figures for each phase; the target is
//! preview + commit under 2 s for 10,000 units. Run on an otherwise idle machine: these are wall
//! times. The commit re-checks the file (it must match the preview), so it includes a parse too.

use base64::Engine;
use chrono::Utc;
use std::time::{Duration, Instant};
use yishi::domain::demo::{bench_spec_10k, generate_roster};
use yishi::formats::export::roster_csv;
use yishi::lang::Lang;
use yishi::ops::roll::{roll_import_commit, roll_import_preview};
use yishi::ops::types::{CommunityCreate, ImportCommit, ImportOptions, ImportRequest};
use yishi::ops::{Caller, Ctx, roll::community_create};

const RUNS: usize = 3;
const TARGET: Duration = Duration::from_secs(2);

struct Run {
    preview: Duration,
    commit: Duration,
    units: u32,
    persons: u32,
    area: String,
}

async fn one_run(csv_base64: &str) -> Run {
    let dir = tempfile::tempdir().expect("a temp dir can be made");
    let ctx = Ctx::open(&dir.path().join("bench.db"))
        .await
        .expect("a fresh database opens");
    let by = Caller::new("bench", Utc::now());
    let community = community_create(
        &ctx,
        &by,
        CommunityCreate {
            name: "基准小区".into(),
            address: String::new(),
            buildings: Vec::new(),
            settings: Default::default(),
        },
    )
    .await
    .expect("the community is created");
    let request = ImportRequest {
        community_id: community.id,
        file_name: "roster-10k.csv".into(),
        content_base64: csv_base64.to_string(),
        options: ImportOptions {
            create_buildings: true,
        },
    };

    let t = Instant::now();
    let preview = roll_import_preview(&ctx, request.clone(), Lang::Zh)
        .await
        .expect("the preview runs");
    let preview_time = t.elapsed();
    assert!(
        preview.can_commit,
        "the generated roster has no problem: {} problems",
        preview.problems.len()
    );

    let t = Instant::now();
    let outcome = roll_import_commit(
        &ctx,
        &by,
        ImportCommit {
            request,
            plan_digest: preview.plan_digest.clone(),
            job_id: None,
        },
        Lang::Zh,
    )
    .await
    .expect("the commit runs");
    let commit_time = t.elapsed();
    assert_eq!(
        outcome.persons, preview.persons_after,
        "the commit counts what the preview showed"
    );

    Run {
        preview: preview_time,
        commit: commit_time,
        units: preview.units_in_file,
        persons: outcome.persons,
        area: outcome.area.grouped(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing else useful: one quick
    // run is enough to prove the bench still works.
    let runs = if std::env::args().any(|a| a == "--bench") {
        RUNS
    } else {
        1
    };

    let t = Instant::now();
    let rows = generate_roster(&bench_spec_10k());
    let csv = roster_csv(&rows);
    let csv_base64 = base64::engine::general_purpose::STANDARD.encode(&csv);
    println!(
        "import bench: {} roster rows, {:.1} MiB CSV (generated in {:.0} ms), {} run(s), fresh DB each",
        rows.len(),
        csv.len() as f64 / (1024.0 * 1024.0),
        ms(t.elapsed()),
        runs
    );

    let runtime = tokio::runtime::Runtime::new().expect("the OS can start a thread pool");
    let mut results = Vec::new();
    for i in 1..=runs {
        let r = runtime.block_on(one_run(&csv_base64));
        let total = r.preview + r.commit;
        println!(
            "  run {i}: {} units -> N = {}, A = {} m² | preview {:>7.1} ms | commit {:>7.1} ms | total {:>7.1} ms | {:>6.0} units/s",
            r.units,
            r.persons,
            r.area,
            ms(r.preview),
            ms(r.commit),
            ms(total),
            f64::from(r.units) / total.as_secs_f64()
        );
        results.push(r);
    }

    let units = results[0].units;
    let preview = median(results.iter().map(|r| r.preview).collect());
    let commit = median(results.iter().map(|r| r.commit).collect());
    let total = median(results.iter().map(|r| r.preview + r.commit).collect());
    println!(
        "median: preview {:.1} ms ({:.0} units/s), commit {:.1} ms ({:.0} units/s), preview+commit {:.1} ms ({:.0} units/s)",
        ms(preview),
        f64::from(units) / preview.as_secs_f64(),
        ms(commit),
        f64::from(units) / commit.as_secs_f64(),
        ms(total),
        f64::from(units) / total.as_secs_f64()
    );
    let verdict = if total < TARGET { "MET" } else { "MISSED" };
    println!(
        "target: preview+commit of {units} units < {:.0} s: {verdict} ({:.2} s)",
        TARGET.as_secs_f64(),
        total.as_secs_f64()
    );
}
