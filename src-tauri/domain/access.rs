//! Who may do what: the role matrix. Every operation in the operations table
//! (`commands::table`) names one [`Action`]; [`MATRIX`] says which parties may take it. This is
//! data: a later feature adds an action and its row, and `tests/it/access_matrix.rs` runs every
//! operation as every party against it.
//!
//! A signed-in person's parties are the offices the community assigned them (`roles` rows,
//! [`Role`]) plus [`Party::Member`] when they are on the roll (linked to a unit). Nobody counts a
//! vote alone: a paper ballot is entered by one signed-in person and witnessed by two others'
//! keys ([`Action::WitnessCount`], checked by the ballot itself), so no one person can add one.

use super::states::Role;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A party in the matrix: an office, or being a member of the community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Party {
    /// 主持人
    Host,
    /// 记录员
    Secretary,
    /// 登记员
    Registrar,
    /// 计票人
    Counter,
    /// 监票人
    Scrutineer,
    /// 楼栋长 / 网格员
    BuildingHead,
    /// A member of one of the three parties' bodies or the party branch (党支部, 居委会, 业委会, 物业).
    Committee,
    /// 观察员 (e.g. the street office): reads, changes nothing.
    Observer,
    /// On the community's roll, acting for themselves.
    Member,
}

impl Party {
    pub const ALL: [Party; 9] = [
        Party::Host,
        Party::Secretary,
        Party::Registrar,
        Party::Counter,
        Party::Scrutineer,
        Party::BuildingHead,
        Party::Committee,
        Party::Observer,
        Party::Member,
    ];

    /// The party an assigned office makes its holder.
    pub fn of_role(role: Role) -> Party {
        match role {
            Role::Host => Party::Host,
            Role::Secretary => Party::Secretary,
            Role::Registrar => Party::Registrar,
            Role::Counter => Party::Counter,
            Role::Scrutineer => Party::Scrutineer,
            Role::BuildingHead => Party::BuildingHead,
            Role::PartyBranch
            | Role::ResidentsCommittee
            | Role::OwnersCommittee
            | Role::PropertyCompany => Party::Committee,
            Role::Observer => Party::Observer,
        }
    }

    /// The name people use.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        let (zh, en) = match self {
            Party::Host => ("主持人", "host"),
            Party::Secretary => ("记录员", "secretary"),
            Party::Registrar => ("登记员", "registrar"),
            Party::Counter => ("计票人", "counter"),
            Party::Scrutineer => ("监票人", "scrutineer"),
            Party::BuildingHead => ("楼栋长 / 网格员", "building head / grid worker"),
            Party::Committee => ("两委及物业成员", "committee member"),
            Party::Observer => ("观察员", "observer"),
            Party::Member => ("本小区成员", "community member"),
        };
        lang.pick(zh, en)
    }
}

/// What an operation does, as far as who may do it is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    /// No sign-in: pure computations, re-checking a file the caller holds, the sign-in itself.
    Public,
    /// Read what the community publishes to its members (matters, meetings, votes, conventions).
    ReadPublished,
    /// Read the roll's personal data (names, units, phone numbers) and the keys' holders.
    ReadRoll,
    /// Read the event log and a vote's ballots as the count's witnesses need them.
    ReadRecord,
    /// Sign with one's own key (the PIN or the signature proves who signs), rotate one's key.
    SignOwn,
    /// Raise a matter, suggest an article of a convention.
    Propose,
    /// Change the roll: buildings, imports, roll settings.
    EditRoll,
    /// Enrol a member's key after checking their identity.
    EnrolKey,
    /// Revoke a key (lost, stolen, left the community).
    RevokeKey,
    /// Unlock a key locked after wrong PINs.
    UnlockKey,
    /// Assign and remove offices.
    AssignOffices,
    /// Prepare, open and close votes and consent requests.
    RunVote,
    /// Enter proxies, service records and paper ballots.
    EnterBallots,
    /// Witness a paper ballot's entry or a count with one's own key (checked per ballot).
    WitnessCount,
    /// Schedule and conduct meetings (agenda, notice, speakers).
    RunMeeting,
    /// Keep attendance, notes and minutes; put up texts to sign.
    KeepMinutes,
    /// Move matters through the three stages, set proposals, attach files.
    ManageMatters,
    /// Draft, file and publish conventions.
    DraftConvention,
    /// Review, freeze, adopt and amend conventions.
    AdoptConvention,
    /// Record and read violations of a convention.
    RecordViolation,
    /// Back up the database; load holiday schedules.
    Maintain,
    /// Restore a backup (can discard history: host only, with a signed confirmation).
    Restore,
    /// Create another community on this laptop (the first one is the bootstrap).
    CreateCommunity,
}

