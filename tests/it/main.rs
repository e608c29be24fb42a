//! All integration tests in one binary: linking one test binary instead of sixteen is most of
//! what `cargo test` costs on two cores. Each module is one concern; `common` builds test databases.

mod access;
mod admission_property;
mod audit_tamper;
mod cli_keys;
mod cli_tally;
mod common;
mod consent_story;
mod convention_story;
mod crash_safety;
mod date_rules;
mod flow_gates;
mod group_commit;
mod holidays;
mod input_bounds;
mod layering;
mod lock_order;
mod matter_story;
mod meeting_conduct;
mod old_database;
mod op_log;
mod op_table;
mod pin_guard;
mod restore;
mod roll_count;
mod roll_entries;
mod scope_rules;
mod secrets;
mod server_origin;
mod signatures;
mod signing_vectors;
mod store;
mod tally_cases;
mod time_zones;
mod typed_rows;
mod vote_story;
