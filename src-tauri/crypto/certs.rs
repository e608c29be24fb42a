//! Certificates: which keys speak for which people and offices, anchored in a community's root.
//!
//! Three signed documents (docs/signing.md, "Certificates"):
//! - `yishi/role-cert/v1`, signed by the **root**: an officer's key holds an office (host,
//!   secretary, registrar, counter, scrutineer …) from `valid_from` until `valid_until` (empty:
//!   until revoked);
//! - `yishi/enrolment-cert/v1`, signed by a **registrar's or host's** key (itself holding that
//!   office by a role certificate when it signs): a person's key, after their identity was
//!   checked;
//! - `yishi/revocation-cert/v1`: a key ends at `revoked_at`. Signed by the root it ends the
//!   key's offices; signed by a registrar or host (in office at `revoked_at`) it ends the
//!   member's key, never an office.
//!
//! `check_chain` is pure (no database): the app, `formats::record::verify_record` and the
//! Python cross-check apply the same rules. A key is valid at an instant when a certificate grants
//! it then and no revocation ended it at or before that instant.

use super::signing::{self, Document, PublicKey};
use chrono::{DateTime, Utc};

pub const ROLE_CONTEXT: &str = "yishi/role-cert/v1";
pub const ENROLMENT_CONTEXT: &str = "yishi/enrolment-cert/v1";
pub const REVOCATION_CONTEXT: &str = "yishi/revocation-cert/v1";

/// The offices whose holders may certify members' keys.
pub const CERTIFYING_ROLES: [&str; 2] = ["registrar", "host"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertKind {
    Role,
    Enrolment,
    Revocation,
}

impl CertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CertKind::Role => "role",
            CertKind::Enrolment => "enrolment",
            CertKind::Revocation => "revocation",
        }
    }

    pub fn parse(text: &str) -> Option<CertKind> {
        match text {
            "role" => Some(CertKind::Role),
            "enrolment" => Some(CertKind::Enrolment),
            "revocation" => Some(CertKind::Revocation),
            _ => None,
        }
    }

    pub fn context(self) -> &'static str {
        match self {
            CertKind::Role => ROLE_CONTEXT,
            CertKind::Enrolment => ENROLMENT_CONTEXT,
            CertKind::Revocation => REVOCATION_CONTEXT,
        }
    }
}

/// An office held by a key (`yishi/role-cert/v1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCert {
    pub community: String,
    pub root: PublicKey,
    pub person_id: i64,
    pub holder: String,
    pub role: String,
    /// Empty when the office is not tied to a building.
    pub building: String,
    pub public_key: PublicKey,
    pub valid_from: String,
    /// Empty: until revoked.
    pub valid_until: String,
    pub issued_at: String,
}

impl RoleCert {
    pub fn document(&self) -> Document {
        Document::new(ROLE_CONTEXT)
            .text("community", &self.community)
            .text("root", self.root.hex())
            .int("person_id", self.person_id)
            .text("holder", &self.holder)
            .text("role", &self.role)
            .text("building", &self.building)
            .text("public_key", self.public_key.hex())
            .text("valid_from", &self.valid_from)
            .text("valid_until", &self.valid_until)
            .text("issued_at", &self.issued_at)
    }

    pub fn from_document(doc: &Document) -> Result<RoleCert, CertProblem> {
        let f = Fields::new(doc, ROLE_CONTEXT)?;
        let cert = RoleCert {
            community: f.text("community")?,
            root: f.key("root")?,
            person_id: f.int("person_id")?,
            holder: f.text("holder")?,
            role: f.text("role")?,
            building: f.text("building")?,
            public_key: f.key("public_key")?,
            valid_from: f.text("valid_from")?,
            valid_until: f.text("valid_until")?,
            issued_at: f.text("issued_at")?,
        };
        f.exact(&cert.document())?;
        Ok(cert)
    }
}

