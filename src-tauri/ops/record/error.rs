//! Why a backup cannot be restored (or uploaded), with what to do.

use super::types::RestoreRelation;
use crate::lang::Lang;
use crate::ops::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreProblem {
    /// Not a plain file name in the backups folder (a folder, `..`, another extension).
    BadName(String),
    /// A symbolic link or a folder where a backup file should be.
    NotAFile(String),
    /// Not an SQLite database (damaged, truncated, or another kind of file).
    NotADatabase(String),
    /// An SQLite database, but not one of this app.
    NotYishi(String),
    /// Written by a newer version of the app (a migration this version does not know).
    NewerVersion { file: String, migration: i64 },
    /// The schema differs from what its migrations create: edited outside the app.
    Schema { file: String, detail: String },
    /// Restoring would discard events: the host must sign a confirmation.
    NeedsConfirmation {
        relation: RestoreRelation,
        events: i64,
        ballots: i64,
        receipts: i64,
    },
    /// The live log moved after the preview the confirmation was given for.
    LiveMoved { expected: String, found: String },
    /// The picked file is larger than a backup may be when sent from the screen.
    TooLarge { limit_mib: u64 },
    /// The picked file is empty.
    Empty,
    /// An encrypted backup, and no recovery code was given.
    Encrypted(String),
    /// The code does not open this encrypted backup.
    SealedWrongCode(String),
    /// An encrypted backup that is damaged or incomplete.
    SealedDamaged(String),
    /// An encrypted backup (or a database to encrypt) above the limit.
    SealedTooLarge { limit_mib: u64 },
    /// An encrypted backup is only made under the database's current recovery code.
    NotCurrentCode,
}

