//! Re-checking the record: walk the event chain, check the append-only guards, and compare
//! each community's roll with the digest the log last recorded. Also the readable event log.

use crate::crypto::chain::{GENESIS, RollDigestVersion, event_hash};
use crate::lang::Lang;
use crate::ops::types::{
    AuditProblem, AuditProblemKind, AuditReport, EventPage, EventQuery, EventView,
};
use crate::ops::{Ctx, OpResult};
use crate::store::backup::SchemaProblem;
use crate::store::events::{self, EventRow};
use crate::store::{Store, StoreError, community, ledger, roll as roll_store};

/// What is wrong with a run of event rows, in row order. Reports each broken row once.
pub fn check_chain(rows: &[EventRow]) -> Vec<(i64, AuditProblemKind)> {
    let mut found = Vec::new();
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS.to_string();
    for row in rows {
        if row.seq != expected_seq {
            found.push((row.seq, AuditProblemKind::Missing { expected_seq }));
        } else if row.prev_hash != prev_hash {
            found.push((row.seq, AuditProblemKind::Relinked));
        } else if event_hash(&row.fields()) != row.hash {
            found.push((row.seq, AuditProblemKind::Edited));
        }
        expected_seq = row.seq + 1;
        prev_hash = row.hash.clone();
    }
    found
}

