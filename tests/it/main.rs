//! All integration tests in one binary: linking one test binary instead of sixteen is most of
//! what `cargo test` costs on two cores. Each module is one concern; `common` builds test databases.

mod audit_tamper;
mod cli_keys;
mod common;
mod consent_story;
mod convention_story;
mod crash_safety;
mod date_rules;
mod flow_gates;
mod group_commit;
mod layering;
mod matter_story;
mod meeting_conduct;
mod roll_count;
mod signatures;
mod signing_vectors;
mod store;
mod tally_cases;
mod vote_story;
