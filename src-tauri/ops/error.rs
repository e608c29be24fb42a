//! The operations' one error type. Each error has a stable `code` the UI branches on and a
//! message in the user's language saying what went wrong and what to do.

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
}

/// Something the caller named that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Community(i64),
    Person(i64),
    Role(i64),
    Building(String),
    BackupFile(String),
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
    #[error("bad arguments for {op}: {detail}")]
    BadArguments { op: String, detail: String },
}

pub type OpResult<T> = Result<T, OpError>;

impl From<sqlx::Error> for OpError {
    fn from(e: sqlx::Error) -> Self {
        OpError::Storage(StoreError::Sql(e))
    }
}

impl OpError {
    pub fn code(&self) -> ErrorCode {
        match self {
            OpError::NotFound(_) => ErrorCode::NotFound,
            OpError::Invalid(_) | OpError::BadArguments { .. } => ErrorCode::InvalidInput,
            OpError::DuplicateCommunity(_) => ErrorCode::Conflict,
            OpError::StalePreview => ErrorCode::StalePreview,
            OpError::File(_) => ErrorCode::File,
            OpError::BackupDoesNotVerify { .. } => ErrorCode::Integrity,
            OpError::Storage(_) => ErrorCode::Storage,
            OpError::UnknownOp(_) => ErrorCode::UnknownOp,
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
            OpError::Storage(e) => lang.pick(
                format!("数据库操作失败，本次操作未保存：{e}。请重试；如果反复出现，请先备份再联系技术支持。"),
                format!("The database operation failed and nothing was saved: {e}. Try again; if it keeps happening, make a backup and contact support."),
            ),
            OpError::UnknownOp(op) => lang.pick(
                format!("程序不认识操作“{op}”。请把应用更新到最新版本。"),
                format!("Unknown operation \"{op}\". Update the app to the latest version."),
            ),
            OpError::BadArguments { op, detail } => lang.pick(
                format!("操作“{op}”收到的数据格式不对（{detail}）。请刷新页面后重试。"),
                format!("Operation \"{op}\" received malformed data ({detail}). Reload the page and try again."),
            ),
        }
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
        Missing::BackupFile(path) => lang.pick(
            format!("找不到备份文件“{path}”。请从备份列表中选择，或检查路径。"),
            format!("Backup file \"{path}\" was not found. Pick one from the list or check the path."),
        ),
    }
}

fn invalid_message(i: &Invalid, lang: Lang) -> String {
    match i {
        Invalid::EmptyName => lang.pick("名称不能为空。请填写名称后再保存。".into(), "The name is empty. Enter a name, then save.".into()),
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
        Invalid::FileTooLarge => lang.pick(
            "文件太大（上限 50 MB）。请拆分后分批导入。".into(),
            "The file is too large (50 MB at most). Split it and import in parts.".into(),
        ),
    }
}
