//! Error codes as callers see them: each documented once (meaning, HTTP status, what to do;
//! generated into `docs/errors.md`), and internal failures turned into a plain message with a
//! short reference while the full text goes only to the log.

use crate::lang::Lang;
use crate::ops::{ErrorCode, OpError};
use std::fmt::Write;

/// Every code, in the order the docs list them. A test compares it with the generated
/// `ErrorCode.ts`, so a new code cannot be left out.
pub const ALL_CODES: [ErrorCode; 15] = [
    ErrorCode::InvalidInput,
    ErrorCode::NotFound,
    ErrorCode::Conflict,
    ErrorCode::StalePreview,
    ErrorCode::Integrity,
    ErrorCode::Storage,
    ErrorCode::File,
    ErrorCode::UnknownOp,
    ErrorCode::WrongPin,
    ErrorCode::KeyLocked,
    ErrorCode::TryLater,
    ErrorCode::CalendarMissing,
    ErrorCode::SignInRequired,
    ErrorCode::Forbidden,
    ErrorCode::Internal,
];

/// The code as it appears in JSON.
pub fn code_name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidInput => "invalid_input",
        ErrorCode::NotFound => "not_found",
        ErrorCode::Conflict => "conflict",
        ErrorCode::StalePreview => "stale_preview",
        ErrorCode::Integrity => "integrity",
        ErrorCode::Storage => "storage",
        ErrorCode::File => "file",
        ErrorCode::UnknownOp => "unknown_op",
        ErrorCode::WrongPin => "wrong_pin",
        ErrorCode::KeyLocked => "key_locked",
        ErrorCode::TryLater => "try_later",
        ErrorCode::CalendarMissing => "calendar_missing",
        ErrorCode::SignInRequired => "sign_in_required",
        ErrorCode::Forbidden => "forbidden",
        ErrorCode::Internal => "internal",
    }
}

/// The HTTP status `yishi serve` answers a failure with.
pub fn http_status(code: ErrorCode) -> u16 {
    match code {
        ErrorCode::InvalidInput | ErrorCode::File | ErrorCode::WrongPin => 422,
        ErrorCode::NotFound | ErrorCode::UnknownOp => 404,
        ErrorCode::Conflict
        | ErrorCode::StalePreview
        | ErrorCode::Integrity
        | ErrorCode::KeyLocked
        | ErrorCode::CalendarMissing => 409,
        ErrorCode::TryLater => 429,
        ErrorCode::Storage | ErrorCode::Internal => 500,
        ErrorCode::SignInRequired => 401,
        ErrorCode::Forbidden => 403,
    }
}

