//! PIN derivations: what one guess costs, and what a flood of them does.
//!
//! `cargo bench --bench pins` prints: the calibration on this computer (parameters and the time
//! of one derivation, which must be at least 250 ms), one derivation at the legacy (19 MiB, 2
//! passes) and practice costs, and the wall time of 200 concurrent wrong PINs against one key in
//! a real community (each counted before its derivation: 3 run, the rest are refused), with the
//! number of derivations actually run.

use std::time::{Duration, Instant};
use yishi::crypto::sealed::{self, Cost};
use yishi::ops::keys::{IdCheck, KeyEnrol};
use yishi::ops::{self, Caller, Ctx, ErrorCode};

fn median(mut f: impl FnMut() -> Duration, runs: usize) -> Duration {
    let mut t: Vec<Duration> = (0..runs).map(|_| f()).collect();
    t.sort();
    t[runs / 2]
}

fn main() {
    let (cost, took) = sealed::calibrate(sealed::MIN_DERIVATION);
    println!(
        "calibrated: m={} KiB, t={}, p={} — one derivation {:.0} ms (target >= {} ms)",
        cost.memory_kib,
        cost.passes,
        cost.lanes,
        took.as_secs_f64() * 1e3,
        sealed::MIN_DERIVATION.as_millis()
    );
    let at_cost = median(|| sealed::time_one(&cost), 5);
    println!(
        "  median of 5 at the calibrated cost: {:.0} ms",
        at_cost.as_secs_f64() * 1e3
    );
    let legacy = median(|| sealed::time_one(&Cost::LEGACY), 5);
    println!(
        "legacy cost (19 MiB, t=2): {:.1} ms",
        legacy.as_secs_f64() * 1e3
    );
    let practice = median(|| sealed::time_one(&Cost::PRACTICE), 101);
    println!(
        "practice cost (64 KiB, t=1): {:.3} ms",
        practice.as_secs_f64() * 1e3
    );
    let core_hours = 1e6 * at_cost.as_secs_f64() / 3600.0;
    println!("  every 6-digit PIN offline at the calibrated cost: {core_hours:.0} core-hours");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("dir");
        // A real context: the demo community it makes is real, its keys at the calibrated cost.
        let ctx = Ctx::open(&dir.path().join("bench.db")).await.expect("db");
        let by = Caller::new("基准", chrono::Utc::now());
        let c = ops::demo::demo_load(&ctx, &by).await.expect("demo").id;
        let owner = ops::roll::person_search(
            &ctx,
            ops::types::PersonQuery {
                community_id: c,
                search: "1栋 301".into(),
            },
        )
        .await
        .expect("search")[0]
            .person
            .person_id;
        let t = Instant::now();
        let key = ops::keys::key_enrol(
            &ctx,
            &by,
            KeyEnrol {
                community_id: c,
                person_id: owner,
                pin: "480317".into(),
                checked_by: "记录员".into(),
                check: IdCheck::IdCard,
                registrar: None,
            },
        )
        .await
        .expect("enrol")
        .key_id;
        println!(
            "enrolment in a real community (calibrating on first use): {:.0} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        let store = ctx.store().await.clone();
        let secrets = ctx.secrets();
        let before = store.key_work().derivations();
        let t = Instant::now();
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..200 {
            let (store, secrets, by) = (store.clone(), secrets.clone(), by.clone());
            set.spawn(async move {
                ops::keys::check_pin(&store, &secrets, &by, key, "903817")
                    .await
                    .err()
                    .map(|e| e.code())
            });
        }
        let codes = set.join_all().await;
        let wall = t.elapsed();
        let wrong = codes.iter().filter(|c| **c == Some(ErrorCode::WrongPin)).count();
        let later = codes.iter().filter(|c| **c == Some(ErrorCode::TryLater)).count();
        println!(
            "200 concurrent wrong PINs: {:.0} ms wall, {} derivations, {wrong} wrong PIN, {later} try later",
            wall.as_secs_f64() * 1e3,
            store.key_work().derivations() - before
        );
    });
}
