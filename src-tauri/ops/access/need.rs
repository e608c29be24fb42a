//! Who an operation needs: the `access` column of the operations table (`commands::table`).
//! The table declares it for every operation; enforcing it (sign-in, sessions, the role matrix)
//! is the access issue's work, which reads it through `commands::ops_table()`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The least party that may run an operation. Office roles are those a community assigns
/// today (`ops::types::Role`: host, secretary, building head); `Member` and `Anyone` are not
/// offices but who is acting. Deliberately not ordered: which offices satisfy which need
/// (a host doing a secretary's work, a building head being a member) is the access issue's
/// role matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Access {
    /// No sign-in: pure computations and reads that reveal nothing about a person (the app's
    /// version, legal advice for a category, a date check, re-checking a file the caller holds).
    Anyone,
    /// A signed-in member of the community acting for themselves: signing with their own key,
    /// raising a matter, suggesting an article, reading what the community publishes.
    Member,
    /// A building head or grid worker (楼栋长 / 网格员): records violations in their building.
    BuildingHead,
    /// The secretary (记录员): keeps the roll and its personal data, enrols keys after checking
    /// identity, enters proxies and paper ballots, keeps attendance, notes and minutes.
    Secretary,
    /// The host (主持人): opens and closes votes and meetings, assigns offices, approves with
    /// their key, backs up and restores.
    Host,
}

impl Access {
    pub const ALL: [Access; 5] = [
        Access::Anyone,
        Access::Member,
        Access::BuildingHead,
        Access::Secretary,
        Access::Host,
    ];

    /// The stable name used in JSON, the TypeScript bindings and docs/api.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Anyone => "anyone",
            Access::Member => "member",
            Access::BuildingHead => "building_head",
            Access::Secretary => "secretary",
            Access::Host => "host",
        }
    }

    /// The name people use.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        let (zh, en) = match self {
            Access::Anyone => ("任何人", "anyone"),
            Access::Member => ("本人（已登录成员）", "member (signed in, for themselves)"),
            Access::BuildingHead => ("楼栋长 / 网格员", "building head / grid worker"),
            Access::Secretary => ("记录员", "secretary"),
            Access::Host => ("主持人", "host"),
        };
        lang.pick(zh, en)
    }
}