impl Action {
    pub const ALL: [Action; 23] = [
        Action::Public,
        Action::ReadPublished,
        Action::ReadRoll,
        Action::ReadRecord,
        Action::SignOwn,
        Action::Propose,
        Action::EditRoll,
        Action::EnrolKey,
        Action::RevokeKey,
        Action::UnlockKey,
        Action::AssignOffices,
        Action::RunVote,
        Action::EnterBallots,
        Action::WitnessCount,
        Action::RunMeeting,
        Action::KeepMinutes,
        Action::ManageMatters,
        Action::DraftConvention,
        Action::AdoptConvention,
        Action::RecordViolation,
        Action::Maintain,
        Action::Restore,
        Action::CreateCommunity,
    ];

    /// The stable name used in JSON, the TypeScript bindings and docs/api.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Public => "public",
            Action::ReadPublished => "read_published",
            Action::ReadRoll => "read_roll",
            Action::ReadRecord => "read_record",
            Action::SignOwn => "sign_own",
            Action::Propose => "propose",
            Action::EditRoll => "edit_roll",
            Action::EnrolKey => "enrol_key",
            Action::RevokeKey => "revoke_key",
            Action::UnlockKey => "unlock_key",
            Action::AssignOffices => "assign_offices",
            Action::RunVote => "run_vote",
            Action::EnterBallots => "enter_ballots",
            Action::WitnessCount => "witness_count",
            Action::RunMeeting => "run_meeting",
            Action::KeepMinutes => "keep_minutes",
            Action::ManageMatters => "manage_matters",
            Action::DraftConvention => "draft_convention",
            Action::AdoptConvention => "adopt_convention",
            Action::RecordViolation => "record_violation",
            Action::Maintain => "maintain",
            Action::Restore => "restore",
            Action::CreateCommunity => "create_community",
        }
    }

    /// What the action is, in words (docs/api.md, the refusal message).
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        let (zh, en) = match self {
            Action::Public => ("无需登录", "no sign-in"),
            Action::ReadPublished => ("查看小区公开的内容", "read what the community publishes"),
            Action::ReadRoll => ("查看名册中的个人信息", "read the roll's personal data"),
            Action::ReadRecord => ("查看操作记录和选票明细", "read the log and ballots"),
            Action::SignOwn => ("用本人密钥签名", "sign with one's own key"),
            Action::Propose => ("提出议题或建议", "raise a matter or suggestion"),
            Action::EditRoll => ("修改名册", "change the roll"),
            Action::EnrolKey => ("核验身份并登记密钥", "check identity and enrol keys"),
            Action::RevokeKey => ("吊销密钥", "revoke keys"),
            Action::UnlockKey => ("解锁被锁定的密钥", "unlock locked keys"),
            Action::AssignOffices => ("任免职务", "assign offices"),
            Action::RunVote => ("发起、开启和结束表决", "prepare, open and close votes"),
            Action::EnterBallots => (
                "录入委托、送达和纸质选票",
                "enter proxies and paper ballots",
            ),
            Action::WitnessCount => ("监督计票", "witness the count"),
            Action::RunMeeting => ("召集和主持会议", "call and chair meetings"),
            Action::KeepMinutes => ("记录会议和纪要", "keep attendance and minutes"),
            Action::ManageMatters => ("推进议题流程", "move matters through the stages"),
            Action::DraftConvention => (
                "起草、备案和公布公约",
                "draft, file and publish conventions",
            ),
            Action::AdoptConvention => ("审议和通过公约", "review and adopt conventions"),
            Action::RecordViolation => ("记录违约行为", "record violations"),
            Action::Maintain => ("备份和维护", "back up and maintain"),
            Action::Restore => ("从备份恢复", "restore a backup"),
            Action::CreateCommunity => ("新建小区", "create a community"),
        };
        lang.pick(zh, en)
    }

    /// Whether the action concerns the whole installation rather than one community's data
    /// (so its arguments name no community).
    pub fn is_installation_wide(self) -> bool {
        matches!(
            self,
            Action::Maintain | Action::Restore | Action::CreateCommunity
        )
    }
}

use Action as A;
use Party as P;