/// A member's key, vouched for by the registrar who checked their identity
/// (`yishi/enrolment-cert/v1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentCert {
    pub community: String,
    pub root: PublicKey,
    pub person_id: i64,
    pub holder: String,
    /// Unit labels joined with `、`.
    pub units: String,
    pub public_key: PublicKey,
    /// How identity was checked: `id_card`, `household_register`, `property_certificate`,
    /// `other_document`, `known_in_person`.
    pub check_method: String,
    pub valid_from: String,
    pub valid_until: String,
    pub registrar_id: i64,
    pub registrar: String,
    pub issued_at: String,
}

impl EnrolmentCert {
    pub fn document(&self) -> Document {
        Document::new(ENROLMENT_CONTEXT)
            .text("community", &self.community)
            .text("root", self.root.hex())
            .int("person_id", self.person_id)
            .text("holder", &self.holder)
            .text("units", &self.units)
            .text("public_key", self.public_key.hex())
            .text("check_method", &self.check_method)
            .text("valid_from", &self.valid_from)
            .text("valid_until", &self.valid_until)
            .int("registrar_id", self.registrar_id)
            .text("registrar", &self.registrar)
            .text("issued_at", &self.issued_at)
    }

    pub fn from_document(doc: &Document) -> Result<EnrolmentCert, CertProblem> {
        let f = Fields::new(doc, ENROLMENT_CONTEXT)?;
        let cert = EnrolmentCert {
            community: f.text("community")?,
            root: f.key("root")?,
            person_id: f.int("person_id")?,
            holder: f.text("holder")?,
            units: f.text("units")?,
            public_key: f.key("public_key")?,
            check_method: f.text("check_method")?,
            valid_from: f.text("valid_from")?,
            valid_until: f.text("valid_until")?,
            registrar_id: f.int("registrar_id")?,
            registrar: f.text("registrar")?,
            issued_at: f.text("issued_at")?,
        };
        f.exact(&cert.document())?;
        Ok(cert)
    }
}

/// The end of a key (`yishi/revocation-cert/v1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    pub community: String,
    pub root: PublicKey,
    pub person_id: i64,
    pub public_key: PublicKey,
    pub reason: String,
    pub revoked_at: String,
    /// The person who revoked it; 0 when the root itself did.
    pub by_id: i64,
    pub by: String,
}

impl Revocation {
    pub fn document(&self) -> Document {
        Document::new(REVOCATION_CONTEXT)
            .text("community", &self.community)
            .text("root", self.root.hex())
            .int("person_id", self.person_id)
            .text("public_key", self.public_key.hex())
            .text("reason", &self.reason)
            .text("revoked_at", &self.revoked_at)
            .int("by_id", self.by_id)
            .text("by", &self.by)
    }

    pub fn from_document(doc: &Document) -> Result<Revocation, CertProblem> {
        let f = Fields::new(doc, REVOCATION_CONTEXT)?;
        let cert = Revocation {
            community: f.text("community")?,
            root: f.key("root")?,
            person_id: f.int("person_id")?,
            public_key: f.key("public_key")?,
            reason: f.text("reason")?,
            revoked_at: f.text("revoked_at")?,
            by_id: f.int("by_id")?,
            by: f.text("by")?,
        };
        f.exact(&cert.document())?;
        Ok(cert)
    }
}

/// A certificate as stored and as a record carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cert {
    /// Its number (database id, or position in a record): problems name it.
    pub id: i64,
    pub kind: CertKind,
    pub doc: Document,
    pub signer_key: PublicKey,
    pub signature: String,
}

