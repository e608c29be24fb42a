//! The operations' one error type. Each error has a stable `code` the UI branches on and a
//! message in the user's language saying what went wrong and what to do.

pub use super::matters::error::FlowProblem;
use crate::formats::table::TableError;
use crate::lang::Lang;
use crate::store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Conflict,
    StalePreview,
    Integrity,
    Storage,
    File,
    UnknownOp,
    /// The PIN was wrong; the message says how many tries are left.
    WrongPin,
    /// Too many wrong PINs: the host must unlock the key.
    KeyLocked,
    /// A PIN tried inside the wait after a wrong one, or too many PIN checks queued at once:
    /// nothing was tried or counted; the message says how long to wait.
    TryLater,
    /// A date computation reached a year with no holiday schedule: load the year, or (for a
    /// meeting) have the host sign a reason to go on. The message names the year.
    CalendarMissing,
    /// Nobody is signed in, or the sign-in ended: sign in and repeat.
    SignInRequired,
    /// The signed-in person's offices do not allow this, or the records are another community's.
    Forbidden,
    /// Something failed inside the app outside the database (a panic in an operation, a
    /// failure of the server itself); the message carries only a reference to the log.
    Internal,
}

/// Why a vote operation or a ballot is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteProblem {
    NoSuchVote(i64),
    BadTime(String),
    WindowOutOfBounds,
    BadElection,
    NotDraft,
    NotOpen,
    Closed,
    NotClosed,
    OutsideWindow {
        opens: String,
        closes: String,
    },
    BadChoice,
    NotOnRoll,
    NoProxy,
    AlreadyVoted,
    /// Ballots v3: the ballot's sequence number is at or below the entry's current one (an
    /// earlier signed ballot submitted again).
    OlderBallot,
    /// Ballots of a vote opened with a manifest: the key is neither listed in it for its holder
    /// nor certified during the vote by a registrar it lists.
    KeyNotInManifest,
    /// Closing: a signer is not an officer of the vote's manifest in the role named.
    NotOfficer(String),
    ProxyLimit(u32),
    ProxyExpired(String),
    /// A proxy's authorisation signed with a key that is not the entry's own voter's (or not
    /// one the vote's manifest vouches for).
    ProxyNotOwnersKey,
    /// A proxy's authorisation needs two different officers of the vote (listed in its
    /// manifest), each with their own key.
    ProxyNeedsTwoOfficers,
    /// A paper ballot for an entry that already voted with a key, at this time.
    PaperAfterSigned(String),
    /// The person votes for several roll entries (units listed) and did not say which.
    SeveralEntries(Vec<String>),
    BadProxy,
    ScanMissing,
    IdentityFailed,
    SameWitness,
    /// The person entering a paper ballot named themselves as its witness.
    WitnessIsEnterer,
    /// A witness holds no office that may witness the count.
    WitnessNotAllowed(String),
    NotHost,
    NotSecretary,
    WrongVote,
    RecordInconsistent(String),
    ConformityOff,
    AlreadyServed,
    ServedVoted,
    /// A building or entrance scope on a meeting's rule (meetings have their own rolls).
    ScopeNotForRule,
    /// The entrance named in the scope has no unit in that building.
    NoSuchEntrance {
        building: String,
        entrance: String,
    },
    /// Group representatives need at least one group and two or three per group (Art. 9).
    BadResidentsMode,
    /// A residents' vote by group representatives: the roll does not list them.
    ResidentsByGroup,
    /// Households whose every adult already represents another household.
    UnrepresentedHouseholds(u32),
}

/// Why a key cannot be used or enrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    WrongPin {
        remaining: i64,
    },
    Locked {
        holder: String,
    },
    NoKey {
        holder: String,
    },
    NotActive,
    AlreadyHasKey {
        holder: String,
    },
    PinTooShort,
    BadPublicKey,
    KeyInUse,
    NotHost,
    AlreadySigned {
        at: String,
    },
    DocumentChanged,
    SignatureInvalid,
    SealedDamaged,
    NoSecretHere,
    NoPossessionProof,
    PossessionInvalid {
        holder: String,
        community: String,
    },
    /// A new PIN the policy refuses as too easy to guess (`domain::pin`), with the reason.
    WeakPin(crate::domain::pin::PinProblem),
    /// The wait after the last wrong PIN has not passed: this many seconds are left.
    TryLater {
        seconds: i64,
    },
    /// Too many PIN checks are waiting for a key derivation at once.
    Busy,
    /// A key sealed at the practice (demo, test) cost in a real community.
    PracticeKey {
        holder: String,
    },
}

/// Why the secrets kept outside the database (`crate::secrets`) are not at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretsProblem {
    /// The database names secrets this computer does not have (a reinstall, a new laptop, a
    /// copied file). `recoverable`: the database carries a copy sealed under a recovery code.
    Missing {
        database: String,
        kept_in: String,
        recoverable: bool,
    },
    WrongCode,
    MalformedCode,
    /// The database or backup carries no sealed copy (no recovery code was ever issued).
    NoEscrow,
    EscrowDamaged,
    /// Different secrets are already installed for this database.
    OtherInstalled {
        kept_in: String,
    },
    /// The backup's secrets are not installed here: recover them with its code first.
    BackupSecretsMissing,
    Keystore(String),
    Damaged,
    /// The community's root key does not open with this computer's secrets (the database was
    /// copied here without them, or the stored root was altered).
    RootSealed {
        community: String,
    },
}

/// Something the caller named that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Community(i64),
    Person(i64),
    Role(i64),
    Building(String),
    BackupFile(String),
    Statement(i64),
}