fn problem_message(seq: Option<i64>, kind: &AuditProblemKind, lang: Lang) -> String {
    let at = seq
        .map(|s| lang.pick(format!("第 {s} 号事件"), format!("Event #{s}")))
        .unwrap_or_default();
    match kind {
        AuditProblemKind::Edited => lang.pick(
            format!("{at}的内容与其哈希不符：该行在应用之外被改动过。"),
            format!("{at}: its content does not match its hash; the row was edited outside the app."),
        ),
        AuditProblemKind::Missing { expected_seq } => lang.pick(
            format!("{at}之前缺少第 {expected_seq} 号事件：有记录被删除。"),
            format!("{at}: event #{expected_seq} before it is missing; a row was deleted."),
        ),
        AuditProblemKind::Relinked => lang.pick(
            format!("{at}与前一事件的链接断开：记录被调换顺序或替换。"),
            format!("{at}: its link to the previous event is broken; rows were reordered or replaced."),
        ),
        AuditProblemKind::GuardRemoved => lang.pick(
            "事件表的只追加保护（触发器）被删除：有人直接改动了数据库结构。".into(),
            "The event table's append-only guard (triggers) was removed: someone altered the database directly.".into(),
        ),
        AuditProblemKind::RollChanged { community } => lang.pick(
            format!("小区“{community}”的名册与{at}记录的摘要不符：名册在应用之外被改动过。"),
            format!("The roll of \"{community}\" differs from the digest {at} recorded: it was changed outside the app."),
        ),
        AuditProblemKind::RollDigestUnknown { community, version } => lang.pick(
            format!("{at}以第 {version} 版摘要记录了小区“{community}”的名册，本版本的议事厅不认识该版本，无法核对名册：请用最新版本的议事厅核验。"),
            format!("{at} recorded the roll of \"{community}\" as a version {version} digest, which this version of Yishi does not know, so the roll cannot be checked: verify with the newest Yishi."),
        ),
        AuditProblemKind::MinutesChanged { minutes_id } => lang.pick(
            format!("第 {minutes_id} 号会议记录的正文与定稿时{at}记录的哈希不符：正文在应用之外被改动过。以签名文件中的正文为准。"),
            format!("Minutes #{minutes_id}: the text no longer matches the hash {at} recorded when it was fixed; it was changed outside the app. The text in the signed documents is the true one."),
        ),
        AuditProblemKind::ConsentRowChanged { table, row_id, how } => {
            let what = match table.as_str() {
                "consent_requests" => ("住改商申请", "change-of-use request"),
                "consent_parties" => ("住改商利害关系业主", "change-of-use interested owner"),
                "consent_answers" => ("住改商签署意见", "change-of-use answer"),
                _ => ("住改商表", "change-of-use table"),
            };
            match how.as_str() {
                "deleted" => lang.pick(
                    format!("{at}记录的{}（{table} 第 {row_id} 行）已不在数据库中：该行在应用之外被删除。", what.0),
                    format!("{at}: the {} it recorded ({table} row {row_id}) is gone: the row was deleted outside the app.", what.1),
                ),
                "unlogged" => lang.pick(
                    format!("{}（{table} 第 {row_id} 行）没有对应的事件：该行是在应用之外写入的。", what.0),
                    format!("The {} ({table} row {row_id}) has no event: it was written outside the app.", what.1),
                ),
                "guards" => lang.pick(
                    "住改商各表的只追加保护（触发器）被删除：有人直接改动了数据库结构。".into(),
                    "The append-only guards (triggers) of the change-of-use tables were removed: someone altered the database directly.".into(),
                ),
                _ => lang.pick(
                    format!("{}（{table} 第 {row_id} 行）与{at}记录的摘要不符：该行在应用之外被改动过。", what.0),
                    format!("The {} ({table} row {row_id}) differs from the digest {at} recorded: it was edited outside the app.", what.1),
                ),
            }
        }
        AuditProblemKind::EscrowChanged { how } => match how.as_str() {
            "deleted" => lang.pick(
                format!("{at}签发恢复码时封存的密钥恢复副本已从数据库中删除：有人直接改动了数据库。恢复码已无法恢复本数据库的密钥，请主持人立即重新签发恢复码（设置 → 恢复码），并查明谁接触过数据库文件。"),
                format!("{at}: the sealed recovery copy of the secrets issued with the recovery code is gone from the database: someone altered it directly. The recovery code can no longer recover this database's secrets; the host should issue a new recovery code now (Settings → recovery code) and find out who had the database file."),
            ),
            _ => lang.pick(
                format!("数据库中封存的密钥恢复副本不是{at}签发恢复码时的那一份：它在应用之外被替换过。请主持人立即重新签发恢复码（设置 → 恢复码），并查明谁接触过数据库文件。"),
                format!("The sealed recovery copy of the secrets in the database is not the one issued with the recovery code at {at}: it was replaced outside the app. The host should issue a new recovery code now (Settings → recovery code) and find out who had the database file."),
            ),
        },
        AuditProblemKind::RowChanged { table, key, how } => row_message(&at, table, key, how, lang),
        AuditProblemKind::LedgerChanged => lang.pick(
            format!("{at}记录的行摘要集合与账本历史（ledger_history）不符：账本历史在应用之外被改动过。请与备份核对。"),
            format!("{at}: the set of row digests it recorded no longer matches the ledger history (ledger_history): the history was edited outside the app. Compare with a backup."),
        ),
        AuditProblemKind::SchemaChanged { object: kind, name, how } => {
            let what = if kind == "trigger" {
                ("保护或记录变更的触发器", "trigger (a guard or the change journal)")
            } else {
                ("数据库结构对象", "database object")
            };
            match how.as_str() {
                "missing" => lang.pick(
                    format!("{} {name}（{kind}）缺失：有人直接改动了数据库结构，此后的改动可能未受保护或未被记录。请与备份核对。", what.0),
                    format!("The {} {name} ({kind}) is missing: someone altered the database directly, and changes since may have gone unguarded or unrecorded. Compare with a backup.", what.1),
                ),
                "extra" => lang.pick(
                    format!("数据库中多出 {name}（{kind}），没有任何升级会创建它：有人直接改动了数据库结构。"),
                    format!("The database has a {kind} {name} that no migration makes: someone altered the database directly."),
                ),
                _ => lang.pick(
                    format!("{} {name}（{kind}）与升级所建的不同：它被替换过（例如换成什么也不做的版本）。请与备份核对。", what.0),
                    format!("The {} {name} ({kind}) differs from what the migrations make: it was replaced (e.g. by one that does nothing). Compare with a backup.", what.1),
                ),
            }
        }
        AuditProblemKind::Checkpoint { tree_size, how } => match how.as_str() {
            "shorter" => lang.pick(
                format!("记录比检查点（{tree_size} 条事件）短：记录被回退（恢复了旧备份或删去了末尾事件）。"),
                format!("The log is shorter than the checkpoint ({tree_size} events): it was rolled back (an older backup restored, or events cut off)."),
            ),
            "rewritten" => lang.pick(
                format!("记录的前 {tree_size} 条事件与检查点不符：它们在检查点之后被改写（即使哈希链重新计算过）。"),
                format!("The log's first {tree_size} events differ from the checkpoint: they were rewritten after it (even if the hash chain was recomputed)."),
            ),
            "stored_not_genuine" => lang.pick(
                format!("数据库中保存的一个检查点（{tree_size} 条事件）不是应用所做的：它的签名不成立、不是本小区的根密钥签的，或表中的数值与签名的文件不符。它是在应用之外写入或改动的；核对时钟时不采信它。请与备份及张贴的检查点核对，并查明谁接触过数据库文件。"),
                format!("A checkpoint stored in the database ({tree_size} events) is not one the app made: its signature fails, it is not signed by the community's root, or the row differs from its signed file. It was written or edited outside the app, and the clock check ignores it. Compare with a backup and the posted checkpoints, and find out who had the database file."),
            ),
            _ => lang.pick(
                "检查点不是由本数据库的根密钥签名的：它是伪造的，或属于另一个数据库。".into(),
                "The checkpoint is not signed by a root key of this database: it is forged, or belongs to another database.".into(),
            ),
        },
        AuditProblemKind::HeadMismatch { expected } => lang.pick(
            format!("最新事件的哈希不是预期的 {expected}：记录末尾可能被截去。"),
            format!("The newest event's hash is not the expected {expected}: the end of the log may have been cut off."),
        ),
    }
}