impl RestoreProblem {
    pub fn code(&self) -> ErrorCode {
        match self {
            RestoreProblem::BadName(_)
            | RestoreProblem::NotAFile(_)
            | RestoreProblem::TooLarge { .. }
            | RestoreProblem::Empty
            | RestoreProblem::Encrypted(_)
            | RestoreProblem::SealedWrongCode(_)
            | RestoreProblem::SealedTooLarge { .. }
            | RestoreProblem::NotCurrentCode => ErrorCode::InvalidInput,
            RestoreProblem::SealedDamaged(_) => ErrorCode::Integrity,
            RestoreProblem::NotADatabase(_)
            | RestoreProblem::NotYishi(_)
            | RestoreProblem::NewerVersion { .. }
            | RestoreProblem::Schema { .. } => ErrorCode::Integrity,
            RestoreProblem::NeedsConfirmation { .. } => ErrorCode::Conflict,
            RestoreProblem::LiveMoved { .. } => ErrorCode::StalePreview,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let unchanged = lang.pick(
            "当前数据库未做任何改动。",
            "The current database is unchanged.",
        );
        match self {
            RestoreProblem::BadName(name) => lang.pick(
                format!("“{name}”不是备份文件夹中的备份文件名。只能恢复备份列表中的文件（或在界面上选择电脑上的备份文件，它会先复制进备份文件夹）。{unchanged}"),
                format!("\"{name}\" is not the name of a backup in the backups folder. Only a file from the backup list can be restored (or pick a backup file on this computer in the app; it is copied into the backups folder first). {unchanged}"),
            ),
            RestoreProblem::NotAFile(name) => lang.pick(
                format!("备份文件夹中的“{name}”不是普通文件（是文件夹或符号链接），不能恢复。请把真正的备份文件复制进备份文件夹，或在界面上选择它。{unchanged}"),
                format!("\"{name}\" in the backups folder is not a plain file (a folder or a symbolic link) and cannot be restored. Copy the real backup file into the backups folder, or pick it in the app. {unchanged}"),
            ),
            RestoreProblem::NotADatabase(name) => lang.pick(
                format!("“{name}”不是数据库文件（文件已损坏、不完整，或是别的文件）。{unchanged}请改用另一份备份。"),
                format!("\"{name}\" is not a database file (damaged, incomplete, or another kind of file). {unchanged} Use another backup."),
            ),
            RestoreProblem::NotYishi(name) => lang.pick(
                format!("“{name}”是数据库文件，但不是议事厅的数据库（没有事件记录）。{unchanged}请改用议事厅生成的备份。"),
                format!("\"{name}\" is a database, but not a Yishi database (it has no event log). {unchanged} Use a backup Yishi made."),
            ),
            RestoreProblem::NewerVersion { file, migration } => lang.pick(
                format!("“{file}”由更新版本的议事厅生成（含本版本不认识的第 {migration} 号数据库升级）。{unchanged}请先把议事厅更新到最新版本，再恢复这份备份。"),
                format!("\"{file}\" was made by a newer version of Yishi (it has database migration {migration}, which this version does not know). {unchanged} Update Yishi to the newest version, then restore it."),
            ),
            RestoreProblem::Schema { file, detail } => lang.pick(
                format!("“{file}”的数据库结构与议事厅生成的不一致（{detail}）：它在应用之外被改动过。{unchanged}请改用另一份备份。"),
                format!("The structure of \"{file}\" differs from what Yishi makes ({detail}): it was changed outside the app. {unchanged} Use another backup."),
            ),
            RestoreProblem::NeedsConfirmation {
                relation,
                events,
                ballots,
                receipts,
            } => {
                let (zh, en) = match relation {
                    RestoreRelation::Fork => (
                        "这份备份的记录与当前记录分叉（不是当前记录的前一部分）",
                        "This backup's log forks from the live one (it is not an earlier part of it)",
                    ),
                    _ => ("这份备份比当前记录旧", "This backup is older than the live log"),
                };
                lang.pick(
                    format!("{zh}：恢复将撤下 {events} 条事件（其中 {ballots} 张选票、{receipts} 张已发出的回执）。必须由主持人用自己的密钥和 PIN 签署确认后才能恢复。{unchanged}请先查看恢复预览，再由主持人确认。"),
                    format!("{en}: restoring would discard {events} events ({ballots} ballots, {receipts} receipts already handed out). The host must confirm with their key and PIN first. {unchanged} Look at the restore preview, then have the host confirm."),
                )
            }
            RestoreProblem::LiveMoved { expected, found } => lang.pick(
                format!("预览之后当前记录已有变化（预览时最新事件哈希 {}…，现在 {}…），确认的内容已不准确。{unchanged}请重新预览后再确认。", short(expected), short(found)),
                format!("The live log changed after the preview (head {}… then, {}… now), so the confirmation no longer says what would be discarded. {unchanged} Preview again, then confirm.", short(expected), short(found)),
            ),
            RestoreProblem::TooLarge { limit_mib } => lang.pick(
                format!("所选文件超过 {limit_mib} MiB，不能从界面上传。请把它复制进备份文件夹后从列表恢复，或用命令行 yishi backup restore。"),
                format!("The file is larger than {limit_mib} MiB and cannot be sent from the screen. Copy it into the backups folder and restore it from the list, or use yishi backup restore."),
            ),
            RestoreProblem::Empty => lang.pick(
                "所选文件是空的，不是备份。请选择议事厅生成的 .db 备份文件。".into(),
                "The file is empty; it is not a backup. Pick a .db backup file Yishi made.".into(),
            ),
            RestoreProblem::Encrypted(name) => lang.pick(
                format!("“{name}”是加密备份，需要导出它时的恢复码才能打开。{unchanged}请输入恢复码（24 个字符）后重试。"),
                format!("\"{name}\" is an encrypted backup: it opens with the recovery code that was current when it was exported. {unchanged} Enter the recovery code (24 characters) and try again."),
            ),
            RestoreProblem::SealedWrongCode(name) => lang.pick(
                format!("恢复码打不开加密备份“{name}”。{unchanged}请核对恢复码：加密备份只认导出它时有效的恢复码（若之后换发过恢复码，请用当时那张恢复码单）。"),
                format!("The recovery code does not open the encrypted backup \"{name}\". {unchanged} Check the code: an encrypted backup opens only with the code that was current when it was exported (if a new code was issued since, use the earlier sheet)."),
            ),
            RestoreProblem::SealedDamaged(name) => lang.pick(
                format!("加密备份“{name}”已损坏或不完整（可能没有复制完，或 U 盘出错）。{unchanged}请从 U 盘重新复制一遍，或改用另一份备份。"),
                format!("The encrypted backup \"{name}\" is damaged or incomplete (perhaps not copied to the end, or the USB drive failed). {unchanged} Copy it from the drive again, or use another backup."),
            ),
            RestoreProblem::SealedTooLarge { limit_mib } => lang.pick(
                format!("加密备份（或要加密的数据库）超过 {limit_mib} MiB，议事厅不处理这么大的文件。{unchanged}请改用备份文件夹中的普通备份。"),
                format!("The encrypted backup (or the database to encrypt) is larger than {limit_mib} MiB, more than Yishi handles. {unchanged} Use a plain backup from the backups folder instead."),
            ),
            RestoreProblem::NotCurrentCode => lang.pick(
                format!("这不是本数据库当前的恢复码，没有导出加密备份。{unchanged}请使用最近一次签发的恢复码单；若已找不到，请先签发新的恢复码并抄好，再导出。"),
                format!("That is not this database's current recovery code, so no encrypted backup was written. {unchanged} Use the most recently issued recovery code sheet; if it is lost, issue a new recovery code, write it down, then export."),
            ),
        }
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