/// (what it means, what the user should do), in English for the docs; the message each error
/// carries says the same in the user's language with the particulars.
pub fn describe(code: ErrorCode) -> (&'static str, &'static str) {
    match code {
        ErrorCode::InvalidInput => (
            "The input cannot be accepted: a field is missing, malformed or out of bounds, or the request breaks a rule of the operation (the message names which).",
            "Correct what the message names and try again.",
        ),
        ErrorCode::NotFound => (
            "Something the request names (community, person, vote, meeting, key, file...) does not exist, or no longer does.",
            "Refresh the list and choose again; after a restore, pick the community again.",
        ),
        ErrorCode::Conflict => (
            "The request clashes with the current state: already done, already voted, not in the right stage, a name already used.",
            "Refresh to see the current state; the message says what is already there.",
        ),
        ErrorCode::StalePreview => (
            "What was previewed or confirmed changed before it was accepted (an import's file or roll, a document to sign).",
            "Preview again, check it, then accept.",
        ),
        ErrorCode::Integrity => (
            "A record does not verify: a backup's hash chain, a vote record, a damaged stored key.",
            "Nothing was changed. Use another backup or record; for a damaged key, revoke it and enrol a new one.",
        ),
        ErrorCode::Storage => (
            "The database failed (disk full, file locked, a damaged file). Internal: the details go to the log under the reference the message gives, never to the caller.",
            "Try again. If it keeps happening, make a backup and give support the reference (E-XXXXXX) from the message.",
        ),
        ErrorCode::File => (
            "An uploaded file cannot be read as a spreadsheet (encoding, size, format, a broken row).",
            "Save it again as CSV UTF-8 or XLSX, or fix the line the message names.",
        ),
        ErrorCode::UnknownOp => (
            "No operation has that name (an older or newer client).",
            "Update the app so the window and the server are the same version.",
        ),
        ErrorCode::WrongPin => (
            "The PIN did not open the key; nothing was signed. The message says how many tries are left.",
            "Let the key's holder enter their PIN again.",
        ),
        ErrorCode::KeyLocked => (
            "The key is locked after too many wrong PINs.",
            "The host checks the holder's identity and unlocks the key (key_unlock).",
        ),
        ErrorCode::TryLater => (
            "A PIN was tried inside the wait after a wrong one (0, 0, 15 s, then 60 s), or too many PIN checks were queued at once; nothing was tried or counted.",
            "Wait the seconds the message names, then enter the PIN again.",
        ),
        ErrorCode::CalendarMissing => (
            "A date count (notice period, publication deadline) reaches a year whose statutory holiday schedule is not loaded; nothing is guessed.",
            "Load that year's schedule (yishi calendar load FILE, or the meetings screen's holiday card; docs/holidays.md), or have a host sign a reason to go on for this meeting.",
        ),
        ErrorCode::SignInRequired => (
            "The operation needs a signed-in person and there is none: no session token, an unknown one, or one that ended (idle time-out, revoked key). Nothing was changed.",
            "Sign in with your name and PIN (the app's sign-in screen; `--as PERSON` on the command line), then repeat.",
        ),
        ErrorCode::Forbidden => (
            "The signed-in person's offices do not allow this operation (see the role matrix in api.md), the records named belong to another community, or the request came over the meeting-room network for a desk-only operation. Nothing was changed.",
            "Have a person with the office the message names sign in (switch operator), or assign the office first.",
        ),
        ErrorCode::Internal => (
            "Something failed inside the app outside the database: an operation stopped on a bug (a panic), or the server itself failed. Internal: the details go to the log under the reference the message gives; nothing was saved by the failed operation, and the server keeps serving.",
            "Try again. If it keeps happening, give support the reference (E-XXXXXX) from the message.",
        ),
    }
}

/// `docs/errors.md`, generated from the codes above.
pub fn errors_markdown() -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<!-- Generated from src-tauri/commands/errors.rs; do not edit. Regenerate: {} -->\n",
        super::spec::BLESS
    );
    s.push_str(
        "# Error codes\n\n\
         A failed operation answers `{ \"code\": ErrorCode, \"message\": string, \"ref\"?: string }` \
         (desktop: the rejected promise carries it; `yishi serve`: with the HTTP status below). \
         `message` is in the caller's language (`x-yishi-lang`) and says what went wrong and what \
         to do. Internal failures (`storage`) never carry internal text (SQL, file paths): the \
         full error is written to the log (`logs/` beside the database) under a short reference \
         such as `E-7F3A2C`, which is both in `ref` and in the message.\n\n\
         Which codes each operation can return is listed with it in [api.md](api.md).\n\n\
         | code | HTTP | meaning | what the user should do |\n|---|---|---|---|\n",
    );
    for code in ALL_CODES {
        let (meaning, todo) = describe(code);
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            code_name(code),
            http_status(code),
            meaning,
            todo
        );
    }
    s
}

/// Errors whose text is internal (SQL, paths, serialisation): logged, never shown.
pub fn is_internal(e: &OpError) -> bool {
    match e {
        // A newer release's database and a failed pre-upgrade backup are told as they are.
        OpError::Storage(_) => e.is_storage_fault(),
        // Arguments that do not parse name their operation; any other `op` is one of our own
        // values failing to serialise (the result, stored settings): a bug, not the caller's.
        // A command-line flag (`--as`) is the terminal user's input.
        OpError::BadArguments { op, .. } => super::op_spec(op).is_none() && !op.starts_with("--"),
        _ => false,
    }
}

