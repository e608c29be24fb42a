//! The row ledger's registry (`store::ledger`) against the schema the migrations make: every
//! table is either registered (with every column digested or excluded for a stated reason, and
//! its key its declared primary key) or listed as having no legal meaning; every registered
//! table has its three journal triggers exactly as `ledger::trigger_sql` makes them.

use crate::common;
use yishi::store::ledger::{self, NOT_LEGAL, TABLES};

async fn schema(db: &common::TestDb) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    db.ctx.store().await.close().await;
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.path.display()))
        .await
        .expect("open directly")
}

#[tokio::test]
async fn every_table_is_registered_or_said_to_have_no_legal_meaning() {
    let db = common::fresh().await;
    let mut conn = schema(&db).await;
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .expect("tables");
    let mut unknown = Vec::new();
    for name in &tables {
        let registered = ledger::table(name).is_some();
        let exempt = NOT_LEGAL.iter().any(|(n, _)| n == name);
        assert!(
            !(registered && exempt),
            "{name} is both registered and listed as having no legal meaning"
        );
        if !registered && !exempt {
            unknown.push(name.clone());
        }
    }
    assert!(
        unknown.is_empty(),
        "tables neither in store::ledger::TABLES nor in NOT_LEGAL: {unknown:?}. Register each \
         table with legal meaning (and add its triggers: `cargo test --lib \
         store::ledger::tests::print_trigger_sql -- --ignored --nocapture`), or say in NOT_LEGAL \
         why it has none."
    );
    for t in TABLES {
        assert!(
            tables.iter().any(|n| n == t.name),
            "{} is registered but not in the schema",
            t.name
        );
        let cols: Vec<(String, i64)> =
            sqlx::query_as("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")
                .bind(t.name)
                .fetch_all(&mut conn)
                .await
                .expect("columns");
        for (col, _) in &cols {
            let digested = t.columns.iter().any(|c| c.name == col);
            let excluded = t.excluded.iter().any(|(c, _)| c == col);
            assert!(
                digested ^ excluded,
                "{}.{col} must be either digested or excluded with a reason (not both, not neither)",
                t.name
            );
        }
        for c in t.columns {
            assert!(
                cols.iter().any(|(n, _)| n == c.name),
                "{}.{} is registered but not in the schema",
                t.name,
                c.name
            );
            assert!(
                c.since >= 1 && c.since <= t.version,
                "{}.{}: since",
                t.name,
                c.name
            );
        }
        let mut pk: Vec<(i64, &str)> = cols
            .iter()
            .filter(|(_, p)| *p > 0)
            .map(|(n, p)| (*p, n.as_str()))
            .collect();
        pk.sort();
        let pk: Vec<&str> = pk.into_iter().map(|(_, n)| n).collect();
        assert_eq!(
            pk, t.key,
            "{}: the ledger key must be the declared primary key (VACUUM renumbers bare rowids)",
            t.name
        );
    }
}

#[tokio::test]
async fn every_registered_table_has_its_journal_triggers_exactly() {
    let db = common::fresh().await;
    let mut conn = schema(&db).await;
    for t in TABLES {
        for (want, op) in ledger::trigger_sql(t)
            .iter()
            .zip(["insert", "update", "delete"])
        {
            let name = format!("ledger_{}_{op}", t.name);
            let found: Option<String> = sqlx::query_scalar(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?",
            )
            .bind(&name)
            .bind(t.name)
            .fetch_optional(&mut conn)
            .await
            .expect("trigger");
            assert_eq!(
                found.as_deref(),
                Some(want.as_str()),
                "trigger {name}: put `ledger::trigger_sql`'s text into the migration that \
                 registers or widens {}",
                t.name
            );
        }
    }
}
