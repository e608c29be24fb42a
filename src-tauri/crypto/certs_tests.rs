use super::*;
use crate::crypto::signing::sign_with_seed;

const T0: &str = "2026-12-01T09:00:00Z";

fn key(seed: u8) -> PublicKey {
    sign_with_seed(&[seed; 32], &Document::new("yishi/probe/v1")).0
}

fn signed(id: i64, kind: CertKind, seed: u8, doc: Document) -> Cert {
    let (signer_key, signature) = sign_with_seed(&[seed; 32], &doc);
    Cert {
        id,
        kind,
        doc,
        signer_key,
        signature,
    }
}

const ROOT: u8 = 1;
const REGISTRAR: u8 = 2;
const MEMBER: u8 = 3;

fn role(id: i64, signer: u8, person_id: i64, role: &str, subject: u8) -> Cert {
    let doc = RoleCert {
        community: "阳光山庄".into(),
        root: key(ROOT),
        person_id,
        holder: "登记员".into(),
        role: role.into(),
        building: String::new(),
        public_key: key(subject),
        valid_from: T0.into(),
        valid_until: String::new(),
        issued_at: T0.into(),
    }
    .document();
    signed(id, CertKind::Role, signer, doc)
}

fn enrolment(id: i64, signer: u8, registrar_id: i64, issued_at: &str) -> Cert {
    let doc = EnrolmentCert {
        community: "阳光山庄".into(),
        root: key(ROOT),
        person_id: 7,
        holder: "业主".into(),
        units: "1栋 101".into(),
        public_key: key(MEMBER),
        check_method: "id_card".into(),
        valid_from: issued_at.into(),
        valid_until: String::new(),
        registrar_id,
        registrar: "登记员".into(),
        issued_at: issued_at.into(),
    }
    .document();
    signed(id, CertKind::Enrolment, signer, doc)
}

fn revocation(id: i64, signer: u8, person_id: i64, subject: u8, at: &str, by_id: i64) -> Cert {
    let doc = Revocation {
        community: "阳光山庄".into(),
        root: key(ROOT),
        person_id,
        public_key: key(subject),
        reason: "lost".into(),
        revoked_at: at.into(),
        by_id,
        by: "x".into(),
    }
    .document();
    signed(id, CertKind::Revocation, signer, doc)
}

fn at(text: &str) -> DateTime<Utc> {
    instant(text).expect("time")
}

#[test]
fn a_registrar_certified_by_the_root_certifies_a_member() {
    let certs = vec![
        role(1, ROOT, 2, "registrar", REGISTRAR),
        enrolment(2, REGISTRAR, 2, "2026-12-02T09:00:00Z"),
    ];
    let r = check_chain(&[key(ROOT)], &certs);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let g = r
        .key_valid_at(7, &key(MEMBER), at("2026-12-03T00:00:00Z"))
        .expect("valid");
    assert_eq!(g.cert_id, 2);
    assert!(matches!(
        r.key_valid_at(7, &key(MEMBER), at("2026-12-01T00:00:00Z")),
        Err(CertProblem::NotValidAt { .. })
    ));
    assert!(matches!(
        r.key_valid_at(8, &key(MEMBER), at("2026-12-03T00:00:00Z")),
        Err(CertProblem::NotCertified { .. })
    ));
}

#[test]
fn forged_and_uncertified_certificates_grant_nothing() {
    // A member's key certified by a key the root never made registrar.
    let certs = vec![enrolment(1, 9, 2, "2026-12-02T09:00:00Z")];
    let r = check_chain(&[key(ROOT)], &certs);
    assert_eq!(
        r.problems,
        vec![CertProblem::SignerNotInOffice {
            id: 1,
            at: "2026-12-02T09:00:00Z".into()
        }]
    );
    assert!(r.enrolments.is_empty());
    // A role certificate signed by another "root".
    let r = check_chain(&[key(ROOT)], &[role(1, 9, 2, "registrar", REGISTRAR)]);
    assert_eq!(r.problems, vec![CertProblem::NotByRoot { id: 1 }]);
    // An edited certificate.
    let mut c = role(1, ROOT, 2, "registrar", REGISTRAR);
    c.doc = c.doc.text("extra", "x");
    let r = check_chain(&[key(ROOT)], &[c]);
    assert_eq!(r.problems, vec![CertProblem::BadSignature { id: 1 }]);
    // The registrar's id in the enrolment is not the signer's.
    let certs = vec![
        role(1, ROOT, 2, "registrar", REGISTRAR),
        enrolment(2, REGISTRAR, 5, "2026-12-02T09:00:00Z"),
    ];
    let r = check_chain(&[key(ROOT)], &certs);
    assert_eq!(r.problems, vec![CertProblem::SignerMismatch { id: 2 }]);
}

#[test]
fn revocations_end_keys_and_offices() {
    let certs = vec![
        role(1, ROOT, 2, "registrar", REGISTRAR),
        enrolment(2, REGISTRAR, 2, "2026-12-02T09:00:00Z"),
        revocation(3, REGISTRAR, 7, MEMBER, "2026-12-04T09:00:00Z", 2),
    ];
    let r = check_chain(&[key(ROOT)], &certs);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.key_valid_at(7, &key(MEMBER), at("2026-12-03T00:00:00Z"))
            .is_ok()
    );
    assert!(
        r.key_valid_at(7, &key(MEMBER), at("2026-12-04T09:00:00Z"))
            .is_err()
    );
    // The root ends the registrar's office; a later enrolment by them grants nothing.
    let certs = vec![
        role(1, ROOT, 2, "registrar", REGISTRAR),
        revocation(2, ROOT, 2, REGISTRAR, "2026-12-02T00:00:00Z", 0),
        enrolment(3, REGISTRAR, 2, "2026-12-02T09:00:00Z"),
    ];
    let r = check_chain(&[key(ROOT)], &certs);
    assert_eq!(r.problems.len(), 1);
    assert!(matches!(
        r.problems[0],
        CertProblem::SignerNotInOffice { id: 3, .. }
    ));
    // A registrar cannot end an office.
    let certs = vec![
        role(1, ROOT, 2, "registrar", REGISTRAR),
        role(2, ROOT, 4, "host", 4),
        revocation(3, REGISTRAR, 4, 4, "2026-12-02T00:00:00Z", 2),
    ];
    let r = check_chain(&[key(ROOT)], &certs);
    assert!(
        r.officer_valid_at(&["host"], &key(4), at("2026-12-03T00:00:00Z"))
            .is_ok()
    );
}
