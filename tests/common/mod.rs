//! Shared helpers for integration tests: a fresh database in a temp dir, a fixed clock.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use std::path::PathBuf;
use yishi::ops::{Caller, Ctx};

pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub ctx: Ctx,
}

pub async fn fresh() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("yishi.db");
    let ctx = Ctx::open(&path).await.expect("open a fresh database");
    TestDb { dir, path, ctx }
}

pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .expect("valid test time")
}

pub fn caller() -> Caller {
    Caller::new("测试主持人", at(22, 9))
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture exists")
}

pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