/// A short reference for one failure, e.g. `E-7F3A2C`.
pub fn new_reference() -> String {
    use rand_core::RngCore;
    let mut b = [0u8; 3];
    rand_core::OsRng.fill_bytes(&mut b);
    format!("E-{}", hex::encode_upper(b))
}

/// The plain message for an internal failure with its reference.
pub fn internal_message(reference: &str, lang: Lang) -> String {
    lang.pick(
        format!("程序内部出错，本次操作未保存。请重试；如果反复出现，请先备份，再把参考号 {reference} 告诉技术支持。"),
        format!("Something went wrong inside the app and nothing was saved. Try again; if it keeps happening, make a backup and give support the reference {reference}."),
    )
}

/// The caller's view of an operation that panicked (or was cancelled) on its own task: a
/// generic message and a new reference; the panic's text goes only to the log. `op` is logged
/// only when it names an operation (otherwise it is the caller's text).
pub fn task_failed(e: tokio::task::JoinError, op: &str, lang: Lang) -> super::ApiError {
    let reference = new_reference();
    let what = if e.is_panic() {
        let payload = e.into_panic();
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    } else {
        e.to_string()
    };
    let op = super::op_spec(op).map_or("<unknown>", |s| s.name);
    tracing::error!(reference = %reference, op, panic = %what, "operation panicked");
    super::ApiError {
        code: ErrorCode::Internal,
        message: internal_message(&reference, lang),
        reference: Some(reference),
    }
}

/// What the user is told about `e`: (message, reference). An internal error is logged in full
/// under a new reference and only the reference reaches the user.
pub fn user_message(e: &OpError, lang: Lang) -> (String, Option<String>) {
    if is_internal(e) {
        let reference = new_reference();
        tracing::error!(reference = %reference, code = code_name(e.code()), error = %e, "internal error");
        (internal_message(&reference, lang), Some(reference))
    } else {
        (e.message(lang), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_with_its_json_name() {
        for (i, code) in ALL_CODES.iter().enumerate() {
            let json = serde_json::to_value(code).expect("serialises");
            assert_eq!(
                json,
                code_name(*code),
                "code_name matches serde for {code:?}"
            );
            assert!(!ALL_CODES[..i].contains(code), "{code:?} listed twice");
            let (meaning, todo) = describe(*code);
            assert!(meaning.len() > 20 && todo.len() > 10, "{code:?} documented");
        }
    }

    #[test]
    fn the_generated_ts_union_has_exactly_the_listed_codes() {
        let ts = <ErrorCode as ts_rs::TS>::decl();
        let listed: Vec<&str> = ALL_CODES.iter().map(|c| code_name(*c)).collect();
        let quoted = ts.matches('"').count() / 2;
        assert_eq!(
            quoted,
            listed.len(),
            "ErrorCode has a code ALL_CODES lacks: {ts}"
        );
        for name in listed {
            assert!(ts.contains(&format!("\"{name}\"")), "{name} in {ts}");
        }
    }

    #[test]
    fn references_are_short_and_differ() {
        let a = new_reference();
        let b = new_reference();
        assert_eq!(a.len(), 8);
        assert!(a.starts_with("E-") && a[2..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b, "three random bytes twice in a row");
    }

    #[test]
    fn an_internal_error_gives_the_reference_not_its_text() {
        let e = OpError::BadArguments {
            op: "result".into(),
            detail: "SELECT secret FROM /home/host/yishi.db".into(),
        };
        for lang in [Lang::Zh, Lang::En] {
            let (message, reference) = user_message(&e, lang);
            let reference = reference.expect("internal errors get a reference");
            assert!(message.contains(&reference), "{message}");
            assert!(
                !message.contains("SELECT") && !message.contains("yishi.db"),
                "{message}"
            );
        }
        let plain = OpError::UnknownOp("nope".into());
        let (message, reference) = user_message(&plain, Lang::En);
        assert!(reference.is_none());
        assert!(message.contains("nope"));
    }
}
