//! What a signable statement is, for the generic signing operations (`submit.rs`): each feature
//! hands signing a typed statement instead of signing knowing ballots, minutes or conventions.
//!
//! A [`Statement`] gives its domain-separation tags, the canonical document for a subject (and
//! refuses a signer who may not sign it), where its signatures are filed, whether one signer may
//! sign it more than once, and what happens once it is signed, inside the signature's
//! transaction. The statements are registered once, in `ops::STATEMENTS` (`ops/mod.rs`, the one
//! place that names every feature); signing finds a subject's statement there and never names
//! a feature.
//!
//! Invariant: every kind of `SignSubject` has exactly one statement, and no two statements share
//! a tag (checked by the tests below).

use crate::crypto::signing::{Document, PublicKey};
use crate::ops::keys::{Receipt, SignRequest, SignSubject};
use crate::ops::{Caller, KeyProblem, OpError, OpResult};
use crate::store::keys::KeyRow;
use crate::store::{Store, WriteTx};
use sqlx::SqliteConnection;
use std::future::Future;
use std::pin::Pin;

/// A boxed future, so statements can be dispatched as trait objects.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Who is signing, as signing found them: checked to be a person of the community.
#[derive(Clone, Copy)]
pub(crate) struct Signer<'a> {
    pub community_id: i64,
    /// The community's name.
    pub community: &'a str,
    pub person_id: i64,
    pub name: &'a str,
    /// The person's units as labels, joined with "、".
    pub units: &'a str,
    pub public: &'a PublicKey,
    pub signed_at: &'a str,
}

/// A signature made over a statement's document and checked, ready to be filed.
pub(crate) struct Signed<'a> {
    pub store: &'a Store,
    pub by: &'a Caller,
    pub request: &'a SignRequest,
    pub key: &'a KeyRow,
    pub doc: &'a Document,
    pub signature: &'a str,
    /// "kiosk" or "file".
    pub channel: &'static str,
}

/// A kind of document people sign.
pub(crate) trait Statement: Sync {
    /// The documents' domain-separation tags (`Document::context`, e.g. "yishi/minutes/v1").
    fn tags(&self) -> &'static [&'static str];

    /// Whether `subject` is signed through this statement.
    fn handles(&self, subject: &SignSubject) -> bool;

    /// Where signatures on `subject` are filed ("minutes:7").
    fn subject_key(&self, subject: &SignSubject) -> String;

    /// The exact document `signer` signs for `subject`; an error when they may not sign it.
    fn document<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        signer: Signer<'a>,
        subject: &'a SignSubject,
    ) -> BoxFuture<'a, OpResult<Document>>;

    /// Plain-word labels (Chinese, English) of this statement's own document fields.
    fn label(&self, _field: &str) -> Option<(&'static str, &'static str)> {
        None
    }

    /// A text field's value in plain words for the signer (an answer spelled out), if this
    /// statement words it; `None` shows the text as it is.
    fn value(&self, _field: &str, _text: &str, _lang: crate::lang::Lang) -> Option<String> {
        None
    }

    /// Whether a signer signs it once (a second signature is refused). A ballot may be signed
    /// again: the statement files it itself and its own rules say which stands.
    fn once_per_signer(&self) -> bool {
        true
    }

    /// Runs inside the signature's transaction, after the signature is stored.
    fn on_signed<'a>(
        &'a self,
        _tx: &'a mut WriteTx,
        _by: &'a Caller,
        _request: &'a SignRequest,
        _signature_id: i64,
        _signed_at: &'a str,
    ) -> BoxFuture<'a, OpResult<()>> {
        Box::pin(async { Ok(()) })
    }

    /// Files the signature itself instead of signing's generic store (a ballot goes through the
    /// vote's admission); `None` to let signing store it.
    fn file<'a>(&'a self, _signed: Signed<'a>) -> Option<BoxFuture<'a, OpResult<Receipt>>> {
        None
    }

    /// What a refusal leaves behind: given the error, records what the statement records (a
    /// refused ballot is on the vote's record) and returns the error to report.
    fn refused<'a>(
        &'a self,
        _store: &'a Store,
        _by: &'a Caller,
        _request: &'a SignRequest,
        err: OpError,
    ) -> BoxFuture<'a, OpError> {
        Box::pin(async move { err })
    }

    /// The error when a submitted file's document is not the one the app would show
    /// (`expected`, built now; `submitted`, what the file signs).
    fn mismatch(&self, _expected: &Document, _submitted: &Document) -> OpError {
        OpError::Key(KeyProblem::DocumentChanged)
    }
}