/// Input that cannot be accepted, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    EmptyName,
    NameTooLong,
    Base64,
    BuildingNeeded,
    BuildingNotForRole,
    RoleExists,
    /// The roster has problems; the preview lists them.
    RosterHasProblems(usize),
    FileTooLarge,
    /// An identity number that cannot be one (too short or too long).
    IdNumber,
    /// Removing the office of the last host who can sign in.
    LastHost,
    /// A file name that would not stay inside its folder even after cleaning.
    UnsafeFileName,
    /// A text field longer than its limit (`domain::bounds`).
    TooLong {
        field: String,
        limit: usize,
        chars: usize,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("not found: {0:?}")]
    NotFound(Missing),
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    #[error("community name already used: {0}")]
    DuplicateCommunity(String),
    #[error("the preview is out of date")]
    StalePreview,
    #[error("file: {0}")]
    File(#[from] TableError),
    #[error("restore refused: the backup does not verify")]
    BackupDoesNotVerify { problems: usize, first: String },
    #[error("storage: {0}")]
    Storage(#[from] StoreError),
    #[error("unknown operation {0}")]
    UnknownOp(String),
    #[error("key: {0:?}")]
    Key(KeyProblem),
    #[error("vote: {0:?}")]
    Vote(VoteProblem),
    #[error("convention: {0:?}")]
    Convention(super::conventions::error::ConventionProblem),
    #[error("consent: {0:?}")]
    Consent(super::consent::error::ConsentProblem),
    #[error("bad arguments for {op}: {detail}")]
    BadArguments { op: String, detail: String },
    #[error("flow: {0:?}")]
    Flow(FlowProblem),
    #[error("gate: {0:?}")]
    Gate(crate::domain::flow::GateError),
    #[error("calendar: {0:?}")]
    Calendar(super::calendar::CalendarProblem),
    #[error("access: {0:?}")]
    Access(super::access::error::AccessProblem),
    #[error("restore: {0:?}")]
    Restore(super::record::error::RestoreProblem),
    #[error("secrets: {0:?}")]
    Secrets(SecretsProblem),
    #[error("certificate: {0:?}")]
    Cert(super::keys::CertProblem),
    #[error("checkpoint: {0:?}")]
    Checkpoint(super::anchor::checkpoint::CheckpointProblem),
}

pub type OpResult<T> = Result<T, OpError>;

impl From<sqlx::Error> for OpError {
    fn from(e: sqlx::Error) -> Self {
        OpError::Storage(StoreError::Sql(e))
    }
}

impl OpError {
    /// A storage failure the user cannot act on (shown only as a reference): every
    /// `OpError::Storage` but a database from a newer release and a pre-upgrade backup that did
    /// not verify, which are told as they are (install a newer version; check the disk).
    pub fn is_storage_fault(&self) -> bool {
        matches!(self, OpError::Storage(e) if !matches!(
            e,
            StoreError::NewerSchema { .. } | StoreError::UpgradeBackup(_)
        ))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            OpError::NotFound(_) => ErrorCode::NotFound,
            OpError::Invalid(_) | OpError::BadArguments { .. } => ErrorCode::InvalidInput,
            OpError::DuplicateCommunity(_) => ErrorCode::Conflict,
            OpError::StalePreview => ErrorCode::StalePreview,
            OpError::File(_) => ErrorCode::File,
            OpError::BackupDoesNotVerify { .. } => ErrorCode::Integrity,
            OpError::Storage(StoreError::NewerSchema { .. } | StoreError::UpgradeBackup(_)) => {
                ErrorCode::Integrity
            }
            OpError::Storage(_) => ErrorCode::Storage,
            OpError::UnknownOp(_) => ErrorCode::UnknownOp,
            OpError::Key(KeyProblem::WrongPin { .. }) => ErrorCode::WrongPin,
            OpError::Key(KeyProblem::Locked { .. }) => ErrorCode::KeyLocked,
            OpError::Key(KeyProblem::TryLater { .. } | KeyProblem::Busy) => ErrorCode::TryLater,
            OpError::Key(KeyProblem::PracticeKey { .. }) => ErrorCode::Conflict,
            OpError::Key(KeyProblem::NoKey { .. }) => ErrorCode::NotFound,
            OpError::Key(
                KeyProblem::AlreadyHasKey { .. }
                | KeyProblem::AlreadySigned { .. }
                | KeyProblem::KeyInUse,
            ) => ErrorCode::Conflict,
            OpError::Key(KeyProblem::DocumentChanged) => ErrorCode::StalePreview,
            OpError::Key(KeyProblem::SealedDamaged) => ErrorCode::Integrity,
            OpError::Key(_) => ErrorCode::InvalidInput,
            OpError::Vote(VoteProblem::NoSuchVote(_)) => ErrorCode::NotFound,
            OpError::Vote(
                VoteProblem::AlreadyVoted
                | VoteProblem::PaperAfterSigned(_)
                | VoteProblem::OlderBallot
                | VoteProblem::Closed
                | VoteProblem::NotDraft
                | VoteProblem::NotOpen,
            ) => ErrorCode::Conflict,
            OpError::Vote(VoteProblem::RecordInconsistent(_)) => ErrorCode::Integrity,
            OpError::Vote(
                VoteProblem::WitnessIsEnterer
                | VoteProblem::WitnessNotAllowed(_)
                | VoteProblem::ProxyNeedsTwoOfficers
                | VoteProblem::NotOfficer(_),
            ) => ErrorCode::Forbidden,
            OpError::Vote(_) => ErrorCode::InvalidInput,
            OpError::Flow(f) => f.code(),
            OpError::Gate(_) => ErrorCode::Conflict,
            OpError::Convention(c) => c.code(),
            OpError::Access(a) => a.code(),
            OpError::Cert(c) => c.code(),
            OpError::Calendar(c) => c.code(),
            OpError::Consent(c) => c.code(),
            OpError::Restore(r) => r.code(),
            OpError::Checkpoint(c) => c.code(),
            OpError::Secrets(
                SecretsProblem::WrongCode
                | SecretsProblem::MalformedCode
                | SecretsProblem::BackupSecretsMissing,
            ) => ErrorCode::InvalidInput,
            OpError::Secrets(SecretsProblem::NoEscrow) => ErrorCode::NotFound,
            OpError::Secrets(SecretsProblem::OtherInstalled { .. }) => ErrorCode::Conflict,
            OpError::Secrets(SecretsProblem::Keystore(_)) => ErrorCode::Storage,
            OpError::Secrets(_) => ErrorCode::Integrity,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            OpError::NotFound(m) => missing_message(m, lang),
            OpError::Invalid(i) => invalid_message(i, lang),
            OpError::DuplicateCommunity(name) => lang.pick(
                format!("已有名为“{name}”的小区。请换一个名称，或在顶部切换到该小区。"),
                format!("A community named \"{name}\" already exists. Choose another name, or switch to it at the top."),
            ),
            OpError::StalePreview => lang.pick(
                "预览之后文件或名册已有变化，本次没有写入任何内容。请重新预览后再确认导入。".into(),
                "The file or the roll changed after the preview; nothing was written. Preview again, then accept.".into(),
            ),
            OpError::File(e) => e.message(lang),
            OpError::BackupDoesNotVerify { problems, first } => lang.pick(
                format!("拒绝恢复：该备份的记录链核验未通过（{problems} 处问题，首个：{first}）。当前数据库未做任何改动。请改用其他备份。"),
                format!("Restore refused: the backup's record chain does not verify ({problems} problem(s), first: {first}). The current database is unchanged. Use another backup."),
            ),
            OpError::Storage(StoreError::UnknownValue {
                table,
                column,
                id,
                value,
            }) => lang.pick(
                format!("数据库的 {table} 表第 {id} 行的 {column} 是“{value}”，本版本的议事厅不认识这个值（它可能由更新的版本写入，或被人直接改动过）。没有做任何改动。请用写入它的（更新的）版本打开这个数据库；如果是被改动过，请从备份恢复，并运行 yishi audit verify 核验记录。"),
                format!("The database's {table} table holds {column} = \"{value}\" in row {id}, a value this version of Yishi does not know (a newer version wrote it, or someone edited the file). Nothing was changed. Open this database with the (newer) version that wrote it; if it was edited, restore a backup and run yishi audit verify."),
            ),
            OpError::Storage(StoreError::NewerSchema {
                migration,
                newest_known,
            }) => lang.pick(
                format!("这个数据库由更新版本的议事厅生成（含第 {migration} 号数据库升级，本版本只认识到第 {newest_known} 号）。为免损坏记录，本版本拒绝打开它，文件未做任何改动。请安装与之相同或更新的议事厅版本后再打开（数据文件夹会保留）。"),
                format!("This database was made by a newer version of Yishi (it has database migration {migration}; this version knows up to {newest_known}). To keep its records safe this version will not open it, and the file was not changed. Install the same or a newer version of Yishi, then open it (the data folder is kept)."),
            ),
            OpError::Storage(StoreError::UpgradeBackup(detail)) => lang.pick(
                format!("升级数据库前自动做的备份核验未通过（{detail}），因此没有升级，数据库未做任何改动。请检查磁盘空间和备份文件夹能否写入后重新打开；如果仍然失败，请用旧版本运行 yishi audit verify 核验记录，并联系技术支持。"),
                format!("The backup made before upgrading the database did not verify ({detail}), so nothing was upgraded and the database is unchanged. Check the disk has space and the backups folder can be written, then open it again; if it still fails, run yishi audit verify with the old version and contact support."),
            ),
            OpError::Storage(e) => lang.pick(
                format!("数据库操作失败，本次操作未保存：{e}。请重试；如果反复出现，请先备份再联系技术支持。"),
                format!("The database operation failed and nothing was saved: {e}. Try again; if it keeps happening, make a backup and contact support."),
            ),
            OpError::UnknownOp(op) => lang.pick(
                format!("程序不认识操作“{op}”。请把应用更新到最新版本。"),
                format!("Unknown operation \"{op}\". Update the app to the latest version."),
            ),
            OpError::Key(k) => key_message(k, lang),
            OpError::Vote(v) => vote_message(v, lang),
            OpError::Flow(f) => f.message(lang),
            OpError::Gate(g) => g.message(lang),
            OpError::Convention(c) => c.message(lang),
            OpError::Access(a) => a.message(lang),
            OpError::Cert(c) => c.message(lang),
            OpError::Calendar(c) => c.message(lang),
            OpError::Consent(c) => c.message(lang),
            OpError::Restore(r) => r.message(lang),
            OpError::Checkpoint(c) => c.message(lang),
            OpError::Secrets(p) => secrets_message(p, lang),
            OpError::BadArguments { op, detail } => lang.pick(
                format!("操作“{op}”收到的数据格式不对（{detail}）。请刷新页面后重试。"),
                format!("Operation \"{op}\" received malformed data ({detail}). Reload the page and try again."),
            ),
        }
    }
}

