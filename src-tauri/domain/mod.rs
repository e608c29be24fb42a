//! Pure rules of the field: exact areas, the roster's shape, the voting roll, the demo community.
//! No IO, no async, no SQL, no Tauri: everything here is a function of its arguments.

pub mod access;
pub mod area;
pub mod bounds;
pub mod calendar;
pub mod conduct;
pub mod consent;
pub mod convention;
pub mod convention_diff;
pub mod convention_eval;
pub mod demo;
pub mod file_names;
pub mod flow;
pub mod holidays;
pub mod meeting;
pub mod pin;
pub mod residents;
pub mod roll;
pub mod roster;
pub mod states;
pub mod time;
pub mod vote;