/// The statement `subject` is signed through.
pub(crate) fn statement_for(subject: &SignSubject) -> &'static dyn Statement {
    crate::ops::STATEMENTS
        .iter()
        .copied()
        .find(|s| s.handles(subject))
        .expect("every kind of SignSubject has a statement in ops::STATEMENTS (tested)")
}

/// A field's value as the statement whose tag `context` is words it.
pub(crate) fn own_value(
    context: &str,
    field: &str,
    text: &str,
    lang: crate::lang::Lang,
) -> Option<String> {
    crate::ops::STATEMENTS
        .iter()
        .find(|s| s.tags().contains(&context))
        .and_then(|s| s.value(field, text, lang))
}

/// Labels of fields that statements define themselves.
pub(crate) fn own_label(field: &str) -> Option<(&'static str, &'static str)> {
    crate::ops::STATEMENTS.iter().find_map(|s| s.label(field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flow::Stage;

    fn one_of_each() -> Vec<SignSubject> {
        // A new kind of subject fails to compile here until it is listed.
        let all = [
            SignSubject::Statement { statement_id: 1 },
            SignSubject::Ballot {
                vote_id: 1,
                choice: "agree".into(),
                proxy_for: None,
            },
            SignSubject::SignIn { meeting_id: 1 },
            SignSubject::Minutes { minutes_id: 1 },
            SignSubject::Addendum { addendum_id: 1 },
            SignSubject::Proposal {
                matter_id: 1,
                proposal_id: 1,
            },
            SignSubject::UrgentSkip {
                matter_id: 1,
                to: Stage::PartyBranch,
                reason: "漏水".into(),
            },
            SignSubject::Acknowledgement { version_id: 1 },
            SignSubject::CalendarOverride {
                meeting_id: 1,
                year: 2099,
                reason: "国务院办公厅尚未发布".into(),
            },
            SignSubject::Consent {
                consent_id: 1,
                party_id: 1,
                answer: crate::domain::consent::Answer::Consent,
            },
        ];
        for s in &all {
            match s {
                SignSubject::Statement { .. }
                | SignSubject::Ballot { .. }
                | SignSubject::SignIn { .. }
                | SignSubject::Minutes { .. }
                | SignSubject::Addendum { .. }
                | SignSubject::Proposal { .. }
                | SignSubject::UrgentSkip { .. }
                | SignSubject::Acknowledgement { .. }
                | SignSubject::CalendarOverride { .. }
                | SignSubject::Consent { .. } => {}
            }
        }
        all.to_vec()
    }

    #[test]
    fn every_subject_has_exactly_one_statement() {
        for subject in one_of_each() {
            let n = crate::ops::STATEMENTS
                .iter()
                .filter(|s| s.handles(&subject))
                .count();
            assert_eq!(n, 1, "{subject:?} is handled by {n} statements");
            assert!(!statement_for(&subject).subject_key(&subject).is_empty());
        }
    }

    #[test]
    fn tags_and_subject_keys_are_distinct() {
        let mut tags: Vec<&str> = crate::ops::STATEMENTS
            .iter()
            .flat_map(|s| s.tags().iter().copied())
            .collect();
        let n = tags.len();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), n, "a tag is claimed twice: {tags:?}");
        assert!(tags.iter().all(|t| t.starts_with("yishi/")));
        let mut keys: Vec<String> = one_of_each()
            .iter()
            .map(|s| statement_for(s).subject_key(s))
            .collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), one_of_each().len());
    }
}