fn secrets_message(p: &SecretsProblem, lang: Lang) -> String {
    match p {
        SecretsProblem::Missing { database, kept_in, recoverable: true } => lang.pick(
            format!("数据库 {database} 的密钥材料（PIN 加盐密钥和身份证号摘要密钥）不在这台电脑上（应在 {kept_in}），可能是重装了系统、换了电脑或复制了数据库文件。没有做任何改动，也没有生成新的密钥材料（那会使所有签名密钥和身份证号摘要失效）。请运行 yishi recover --db 数据库文件，并输入首次设置时打印的恢复码（也可用 --backup 指定任一备份）。"),
            format!("The secrets of database {database} (the PIN pepper and the ID-number digest key) are not on this computer (expected in {kept_in}): after a reinstall, on a new laptop, or for a copied database file. Nothing was changed and no new secrets were made (that would break every signing key and ID digest). Run yishi recover --db DATABASE and enter the recovery code printed at first setup (or name any backup with --backup)."),
        ),
        SecretsProblem::Missing { database, kept_in, recoverable: false } => lang.pick(
            format!("数据库 {database} 的密钥材料不在这台电脑上（应在 {kept_in}），而且这个数据库从未签发过恢复码，无法恢复。没有做任何改动。请在原来的电脑上打开它，或把原电脑上的密钥材料文件复制到 {kept_in}。"),
            format!("The secrets of database {database} are not on this computer (expected in {kept_in}), and no recovery code was ever issued for it, so they cannot be recovered here. Nothing was changed. Open it on the original computer, or copy the secrets file from there to {kept_in}."),
        ),
        SecretsProblem::WrongCode => lang.pick(
            "恢复码不正确，没有做任何改动。请核对抄写的恢复码（注意它属于哪一次签发：备份只认签发它时有效的恢复码）后重试。".into(),
            "Wrong recovery code; nothing was changed. Check the code you wrote down (a backup opens with the code that was current when it was made) and try again.".into(),
        ),
        SecretsProblem::MalformedCode => lang.pick(
            "恢复码格式不对：应为 24 个字符（数字 2-9 和大写字母，不含 I、O），可带空格或连字符。没有做任何改动。请重新输入。".into(),
            "That is not a recovery code: 24 characters (digits 2-9 and capital letters without I and O), spaces or hyphens allowed. Nothing was changed. Type it again.".into(),
        ),
        SecretsProblem::NoEscrow => lang.pick(
            "这个数据库或备份里没有可用恢复码打开的密钥材料（当时尚未签发恢复码）。没有做任何改动。请改用签发恢复码之后制作的备份。".into(),
            "This database or backup carries no secrets sealed under a recovery code (none had been issued yet). Nothing was changed. Use a backup made after a recovery code was issued.".into(),
        ),
        SecretsProblem::EscrowDamaged => lang.pick(
            "备份中用恢复码封存的密钥材料已损坏，无法恢复。没有做任何改动。请改用其他备份。".into(),
            "The secrets sealed in this backup are damaged and cannot be recovered. Nothing was changed. Use another backup.".into(),
        ),
        SecretsProblem::OtherInstalled { kept_in } => lang.pick(
            format!("这台电脑上已有这个数据库的另一份密钥材料（{kept_in}），与备份中的不同。为免使现有密钥失效，没有做任何改动。请联系技术支持核对。"),
            format!("This computer already has different secrets for this database ({kept_in}) than the backup carries. To keep current keys working, nothing was changed. Contact support to sort it out."),
        ),
        SecretsProblem::BackupSecretsMissing => lang.pick(
            "这个备份的密钥材料不在这台电脑上，恢复后密钥和身份证号摘要将无法使用。没有做任何改动。请先用“恢复密钥材料”（或 yishi recover --backup 备份文件）输入恢复码，再恢复备份。".into(),
            "This backup's secrets are not on this computer; restored, its keys and ID digests would not work. Nothing was changed. First recover its secrets with the recovery code (Recover secrets, or yishi recover --backup FILE), then restore.".into(),
        ),
        SecretsProblem::Keystore(detail) => lang.pick(
            format!("无法读写系统密钥库或密钥材料文件：{detail}。没有做任何改动。请检查文件夹权限和磁盘空间后重试。"),
            format!("The OS keystore or the secrets file could not be read or written: {detail}. Nothing was changed. Check the folder's permissions and free space, then try again."),
        ),
        SecretsProblem::Damaged => lang.pick(
            "保存的密钥材料已损坏，无法使用。没有做任何改动。请用恢复码从备份恢复（yishi recover）。".into(),
            "The stored secrets are damaged and cannot be used. Nothing was changed. Recover them from a backup with the recovery code (yishi recover).".into(),
        ),
        SecretsProblem::RootSealed { community } => lang.pick(
            format!("小区“{community}”的根密钥无法用这台电脑的密钥材料打开，不能签发证书或检查点。没有做任何改动。请用恢复码恢复本数据库的密钥材料（yishi recover）后重试。"),
            format!("The root key of \"{community}\" does not open with this computer's secrets, so nothing can be certified or checkpointed. Nothing was changed. Recover this database's secrets with the recovery code (yishi recover), then try again."),
        ),
    }
}