/// A row of a registered table that differs from the log, in plain words.
fn row_message(at: &str, table: &str, key: &str, how: &str, lang: Lang) -> String {
    let (zh, en, shown) = match ledger::table(table) {
        Some(t) => (t.label.0, t.label.1, t.key_words(key)),
        None => ("记录", "record", key.to_string()),
    };
    let advice = lang.pick(
        "请与备份或已签名的文件核对，并查明谁接触过数据库文件。",
        "Compare it with a backup or the signed documents, and find out who had the database file.",
    );
    match how {
        "edited" => lang.pick(
            format!("{zh}（{table} 第 {shown} 行）与{at}记录的摘要不符：该行在应用之外被改动过。{advice}"),
            format!("The {en} ({table} row {shown}) differs from the digest {at} recorded: it was edited outside the app. {advice}"),
        ),
        "deleted" => lang.pick(
            format!("{at}记录的{zh}（{table} 第 {shown} 行）已不在数据库中：该行在应用之外被删除。{advice}"),
            format!("The {en} ({table} row {shown}) that {at} recorded is gone: it was deleted outside the app. {advice}"),
        ),
        "unlogged" => lang.pick(
            format!("{zh}（{table} 第 {shown} 行）没有任何事件记录过：该行是在应用之外写入的。{advice}"),
            format!("The {en} ({table} row {shown}) was logged by no event: it was written outside the app. {advice}"),
        ),
        "journal" => lang.pick(
            format!("对{zh}（{table} 第 {shown} 行）的一次改动留在变更记录中、没有事件收录：它是在应用之外做的。{advice}"),
            format!("A change to the {en} ({table} row {shown}) sits in the change journal with no event: it was made outside the app. {advice}"),
        ),
        "found_more" => lang.pick(
            format!("{at}还发现另外 {key} 行在应用之外被改动过（事件只列出前一千行）。{advice}"),
            format!("{at} also found {key} more rows changed outside the app (an event lists the first thousand). {advice}"),
        ),
        found => {
            let (z, e) = match found {
                "found_deleted" => ("已在应用之外被删除", "had been deleted outside the app"),
                "found_unlogged" => ("是在应用之外写入的", "had been written outside the app"),
                _ => ("已在应用之外被改动", "had been edited outside the app"),
            };
            lang.pick(
                format!("{at}在应用再次记录{zh}（{table} 第 {shown} 行）时发现它{z}；应用继续了工作，此前的内容以备份和已签名的文件为准。{advice}"),
                format!("{at} found, when the app next logged the {en} ({table} row {shown}), that it {e}; the app carried on, and what it held before is in backups and signed documents. {advice}"),
            )
        }
    }
}

