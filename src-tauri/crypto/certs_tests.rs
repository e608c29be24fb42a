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
    // The registrar (person 7 here) certifies their own key: named, grants nothing.
    let certs = vec![
        role(1, ROOT, 7, "registrar", REGISTRAR),
        enrolment(2, REGISTRAR, 7, "2026-12-02T09:00:00Z"),
    ];
    let r = check_chain(&[key(ROOT)], &certs);
    assert_eq!(
        r.problems,
        vec![CertProblem::SelfCertified {
            id: 2,
            person_id: 7
        }]
    );
    assert!(r.enrolments.is_empty());
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

/// A role certificate issued at `from` (the root certifying an office again).
fn role_from(id: i64, person_id: i64, role_name: &str, subject: u8, from: &str) -> Cert {
    let mut c =
        RoleCert::from_document(&role(id, ROOT, person_id, role_name, subject).doc).expect("form");
    c.valid_from = from.into();
    c.issued_at = from.into();
    signed(id, CertKind::Role, ROOT, c.document())
}

#[test]
fn the_root_ends_offices_not_votes_and_a_later_grant_is_new() {
    // Person 7 holds an office with their member key; the root ends the office at noon and
    // certifies another office again from the same instant.
    let certs = vec![
        role(1, ROOT, 2, "registrar", REGISTRAR),
        enrolment(2, REGISTRAR, 2, "2026-12-02T09:00:00Z"),
        role(3, ROOT, 7, "counter", MEMBER),
        role(4, ROOT, 7, "scrutineer", MEMBER),
        revocation(5, ROOT, 7, MEMBER, "2026-12-03T12:00:00Z", 0),
        role_from(6, 7, "scrutineer", MEMBER, "2026-12-03T12:00:00Z"),
    ];
    let r = check_chain(&[key(ROOT)], &certs);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let noon = at("2026-12-03T12:00:00Z");
    let before = at("2026-12-03T11:59:59Z");
    assert!(
        r.officer_valid_at(&["counter"], &key(MEMBER), before)
            .is_ok()
    );
    assert!(
        r.officer_valid_at(&["counter"], &key(MEMBER), noon)
            .is_err()
    );
    assert!(
        r.officer_valid_at(&["scrutineer"], &key(MEMBER), noon)
            .is_ok()
    );
    // The member's vote is untouched by the root's revocation of their offices.
    assert!(r.key_valid_at(7, &key(MEMBER), noon).is_ok());
    // A registrar's revocation ends it.
    let mut more = certs.clone();
    more.push(revocation(
        7,
        REGISTRAR,
        7,
        MEMBER,
        "2026-12-04T09:00:00Z",
        2,
    ));
    let r = check_chain(&[key(ROOT)], &more);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.key_valid_at(7, &key(MEMBER), at("2026-12-04T09:00:00Z"))
            .is_err()
    );
    assert!(
        r.officer_valid_at(&["scrutineer"], &key(MEMBER), at("2026-12-05T09:00:00Z"))
            .is_ok()
    );
}
