//! Tallying a vote exactly as the law words it.
//!
//! Symbols: N, A are the persons and area of the roll; Pn, Pa those who took part (cast a
//! ballot, abstentions included); Yn, Ya those who agree. Every test is the statute's inequality
//! with both sides multiplied out in integers (`i128`), so "过半数" (more than half) is
//! `2·Yn > Pn` and never a rounded fraction; areas are `Area` (0.01 m²). Nothing here rounds,
//! and no floating point touches a count.
//!
//! | rule | quorum | passes when |
//! |---|---|---|
//! | owners, ordinary (民法典 Art. 278 items 1-5, 9) | 3·Pn ≥ 2·N and 3·Pa ≥ 2·A | 2·Yn > Pn and 2·Ya > Pa |
//! | owners, major (items 6-8) | same | 4·Yn ≥ 3·Pn and 4·Ya ≥ 3·Pa |
//! | owners of one building (Shanghai Art. 69) | as ordinary over that building's roll | as ordinary |
//! | owners' committee meeting (指导规则 Art. 38) | 2·Pn > N (N = members) | 2·Yn ≥ N; strict: 2·Yn > N |
//! | residents' meeting (居委会组织法 Art. 9) | 2·Pn > N (N = entitled) | 2·Yn > Pn |
//!
//! A decision passes only when the quorum is met *and* every pass inequality holds.
//!
//! What the caller does before calling (and why there is no "invalid" outcome here):
//! * A blank or illegible paper ballot is an abstention: the caller passes it as
//!   [`Choice::Abstain`]. It participates and does not agree.
//! * A ballot that fails identity (bad signature, not on the roll) is not participation: the
//!   caller leaves it out of `ballots` and only counts it in `refused`, which is reported and
//!   never enters Pn or Pa.
//! * Repeated ballots are resolved first by [`resolve_ballots`]; a duplicate reaching [`tally`]
//!   is a caller bug and an error.
//! * At a meeting (committee, residents), "present" is Pn: a member who signed in but casts
//!   nothing must be entered as an abstention to count as present.
//!
//! Invariants: pure functions of their arguments; the result is independent of the order of the
//! roll and the ballots; every threshold reported is the least integer (persons, or 0.01 m²)
//! that satisfies its inequality, so one less fails.

mod admission;
mod election;
mod inequality;
mod print;
mod rule;
mod tally;

pub use admission::*;
pub use election::*;
use inequality::*;
pub use print::*;
pub use rule::*;
pub use tally::*;

use crate::domain::area::Area;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use ts_rs::TS;

#[cfg(test)]
mod tests;
