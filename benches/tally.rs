//! Tallying 100,000 persons: the roll, the resolved ballots and the exact inequalities.
//!
//! `cargo bench --bench tally` (release profile) prints the median of 20 runs of each phase
//! against the target: one tally under 50 ms. Inputs come from a fixed LCG, so every run and
//! every machine counts the same vote: areas 30.00-329.99 m², about 85% turnout, choices mixed.

use std::hint::black_box;
use std::time::{Duration, Instant};
use yishi::domain::area::Area;
use yishi::domain::vote::{
    BallotPolicy, Choice, ElectionInput, RollEntry, Rule, TallyInput, VoteSettings,
    resolve_ballots, result_block, tally, tally_election,
};
use yishi::lang::Lang;

const PERSONS: i64 = 100_000;
const RUNS: usize = 20;
const TARGET: Duration = Duration::from_millis(50);

/// Knuth's MMIX LCG; the high bits are the random-ish ones.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

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
    println!(
        "{label:<44} median {:>8.3} ms  (min {:.3}, max {:.3})",
        m.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3
    );
    m
}

fn main() {
    let mut rng = Lcg(20_240_501);
    // Person ids are scattered, as database ids of a merged roll are.
    let roll: Vec<RollEntry> = (0..PERSONS)
        .map(|i| RollEntry {
            person_id: i * 7 + 3,
            area: Area(3_000 + rng.next(30_000) as i64),
        })
        .collect();
    let choices = [
        Choice::Agree,
        Choice::Agree,
        Choice::Oppose,
        Choice::Abstain,
    ];
    let mut ballots: Vec<(i64, Choice)> = Vec::with_capacity(roll.len());
    for e in &roll {
        if rng.next(100) < 85 {
            ballots.push((e.person_id, choices[rng.next(4) as usize]));
        }
    }
    // Raw casts: every voter once, a fifth again (some by proxy), shuffled by sequence.
    let mut cast: Vec<(i64, u64, Choice, bool)> = Vec::with_capacity(ballots.len() * 6 / 5);
    for (seq, (p, c)) in ballots.iter().enumerate() {
        cast.push((*p, rng.next(1 << 40), *c, rng.next(10) > 0));
        if seq % 5 == 0 {
            cast.push((*p, rng.next(1 << 40), choices[rng.next(4) as usize], false));
        }
    }
    let approvals: Vec<(i64, Vec<u32>)> = ballots
        .iter()
        .map(|(p, _)| {
            let mut a: Vec<u32> = (0..9).filter(|_| rng.next(3) == 0).take(7).collect();
            a.dedup();
            (*p, a)
        })
        .collect();

    let settings = VoteSettings::new(Rule::OwnersOrdinary);
    let input = TallyInput {
        roll: &roll,
        ballots: &ballots,
        served_non_voters: None,
        refused: 17,
    };
    let t = tally(&input, &settings).expect("the bench vote tallies");
    println!(
        "tally bench: N = {}, A = {} m², Pn = {}, Yn = {}; quorum {}, passed {}",
        t.n,
        t.a.grouped(),
        t.pn,
        t.yn,
        t.quorum_met,
        t.passed
    );
    println!();

    let m = median("tally (100,000 persons, ordinary rule)", || {
        black_box(tally(black_box(&input), &settings).expect("tallies"));
    });
    median("tally + result_block (zh)", || {
        let t = tally(black_box(&input), &settings).expect("tallies");
        black_box(result_block(&t, &settings, Lang::Zh));
    });
    median(
        &format!("resolve_ballots ({} casts, last stands)", cast.len()),
        || {
            black_box(resolve_ballots(black_box(&cast), BallotPolicy::LastStands));
        },
    );
    median("tally_election (9 candidates, 7 seats)", || {
        black_box(
            tally_election(
                black_box(&ElectionInput {
                    roll: &roll,
                    ballots: &approvals,
                    candidates: 9,
                    max_approvals: 7,
                    refused: 0,
                }),
                7,
                &settings,
            )
            .expect("the election tallies"),
        );
    });
    println!();
    println!(
        "target: one tally of 100,000 persons < {} ms: {} ({:.3} ms)",
        TARGET.as_millis(),
        if m < TARGET { "MET" } else { "MISSED" },
        m.as_secs_f64() * 1e3
    );
}