/// What is wrong with a certificate or with a key's standing. Each names the certificate (by
/// `id`) or the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertProblem {
    /// The document is not the kind's exact field list.
    Malformed {
        id: i64,
        what: String,
    },
    BadSignature {
        id: i64,
    },
    /// A role certificate or a revocation not signed by any accepted root.
    NotByRoot {
        id: i64,
    },
    /// An enrolment or revocation signed by a key that held no certifying office then.
    SignerNotInOffice {
        id: i64,
        at: String,
    },
    /// The signer's role certificate names another person than the document's registrar.
    SignerMismatch {
        id: i64,
    },
    /// An enrolment whose registrar certified their own key (`registrar_id` = `person_id`): a
    /// second registrar or the host must check an officer's identity.
    SelfCertified {
        id: i64,
        person_id: i64,
    },
    /// The document names a root that is not the accepted one.
    OtherRoot {
        id: i64,
    },
    BadTime {
        id: i64,
        field: String,
    },
    /// A key no certificate grants to this person (or office).
    NotCertified {
        key: String,
    },
    /// The key was certified, but not at that instant (before `valid_from`, after
    /// `valid_until`, or revoked at or before it).
    NotValidAt {
        key: String,
        at: String,
    },
}

impl CertProblem {
    /// The same problem, naming certificate `id` (parsing does not know it).
    fn with_id(self, id: i64) -> CertProblem {
        match self {
            CertProblem::Malformed { what, .. } => CertProblem::Malformed { id, what },
            other => other,
        }
    }

    pub fn text(&self, zh: bool) -> String {
        let pick = |a: String, b: String| if zh { a } else { b };
        match self {
            CertProblem::Malformed { id, what } => pick(
                format!("证书 #{id} 格式不对（{what}）"),
                format!("certificate #{id} is malformed ({what})"),
            ),
            CertProblem::BadSignature { id } => pick(
                format!("证书 #{id} 的签名不对：证书被改动或伪造"),
                format!(
                    "certificate #{id}: the signature does not match; it was altered or forged"
                ),
            ),
            CertProblem::NotByRoot { id } => pick(
                format!("证书 #{id} 不是由本小区的根密钥签发的"),
                format!("certificate #{id} was not signed by the community's root key"),
            ),
            CertProblem::SignerNotInOffice { id, at } => pick(
                format!("证书 #{id} 的签发人在 {at} 没有登记员或主持人的有效任职证书"),
                format!(
                    "certificate #{id}: its signer held no registrar or host certificate at {at}"
                ),
            ),
            CertProblem::SignerMismatch { id } => pick(
                format!("证书 #{id} 写的登记员与签名密钥的持有人不是同一人"),
                format!(
                    "certificate #{id}: the registrar it names is not the signing key's holder"
                ),
            ),
            CertProblem::SelfCertified { id, person_id } => pick(
                format!(
                    "证书 #{id} 是登记员（编号 {person_id}）为自己的密钥签发的登记证书：自己不能认证自己，须由另一名登记员或主持人签发"
                ),
                format!(
                    "certificate #{id}: registrar #{person_id} certified their own key; nobody certifies themselves, another registrar or the host must"
                ),
            ),
            CertProblem::OtherRoot { id } => pick(
                format!("证书 #{id} 写的根密钥不是本记录的根密钥"),
                format!("certificate #{id} names another root key than this record's"),
            ),
            CertProblem::BadTime { id, field } => pick(
                format!("证书 #{id} 的时间 {field} 无法识别"),
                format!("certificate #{id}: the time {field} cannot be read"),
            ),
            CertProblem::NotCertified { key } => pick(
                format!("密钥 {key} 没有任何证书认证"),
                format!("key {key} is not certified by any certificate"),
            ),
            CertProblem::NotValidAt { key, at } => pick(
                format!("密钥 {key} 在 {at} 不在证书有效期内（未生效、已到期或已撤销）"),
                format!("key {key} was not certified at {at} (not yet valid, expired or revoked)"),
            ),
        }
    }
}

impl std::fmt::Display for CertProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(false))
    }
}

/// A key's standing for a person (enrolment) or an office (role), after revocations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub cert_id: i64,
    pub person_id: i64,
    /// The office for a role grant; empty for a member's enrolment.
    pub role: String,
    pub key: PublicKey,
    pub from: DateTime<Utc>,
    /// Exclusive; `None` while valid.
    pub until: Option<DateTime<Utc>>,
    /// The revocation that cut `until`, if any.
    pub revoked_by: Option<i64>,
    /// When the certificate was issued (`issued_at`).
    pub issued: DateTime<Utc>,
    /// Who signed it: the registrar's person id for an enrolment, 0 for the root's.
    pub by: i64,
}