fn missing_message(m: &Missing, lang: Lang) -> String {
    match m {
        Missing::Community(id) => lang.pick(
            format!("找不到编号为 {id} 的小区。它可能已在恢复备份时被替换。请在顶部重新选择小区。"),
            format!("Community #{id} was not found; a restore may have replaced it. Pick the community again at the top."),
        ),
        Missing::Person(id) => lang.pick(
            format!("找不到编号为 {id} 的人员。请重新搜索姓名或房号。"),
            format!("Person #{id} was not found. Search for the name or unit again."),
        ),
        Missing::Role(id) => lang.pick(
            format!("找不到编号为 {id} 的职务记录，可能已被删除。请刷新列表。"),
            format!("Role #{id} was not found; it may have been removed. Refresh the list."),
        ),
        Missing::Building(name) => lang.pick(
            format!("本小区没有“{name}”。请先在“楼栋”中添加它。"),
            format!("This community has no building \"{name}\". Add it under Buildings first."),
        ),
        Missing::Statement(id) => lang.pick(
            format!("找不到编号为 {id} 的待签文件。请刷新列表后重新选择。"),
            format!("Document #{id} to sign was not found. Refresh the list and choose again."),
        ),
        Missing::BackupFile(path) => lang.pick(
            format!("找不到备份文件“{path}”。请从备份列表中选择，或检查路径。"),
            format!("Backup file \"{path}\" was not found. Pick one from the list or check the path."),
        ),
    }
}

