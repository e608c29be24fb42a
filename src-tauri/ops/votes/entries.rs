//! Which roll entries a person may cast a ballot for in a vote: the entries they vote for
//! themselves (alone, as a co-owners' designated voter, as the developer's representative) and
//! those whose written proxy they hold. The kiosk and the paper-ballot dialog ask "for which
//! home" when there is more than one (`VoteProblem::SeveralEntries` otherwise).

use crate::ops::votes::{entries_voted_by, require_vote, roll_entry};
use crate::ops::{Ctx, OpResult, VoteProblem};
use crate::store::votes as vote_store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Arguments of `vote_entries`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteEntriesQuery {
    #[ts(type = "number")]
    pub vote_id: i64,
    /// The person who will sign (or whose paper ballot is entered).
    #[ts(type = "number")]
    pub person_id: i64,
}

/// One roll entry a person may vote for.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[ts(export)]
pub struct VoteEntry {
    /// The roll entry's id: what `proxy_for` (kiosk) or `entry_id` (paper) carries.
    #[ts(type = "number")]
    pub entry_id: i64,
    /// The entry's name as on the roll (the owner, or the co-owners).
    pub name: String,
    pub units: Vec<String>,
    /// `own`: the person votes for it themselves; `proxy`: under a registered written proxy.
    pub how: VoteEntryHow,
    /// Several co-owners together (one of them named to vote).
    pub co_owned: bool,
    /// A ballot for this entry has already been received.
    pub voted: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum VoteEntryHow {
    Own,
    Proxy,
}

/// The entries `person_id` may vote for in an open or closed vote: own entries first (by
/// entry id), then proxies in the order they were registered.
pub async fn vote_entries(ctx: &Ctx, q: VoteEntriesQuery) -> OpResult<Vec<VoteEntry>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let row = require_vote(&mut conn, q.vote_id).await?;
    if row.roll_snapshot.is_none() {
        return Err(crate::ops::OpError::Vote(VoteProblem::NotOpen));
    }
    let voted: std::collections::BTreeSet<i64> = vote_store::ballots(&mut conn, q.vote_id)
        .await?
        .iter()
        .map(|b| b.person_id)
        .collect();
    let mut out: Vec<VoteEntry> = entries_voted_by(&mut conn, q.vote_id, q.person_id)
        .await?
        .into_iter()
        .map(|e| VoteEntry {
            entry_id: e.person_id,
            name: e.name,
            units: e.units,
            how: VoteEntryHow::Own,
            co_owned: false,
            voted: voted.contains(&e.person_id),
        })
        .collect();
    for e in &mut out {
        e.co_owned = co_owned(&mut conn, e.entry_id).await?;
    }
    for p in vote_store::proxies(&mut conn, q.vote_id).await? {
        if p.proxy_id != q.person_id || out.iter().any(|e| e.entry_id == p.owner_id) {
            continue;
        }
        if let Some(e) = roll_entry(&mut conn, q.vote_id, p.owner_id).await? {
            out.push(VoteEntry {
                entry_id: e.person_id,
                name: e.name,
                units: e.units,
                how: VoteEntryHow::Proxy,
                co_owned: co_owned(&mut conn, e.person_id).await?,
                voted: voted.contains(&e.person_id),
            });
        }
    }
    Ok(out)
}

async fn co_owned(conn: &mut sqlx::SqliteConnection, entry_id: i64) -> OpResult<bool> {
    Ok(vote_store::roll_entry_owners(conn, entry_id)
        .await?
        .is_some_and(|owners| owners.contains(',')))
}