impl Grant {
    pub fn valid_at(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && self.until.is_none_or(|u| at < u)
    }
}

/// A member's key ended by a valid revocation (of a registrar or host in office then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub cert_id: i64,
    pub person_id: i64,
    pub key: PublicKey,
    pub at: DateTime<Utc>,
}

/// What `check_chain` found.
#[derive(Debug, Clone, Default)]
pub struct ChainReport {
    pub problems: Vec<CertProblem>,
    pub offices: Vec<Grant>,
    pub enrolments: Vec<Grant>,
    /// Members' keys ended by a valid revocation: a key listed on the root's word alone (no
    /// enrolment certificate, so no grant to cut) is ended by these too.
    pub ended: Vec<Ended>,
    /// `enrolments` by (person, key): a record of 10,000 ballots looks one up per ballot, not
    /// through all of them (made by `check_chain`; empty means "scan").
    by_member: std::collections::HashMap<(i64, [u8; 32]), Vec<usize>>,
}

impl ChainReport {
    /// The enrolment grants of (`person_id`, `key`), in certificate order.
    pub fn enrolments_of<'a>(
        &'a self,
        person_id: i64,
        key: PublicKey,
    ) -> Box<dyn Iterator<Item = &'a Grant> + 'a> {
        if self.by_member.is_empty() {
            return Box::new(
                self.enrolments
                    .iter()
                    .filter(move |g| g.person_id == person_id && g.key == key),
            );
        }
        Box::new(
            self.by_member
                .get(&(person_id, key.0))
                .into_iter()
                .flatten()
                .map(|&i| &self.enrolments[i]),
        )
    }

    /// The grant under which `key` speaks for `person_id` at `at`.
    pub fn key_valid_at(
        &self,
        person_id: i64,
        key: &PublicKey,
        at: DateTime<Utc>,
    ) -> Result<&Grant, CertProblem> {
        let grants: Vec<&Grant> = self.enrolments_of(person_id, *key).collect();
        pick_grant(grants.into_iter(), key, at)
    }

    /// The grant under which `key` holds one of `roles` at `at`.
    pub fn officer_valid_at(
        &self,
        roles: &[&str],
        key: &PublicKey,
        at: DateTime<Utc>,
    ) -> Result<&Grant, CertProblem> {
        pick_grant(
            self.offices
                .iter()
                .filter(|g| g.key == *key && roles.contains(&g.role.as_str())),
            key,
            at,
        )
    }
}

fn pick_grant<'a>(
    mut grants: impl Iterator<Item = &'a Grant> + Clone,
    key: &PublicKey,
    at: DateTime<Utc>,
) -> Result<&'a Grant, CertProblem> {
    if let Some(g) = grants.clone().find(|g| g.valid_at(at)) {
        return Ok(g);
    }
    if grants.next().is_some() {
        Err(CertProblem::NotValidAt {
            key: key.fingerprint(),
            at: at.to_rfc3339(),
        })
    } else {
        Err(CertProblem::NotCertified {
            key: key.fingerprint(),
        })
    }
}

