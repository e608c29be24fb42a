//! The kinds and states a stored row can hold, as enums. `store/` parses each column into one of
//! these (or a domain enum such as `meeting::MeetingKind`, `flow::Stage`, `vote::MatterCategory`)
//! where the row is read; a value this version does not know is an error naming the table, row
//! and value, never a default. Their stored text is their `serde` name (`snake_case`), the same
//! name the UI and the JSON API see.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a vote is: created, open for ballots, or closed with its signed result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VoteStatus {
    Draft,
    Open,
    Closed,
}

/// The form of a vote as stored in `votes.kind` (an election's candidates are a separate column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteForm {
    /// Agree / oppose / abstain on one motion.
    Question,
    /// Approval of candidates for seats.
    Election,
}

/// How a meeting is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeetingMode {
    InPerson,
    /// 书面征求意见 (owners' assembly only).
    Written,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeetingStatus {
    Draft,
    Announced,
    Running,
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SpeechKind {
    Speech,
    PointOfOrder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SpeechStatus {
    Queued,
    Speaking,
    Done,
    Withdrawn,
    Cut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttendHow {
    /// Signed in with their own key.
    Signed,
    /// Entered by the secretary, with the reason.
    Secretary,
    /// Attends for another under a written authorisation.
    Proxy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyStatus {
    Active,
    Revoked,
    Replaced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyOrigin {
    /// Generated at the host's laptop; the secret is kept sealed under the holder's PIN.
    Enrolled,
    /// Generated on the member's own computer; only the public key is here.
    Brought,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// 党支部成员
    PartyBranch,
    /// 居委会代表
    ResidentsCommittee,
    /// 业委会委员
    OwnersCommittee,
    /// 物业代表
    PropertyCompany,
    /// 楼栋长
    BuildingHead,
    /// 记录员
    Secretary,
    /// 主持人
    Host,
    /// 登记员: checks identity against the roll and enrols members' keys.
    Registrar,
    /// 计票人: enters proxies, service records and paper ballots.
    Counter,
    /// 监票人: witnesses the count (a second person for every paper ballot).
    Scrutineer,
    /// 观察员 (e.g. the street office): reads the record, changes nothing.
    Observer,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::PartyBranch,
        Role::ResidentsCommittee,
        Role::OwnersCommittee,
        Role::PropertyCompany,
        Role::BuildingHead,
        Role::Secretary,
        Role::Host,
        Role::Registrar,
        Role::Counter,
        Role::Scrutineer,
        Role::Observer,
    ];

    /// The stored (and JSON) name.
    pub fn key(self) -> &'static str {
        match self {
            Role::PartyBranch => "party_branch",
            Role::ResidentsCommittee => "residents_committee",
            Role::OwnersCommittee => "owners_committee",
            Role::PropertyCompany => "property_company",
            Role::BuildingHead => "building_head",
            Role::Secretary => "secretary",
            Role::Host => "host",
            Role::Registrar => "registrar",
            Role::Counter => "counter",
            Role::Scrutineer => "scrutineer",
            Role::Observer => "observer",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// The role's name as people say it.
pub fn role_label(text: &str, lang: crate::lang::Lang) -> String {
    let (zh, en) = match Role::from_key(text) {
        Some(Role::PartyBranch) => ("党支部成员", "party branch member"),
        Some(Role::ResidentsCommittee) => ("居委会代表", "residents' committee rep"),
        Some(Role::OwnersCommittee) => ("业委会委员", "owners' committee member"),
        Some(Role::PropertyCompany) => ("物业代表", "property company rep"),
        Some(Role::BuildingHead) => ("楼栋长", "building head"),
        Some(Role::Secretary) => ("记录员", "secretary"),
        Some(Role::Host) => ("主持人", "meeting host"),
        Some(Role::Registrar) => ("登记员", "registrar"),
        Some(Role::Counter) => ("计票人", "counter"),
        Some(Role::Scrutineer) => ("监票人", "scrutineer"),
        Some(Role::Observer) => ("观察员", "observer"),
        None => (text, text),
    };
    lang.pick(zh, en).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored text is the serde name, for every role.
    #[test]
    fn role_keys_are_serde_names() {
        for r in Role::ALL {
            assert_eq!(
                serde_json::to_value(r).expect("serialises"),
                serde_json::json!(r.key())
            );
            assert_eq!(Role::from_key(r.key()), Some(r));
        }
        assert_eq!(Role::from_key("mayor"), None);
    }
}
