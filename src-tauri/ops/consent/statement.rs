//! The consent or refusal of an interested owner (`yishi/consent/v1`, 住改商) as a signed
//! statement: the document is built from the request and the owner answered for, and once signed
//! the answer is recorded in the signature's transaction (a refusal ends the request; a late or
//! repeated answer rolls the signature back).

use crate::crypto::signing::Document;
use crate::formats::consent::CONSENT_CONTEXT;
use crate::lang::Lang;
use crate::ops::consent::{document_for, field_value, on_signed, subject_key};
use crate::ops::keys::{SignRequest, SignSubject};
use crate::ops::signing::statement::{BoxFuture, Signer, Statement};
use crate::ops::{Caller, OpResult};
use crate::store::WriteTx;
use sqlx::SqliteConnection;

/// An interested owner's answer to a change-of-use request.
pub(crate) struct ConsentStatement;

impl Statement for ConsentStatement {
    fn tags(&self) -> &'static [&'static str] {
        &[CONSENT_CONTEXT]
    }

    fn handles(&self, subject: &SignSubject) -> bool {
        matches!(subject, SignSubject::Consent { .. })
    }

    fn subject_key(&self, subject: &SignSubject) -> String {
        match subject {
            SignSubject::Consent {
                consent_id,
                party_id,
                ..
            } => subject_key(*consent_id, *party_id),
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
            let SignSubject::Consent {
                consent_id,
                party_id,
                answer,
            } = subject
            else {
                unreachable!("ConsentStatement handles consents only")
            };
            let req = SignRequest {
                community_id: signer.community_id,
                person_id: signer.person_id,
                subject: subject.clone(),
            };
            document_for(
                conn,
                &req,
                (*consent_id, *party_id, *answer),
                signer.public,
                signer.signed_at,
            )
            .await
        })
    }

    fn label(&self, field: &str) -> Option<(&'static str, &'static str)> {
        Some(match field {
            "consent_id" => ("住改商申请编号", "Change-of-use request no."),
            "unit" => ("改变用途的房屋", "Unit changing use"),
            "applicant" => ("申请人", "Applicant"),
            "business" => ("经营内容", "Business"),
            "deadline" => ("截止时间", "Deadline"),
            "co_owners" => ("共有人签署方式", "Co-owners sign"),
            "party_units" => ("所代表业主的房屋", "Owner's units"),
            "answer" => ("意见", "Answer"),
            "signer_id" => ("签名人编号", "Signer no."),
            _ => return None,
        })
    }

    fn value(&self, field: &str, text: &str, lang: Lang) -> Option<String> {
        Some(field_value(field, text, lang))
    }

    fn on_signed<'a>(
        &'a self,
        tx: &'a mut WriteTx,
        by: &'a Caller,
        request: &'a SignRequest,
        signature_id: i64,
        signed_at: &'a str,
    ) -> BoxFuture<'a, OpResult<()>> {
        Box::pin(on_signed(tx, by, request, signature_id, signed_at))
    }
}