/// Parses an RFC 3339 instant.
pub fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Checks certificates against the accepted roots (the current root and those it succeeded by
/// signed hand-overs, which the caller has checked). Every certificate's signature is checked
/// strictly; a certificate with a problem grants nothing.
pub fn check_chain(roots: &[PublicKey], certs: &[Cert]) -> ChainReport {
    check_chain_with(roots, certs, |c| {
        signing::verify(&c.signer_key, &c.doc, &c.signature).is_ok()
    })
}

/// `check_chain` with each certificate's strict signature check given (`signature_ok`), so a
/// caller holding many certificates (a record of 10,000 ballots) can check them on all cores
/// first; the rules are the same.
pub fn check_chain_with(
    roots: &[PublicKey],
    certs: &[Cert],
    signature_ok: impl Fn(&Cert) -> bool,
) -> ChainReport {
    let mut report = ChainReport::default();
    let is_root = |k: &PublicKey| roots.contains(k);
    let mut good: Vec<&Cert> = Vec::new();
    for c in certs {
        if c.doc.context != c.kind.context() {
            report.problems.push(CertProblem::Malformed {
                id: c.id,
                what: format!("context {}", c.doc.context),
            });
            continue;
        }
        if !signature_ok(c) {
            report.problems.push(CertProblem::BadSignature { id: c.id });
            continue;
        }
        good.push(c);
    }
    let time = |id: i64, field: &str, text: &str| {
        instant(text).ok_or_else(|| CertProblem::BadTime {
            id,
            field: field.to_string(),
        })
    };
    let until = |id: i64, text: &str| -> Result<Option<DateTime<Utc>>, CertProblem> {
        if text.is_empty() {
            Ok(None)
        } else {
            time(id, "valid_until", text).map(Some)
        }
    };
    // 1. Offices, from the root.
    for c in good.iter().filter(|c| c.kind == CertKind::Role) {
        let r = (|| {
            let cert = RoleCert::from_document(&c.doc).map_err(|p| p.with_id(c.id))?;
            if !is_root(&c.signer_key) {
                return Err(CertProblem::NotByRoot { id: c.id });
            }
            if cert.root != c.signer_key {
                return Err(CertProblem::OtherRoot { id: c.id });
            }
            Ok(Grant {
                cert_id: c.id,
                person_id: cert.person_id,
                role: cert.role.clone(),
                key: cert.public_key,
                from: time(c.id, "valid_from", &cert.valid_from)?,
                until: until(c.id, &cert.valid_until)?,
                revoked_by: None,
                issued: time(c.id, "issued_at", &cert.issued_at)?,
                by: 0,
            })
        })();
        match r {
            Ok(g) => report.offices.push(g),
            Err(p) => report.problems.push(p),
        }
    }
    let revocations: Vec<(&Cert, ParsedRevocation)> = good
        .iter()
        .filter(|c| c.kind == CertKind::Revocation)
        .map(|c| {
            let r = Revocation::from_document(&c.doc)
                .map_err(|p| p.with_id(c.id))
                .and_then(|r| {
                    if !is_root(&r.root) {
                        return Err(CertProblem::OtherRoot { id: c.id });
                    }
                    let at = time(c.id, "revoked_at", &r.revoked_at)?;
                    Ok((r, at))
                });
            (*c, r)
        })
        .collect();
    // Only the root ends an office.
    for (c, r) in &revocations {
        if let Ok((rev, at)) = r {
            if is_root(&c.signer_key) {
                cut(&mut report.offices, rev, *at, c.id);
            }
        }
    }
    // 2. Members' keys, from registrars and hosts in office when they signed.
    for c in good.iter().filter(|c| c.kind == CertKind::Enrolment) {
        let r = (|| {
            let cert = EnrolmentCert::from_document(&c.doc).map_err(|p| p.with_id(c.id))?;
            if !is_root(&cert.root) {
                return Err(CertProblem::OtherRoot { id: c.id });
            }
            let issued = time(c.id, "issued_at", &cert.issued_at)?;
            let office = report
                .officer_valid_at(&CERTIFYING_ROLES, &c.signer_key, issued)
                .map_err(|_| CertProblem::SignerNotInOffice {
                    id: c.id,
                    at: cert.issued_at.clone(),
                })?;
            if office.person_id != cert.registrar_id {
                return Err(CertProblem::SignerMismatch { id: c.id });
            }
            if cert.registrar_id == cert.person_id {
                return Err(CertProblem::SelfCertified {
                    id: c.id,
                    person_id: cert.person_id,
                });
            }
            Ok(Grant {
                cert_id: c.id,
                person_id: cert.person_id,
                role: String::new(),
                key: cert.public_key,
                from: time(c.id, "valid_from", &cert.valid_from)?,
                until: until(c.id, &cert.valid_until)?,
                revoked_by: None,
                issued,
                by: cert.registrar_id,
            })
        })();
        match r {
            Ok(g) => report.enrolments.push(g),
            Err(p) => report.problems.push(p),
        }
    }
    // 3. Revocations of members' keys: by a registrar or host in office then. The root's
    // revocations end offices (above), never a member's enrolment: removing someone's office
    // leaves them their vote.
    for (c, r) in revocations {
        let (rev, at) = match r {
            Ok(x) => x,
            Err(p) => {
                report.problems.push(p);
                continue;
            }
        };
        if is_root(&c.signer_key) {
            continue;
        }
        match report.officer_valid_at(&CERTIFYING_ROLES, &c.signer_key, at) {
            Ok(office) if office.person_id == rev.by_id => {}
            Ok(_) => {
                report
                    .problems
                    .push(CertProblem::SignerMismatch { id: c.id });
                continue;
            }
            Err(_) => {
                report.problems.push(CertProblem::SignerNotInOffice {
                    id: c.id,
                    at: rev.revoked_at.clone(),
                });
                continue;
            }
        }
        cut(&mut report.enrolments, &rev, at, c.id);
        report.ended.push(Ended {
            cert_id: c.id,
            person_id: rev.person_id,
            key: rev.public_key,
            at,
        });
    }
    for (i, g) in report.enrolments.iter().enumerate() {
        report
            .by_member
            .entry((g.person_id, g.key.0))
            .or_default()
            .push(i);
    }
    report
}

/// A revocation read from its document, with its instant, or why it could not be.
type ParsedRevocation = Result<(Revocation, DateTime<Utc>), CertProblem>;

/// Ends every grant of the revoked key (for that person) that began before `at`, at `at`.
fn cut(grants: &mut [Grant], rev: &Revocation, at: DateTime<Utc>, id: i64) {
    // A grant from `at` on is a new one (an office certified again after the revocation that
    // ended the key's offices, a key certified again): the revocation does not reach it.
    for g in grants
        .iter_mut()
        .filter(|g| g.key == rev.public_key && g.person_id == rev.person_id && g.from < at)
    {
        if g.until.is_none_or(|u| at < u) {
            g.until = Some(at);
            g.revoked_by = Some(id);
        }
    }
}

/// Reads a document's fields by name and kind, and checks it is exactly the field list its
/// kind defines (no extra, missing or reordered field).
struct Fields<'a> {
    doc: &'a Document,
}

