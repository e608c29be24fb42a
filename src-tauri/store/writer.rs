//! Group commit: concurrent pieces of write work share one durable transaction.
//!
//! A write transaction costs one `fsync` (`synchronous=FULL`), ~1-2 ms on ordinary disks, which
//! caps one-transaction-per-ballot at a few hundred ballots a second. `Store::batched` queues a
//! piece of work; one leader at a time takes everything queued, opens one `BEGIN IMMEDIATE`
//! transaction, runs each piece in queue order inside its own `SAVEPOINT`, and commits once.
//! While it waits for the disk, new work queues up for the next round.
//!
//! Invariants, the same as for a lone `WriteTx`:
//! * every piece that keeps its changes appended at least one event, after the events of the
//!   pieces before it (each `events::append` reads the head inside the shared transaction, so
//!   the chain stays one line); a piece that appended none is rolled back as `NoEvent`;
//! * a piece that fails is rolled back to its savepoint alone: the others are not affected;
//! * nobody hears back before the commit that holds their work is durable: results, good or
//!   bad, are handed out only after `COMMIT` returns; if the commit fails, every piece of that
//!   round gets the error and nothing of it is in the database;
//! * the round runs in a spawned task, so a caller that goes away (a dropped HTTP request)
//!   cannot abandon the others' work half done.

use super::{Store, StoreError, StoreResult, WriteTx};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// A future borrowing the shared transaction.
pub type TxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The largest number of pieces in one transaction (bounds the time a round holds the lock).
const MAX_ROUND: usize = 256;

/// One queued piece of work, its output type erased.
trait Pending: Send {
    /// Runs the work; `true` when it succeeded and its changes stay.
    fn run<'a>(&'a mut self, tx: &'a mut WriteTx) -> TxFuture<'a, bool>;
    /// Hands the result to the caller once the round's commit is known.
    fn finish(self: Box<Self>, commit: Result<(), &StoreError>);
    /// The work turned out to have appended no event: it must not stay.
    fn no_event(&mut self);
}

struct Item<F, T, E> {
    work: Option<F>,
    out: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<F, T, E> Pending for Item<F, T, E>
where
    F: for<'a> FnOnce(&'a mut WriteTx) -> TxFuture<'a, Result<T, E>> + Send,
    T: Send,
    E: From<StoreError> + Send,
{
    fn run<'a>(&'a mut self, tx: &'a mut WriteTx) -> TxFuture<'a, bool> {
        Box::pin(async move {
            let Some(work) = self.work.take() else {
                return false;
            };
            let out = work(tx).await;
            let ok = out.is_ok();
            self.out = Some(out);
            ok
        })
    }

    fn no_event(&mut self) {
        self.out = Some(Err(StoreError::NoEvent.into()));
    }

    fn finish(self: Box<Self>, commit: Result<(), &StoreError>) {
        let out = match (commit, self.out) {
            // A failed piece keeps its own error whatever happened to the round.
            (_, Some(Err(e))) => Err(e),
            (Ok(()), Some(Ok(v))) => Ok(v),
            (Err(e), Some(Ok(_))) => Err(StoreError::Round(e.to_string()).into()),
            (Ok(()), None) => Err(StoreError::Round("the work did not run".into()).into()),
            (Err(e), None) => Err(StoreError::Round(e.to_string()).into()),
        };
        // The caller may have gone away; its work is committed (or not) all the same.
        let _ = self.reply.send(out);
    }
}

/// The queue and the leader's lock, shared by every clone of a `Store`.
#[derive(Default)]
pub(super) struct Batcher {
    queue: Mutex<Vec<Box<dyn Pending>>>,
    lead: tokio::sync::Mutex<()>,
    stats: Stats,
}

#[derive(Default)]
struct Stats {
    commits: AtomicU64,
    pieces: AtomicU64,
}

impl std::fmt::Debug for Batcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Batcher")
    }
}

impl Store {
    /// Runs `work` in a write transaction it may share with other concurrent `batched` calls
    /// (group commit, see the module docs). It returns only after that transaction is durable.
    /// The work must append its event(s) like any `WriteTx` user; if it fails, its changes are
    /// undone and the others' are not.
    pub async fn batched<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: for<'a> FnOnce(&'a mut WriteTx) -> TxFuture<'a, Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let item = Item {
            work: Some(work),
            out: None,
            reply,
        };
        self.batcher
            .queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Box::new(item));
        let store = self.clone();
        tokio::spawn(async move { store.lead_round().await });
        match rx.await {
            Ok(out) => out,
            Err(_) => Err(StoreError::Round("the writer stopped".into()).into()),
        }
    }

    /// Takes the leader's lock and commits whatever is queued (possibly nothing: an earlier
    /// leader may already have taken this caller's work). The queue is emptied only once the
    /// write connection is ours, so work arriving while another writer holds it joins this round.
    async fn lead_round(&self) {
        let batcher: Arc<Batcher> = self.batcher.clone();
        let _lead = batcher.lead.lock().await;
        while !batcher
            .queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
        {
            let tx = self.begin().await;
            let round: Vec<Box<dyn Pending>> = {
                let mut q = batcher.queue.lock().unwrap_or_else(|p| p.into_inner());
                let n = q.len().min(MAX_ROUND);
                q.drain(..n).collect()
            };
            self.run_round(tx, round).await;
        }
    }

    async fn run_round(&self, tx: StoreResult<WriteTx>, mut round: Vec<Box<dyn Pending>>) {
        let result = async {
            let mut tx = tx?;
            let mut kept = 0;
            for item in round.iter_mut() {
                savepoint(&mut tx, "SAVEPOINT piece").await?;
                let before = tx.events_appended;
                let mut ok = item.run(&mut tx).await;
                if ok && tx.events_appended == before {
                    item.no_event();
                    ok = false;
                }
                if ok {
                    savepoint(&mut tx, "RELEASE piece").await?;
                    kept += 1;
                } else {
                    savepoint(&mut tx, "ROLLBACK TO piece").await?;
                    savepoint(&mut tx, "RELEASE piece").await?;
                    tx.events_appended = before;
                }
            }
            if kept == 0 {
                // Every piece failed: nothing to make durable (dropping `tx` rolls it back).
                return Ok(0);
            }
            tx.commit().await?;
            Ok(kept)
        }
        .await;
        if let Ok(kept) = result {
            if kept > 0 {
                let stats = &self.batcher.stats;
                stats.commits.fetch_add(1, Ordering::Relaxed);
                stats.pieces.fetch_add(kept, Ordering::Relaxed);
            }
        }
        for item in round {
            item.finish(result.as_ref().map(|_| ()));
        }
    }

    /// How many shared commits were made and how many pieces of work they held (since open).
    pub fn group_commits(&self) -> (u64, u64) {
        let stats = &self.batcher.stats;
        (
            stats.commits.load(Ordering::Relaxed),
            stats.pieces.load(Ordering::Relaxed),
        )
    }
}

async fn savepoint(tx: &mut WriteTx, sql: &str) -> StoreResult<()> {
    sqlx::query(sql).execute(tx.conn()).await?;
    Ok(())
}
