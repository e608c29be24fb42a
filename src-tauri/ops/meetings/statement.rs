//! The consultation flow's signed documents as statements: sign-ins (`yishi/sign-in/v1`), minutes
//! (`yishi/minutes/v1`), addenda (`yishi/addendum/v1`), three-party proposals
//! (`yishi/proposal/v1`) and urgent skips (`yishi/urgent-skip/v1`). Who may sign each is checked
//! where its document is built (`docs.rs`).

use crate::crypto::signing::Document;
use crate::ops::OpResult;
use crate::ops::keys::SignSubject;
use crate::ops::meetings::{document_for, subject_key};
use crate::ops::signing::statement::{BoxFuture, Signer, Statement};
use sqlx::SqliteConnection;

/// The flow's documents, signed by those present, the officers or the parties.
pub(crate) struct FlowStatement;

impl Statement for FlowStatement {
    fn tags(&self) -> &'static [&'static str] {
        &[
            "yishi/sign-in/v1",
            "yishi/minutes/v1",
            "yishi/addendum/v1",
            "yishi/proposal/v1",
            "yishi/urgent-skip/v1",
            "yishi/calendar-override/v1",
        ]
    }

    fn handles(&self, subject: &SignSubject) -> bool {
        subject_key(subject).is_some()
    }

    fn subject_key(&self, subject: &SignSubject) -> String {
        subject_key(subject).unwrap_or_default()
    }

    fn document<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        signer: Signer<'a>,
        subject: &'a SignSubject,
    ) -> BoxFuture<'a, OpResult<Document>> {
        Box::pin(document_for(conn, signer, subject))
    }
}