impl<'a> Fields<'a> {
    fn new(doc: &'a Document, context: &str) -> Result<Fields<'a>, CertProblem> {
        if doc.context != context {
            return Err(CertProblem::Malformed {
                id: 0,
                what: format!("context {}", doc.context),
            });
        }
        Ok(Fields { doc })
    }

    fn missing(&self, name: &str) -> CertProblem {
        CertProblem::Malformed {
            id: 0,
            what: format!("field {name}"),
        }
    }

    fn text(&self, name: &str) -> Result<String, CertProblem> {
        self.doc
            .get_text(name)
            .map(str::to_string)
            .ok_or_else(|| self.missing(name))
    }

    fn int(&self, name: &str) -> Result<i64, CertProblem> {
        self.doc.get_int(name).ok_or_else(|| self.missing(name))
    }

    fn key(&self, name: &str) -> Result<PublicKey, CertProblem> {
        let text = self.text(name)?;
        PublicKey::parse(&text).map_err(|_| self.missing(name))
    }

    fn exact(&self, rebuilt: &Document) -> Result<(), CertProblem> {
        if rebuilt == self.doc {
            Ok(())
        } else {
            Err(CertProblem::Malformed {
                id: 0,
                what: "fields".into(),
            })
        }
    }
}

#[cfg(test)]
#[path = "certs_tests.rs"]
mod tests;