fn invalid_message(i: &Invalid, lang: Lang) -> String {
    match i {
        Invalid::EmptyName => lang.pick("名称不能为空。请填写名称后再保存。".into(), "The name is empty. Enter a name, then save.".into()),
        Invalid::LastHost => lang.pick(
            "这是最后一位能登录的主持人，不能撤销其职务：请先任命另一位主持人。".into(),
            "This is the last host who can sign in and keeps the office: name another host first.".into(),
        ),
        Invalid::IdNumber => lang.pick(
            "身份证件号码不对（应为 6 到 32 个字符，如 18 位身份证号）。请核对后重新输入。".into(),
            "The identity number cannot be right (6 to 32 characters, e.g. an 18-digit ID card number). Check it and enter it again.".into(),
        ),
        Invalid::NameTooLong => lang.pick("名称太长（最多 100 个字）。请缩短后再保存。".into(), "The name is too long (100 characters at most). Shorten it and save.".into()),
        Invalid::Base64 => lang.pick(
            "上传的文件内容已损坏（不是有效的 base64）。请重新选择文件。".into(),
            "The uploaded file content is damaged (not valid base64). Choose the file again.".into(),
        ),
        Invalid::BuildingNeeded => lang.pick("楼栋长必须指定所负责的楼栋。请选择楼栋。".into(), "A building head needs a building. Choose one.".into()),
        Invalid::BuildingNotForRole => lang.pick(
            "只有楼栋长需要指定楼栋。请清除楼栋后再保存。".into(),
            "Only building heads take a building. Clear the building and save.".into(),
        ),
        Invalid::RoleExists => lang.pick("此人已担任该职务，无需重复添加。".into(), "This person already holds that role.".into()),
        Invalid::RosterHasProblems(n) => lang.pick(
            format!("名册中还有 {n} 处问题，未写入任何内容。请按预览中的行号改正文件后重新导入。"),
            format!("The roster still has {n} problem(s); nothing was written. Fix the file at the lines the preview lists and import again."),
        ),
        Invalid::UnsafeFileName => lang.pick(
            "无法用这个文件名保存（清理后仍会写到文件夹之外，或同名文件过多）。请换一个文件名后重试。".into(),
            "The file cannot be saved under this name (even cleaned it would leave its folder, or too many files have that name). Choose another name and try again.".into(),
        ),
        Invalid::TooLong { field, limit, chars } => lang.pick(
            format!("“{field}”有 {chars} 个字，超过 {limit} 个字的上限，未保存。请缩短后再提交（长文可分段，或作为附件）。"),
            format!("\"{field}\" has {chars} characters, over its limit of {limit}; nothing was saved. Shorten it and submit again (split a long text, or attach it as a file)."),
        ),
        Invalid::FileTooLarge => lang.pick(
            "文件太大（上限 50 MB）。请拆分后分批导入。".into(),
            "The file is too large (50 MB at most). Split it and import in parts.".into(),
        ),
    }
}

fn weak_pin_message(p: crate::domain::pin::PinProblem, lang: Lang) -> String {
    use crate::domain::pin::PinProblem;
    let (zh, en) = match p {
        PinProblem::TooShort { min_chars } => {
            return lang.pick(
                format!("PIN 太短：至少 {min_chars} 位。请设置一个只有本人知道的 PIN。"),
                format!("The PIN is too short: at least {min_chars} characters. Choose one only the holder knows."),
            );
        }
        PinProblem::OneRepeated => ("同一个数字或字符重复", "one digit or character repeated"),
        PinProblem::Sequence => (
            "连续的数字（如 123456、654321）",
            "digits counting straight up or down (like 123456, 654321)",
        ),
        PinProblem::RepeatedGroup => (
            "重复的一组数字（如 121212、123123）",
            "a group repeated (like 121212, 123123)",
        ),
        PinProblem::Common => (
            "最常被使用的 PIN 之一",
            "one of the most commonly chosen PINs",
        ),
        PinProblem::BirthDate => ("本人的出生日期", "the holder's birth date"),
    };
    lang.pick(
        format!("这个 PIN 太容易被猜到：它是{zh}。请换一个只有本人知道、不含生日和规律的 PIN。"),
        format!("This PIN is too easy to guess: it is {en}. Choose one only the holder knows, without a birth date or a pattern."),
    )
}