/// The ledger (`store::ledger`): each event's recorded row set against the history, every
/// registered row against its latest logged digest, findings events recorded, journal rows left
/// by writes outside the app.
async fn ledger_problems(store: &Store) -> OpResult<Vec<(Option<i64>, AuditProblemKind)>> {
    use std::collections::BTreeMap;
    let mut found = Vec::new();
    let changed = |table: &str, key: &str, how: &str| AuditProblemKind::RowChanged {
        table: table.to_string(),
        key: key.to_string(),
        how: how.to_string(),
    };
    // One read snapshot for the claims, the history and the rows: a write committed meanwhile
    // cannot look like a difference.
    let mut conn = store.reader().acquire().await?;
    if !ledger::table_exists(&mut conn, "ledger_history").await? {
        // A database from before the ledger (a backup being checked): nothing to compare.
        return Ok(found);
    }
    let mut conn = sqlx::Connection::begin(&mut *conn).await?;
    // The claims the events make (payload `ledger`), and what they found outside the app. The
    // chain check above reads the same payloads (an edited one is named there).
    let mut claims: BTreeMap<i64, (i64, String)> = BTreeMap::new();
    for (seq, n, sha, outside, count) in ledger::claims(&mut conn).await? {
        claims.insert(seq, (n.unwrap_or(-1), sha.unwrap_or_default()));
        let list: Vec<serde_json::Value> = outside
            .and_then(|o| serde_json::from_str(&o).ok())
            .unwrap_or_default();
        for o in &list {
            if let Some(o) = ledger::Outside::from_json(o) {
                found.push((
                    Some(seq),
                    changed(&o.table, &o.key, &format!("found_{}", o.how)),
                ));
            }
        }
        // An event lists at most a thousand; the rest are counted.
        let more = count.unwrap_or(0).max(0) as usize;
        if more > list.len() {
            found.push((
                Some(seq),
                changed("", &(more - list.len()).to_string(), "found_more"),
            ));
        }
    }
    let history = ledger::history(&mut conn).await?;
    let mut sets: BTreeMap<i64, Vec<ledger::Logged>> = BTreeMap::new();
    for h in &history {
        sets.entry(h.seq).or_default().push(h.row.clone());
    }
    for (seq, set) in &sets {
        let ok = claims
            .remove(seq)
            .is_some_and(|(n, sha)| n == set.len() as i64 && sha == ledger::set_digest(set));
        if !ok {
            found.push((Some(*seq), AuditProblemKind::LedgerChanged));
        }
    }
    // Events that recorded rows the history no longer holds (an empty recorded set is fine).
    for (seq, (n, sha)) in claims {
        if n != 0 || sha != ledger::set_digest(&[]) {
            found.push((Some(seq), AuditProblemKind::LedgerChanged));
        }
    }
    let latest = ledger::latest(&history);
    for t in ledger::TABLES {
        let current = ledger::rows_of(&mut conn, t).await?;
        for o in ledger::compare_table(t, &current, latest.get(t.name)) {
            found.push((o.logged_seq, changed(&o.table, &o.key, o.how)));
        }
    }
    for (_, table, key, _) in ledger::journal(&mut conn).await? {
        found.push((None, changed(&table, &key, "journal")));
    }
    Ok(found)
}

/// Triggers (every guard and every journal trigger), tables, indexes and views that differ from
/// what the database's migrations make.
async fn schema_problems(store: &Store) -> OpResult<Vec<(Option<i64>, AuditProblemKind)>> {
    let problems = crate::store::backup::schema_problems(store).await?;
    Ok(problems
        .into_iter()
        .filter_map(|p| match p {
            SchemaProblem::Object { kind, name, how } => Some((
                None,
                AuditProblemKind::SchemaChanged {
                    object: kind,
                    name,
                    how: how.to_string(),
                },
            )),
            // Not this app's file, or a newer version's: the restore check says so; the log
            // and the rows are still checked above.
            _ => None,
        })
        .collect())
}

