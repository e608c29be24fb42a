//! The command line signs in the same way the app does: a command that changes anything names
//! the acting person (`--as PERSON`: their number, `#12`, or their exact name) and their PIN is
//! prompted (without echo on a terminal; the first line of standard input otherwise, or
//! YISHI_PIN for scripts). The guard then checks the role matrix exactly as for the app.
//! Read-only commands (verify, tally, audit verify, roll show, community list) need none.

use crate::domain::access::Action;
use crate::lang::Lang;
use crate::ops::access::guard::{Credentials, authorize};
use crate::ops::access::{AccessProblem, SignIn};
use crate::ops::{self, Caller, Ctx, OpError};
use serde_json::Value;
use std::io::{BufRead, IsTerminal};

/// Reads a PIN: YISHI_PIN, else a prompt without echo on a terminal, else the first line of
/// standard input.
pub fn read_pin(prompt: &str) -> Result<String, OpError> {
    if let Ok(pin) = std::env::var("YISHI_PIN") {
        return Ok(pin);
    }
    let io = |e: std::io::Error| OpError::Storage(crate::store::StoreError::Io(e));
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).map_err(io);
    }
    eprintln!("{prompt}");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(io)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The person `who` names: `12`, `#12`, or an exact name (refused when several share it).
async fn person(ctx: &Ctx, who: &str, lang: Lang) -> Result<(i64, i64), OpError> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let who = who.trim();
    let by_id = who.trim_start_matches('#').parse::<i64>().ok();
    let rows: Vec<(i64, i64)> = match by_id {
        Some(id) => sqlx::query_as("SELECT id, community_id FROM persons WHERE id = ?")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?,
        None => sqlx::query_as(
            "SELECT DISTINCT p.id, p.community_id FROM persons p JOIN roles r ON r.person_id = p.id WHERE p.name = ?",
        )
        .bind(who)
        .fetch_all(&mut *conn)
        .await?,
    };
    match rows.as_slice() {
        [one] => Ok(*one),
        [] => Err(OpError::BadArguments {
            op: "--as".into(),
            detail: lang.pick(
                format!("找不到“{who}”：请写担任职务的人的编号（如 --as 12）或准确姓名"),
                format!("nobody \"{who}\" holds an office: give their number (e.g. --as 12) or exact name"),
            ),
        }),
        many => Err(OpError::BadArguments {
            op: "--as".into(),
            detail: lang.pick(
                format!(
                    "有 {} 人叫“{who}”：请用编号，如 --as {}",
                    many.len(),
                    many[0].0
                ),
                format!(
                    "{} people are named \"{who}\": give a number, e.g. --as {}",
                    many.len(),
                    many[0].0
                ),
            ),
        }),
    }
}

/// The caller for a command taking `action` on `args` (the records it names): signed in as
/// `who` with their PIN, checked by the guard. Without `who`, only public actions and the
/// first-run setup pass, as in the app.
pub async fn caller(
    ctx: &Ctx,
    who: Option<&str>,
    action: Action,
    args: Value,
    lang: Lang,
) -> Result<Caller, OpError> {
    let now = chrono::Utc::now();
    let Some(who) = who else {
        return match authorize(ctx, action, Credentials { token: None, now }, &args).await {
            Ok(by) => Ok(by),
            Err(OpError::Access(AccessProblem::SignInRequired)) => Err(OpError::BadArguments {
                op: "--as".into(),
                detail: lang.pick(
                    "这个命令会修改记录，需要登录：加 --as 您的编号或姓名，然后输入 PIN".into(),
                    "this command changes the record and needs a signed-in person: add --as YOUR-NUMBER-OR-NAME, then enter your PIN".into(),
                ),
            }),
            Err(e) => Err(e),
        };
    };
    let (person_id, community_id) = person(ctx, who, lang).await?;
    let pin = read_pin(&lang.pick(format!("{who} 的 PIN："), format!("PIN for {who}: ")))?;
    let signed = ops::access::session_sign_in(
        ctx,
        now,
        SignIn {
            community_id,
            person_id,
            pin,
        },
    )
    .await?;
    authorize(
        ctx,
        action,
        Credentials {
            token: Some(&signed.token),
            now,
        },
        &args,
    )
    .await
}