fn key_message(k: &KeyProblem, lang: Lang) -> String {
    match k {
        KeyProblem::WrongPin { remaining } => {
            let wait = crate::domain::pin::retry_delay_secs(crate::domain::pin::MAX_ATTEMPTS - remaining);
            let (zh_wait, en_wait) = if wait > 0 && *remaining > 0 {
                (format!("下次输入前请等待 {wait} 秒；"), format!(" Wait {wait} seconds before the next try;"))
            } else {
                (String::new(), String::new())
            };
            lang.pick(
                format!("PIN 不正确，未签名。还可以再试 {remaining} 次；{zh_wait}次数用完后密钥将锁定，需要主持人解锁。"),
                format!("Wrong PIN; nothing was signed. {remaining} tries left;{en_wait} after that the key locks until the host unlocks it."),
            )
        }
        KeyProblem::WeakPin(problem) => weak_pin_message(*problem, lang),
        KeyProblem::TryLater { seconds } => lang.pick(
            format!("上次 PIN 输错后需要等待：请 {seconds} 秒后再试。本次没有尝试，也不计入次数。"),
            format!("After a wrong PIN there is a wait: try again in {seconds} seconds. Nothing was tried or counted this time."),
        ),
        KeyProblem::Busy => lang.pick(
            "正在核对的 PIN 太多，请稍候几秒再试。本次没有尝试，也不计入次数。".into(),
            "Too many PINs are being checked at once; wait a few seconds and try again. Nothing was tried or counted this time.".into(),
        ),
        KeyProblem::PracticeKey { holder } => lang.pick(
            format!("{holder} 的密钥是演示/测试用的低强度密钥，正式小区不接受。请主持人撤销它，再由记录员为本人重新登记密钥。"),
            format!("{holder}'s key is a low-cost demo/test key, which a real community does not accept. The host revokes it and the secretary enrols a new key for the holder."),
        ),
        KeyProblem::Locked { holder } => lang.pick(
            format!("{holder} 的密钥因多次输错 PIN 已锁定。请主持人在“签名与密钥”中核实身份后解锁。"),
            format!("{holder}'s key is locked after too many wrong PINs. Ask the host to check their identity and unlock it under Keys."),
        ),
        KeyProblem::NoKey { holder } => lang.pick(
            format!("{holder} 还没有签名密钥。请先由记录员核验身份并登记密钥。"),
            format!("{holder} has no signing key yet. The secretary must check their identity and enrol a key first."),
        ),
        KeyProblem::NotActive => lang.pick(
            "该密钥已被撤销或更换，不能再用于新的签名。请使用此人当前的密钥。".into(),
            "This key was revoked or replaced and cannot make new signatures. Use the person's current key.".into(),
        ),
        KeyProblem::AlreadyHasKey { holder } => lang.pick(
            format!("{holder} 已有一把有效密钥。如需新密钥，请使用“更换密钥”，忘记 PIN 请先撤销再重新登记。"),
            format!("{holder} already has an active key. Use Rotate for a new one; for a forgotten PIN, revoke it and enrol again."),
        ),
        KeyProblem::PinTooShort => {
            let n = crate::domain::pin::MIN_CHARS;
            lang.pick(
                format!("PIN 太短：至少 {n} 位。请设置一个只有本人知道的 PIN。"),
                format!("The PIN is too short: at least {n} characters. Choose one only the holder knows."),
            )
        }
        KeyProblem::NoPossessionProof => lang.pick(
            "这只是公钥，缺少“持有证明”。请本人在自己的电脑上运行 yishi keys generate --holder 姓名 --community 小区名（已有密钥文件的，运行 yishi keys prove），把以 yishi-key-proof:v1: 开头的整行交给记录员。".into(),
            "This is only a public key without its proof of possession. The member runs yishi keys generate --holder NAME --community COMMUNITY on their own computer (or yishi keys prove for an existing key file) and hands over the whole line starting with yishi-key-proof:v1:.".into(),
        ),
        KeyProblem::PossessionInvalid { holder, community } => lang.pick(
            format!("持有证明不符：它不是这把密钥为“{holder}”和“{community}”签署的（姓名、小区名须一字不差），或已被改动。请本人用正确的姓名和小区名重新生成。"),
            format!("The proof of possession does not match: it was not signed by this key for \"{holder}\" in \"{community}\" (name and community must match exactly), or it was altered. The member makes it again with the right name and community."),
        ),
        KeyProblem::BadPublicKey => lang.pick(
            "公钥格式不对：应为 yishi-key:v1: 加 64 位十六进制字符。请从本人的议事厅中重新复制。".into(),
            "That is not a public key: expected yishi-key:v1: and 64 hex characters. Copy it again from the member's own Yishi.".into(),
        ),
        KeyProblem::KeyInUse => lang.pick(
            "这把公钥已经登记过（可能属于他人）。每人必须使用自己生成的密钥。".into(),
            "This public key is already enrolled (perhaps to someone else). Everyone must use a key they generated themselves.".into(),
        ),
        KeyProblem::NotHost => lang.pick(
            "只有本小区的主持人可以批准此操作。请由主持人用自己的密钥和 PIN 签名批准。".into(),
            "Only this community's host can approve this. The host must sign with their own key and PIN.".into(),
        ),
        KeyProblem::AlreadySigned { at } => lang.pick(
            format!("此人已于 {at} 签署过这份文件，无需重复签名。"),
            format!("This person already signed this document at {at}."),
        ),
        KeyProblem::DocumentChanged => lang.pick(
            "待签内容已变化或确认时间已过（超过 15 分钟）。请重新打开待签内容，核对后再签。".into(),
            "The document changed or the confirmation is older than 15 minutes. Open it again, check it, then sign.".into(),
        ),
        KeyProblem::SignatureInvalid => lang.pick(
            "签名核验未通过：签名与文件或公钥不符。请让本人用自己的密钥重新签署原文件。".into(),
            "The signature does not verify against the document and key. Ask the member to sign the original file again with their own key.".into(),
        ),
        KeyProblem::SealedDamaged => lang.pick(
            "存储的密钥已损坏，无法签名。请撤销此密钥并重新登记。".into(),
            "The stored key is damaged and cannot sign. Revoke it and enrol a new one.".into(),
        ),
        KeyProblem::NoSecretHere => lang.pick(
            "此密钥由本人自带，私钥不在本机。请让本人在自己的议事厅中签名，再导入签名文件。".into(),
            "This key was brought by the member; its secret is not on this computer. They sign in their own Yishi and you import the signed file.".into(),
        ),
    }
}