/// Verifies a whole store. `expect_head` is a head hash written down earlier, if any.
pub async fn verify_store(
    store: &Store,
    expect_head: Option<&str>,
    lang: Lang,
) -> OpResult<AuditReport> {
    let rows = events::all(store.reader()).await?;
    let mut problems: Vec<(Option<i64>, AuditProblemKind)> = check_chain(&rows)
        .into_iter()
        .map(|(s, k)| (Some(s), k))
        .collect();
    if !events::guards_present(store.reader()).await? {
        problems.push((None, AuditProblemKind::GuardRemoved));
    }
    for c in community::list(store.reader()).await? {
        let Some((seq, recorded, version)) = events::last_roll_digest(store.reader(), c.id).await?
        else {
            problems.push((None, AuditProblemKind::RollChanged { community: c.name }));
            continue;
        };
        // The version the newest roll-changing event recorded is the one recomputed (an
        // encoding never changes once released: crypto::chain::RollDigestVersion).
        let Some(version) = RollDigestVersion::from_number(version) else {
            problems.push((
                Some(seq),
                AuditProblemKind::RollDigestUnknown {
                    community: c.name,
                    version,
                },
            ));
            continue;
        };
        // The connection is returned before the next pool call: a backup opened for checking
        // has a pool of one.
        let current = {
            let mut conn = store.reader().acquire().await?;
            roll_store::digest(&mut conn, c.id, version).await
        };
        match current {
            Ok(current) if current.hex == recorded => {}
            // A roll row edited into a value no version of the app writes is a changed roll too.
            Ok(_) | Err(StoreError::Corrupt(_) | StoreError::UnknownValue { .. }) => {
                problems.push((
                    Some(seq),
                    AuditProblemKind::RollChanged { community: c.name },
                ))
            }
            Err(e) => return Err(e.into()),
        }
    }
    for (id, text, stored, logged, seq) in
        crate::store::meetings::minutes_audit(store.reader()).await?
    {
        let now = crate::crypto::canonical::sha256_hex(text.as_bytes());
        if now != stored || logged.as_deref() != Some(stored.as_str()) {
            problems.push((seq, AuditProblemKind::MinutesChanged { minutes_id: id }));
        }
    }
    problems.extend(escrow_problems(store, &rows).await?);
    {
        // The checkpoints this database holds, each against the log (a full re-hash of the log
        // cannot re-sign them without the root's secret).
        let mut conn = store.reader().acquire().await?;
        problems.extend(
            crate::ops::anchor::checkpoint::stored_problems(&mut conn)
                .await?
                .into_iter()
                .map(|k| (None, k)),
        );
    }
    let ledger = ledger_problems(store).await?;
    let schema = schema_problems(store).await?;
    // The consent check (each row against the digest its own event recorded) also covers rows
    // changed before the ledger existed, and old backups; what the ledger or the schema check
    // already names is reported once, by them.
    let named_by_ledger = |table: &str, row_id: i64| {
        ledger.iter().any(|(_, k)| {
            matches!(k, AuditProblemKind::RowChanged { table: t, key, .. }
                if t == table && *key == format!("[{row_id}]"))
        })
    };
    let consent_trigger_named = schema.iter().any(|(_, k)| {
        matches!(k, AuditProblemKind::SchemaChanged { name, .. } if name.starts_with("consent_"))
    });
    problems.extend(
        consent_problems(store, &rows)
            .await?
            .into_iter()
            .filter(|(_, k)| match k {
                AuditProblemKind::ConsentRowChanged { how, .. } if how == "guards" => {
                    !consent_trigger_named
                }
                AuditProblemKind::ConsentRowChanged { table, row_id, .. } => {
                    !named_by_ledger(table, *row_id)
                }
                _ => true,
            }),
    );
    problems.extend(ledger);
    problems.extend(schema);
    let head_hash = rows
        .last()
        .map(|r| r.hash.clone())
        .unwrap_or_else(|| GENESIS.to_string());
    if let Some(expected) = expect_head.map(str::trim).filter(|e| !e.is_empty()) {
        if !expected.eq_ignore_ascii_case(&head_hash) {
            problems.push((
                rows.last().map(|r| r.seq),
                AuditProblemKind::HeadMismatch {
                    expected: expected.to_string(),
                },
            ));
        }
    }
    let problems: Vec<AuditProblem> = problems
        .into_iter()
        .map(|(seq, kind)| AuditProblem {
            message: problem_message(seq, &kind, lang),
            seq,
            kind,
        })
        .collect();
    let events = rows.len() as i64;
    let summary = match problems.first() {
        None => lang.pick(
            format!("核验通过：{events} 条事件，记录链完整，名册及每张有法律意义的表的每一行都与记录一致，保护触发器齐全。"),
            format!(
                "Verified: {events} events, the chain is intact, every roll and every row with legal meaning matches the log, and every guard trigger is in place."
            ),
        ),
        Some(first) => lang.pick(
            format!(
                "核验未通过：发现 {} 处问题。首个问题：{}",
                problems.len(),
                first.message
            ),
            format!(
                "Verification FAILED: {} problem(s). First: {}",
                problems.len(),
                first.message
            ),
        ),
    };
    Ok(AuditReport {
        ok: problems.is_empty(),
        events,
        head_hash,
        problems,
        summary,
        checkpoint: None,
    })
}

