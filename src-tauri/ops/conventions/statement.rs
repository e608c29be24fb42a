//! The acknowledgement of a convention version in force as a signed statement
//! (`yishi/convention-ack/v1`): once signed, it records the household's units in the signature's
//! transaction.

use crate::crypto::signing::Document;
use crate::ops::conventions::{ACK_CONTEXT, ack_document, field_label, on_signed};
use crate::ops::keys::{SignRequest, SignSubject};
use crate::ops::signing::statement::{BoxFuture, Signer, Statement};
use crate::ops::{Caller, OpResult};
use crate::store::WriteTx;
use sqlx::SqliteConnection;

/// A household acknowledges a convention version.
pub(crate) struct AckStatement;

impl Statement for AckStatement {
    fn tags(&self) -> &'static [&'static str] {
        &[ACK_CONTEXT]
    }

    fn handles(&self, subject: &SignSubject) -> bool {
        matches!(subject, SignSubject::Acknowledgement { .. })
    }

    fn subject_key(&self, subject: &SignSubject) -> String {
        match subject {
            SignSubject::Acknowledgement { version_id } => format!("convention-ack:{version_id}"),
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
            let SignSubject::Acknowledgement { version_id } = subject else {
                unreachable!("AckStatement handles acknowledgements only")
            };
            let req = SignRequest {
                community_id: signer.community_id,
                person_id: signer.person_id,
                subject: subject.clone(),
            };
            ack_document(conn, &req, *version_id, signer.public, signer.signed_at).await
        })
    }

    fn label(&self, field: &str) -> Option<(&'static str, &'static str)> {
        field_label(field)
    }

    fn on_signed<'a>(
        &'a self,
        tx: &'a mut WriteTx,
        _by: &'a Caller,
        request: &'a SignRequest,
        signature_id: i64,
        signed_at: &'a str,
    ) -> BoxFuture<'a, OpResult<()>> {
        Box::pin(on_signed(tx, request, signature_id, signed_at))
    }
}