fn vote_message(v: &VoteProblem, lang: Lang) -> String {
    let p = |zh: String, en: String| lang.pick(zh, en);
    match v {
        VoteProblem::NoSuchVote(id) => p(format!("找不到编号为 {id} 的表决。请刷新列表。"), format!("Vote #{id} was not found. Refresh the list.")),
        VoteProblem::BadTime(t) => p(format!("时间“{t}”格式不对。请用日期时间选择框重新选择。"), format!("The time \"{t}\" is not valid. Pick it again with the date-time picker.")),
        VoteProblem::WindowOutOfBounds => p(
            "投票时间不合适：结束须晚于开始至少 10 分钟、最长 90 天，且结束时间不能已过。请调整后再保存。".into(),
            "The voting window is out of bounds: it must last at least 10 minutes and at most 90 days, and must not have ended. Adjust it and save.".into(),
        ),
        VoteProblem::BadElection => p(
            "选举设置不完整：至少一名候选人，应选人数和每票可选人数都在 1 到候选人数之间。".into(),
            "The election is incomplete: at least one candidate, and seats and approvals per ballot between 1 and the number of candidates.".into(),
        ),
        VoteProblem::NotDraft => p("这项表决已经开始，不能再开启或修改。".into(), "This vote has already opened; it cannot be opened or changed again.".into()),
        VoteProblem::NotOpen => p("这项表决现在没有在投票中。请先开启投票。".into(), "This vote is not open for voting. Open it first.".into()),
        VoteProblem::Closed => p("投票已经结束，不能再投票。".into(), "Voting has closed; no more ballots are accepted.".into()),
        VoteProblem::NotClosed => p("表决尚未结束，还没有结果可以公示。".into(), "The vote has not closed; there is no result to publish yet.".into()),
        VoteProblem::OutsideWindow { opens, closes } => p(
            format!("现在不在投票时间内（{opens} 至 {closes}）。"),
            format!("Voting is only accepted between {opens} and {closes}."),
        ),
        VoteProblem::BadChoice => p("选项无效：请从本次表决给出的选项中选择。".into(), "That choice is not valid for this vote: choose one of the options given.".into()),
        VoteProblem::NotOnRoll => p(
            "此人不在本次表决冻结的名册上，不能投票。如有异议请向主持人提出。".into(),
            "This person is not on the roll frozen for this vote and cannot vote. Raise any objection with the host.".into(),
        ),
        VoteProblem::NoProxy => p("没有有效的委托书：代投前请先登记业主的书面委托。".into(), "There is no valid proxy: register the owner's written authorisation first.".into()),
        VoteProblem::AlreadyVoted => p(
            "此人已经投过票；本次表决以第一次投票为准，不能重复投票。".into(),
            "This person has already voted; in this vote the first ballot stands.".into(),
        ),
        VoteProblem::OlderBallot => p(
            "这张选票比您当前的选票更早（已签署过的旧选票再次提交），不予接受。如要改票，请重新签署一张新选票。".into(),
            "This ballot is older than your current ballot (an earlier signed ballot submitted again) and is refused. To change your vote, sign a new ballot.".into(),
        ),
        VoteProblem::KeyNotInManifest => p(
            "这把密钥不在本次表决开启时公布的清单上，也没有清单所列登记员在表决期间签发的登记证书，不能投票。请到登记台由登记员核验身份并签发登记证书后再投票。".into(),
            "This key is not in the manifest published when the vote opened, and no registrar listed in it has certified it during the vote, so it cannot vote. Go to the registration desk: a registrar checks your identity and certifies the key, then vote.".into(),
        ),
        VoteProblem::NotOfficer(role) => p(
            format!("签名人不是本次表决开启时清单所列的{role}：结果须由清单上的主持人、记录员和一名计票人或监票人三人签署。请换清单上的人签名。"),
            format!("The signer is not the {role} listed in this vote's manifest at opening: the result is signed by the manifest's host, secretary and a counter or scrutineer. Ask the listed person to sign."),
        ),
        VoteProblem::ProxyExpired(at) => p(
            format!("委托书已于 {at} 到期，代理人不能再代投。请业主本人投票，或登记新的委托书。"),
            format!("The proxy authorisation expired at {at}; the proxy can no longer vote. The owner may vote in person, or register a new authorisation."),
        ),
        VoteProblem::ProxyNotOwnersKey => p(
            "这把密钥不是该户投票人本人的（或不在本次表决清单上，也没有登记员在表决期间为其签发证书）。委托书须由业主本人用自己的密钥和 PIN 签署；业主没有密钥时，请由清单所列的两位不同职务人员各用自己的密钥和 PIN 签署。".into(),
            "This key is not the home's own voter's (or it is not in this vote's manifest, nor certified by a registrar during the vote). The owner signs the authorisation with their own key and PIN; if the owner has no key, two different officers listed in the manifest each sign with their own key and PIN.".into(),
        ),
        VoteProblem::ProxyNeedsTwoOfficers => p(
            "委托书须由本次表决开启时清单所列的两位不同职务人员（主持人、记录员、登记员、计票人或监票人）各用自己的密钥和 PIN 签署，或由业主本人用自己的密钥签署。请换两位不同的、清单上列出的人签名。".into(),
            "The authorisation must be signed by two different officers listed in this vote's manifest at opening (host, secretary, registrar, counter or scrutineer), each with their own key and PIN, or by the owner with their own key. Ask two different listed officers to sign.".into(),
        ),
        VoteProblem::PaperAfterSigned(at) => p(
            format!("该户已于 {at} 用密钥签名投票，纸质票不能取代业主签名的选票。如业主要改票，请业主本人用自己的密钥再投一次（以最后一次为准）；否则这张纸质票已作为拒收登记。"),
            format!("This home already voted electronically (signed with a key) at {at}; a paper ballot cannot replace a signed ballot. If the owner wants to change the vote, they vote again with their own key (the last ballot stands); otherwise this paper ballot has been filed as refused."),
        ),
        VoteProblem::SeveralEntries(units) => p(
            format!("此人代表名册上的几位业主投票（{}），请选择这张票为哪一户投。", units.join("；")),
            format!("This person votes for several entries on the roll ({}); choose which one this ballot is for.", units.join("; ")),
        ),
        VoteProblem::ProxyLimit(n) => p(format!("此代理人已接受 {n} 份委托，达到上限。"), format!("This proxy already holds {n} authorisations, the limit.")),
        VoteProblem::BadProxy => p(
            "委托无效：业主与代理人不能相同，有效期须在将来，每位业主只能委托一次。".into(),
            "Invalid proxy: owner and proxy must differ, it must expire in the future, and each owner may appoint one proxy.".into(),
        ),
        VoteProblem::ScanMissing => p("请附上选票或委托书的照片或扫描件。".into(), "Attach a photo or scan of the ballot or authorisation.".into()),
        VoteProblem::IdentityFailed => p("身份未能核实：此票不计入参与表决。".into(), "Identity not confirmed: this ballot does not participate.".into()),
        VoteProblem::WitnessIsEnterer => p("录入纸质选票的人不能同时做见证人：请另外两位有监票职务的人签名。".into(), "The person entering a paper ballot cannot also witness it: two other people with a witnessing office must sign.".into()),
        VoteProblem::WitnessNotAllowed(name) => p(format!("{name} 没有监票职务（监票人、计票人、记录员或主持人），不能见证。请换有职务的人见证，或先任命。"), format!("{name} holds no office that may witness the count (scrutineer, counter, secretary or host). Choose another witness, or assign the office first.")),
        VoteProblem::SameWitness => p("需要两位不同的人签名（唱票人和计票人，或主持人和记录员）。".into(), "Two different people must sign (caller and counter, or host and secretary).".into()),
        VoteProblem::NotHost => p("只有本小区的主持人可以签署结果。".into(), "Only this community's host can sign the result.".into()),
        VoteProblem::NotSecretary => p("只有本小区的记录员可以签署结果。".into(), "Only this community's secretary can sign the result.".into()),
        VoteProblem::WrongVote => p("这张选票属于另一项表决，不能计入本次表决。".into(), "This ballot belongs to another vote and cannot count here.".into()),
        VoteProblem::ConformityOff => p(
            "本次表决没有启用从众条款（或其规则不适用），无需登记送达。如需适用，须在开启投票前于表决设置中启用。".into(),
            "This vote does not use the conformity clause (or its rule does not allow it), so service need not be recorded. It must be switched on in the settings before voting opens.".into(),
        ),
        VoteProblem::AlreadyServed => p("此人的送达记录已经登记过。".into(), "Service on this person is already recorded.".into()),
        VoteProblem::ServedVoted => p(
            "此人已经投票，不属于“已送达未投票”的业主，无需登记。".into(),
            "This person has voted and is not a served non-voter; nothing to record.".into(),
        ),
        VoteProblem::ScopeNotForRule => p(
            "只有业主表决（一般或重大事项）可以限定为一幢楼或一个单元；业主委员会会议和居民会议按各自名册计算，表决范围请选“全体”。".into(),
            "Only owners' votes (ordinary or major) can be limited to one building or entrance; committee and residents' meetings count their own rolls, so choose the whole community as the scope.".into(),
        ),
        VoteProblem::NoSuchEntrance { building, entrance } => p(
            format!("{building}没有“{entrance}”的房屋。请检查单元名称，或在名册中补上“单元”列后重新导入。"),
            format!("{building} has no unit in entrance \"{entrance}\". Check the entrance's name, or import the roll again with a 单元 (entrance) column."),
        ),
        VoteProblem::BadResidentsMode => p(
            "居民小组代表方式须至少有一个居民小组，每组代表二至三人（《城市居民委员会组织法》第九条）。请修改小组数或每组人数。".into(),
            "Group representatives need at least one residents' group and two or three representatives per group (Organic Law of Urban Residents' Committees Art. 9). Change the numbers.".into(),
        ),
        VoteProblem::ResidentsByGroup => p(
            "名册中没有居民小组代表的名单，无法按“居民小组代表”方式开启表决。请改用“十八周岁以上居民”或“每户代表”方式，或用纸质表决后以 yishi tally 计票。".into(),
            "The roll does not list the residents' groups' representatives, so a vote by group representatives cannot be opened. Choose residents aged 18+ or one per household, or vote on paper and count with yishi tally.".into(),
        ),
        VoteProblem::UnrepresentedHouseholds(n) => p(
            format!("有 {n} 户的成年居民都已代表其他住户，无人可代表该户。请在名册中核对这些住户的居住情况后重试。"),
            format!("{n} household(s) have no adult resident who does not already represent another household. Check who lives there in the roll and try again."),
        ),
        VoteProblem::RecordInconsistent(first) => p(
            format!("表决记录核验未通过，未结束表决：{first}"),
            format!("The vote record does not verify; the vote was not closed: {first}"),
        ),
    }
}