/// The sealed recovery copy against the hash the newest `secrets.recovery_code_issued` event
/// recorded (events before the hash was logged bind nothing and are skipped).
async fn escrow_problems(
    store: &Store,
    rows: &[EventRow],
) -> OpResult<Vec<(Option<i64>, AuditProblemKind)>> {
    let Some((seq, logged)) = rows
        .iter()
        .rev()
        .filter(|r| r.kind == "secrets.recovery_code_issued")
        .find_map(|r| {
            let p: serde_json::Value = serde_json::from_str(&r.payload).ok()?;
            Some((r.seq, p.get("escrow_sha256")?.as_str()?.to_string()))
        })
    else {
        return Ok(Vec::new());
    };
    let stored = {
        let mut conn = store.reader().acquire().await?;
        crate::store::settings::get_if_any(&mut conn, crate::store::settings::RECOVERY_ESCROW)
            .await?
    };
    let how = match stored {
        None => "deleted",
        Some(s) if crate::crypto::canonical::sha256_hex(s.as_bytes()) != logged => "replaced",
        Some(_) => return Ok(Vec::new()),
    };
    Ok(vec![(
        Some(seq),
        AuditProblemKind::EscrowChanged { how: how.into() },
    )])
}

/// Each consent row against the digest its creating event recorded (`store::consents`).
async fn consent_problems(
    store: &Store,
    rows: &[EventRow],
) -> OpResult<Vec<(Option<i64>, AuditProblemKind)>> {
    use std::collections::BTreeMap;
    let mut logged: BTreeMap<(&'static str, i64), (i64, String)> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.kind.starts_with("consent.")) {
        let p: serde_json::Value = serde_json::from_str(&r.payload).unwrap_or_default();
        let mut note = |table: &'static str, id: Option<i64>, digest: Option<&str>| {
            if let (Some(id), Some(d)) = (id, digest) {
                logged.insert((table, id), (r.seq, d.to_string()));
            }
        };
        let digest = p.get("row_sha256").and_then(|v| v.as_str());
        match r.kind.as_str() {
            "consent.opened" => {
                note("consent_requests", p["consent_id"].as_i64(), digest);
                for party in p["parties"].as_array().into_iter().flatten() {
                    note(
                        "consent_parties",
                        party["party_id"].as_i64(),
                        party["row_sha256"].as_str(),
                    );
                }
            }
            "consent.party_added" => note("consent_parties", p["party_id"].as_i64(), digest),
            "consent.answered" => note("consent_answers", p["answer_id"].as_i64(), digest),
            _ => {}
        }
    }
    let mut found = Vec::new();
    let changed = |table: &str, row_id: i64, how: &str| AuditProblemKind::ConsentRowChanged {
        table: table.to_string(),
        row_id,
        how: how.to_string(),
    };
    for (table, id, digest) in crate::store::consents::all_digests(store.reader()).await? {
        match logged.remove(&(table, id)) {
            Some((_, d)) if d == digest => {}
            Some((seq, _)) => found.push((Some(seq), changed(table, id, "edited"))),
            None => found.push((None, changed(table, id, "unlogged"))),
        }
    }
    for ((table, id), (seq, _)) in logged {
        found.push((Some(seq), changed(table, id, "deleted")));
    }
    if !crate::store::consents::guards_present(store.reader()).await? {
        found.push((None, changed("triggers", 0, "guards")));
    }
    Ok(found)
}

pub async fn audit_verify(
    ctx: &Ctx,
    expect_head: Option<&str>,
    lang: Lang,
) -> OpResult<AuditReport> {
    audit_verify_with(ctx, expect_head, None, lang).await
}

/// `audit_verify`, and, given a checkpoint kept outside the laptop (its file's JSON or the
/// printed "SIZE / SHORT HASH"), that the log extends it (`anchor::checkpoint::verify_against`).
pub async fn audit_verify_with(
    ctx: &Ctx,
    expect_head: Option<&str>,
    checkpoint: Option<&str>,
    lang: Lang,
) -> OpResult<AuditReport> {
    let store = ctx.store().await;
    audit_store(&store, expect_head, checkpoint, lang).await
}

