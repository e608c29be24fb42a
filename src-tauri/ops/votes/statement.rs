//! The ballot as a signed statement (`yishi/ballot/v3` for votes opened with a manifest; v2, or
//! v1 for rolls frozen before roll entries, for votes opened before manifests): signing hands a ballot subject here for
//! its document (built after admitting the ballot), files it through the vote's own admission
//! (`record_signed`), and records a refusal on the vote's record.

use crate::crypto::signing::Document;
use crate::ops::keys::{Receipt, SignRequest, SignSubject};
use crate::ops::signing::statement::{BoxFuture, Signed, Signer, Statement};
use crate::ops::votes::{BallotAsk, SignedBallot, document_for, record_signed, refuse};
use crate::ops::{Caller, KeyProblem, OpError, OpResult, VoteProblem};
use crate::store::Store;
use sqlx::SqliteConnection;

/// A ballot: signed at the kiosk or from a member's own key.
pub(crate) struct BallotStatement;

fn ballot_of(subject: &SignSubject) -> Option<(i64, Option<i64>)> {
    match subject {
        SignSubject::Ballot {
            vote_id, proxy_for, ..
        } => Some((*vote_id, *proxy_for)),
        _ => None,
    }
}

impl Statement for BallotStatement {
    fn tags(&self) -> &'static [&'static str] {
        &["yishi/ballot/v1", "yishi/ballot/v2", "yishi/ballot/v3"]
    }

    fn handles(&self, subject: &SignSubject) -> bool {
        matches!(subject, SignSubject::Ballot { .. })
    }

    fn subject_key(&self, subject: &SignSubject) -> String {
        match subject {
            SignSubject::Ballot { vote_id, .. } => format!("vote:{vote_id}"),
            _ => String::new(),
        }
    }

    fn document<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        signer: Signer<'a>,
        subject: &'a SignSubject,
    ) -> BoxFuture<'a, OpResult<Document>> {
        Box::pin(async move {
            let SignSubject::Ballot {
                vote_id,
                choice,
                proxy_for,
            } = subject
            else {
                unreachable!("BallotStatement handles ballots only")
            };
            let ask = BallotAsk {
                community_id: signer.community_id,
                cast_by_id: signer.person_id,
                vote_id: *vote_id,
                choice,
                proxy_for: *proxy_for,
            };
            document_for(conn, ask, signer.public, signer.signed_at).await
        })
    }

    /// The last admitted ballot stands: a voter may sign again while the vote is open.
    fn once_per_signer(&self) -> bool {
        false
    }

    fn file<'a>(&'a self, s: Signed<'a>) -> Option<BoxFuture<'a, OpResult<Receipt>>> {
        let (vote_id, proxy_for) = ballot_of(&s.request.subject)?;
        let ballot = SignedBallot {
            vote_id,
            cast_by_id: s.request.person_id,
            proxy_for,
            key: s.key,
            doc: s.doc,
            signature: s.signature,
            channel: s.channel,
        };
        Some(Box::pin(record_signed(s.store, s.by, ballot)))
    }

    /// A ballot turned away is recorded with its reason (if the vote exists); other errors pass.
    fn refused<'a>(
        &'a self,
        store: &'a Store,
        by: &'a Caller,
        req: &'a SignRequest,
        err: OpError,
    ) -> BoxFuture<'a, OpError> {
        Box::pin(async move {
            let Some((vote_id, proxy_for)) = ballot_of(&req.subject) else {
                return err;
            };
            if !matches!(
                err,
                OpError::Vote(_)
                    | OpError::Key(
                        KeyProblem::SignatureInvalid
                            | KeyProblem::DocumentChanged
                            | KeyProblem::NotActive
                    )
            ) {
                return err;
            }
            let row = {
                let Ok(mut conn) = store.reader().acquire().await else {
                    return err;
                };
                crate::store::votes::get(&mut conn, vote_id)
                    .await
                    .ok()
                    .flatten()
            };
            if let Some(row) = row.filter(|r| r.community_id == req.community_id) {
                if let Err(log_err) = refuse(
                    store,
                    by,
                    &row,
                    Some(proxy_for.unwrap_or(req.person_id)),
                    &err,
                )
                .await
                {
                    return log_err;
                }
            }
            err
        })
    }

    /// A ballot file for this vote and entry whose sequence number is below the one the entry
    /// is at now: an older ballot, submitted again (refused under either policy). Otherwise a
    /// file for another vote than the one asked for.
    fn mismatch(&self, expected: &Document, submitted: &Document) -> OpError {
        let same = |f: &str| expected.get_text(f) == submitted.get_text(f);
        let older = submitted.context == "yishi/ballot/v3"
            && expected.context == submitted.context
            && same("manifest_hash")
            && expected.get_int("entry_id") == submitted.get_int("entry_id")
            && submitted.get_int("seq") < expected.get_int("seq");
        if older {
            OpError::Vote(VoteProblem::OlderBallot)
        } else {
            OpError::Vote(VoteProblem::WrongVote)
        }
    }
}
