//! Why the access guard or a sign-in refuses, with its code and the zh/en message that says
//! what went wrong and what to do.

use crate::domain::access::{Action, Party};
use crate::lang::Lang;
use crate::ops::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessProblem {
    /// No session, or the token is not one this app issued.
    SignInRequired,
    /// The session ended: idle too long, too old, or the key behind it was revoked.
    SessionExpired,
    /// The signed-in person holds no office that allows the action.
    NotAllowed { action: Action, who: Vec<Party> },
    /// The request names another community's records.
    OtherCommunity,
    /// The person has no active key whose secret is kept on this laptop.
    NoKeyHere { name: String },
    /// The first host is already set up: only a signed-in host may add communities or hosts.
    AlreadySetUp,
    /// On the meeting-room network only members' device operations are served.
    NotOnThisNetwork,
    /// An office of the demo community reaching for the whole laptop while another community
    /// lives on it.
    PracticeOperator,
    /// A request from another machine without a live device token.
    DeviceNotPaired,
    /// No live device has that id (already revoked or expired).
    NoSuchDevice,
    /// The laptop already serves the most devices it may.
    TooManyDevices { max: usize },
}

impl AccessProblem {
    pub fn code(&self) -> ErrorCode {
        match self {
            AccessProblem::SignInRequired | AccessProblem::SessionExpired => {
                ErrorCode::SignInRequired
            }
            AccessProblem::NotAllowed { .. }
            | AccessProblem::OtherCommunity
            | AccessProblem::NotOnThisNetwork
            | AccessProblem::DeviceNotPaired
            | AccessProblem::PracticeOperator => ErrorCode::Forbidden,
            AccessProblem::NoSuchDevice => ErrorCode::NotFound,
            AccessProblem::TooManyDevices { .. } => ErrorCode::Conflict,
            AccessProblem::NoKeyHere { .. } => ErrorCode::NotFound,
            AccessProblem::AlreadySetUp => ErrorCode::Conflict,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            AccessProblem::SignInRequired => lang.pick(
                "请先登录：选择您的姓名并输入您的 PIN 码，再继续操作。".into(),
                "Please sign in first: choose your name and enter your PIN, then go on.".into(),
            ),
            AccessProblem::SessionExpired => lang.pick(
                "登录已过期（长时间未操作，或密钥已被吊销）。请重新登录后再继续；未保存的内容不会丢失已保存的记录。".into(),
                "Your sign-in has ended (idle too long, or the key was revoked). Sign in again to go on; nothing already saved is lost.".into(),
            ),
            AccessProblem::NotAllowed { action, who } => {
                let names = |l: Lang| {
                    who.iter()
                        .map(|p| p.label(l))
                        .collect::<Vec<_>>()
                        .join(l.pick("、", ", "))
                };
                lang.pick(
                    format!(
                        "您的职务不能{}。这一步只能由{}来做：请换相应的人登录（右上角“切换操作人”）。",
                        action.label(Lang::Zh),
                        names(Lang::Zh)
                    ),
                    format!(
                        "Your office does not allow you to {}. Only a {} may: have them sign in (\"Switch operator\" at the top right).",
                        action.label(Lang::En),
                        names(Lang::En)
                    ),
                )
            }
            AccessProblem::OtherCommunity => lang.pick(
                "这条记录属于另一个小区，您登录的小区不能操作它。请切换到该小区并用那里的账号登录。".into(),
                "That record belongs to another community than the one you signed in to. Switch to it and sign in there.".into(),
            ),
            AccessProblem::NoKeyHere { name } => lang.pick(
                format!("{name} 在这台电脑上没有可用的密钥，无法登录。请登记员核验身份后为其登记密钥。"),
                format!("{name} has no usable key on this laptop and cannot sign in. Have the registrar check their identity and enrol a key."),
            ),
            AccessProblem::AlreadySetUp => lang.pick(
                "这里已有能登录的主持人（或曾经设置过）。新增小区或主持人要由已登录的主持人来做；所有主持人都无法登录时，请用恢复码。".into(),
                "A host who can sign in exists (or once did). Only a signed-in host may add a community or a host; when no host can sign in, use the recovery code.".into(),
            ),
            AccessProblem::NotOnThisNetwork => lang.pick(
                "会议室网络上只开放成员手机可用的操作。这一步请在主持人的电脑上操作。".into(),
                "On the meeting-room network only members' phone operations are open. Do this on the host's laptop.".into(),
            ),
            AccessProblem::PracticeOperator => lang.pick(
                "演示小区的职务只在演示小区内有效：备份、恢复、新建小区和恢复码需要其他（真实）小区的主持人登录后操作。".into(),
                "An office in the demo community counts only in the demo: backups, restores, new communities and recovery codes need a real community's host to sign in.".into(),
            ),
            AccessProblem::DeviceNotPaired => lang.pick(
                "这台设备还没有配对，不能使用会议室网络。请到签到台请主持人为它配对（扫码）。".into(),
                "This device is not paired and cannot use the meeting-room network. Ask the host at the sign-in table to pair it (scan the code).".into(),
            ),
            AccessProblem::NoSuchDevice => lang.pick(
                "没有这台设备（可能已经撤销或过期）。请刷新设备列表。".into(),
                "There is no such device (it may be revoked or expired already). Refresh the device list.".into(),
            ),
            AccessProblem::TooManyDevices { max } => lang.pick(
                format!("这台电脑最多同时服务 {max} 台设备。请撤销不再使用的设备后再配对。"),
                format!("This laptop serves at most {max} devices at once. Revoke devices no longer used, then pair again."),
            ),
        }
    }
}