/// `audit_verify_with` on a store as it is: `yishi audit verify` opens the file read-only
/// (`Store::open_existing_live`) and calls this, so checking a database never changes it (no
/// migration, no baseline, no start-up certification).
pub async fn audit_store(
    store: &Store,
    expect_head: Option<&str>,
    checkpoint: Option<&str>,
    lang: Lang,
) -> OpResult<AuditReport> {
    let mut report = verify_store(store, expect_head, lang).await?;
    if let Some(text) = checkpoint.filter(|t| !t.trim().is_empty()) {
        use crate::ops::anchor::checkpoint::{parse_anchor_text, verify_against};
        let anchor = parse_anchor_text(text)?;
        let roots = crate::ops::anchor::checkpoint::known_roots(store).await?;
        let mut conn = store.reader().acquire().await?;
        let (check, problem) = verify_against(&mut conn, &roots, &anchor, lang).await?;
        if let Some(kind) = problem {
            let seq = Some(check.tree_size.min(check.log_size));
            report.problems.push(AuditProblem {
                message: problem_message(None, &kind, lang),
                seq,
                kind,
            });
            report.ok = false;
            report.summary = lang.pick(
                format!("核验未通过：{}", check.message),
                format!("Verification FAILED: {}", check.message),
            );
        } else if report.ok {
            report.summary = format!("{} {}", report.summary, check.message);
        }
        report.checkpoint = Some(check);
    }
    Ok(report)
}

pub async fn event_list(ctx: &Ctx, q: EventQuery, lang: Lang) -> OpResult<EventPage> {
    let store = ctx.store().await;
    let (rows, total) = events::page(
        store.reader(),
        q.community_id,
        q.before_seq,
        q.limit.unwrap_or(50).clamp(1, 500),
    )
    .await?;
    Ok(EventPage {
        events: rows
            .into_iter()
            .map(|r| EventView {
                description: describe(&r, lang),
                seq: r.seq,
                at: r.at,
                actor: r.actor,
                community_id: r.community_id,
                kind: r.kind,
                hash: r.hash,
            })
            .collect(),
        total,
    })
}

