//! The log's Merkle tree (RFC 9162) at 100,000 events: building the tree, a consistency proof
//! from an old checkpoint to now and an inclusion proof (each made and verified), and what a
//! checkpoint costs in the app: reading the 100,000 event hashes from SQLite and building the tree.
//!
//! `cargo bench --bench merkle` (release profile) prints the median of 10 runs of each.

use std::hint::black_box;
use std::time::{Duration, Instant};
use yishi::crypto::merkle::{self, Hash, Tree};

const EVENTS: u64 = 100_000;
const RUNS: usize = 10;

fn median(label: &str, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let m = times[RUNS / 2];
    println!("{label:<58} {:>9.2} ms", m.as_secs_f64() * 1000.0);
    m
}

fn main() {
    let hashes: Vec<Hash> = (0..EVENTS)
        .map(|i| merkle::leaf_hash(&i.to_be_bytes()))
        .collect();
    println!("Merkle tree over {EVENTS} events (median of {RUNS} runs, release build)");
    median(
        "build the tree (leaf hashes + every complete subtree)",
        || {
            black_box(Tree::from_event_hashes(hashes.iter()));
        },
    );
    let tree = Tree::from_event_hashes(hashes.iter());
    let first = 61_803;
    median(
        "consistency proof 61,803 -> 100,000, made and verified",
        || {
            let proof = tree.consistency_proof(first, EVENTS).expect("proof");
            let (r1, r2) = (tree.root_at(first).expect("r1"), tree.root());
            merkle::verify_consistency(first, EVENTS, &r1, &r2, &proof).expect("verifies");
            black_box(proof);
        },
    );
    median(
        "inclusion proof of event #31,416, made and verified",
        || {
            let proof = tree.inclusion_proof(31_415, EVENTS).expect("proof");
            let leaf = merkle::leaf_hash(&hashes[31_415]);
            merkle::verify_inclusion(31_415, EVENTS, &leaf, &proof, &tree.root())
                .expect("verifies");
            black_box(proof);
        },
    );
    median("build + consistency proof together", || {
        let t = Tree::from_event_hashes(hashes.iter());
        black_box(t.consistency_proof(first, EVENTS).expect("proof"));
    });

    // In the app: a database with 100,000 events; a checkpoint reads their hashes and builds.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = yishi::store::Store::open(&dir.path().join("bench.db"))
            .await
            .expect("open");
        let t = Instant::now();
        let mut tx = store.begin().await.expect("tx");
        for i in 0..EVENTS {
            yishi::store::events::append(
                &mut tx,
                yishi::store::events::NewEvent {
                    at: chrono::Utc::now(),
                    actor: "bench",
                    community_id: None,
                    kind: "bench.event",
                    payload: serde_json::json!({ "i": i }),
                },
            )
            .await
            .expect("append");
        }
        tx.commit().await.expect("commit");
        println!(
            "(setup: {EVENTS} events appended in {:.1} s)",
            t.elapsed().as_secs_f64()
        );
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let mut conn = store.reader().acquire().await.expect("conn");
            let tree = yishi::ops::anchor::checkpoint::log_tree(&mut conn)
                .await
                .expect("tree");
            black_box(tree.root());
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "{:<58} {:>9.2} ms",
            "checkpoint's tree: read 100,000 hashes from SQLite + build",
            times[RUNS / 2].as_secs_f64() * 1000.0
        );
        store.close().await;
    });
}