/// The matrix: for each action, the parties that may take it. [`Action::Public`] needs no party.
/// The host may chair and administer, edit the roll and enrol keys (a new community's first host
/// must be able to import its roll and enrol the first registrar's key), but not enter ballots:
/// that stays with the counter or secretary the community named. The counter reads the roll to
/// find the voter of a paper ballot.
pub const MATRIX: &[(Action, &[Party])] = &[
    (A::Public, &[]),
    (
        A::ReadPublished,
        &[
            P::Host,
            P::Secretary,
            P::Registrar,
            P::Counter,
            P::Scrutineer,
            P::BuildingHead,
            P::Committee,
            P::Observer,
            P::Member,
        ],
    ),
    (
        A::ReadRoll,
        &[P::Host, P::Secretary, P::Registrar, P::Counter],
    ),
    (
        A::ReadRecord,
        &[
            P::Host,
            P::Secretary,
            P::Counter,
            P::Scrutineer,
            P::Observer,
        ],
    ),
    (
        A::SignOwn,
        &[
            P::Host,
            P::Secretary,
            P::Registrar,
            P::Counter,
            P::Scrutineer,
            P::BuildingHead,
            P::Committee,
            P::Member,
        ],
    ),
    (
        A::Propose,
        &[
            P::Host,
            P::Secretary,
            P::BuildingHead,
            P::Committee,
            P::Member,
        ],
    ),
    (A::EditRoll, &[P::Secretary, P::Registrar, P::Host]),
    (A::EnrolKey, &[P::Registrar, P::Host]),
    (A::RevokeKey, &[P::Registrar, P::Host]),
    (A::UnlockKey, &[P::Host]),
    (A::AssignOffices, &[P::Host]),
    (A::RunVote, &[P::Host]),
    (A::EnterBallots, &[P::Counter, P::Secretary]),
    (
        A::WitnessCount,
        &[P::Scrutineer, P::Counter, P::Host, P::Secretary],
    ),
    (A::RunMeeting, &[P::Host]),
    (A::KeepMinutes, &[P::Secretary, P::Host]),
    (A::ManageMatters, &[P::Secretary, P::Host, P::Committee]),
    (A::DraftConvention, &[P::Secretary, P::Host]),
    (A::AdoptConvention, &[P::Host]),
    (
        A::RecordViolation,
        &[P::BuildingHead, P::Secretary, P::Host],
    ),
    (A::Maintain, &[P::Host]),
    (A::Restore, &[P::Host]),
    (A::CreateCommunity, &[P::Host]),
];

/// The parties that may take `action` (empty for [`Action::Public`]).
pub fn who_may(action: Action) -> &'static [Party] {
    MATRIX
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, p)| *p)
        .unwrap_or(&[])
}

/// Whether someone holding `parties` may take `action`.
pub fn allows(parties: &[Party], action: Action) -> bool {
    action == Action::Public || who_may(action).iter().any(|p| parties.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_exactly_one_row_and_every_row_a_party() {
        for a in Action::ALL {
            let rows = MATRIX.iter().filter(|(x, _)| *x == a).count();
            assert_eq!(rows, 1, "{a:?} must have exactly one row");
            if a != Action::Public {
                assert!(
                    !who_may(a).is_empty(),
                    "{a:?} has no party: nobody could do it"
                );
            }
        }
        assert_eq!(MATRIX.len(), Action::ALL.len());
    }

    #[test]
    fn an_observer_changes_nothing() {
        let changes = Action::ALL.into_iter().filter(|a| {
            !matches!(
                a,
                Action::Public | Action::ReadPublished | Action::ReadRecord
            )
        });
        for a in changes {
            assert!(!allows(&[Party::Observer], a), "observer may {a:?}");
        }
    }

    #[test]
    fn offices_and_their_limits() {
        // (parties held, action, allowed)
        let cases: &[(&[Party], Action, bool)] = &[
            (&[], Action::Public, true),
            (&[], Action::ReadPublished, false),
            (&[Party::Member], Action::ReadPublished, true),
            (&[Party::Member], Action::SignOwn, true),
            (&[Party::Member], Action::ReadRoll, false),
            (&[Party::Member], Action::RunVote, false),
            (&[Party::Host], Action::RunVote, true),
            (&[Party::Host], Action::Restore, true),
            (&[Party::Secretary], Action::Restore, false),
            // The host does not enter ballots: that stays with the named persons.
            (&[Party::Host], Action::EnrolKey, true),
            (&[Party::Host], Action::EnterBallots, false),
            (&[Party::Registrar], Action::EnrolKey, true),
            (&[Party::Counter], Action::EnterBallots, true),
            (&[Party::Scrutineer], Action::EnterBallots, false),
            (&[Party::Scrutineer], Action::WitnessCount, true),
            (&[Party::BuildingHead], Action::RecordViolation, true),
            (&[Party::BuildingHead], Action::EditRoll, false),
            (&[Party::Committee], Action::ManageMatters, true),
            (&[Party::Committee], Action::AdoptConvention, false),
            (&[Party::Observer], Action::ReadRecord, true),
            (&[Party::Observer, Party::Member], Action::SignOwn, true),
        ];
        for (parties, action, allowed) in cases {
            assert_eq!(allows(parties, *action), *allowed, "{parties:?} {action:?}");
        }
    }

    #[test]
    fn every_role_is_a_party() {
        for r in Role::ALL {
            assert!(Party::ALL.contains(&Party::of_role(r)));
        }
    }
}