/// One readable line per event kind.
fn describe(row: &EventRow, lang: Lang) -> String {
    let p: serde_json::Value =
        serde_json::from_str(&row.payload).unwrap_or(serde_json::Value::Null);
    let s = |k: &str| {
        p.get(k)
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .unwrap_or_default()
    };
    match row.kind.as_str() {
        "community.created" => lang.pick(
            format!("创建小区“{}”", s("name")),
            format!("Created community \"{}\"", s("name")),
        ),
        "community.settings_changed" => {
            let to = p
                .pointer("/parking_counts/to")
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            lang.pick(
                format!("修改设置：车位{}计入表决", if to { "" } else { "不" }),
                format!(
                    "Changed settings: parking spaces {} count",
                    if to { "now" } else { "no longer" }
                ),
            )
        }
        "community.buildings_added" => lang.pick(
            format!("添加楼栋 {}", s("buildings")),
            format!("Added buildings {}", s("buildings")),
        ),
        "roll.imported" => lang.pick(
            format!(
                "导入名册“{}”：{} 套，导入后 N = {}",
                s("file_name"),
                s("units"),
                s("persons")
            ),
            format!(
                "Imported roster \"{}\": {} units, N = {} after",
                s("file_name"),
                s("units"),
                s("persons")
            ),
        ),
        "role.assigned" => {
            let role = crate::domain::states::role_label(&s("role"), lang);
            let building = p
                .get("building")
                .and_then(|b| b.as_str())
                .map(|b| format!("（{b}）"))
                .unwrap_or_default();
            lang.pick(
                format!("任命 {} 为{role}{building}", s("name")),
                format!("Appointed {} as {role}{building}", s("name")),
            )
        }
        "role.removed" => {
            let role = crate::domain::states::role_label(&s("role"), lang);
            lang.pick(
                format!("撤销 {} 的{role}职务", s("name")),
                format!("Removed {} as {role}", s("name")),
            )
        }
        "consent.opened" => lang.pick(
            format!(
                "住改商申请 #{}：{}，截止 {}",
                s("consent_id"),
                s("unit"),
                s("deadline")
            ),
            format!(
                "Change-of-use request #{}: {}, deadline {}",
                s("consent_id"),
                s("unit"),
                s("deadline")
            ),
        ),
        "consent.party_added" => lang.pick(
            format!(
                "住改商申请 #{}：增加楼外受影响业主 {}",
                s("consent_id"),
                s("units")
            ),
            format!(
                "Change-of-use request #{}: outside owner {} added",
                s("consent_id"),
                s("units")
            ),
        ),
        "consent.answered" => lang.pick(
            format!(
                "住改商申请 #{}：签署{}（{}）",
                s("consent_id"),
                if s("answer") == "consent" {
                    "同意"
                } else {
                    "不同意"
                },
                s("status")
            ),
            format!(
                "Change-of-use request #{}: {} signed ({})",
                s("consent_id"),
                s("answer"),
                s("status")
            ),
        ),
        "backup.restored" => {
            let discarded = p["discarded_events"].as_i64().unwrap_or(0);
            let receipts = p["restored_over"].as_array().map_or(0, Vec::len);
            let signed = p["confirmation"].is_object();
            lang.pick(
                format!(
                    "从备份恢复：{}；撤下 {discarded} 条事件（最新哈希 {}），{receipts} 张回执标记为“恢复时撤下”{}",
                    s("file_name"),
                    s("discarded_head").get(..12).unwrap_or_default(),
                    if signed { "；主持人已签署确认" } else { "" }
                ),
                format!(
                    "Restored from backup {}; {discarded} events discarded (head {}), {receipts} receipts flagged restored_over{}",
                    s("file_name"),
                    s("discarded_head").get(..12).unwrap_or_default(),
                    if signed { "; confirmed by the host's signature" } else { "" }
                ),
            )
        }
        "calendar.loaded" => lang.pick(
            format!(
                "载入 {} 年法定节假日安排（{}，SHA-256 {}）",
                s("year"),
                s("file_name"),
                s("sha256")
            ),
            format!(
                "Loaded the {} holiday schedule ({}, SHA-256 {})",
                s("year"),
                s("file_name"),
                s("sha256")
            ),
        ),
        "root.created" => lang.pick(
            format!(
                "生成小区根密钥（第 {} 代，指纹 {}）",
                s("generation"),
                crate::crypto::anchor::short_form(&s("fingerprint"))
            ),
            format!(
                "Made the community's root key (generation {}, fingerprint {})",
                s("generation"),
                crate::crypto::anchor::short_form(&s("fingerprint"))
            ),
        ),
        "root.rotated" => lang.pick(
            format!(
                "小区根密钥交接到第 {} 代（新指纹 {}）：{}",
                s("generation"),
                crate::crypto::anchor::short_form(&s("fingerprint")),
                s("reason")
            ),
            format!(
                "The community's root handed over to generation {} (new fingerprint {}): {}",
                s("generation"),
                crate::crypto::anchor::short_form(&s("fingerprint")),
                s("reason")
            ),
        ),
        "root.countersigned" => lang.pick(
            format!("第 {} 代根密钥交接已由 {} 会签", s("generation"), s("by")),
            format!(
                "The hand-over to root generation {} countersigned by {}",
                s("generation"),
                s("by")
            ),
        ),
        "cert.issued" => lang.pick(
            format!(
                "签发{}证书（人员 #{}，密钥 {}，证书哈希 {}）",
                match s("kind").as_str() {
                    "role" => "任职",
                    "enrolment" => "登记",
                    _ => "撤销",
                },
                s("person_id"),
                s("fingerprint"),
                crate::crypto::anchor::short_form(&s("cert_hash"))
            ),
            format!(
                "Certificate issued: {} (person #{}, key {}, certificate hash {})",
                s("kind"),
                s("person_id"),
                s("fingerprint"),
                crate::crypto::anchor::short_form(&s("cert_hash"))
            ),
        ),
        "key.certified" => lang.pick(
            format!("{} 为 {} 的密钥签发登记证书", s("registrar"), s("holder")),
            format!("{} certified {}'s key", s("registrar"), s("holder")),
        ),
        "secrets.created" => lang.pick(
            "生成本数据库的密钥材料（保存在数据库之外）".to_string(),
            "Made this database's secrets (kept outside it)".to_string(),
        ),
        "secrets.recovery_code_issued" => lang.pick(
            "签发新的恢复码（此后的备份用它封存密钥材料）".to_string(),
            "Issued a new recovery code (later backups seal the secrets under it)".to_string(),
        ),
        "persons.id_digests_keyed" => lang.pick(
            format!("身份证号摘要改为带密钥摘要（{} 人）", s("persons")),
            format!("ID-number digests keyed ({} persons)", s("persons")),
        ),
        "key.repeppered" => lang.pick(
            format!("{} 的密钥改为与本机密钥材料绑定的 PIN 封存", s("holder")),
            format!(
                "{}'s key sealed again under the PIN bound to this computer's secrets",
                s("holder")
            ),
        ),
        other => other.to_string(),
    }
}
