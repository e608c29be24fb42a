//! Why a certificate cannot be made or shown (enrolment, role and revocation certificates, the
//! community root), with its code and the zh/en message saying what to do.

use crate::lang::Lang;
use crate::ops::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertProblem {
    /// Enrolling or rotating a key needs the registrar (or host) who checked the identity to sign
    /// the enrolment certificate with their own key and PIN.
    RegistrarNeeded,
    /// The key named to sign is not the active key of a registrar or host of this community.
    NotRegistrar { name: String },
    /// The signed-in operator is not the person whose key signs: each signs only for themselves.
    SignerNotOperator,
    /// The community has no root key yet (it is made at the next start of the app).
    NoRoot,
    /// The key has no enrolment certificate (enrolled before certificates, or by a setup step).
    NotCertified { holder: String },
    /// A hand-over's countersignature does not verify.
    CountersignatureInvalid,
    /// The key already has a valid enrolment certificate.
    AlreadyCertified { holder: String },
    /// A registrar (or host) named themselves to certify their own key: nobody certifies
    /// themselves.
    SelfCertification { holder: String },
}

impl CertProblem {
    pub fn code(&self) -> ErrorCode {
        match self {
            // Not `Forbidden`, which says the matrix refused the operation: these name a signing
            // key that cannot sign this (the operation itself was allowed).
            CertProblem::RegistrarNeeded
            | CertProblem::CountersignatureInvalid
            | CertProblem::NotRegistrar { .. }
            | CertProblem::SignerNotOperator
            | CertProblem::SelfCertification { .. } => ErrorCode::InvalidInput,
            CertProblem::NoRoot | CertProblem::AlreadyCertified { .. } => ErrorCode::Conflict,
            CertProblem::NotCertified { .. } => ErrorCode::NotFound,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            CertProblem::RegistrarNeeded => lang.pick(
                "登记密钥须由核验身份的登记员（或主持人）用本人的密钥和 PIN 签署登记证书。请登记员输入本人 PIN 后再提交。".into(),
                "Enrolling a key needs the registrar (or host) who checked the identity to sign the enrolment certificate with their own key and PIN. The registrar types their PIN and submits again.".into(),
            ),
            CertProblem::NotRegistrar { name } => lang.pick(
                format!("{name} 不是本小区的登记员或主持人，或其密钥已失效，不能签署登记证书。请由本小区的登记员或主持人签署。"),
                format!("{name} is not a registrar or host of this community, or their key is no longer active, so they cannot sign enrolment certificates. A registrar or host of this community signs."),
            ),
            CertProblem::SignerNotOperator => lang.pick(
                "签署证书的须是当前登录的操作人本人。请签署人本人登录后再操作。".into(),
                "The certificate must be signed by the signed-in operator themselves. The signer signs in and repeats.".into(),
            ),
            CertProblem::NoRoot => lang.pick(
                "本小区还没有根密钥。请重新启动议事厅（启动时会生成并记录），再重试。".into(),
                "This community has no root key yet. Restart Yishi (it makes and logs one at start-up) and try again.".into(),
            ),
            CertProblem::NotCertified { holder } => lang.pick(
                format!("{holder} 的密钥还没有登记证书（在启用证书之前登记，或由初始设置登记）。请登记员核验身份后为其签发登记证书。"),
                format!("{holder}'s key has no enrolment certificate yet (enrolled before certificates, or by a setup step). A registrar checks their identity and certifies it."),
            ),
            CertProblem::AlreadyCertified { holder } => lang.pick(
                format!("{holder} 的这把密钥已有有效的登记证书，无需再次签发。"),
                format!("{holder}'s key already has a valid enrolment certificate; nothing to do."),
            ),
            CertProblem::SelfCertification { holder } => lang.pick(
                format!("{holder} 不能为自己的密钥签发登记证书：须由另一名登记员或主持人当面核验其身份后，用他们自己的 PIN 签署。本次未做任何改动。"),
                format!("{holder} cannot certify their own key: another registrar or the host checks their identity in person and signs with their own PIN. Nothing was changed."),
            ),
            CertProblem::CountersignatureInvalid => lang.pick(
                "街道的会签无效：签名与交接文件或所给公钥不符。请核对街道提供的公钥和签名后重试；本次未做任何改动。".into(),
                "The street office's countersignature does not verify against the hand-over and the key given. Check the key and signature the street office gave; nothing was changed.".into(),
            ),
        }
    }
}
