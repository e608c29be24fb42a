//! Certificates as operations: certifying a key that has none (`key_certify`), listing a
//! community's or a person's certificates re-checked against its roots (`cert_list`), and the
//! member's signed enrolment receipt (`key_receipt`) with the notice of purpose.

use crate::crypto::anchor::short_form;
use crate::crypto::certs::{CertKind, CertProblem as ChainProblem};
use crate::crypto::signing::PublicKey;
use crate::formats::signed::SignedFile;
use crate::lang::Lang;
use crate::ops::documents::{esc, page};
use crate::ops::keys::certify::{self, EnrolFacts, NewCertificate};
use crate::ops::keys::{
    CertProblem, CertQuery, CertView, KeyCertify, KeyReceipt, KeyReceiptQuery, KeyStatus, KeyView,
    public_of,
};
use crate::ops::{Caller, Ctx, KeyProblem, OpError, OpResult};
use crate::store::certs as cert_store;
use crate::store::keys as key_store;
use base64::Engine;
use serde_json::json;

fn id_check_text(c: crate::ops::keys::IdCheck) -> &'static str {
    use crate::ops::keys::IdCheck;
    match c {
        IdCheck::IdCard => "id_card",
        IdCheck::HouseholdRegister => "household_register",
        IdCheck::PropertyCertificate => "property_certificate",
        IdCheck::OtherDocument => "other_document",
        IdCheck::KnownInPerson => "known_in_person",
    }
}

/// `key_certify`: a registrar (or host), the signed-in operator, checks the holder's identity
/// again and signs the enrolment certificate of an active key that has none.
pub async fn key_certify(ctx: &Ctx, by: &Caller, input: KeyCertify) -> OpResult<KeyView> {
    let store = ctx.store().await;
    let (key, public, community, units) = {
        let mut conn = store.reader().acquire().await?;
        let community = crate::ops::context::require(&mut conn, input.community_id).await?;
        let key = key_store::get(&mut conn, input.key_id)
            .await?
            .filter(|k| k.community_id == input.community_id && k.status == KeyStatus::Active)
            .ok_or(OpError::Key(KeyProblem::NotActive))?;
        let public = public_of(&key)?;
        if certify::is_certified(&mut conn, input.community_id, key.person_id, &public).await? {
            return Err(OpError::Cert(CertProblem::AlreadyCertified {
                holder: key.person_name,
            }));
        }
        let units = crate::ops::context::unit_labels(&mut conn, key.person_id).await?;
        (key, public, community.name, units)
    };
    let at = crate::ops::context::stamp(by.now);
    let cert = certify::certify_enrolment(
        &store,
        &ctx.secrets(),
        by,
        Some(&input.registrar),
        EnrolFacts {
            community_id: input.community_id,
            community: &community,
            person_id: key.person_id,
            holder: &key.person_name,
            units: &units,
            public,
            check: id_check_text(input.check),
            at: &at,
        },
    )
    .await?
    .expect("a registrar was given, so a certificate was signed");
    let registrar = cert.registrar.person_name.clone();
    let mut tx = store.begin().await?;
    let hash = certify::file(
        &mut tx,
        by,
        input.community_id,
        NewCertificate {
            kind: CertKind::Enrolment,
            person_id: key.person_id,
            public_key: &public,
            signer_key: &cert.signer,
            doc: &cert.doc,
            signature: &cert.signature,
        },
    )
    .await?;
    certify::certify_offices(
        &mut tx,
        &ctx.secrets(),
        by,
        input.community_id,
        key.person_id,
    )
    .await?;
    crate::ops::log(
        &mut tx,
        by,
        input.community_id,
        "key.certified",
        json!({ "key_id": key.id, "holder": key.person_name, "person_id": key.person_id,
                "fingerprint": public.fingerprint(), "registrar": registrar,
                "check_method": id_check_text(input.check), "cert_hash": hash }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    crate::ops::keys::key_list(ctx, input.community_id)
        .await?
        .into_iter()
        .find(|k| k.key_id == key.id)
        .ok_or(OpError::Key(KeyProblem::NotActive))
}

fn problem_text(p: &ChainProblem, lang: Lang) -> String {
    p.text(lang == Lang::Zh)
}

fn names(p: &ChainProblem, id: i64) -> bool {
    match p {
        ChainProblem::Malformed { id: i, .. }
        | ChainProblem::BadSignature { id: i }
        | ChainProblem::NotByRoot { id: i }
        | ChainProblem::SignerNotInOffice { id: i, .. }
        | ChainProblem::SignerMismatch { id: i }
        | ChainProblem::SelfCertified { id: i, .. }
        | ChainProblem::OtherRoot { id: i }
        | ChainProblem::BadTime { id: i, .. } => *i == id,
        ChainProblem::NotCertified { .. } | ChainProblem::NotValidAt { .. } => false,
    }
}

/// `cert_list`: the community's certificates (or one person's), oldest first, each re-checked
/// now against the community's roots with `crypto::certs::check_chain`.
pub async fn cert_list(ctx: &Ctx, q: CertQuery, lang: Lang) -> OpResult<Vec<CertView>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, q.community_id).await?;
    let (roots, _, report) = certify::chain_of(&mut conn, q.community_id).await?;
    let rows = cert_store::certs(&mut conn, q.community_id, q.person_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let c = crate::ops::anchor::root::cert_of(&row)?;
        let holder = match c.doc.get_text("holder") {
            Some(h) => h.to_string(),
            None => crate::store::roles::person_community(&mut conn, row.person_id)
                .await?
                .map(|(_, n)| n)
                .unwrap_or_default(),
        };
        let signed_by = match roots.iter().position(|r| *r == c.signer_key) {
            Some(i) => lang.pick(
                format!("根密钥 第 {} 代", i + 1),
                format!("root generation {}", i + 1),
            ),
            None => c
                .doc
                .get_text("registrar")
                .or(c.doc.get_text("by"))
                .unwrap_or_default()
                .to_string(),
        };
        let subject = PublicKey::parse(&row.public_key)
            .map_err(|_| OpError::Key(KeyProblem::SealedDamaged))?;
        let problem = report.problems.iter().find(|p| names(p, c.id));
        let hash = c.doc.hash_hex();
        out.push(CertView {
            cert_id: c.id,
            kind: c.kind.as_str().to_string(),
            person_id: row.person_id,
            holder,
            role: c.doc.get_text("role").map(str::to_string),
            public_key: subject.text(),
            fingerprint: subject.fingerprint(),
            signed_by,
            signer_key: c.signer_key.text(),
            issued_at: row.issued_at.clone(),
            short_hash: short_form(&hash),
            cert_hash: hash,
            file: SignedFile::new(c.doc.clone(), &c.signer_key, c.signature.clone()),
            valid: problem.is_none(),
            problem: problem.map(|p| problem_text(p, lang)),
        });
    }
    Ok(out)
}

/// One item of the notice of purpose: its title and text, in Chinese and English.
pub struct NoticeLine {
    pub title: (&'static str, &'static str),
    pub text: (&'static str, &'static str),
}

/// The notice of purpose (个人信息保护法 Art. 17): what is kept, why, how long, who sees it, and
/// the holder's rights. Printed on every enrolment receipt (both languages) and shown at
/// enrolment (`enrolment_notice`).
pub const NOTICE_OF_PURPOSE: &[NoticeLine] = &[
    NoticeLine {
        title: ("保存什么", "What is kept"),
        text: (
            "姓名、房屋（单元）、身份证号的带密钥摘要和末四位（号码本身不保存）、名册中的联系电话（显示时遮盖）、您的公钥、身份核验方式、核验的登记员和时间。私钥由您本人的 PIN 加密保存，任何人（包括登记员）都看不到您的 PIN。",
            "Your name, unit(s), a keyed digest and the last four characters of your ID number (never the number itself), the roll's phone number (shown masked), your public key, how and by which registrar your identity was checked, and when. Your private key is sealed under your own PIN; nobody, the registrar included, sees the PIN.",
        ),
    },
    NoticeLine {
        title: ("为什么", "Why"),
        text: (
            "用于确认表决票和签名确由您本人作出，并让任何业主、街道或法院事后能独立核验表决结果（民法典第二百七十八条；个人信息保护法第十三条、第十七条）。不用于其他目的。",
            "To establish that ballots and signatures under your key are yours, and to let any owner, the street office or a court re-check a vote's result independently afterwards (Civil Code Art. 278; PIPL Arts. 13 and 17). For no other purpose.",
        ),
    },
    NoticeLine {
        title: ("保存多久", "For how long"),
        text: (
            "与本小区的表决和会议记录同期保存：这些记录须供业主查阅和核验（最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释第十三条）。密钥被吊销或更换后，证书仍留在已经发生的记录中，但不再能用于新的签名。",
            "As long as the community's vote and meeting records are kept, since owners may inspect and re-check them (SPC Interpretation on building ownership disputes, Art. 13). After your key is revoked or replaced, its certificate stays in the records already made, but the key signs nothing new.",
        ),
    },
    NoticeLine {
        title: ("谁能看到", "Who sees it"),
        text: (
            "本小区的主持人、登记员、记录员和计票人在本机查看名册。随表决通知公布给所有人的清单只列房屋（单元）和密钥指纹，不列姓名和身份证号；业主查阅本可列姓名。",
            "The community's host, registrar, secretary and counter read the roll on this computer. The list published with each vote notice names units and key fingerprints only, not names or ID numbers; the owners' inspection copy may carry names.",
        ),
    },
    NoticeLine {
        title: ("您的权利", "Your rights"),
        text: (
            "您可以查阅、复制和更正您的信息（个人信息保护法第四十四条至第四十六条），可以随时请登记员吊销您的密钥并重新登记。已公布记录中的证书不能删除（否则记录无法核验），其余信息在不再需要时删除（第四十七条）。",
            "You may see, copy and correct your data (PIPL Arts. 44-46), and have the registrar revoke your key and enrol a new one at any time. A certificate in a published record cannot be erased (the record could no longer be checked); the rest is deleted when no longer needed (Art. 47).",
        ),
    },
];

/// The facts a receipt prints, taken from the certificate itself (never from other tables).
struct ReceiptFacts<'a> {
    community: &'a str,
    holder: &'a str,
    units: &'a str,
    fingerprint: String,
    public_key: String,
    registrar: &'a str,
    check_method: String,
    issued_at: &'a str,
    root_fingerprint: &'a str,
    root_generation: i64,
    cert_hash: &'a str,
}

fn check_label(method: &str) -> String {
    let (zh, en) = match method {
        "id_card" => ("居民身份证原件", "ID card"),
        "household_register" => ("户口簿", "household register"),
        "property_certificate" => ("不动产权证书", "property certificate"),
        "other_document" => ("护照或其他证件", "passport or other document"),
        "known_in_person" => ("工作人员当面认识并确认", "known in person"),
        other => (other, other),
    };
    format!("{zh} / {en}")
}

fn receipt_html(f: &ReceiptFacts) -> String {
    let row = |zh: &str, en: &str, value: &str, mono: bool| {
        format!(
            "<tr><th>{zh}<br><span class=\"meta\">{en}</span></th><td{}>{}</td></tr>",
            if mono { " class=\"hash\"" } else { "" },
            esc(value)
        )
    };
    let mut body = String::new();
    body.push_str("<h1>密钥登记回执</h1><p class=\"meta\" style=\"text-align:center\">Key enrolment receipt</p>");
    body.push_str("<table>");
    body.push_str(&row("小区", "Community", f.community, false));
    body.push_str(&row("持有人", "Holder", f.holder, false));
    body.push_str(&row("房屋", "Unit(s)", f.units, false));
    body.push_str(&row("密钥指纹", "Key fingerprint", &f.fingerprint, true));
    body.push_str(&row("公钥", "Public key", &f.public_key, true));
    body.push_str(&row(
        "身份核验",
        "Identity checked by",
        &f.check_method,
        false,
    ));
    body.push_str(&row("登记员", "Registrar", f.registrar, false));
    body.push_str(&row("签发时间", "Issued at", f.issued_at, false));
    body.push_str(&row(
        &format!("小区根密钥指纹（第 {} 代）", f.root_generation),
        "Community root fingerprint",
        f.root_fingerprint,
        true,
    ));
    body.push_str(&row(
        "证书编号（哈希）",
        "Certificate hash",
        &short_form(f.cert_hash),
        true,
    ));
    body.push_str("</table>");
    body.push_str(&format!(
        "<div>{}</div>",
        crate::ops::keys::lifecycle::qr_svg(&format!("sha256:{}", f.cert_hash))
    ));
    body.push_str("<p class=\"warn\">请核对：每次表决通知都会公布本小区登记的密钥清单（按房屋列出密钥指纹）。请在清单中找到您房屋旁的指纹，确认与上面的“密钥指纹”一致；通知上印的根密钥指纹应与上面的一致。如果不一致，或您没有申请却出现了新的密钥，请立即告知街道办事处或社区居委会。<br>Check: each vote notice publishes the community's list of enrolled keys (key fingerprints by unit). Find your unit's fingerprint and compare it with the one above, and the root fingerprint printed on the notice with the one above. If they differ, or a key appears that you did not ask for, tell the street office or the residents' committee at once.</p>");
    body.push_str("<h2>个人信息处理告知 / Notice of purpose</h2><table>");
    for n in NOTICE_OF_PURPOSE {
        body.push_str(&row(
            n.title.0,
            n.title.1,
            &format!("{} / {}", n.text.0, n.text.1),
            false,
        ));
    }
    body.push_str("</table>");
    page(&format!("密钥登记回执 {}", f.holder), &body)
}

/// `key_receipt`: the member's signed enrolment receipt (printable page and certificate), built
/// from the key's newest enrolment certificate; saved into Downloads when asked.
pub async fn key_receipt(ctx: &Ctx, q: KeyReceiptQuery) -> OpResult<KeyReceipt> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let community = crate::ops::context::require(&mut conn, q.community_id).await?;
    let key = key_store::get(&mut conn, q.key_id)
        .await?
        .filter(|k| k.community_id == q.community_id)
        .ok_or(OpError::Key(KeyProblem::NotActive))?;
    let public = public_of(&key)?;
    let hex = public.hex();
    let row = cert_store::certs(&mut conn, q.community_id, Some(key.person_id))
        .await?
        .into_iter()
        .rev()
        .find(|c| c.kind == CertKind::Enrolment.as_str() && c.public_key == hex)
        .ok_or_else(|| {
            OpError::Cert(CertProblem::NotCertified {
                holder: key.person_name.clone(),
            })
        })?;
    let stored = crate::ops::anchor::root::cert_of(&row)?;
    let cert = crate::crypto::certs::EnrolmentCert::from_document(&stored.doc)
        .map_err(|_| OpError::Key(KeyProblem::SealedDamaged))?;
    let roots = crate::ops::anchor::root_history(&mut conn, q.community_id).await?;
    let (generation, root_fingerprint) = roots
        .iter()
        .find(|r| r.info.public == cert.root)
        .map(|r| (r.info.generation, r.info.fingerprint.clone()))
        .ok_or(OpError::Cert(CertProblem::NoRoot))?;
    let hash = stored.doc.hash_hex();
    let html = receipt_html(&ReceiptFacts {
        community: &community.name,
        holder: &cert.holder,
        units: &cert.units,
        fingerprint: public.fingerprint(),
        public_key: public.text(),
        registrar: &cert.registrar,
        check_method: check_label(&cert.check_method),
        issued_at: &cert.issued_at,
        root_fingerprint: &root_fingerprint,
        root_generation: generation,
        cert_hash: &hash,
    });
    let certificate = SignedFile::new(stored.doc.clone(), &stored.signer_key, stored.signature);
    let file_name =
        crate::domain::file_names::safe_file_name(&format!("{}-密钥登记回执.html", cert.holder));
    let (mut saved_to, mut certificate_saved_to) = (None, None);
    if q.save_to_downloads {
        let dir = crate::ops::documents::downloads(ctx.backup_dir());
        let json_name =
            crate::domain::file_names::safe_file_name(&format!("{}-登记证书.json", cert.holder));
        let json = serde_json::to_vec_pretty(&certificate).map_err(|e| OpError::BadArguments {
            op: "key_receipt".into(),
            detail: e.to_string(),
        })?;
        let page_path = crate::ops::documents::save_bytes_into(&dir, &file_name, html.as_bytes())?;
        let json_path = crate::ops::documents::save_bytes_into(&dir, &json_name, &json)?;
        saved_to = Some(page_path.display().to_string());
        certificate_saved_to = Some(json_path.display().to_string());
    }
    Ok(KeyReceipt {
        page: crate::ops::types::ExportFile {
            file_name,
            mime: "text/html;charset=utf-8".into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(html.as_bytes()),
            saved_to,
        },
        certificate,
        certificate_saved_to,
        cert_hash: hash,
        root_fingerprint,
    })
}

/// The app's own setup steps (the first host, the demo): the key of `person_id` is certified by
/// `signer`'s key and PIN, unless it already is. Acts without an operator: no one is signed in
/// yet. Nobody certifies their own key: the first host's key (signer = the person) stays on the
/// root's word (the manifest lists it with no certificate, verify counts it, the key list
/// shows it as not certified by a registrar) until a registrar certifies it.
pub(crate) async fn certify_in_setup(
    ctx: &Ctx,
    by: &Caller,
    community_id: i64,
    person_id: i64,
    signer: &crate::ops::keys::RegistrarSign,
) -> OpResult<()> {
    let own = {
        let store = ctx.store().await;
        certify::signs_for_self(&store, signer, person_id).await?
    };
    if own {
        return Ok(());
    }
    let key = {
        let store = ctx.store().await;
        let mut conn = store.reader().acquire().await?;
        let Some(key) = key_store::active_for(&mut conn, person_id).await? else {
            return Ok(());
        };
        if certify::is_certified(&mut conn, community_id, person_id, &public_of(&key)?).await? {
            return Ok(());
        }
        key
    };
    let setup = Caller::new(by.actor.clone(), by.now);
    key_certify(
        ctx,
        &setup,
        KeyCertify {
            community_id,
            key_id: key.id,
            check: crate::ops::keys::IdCheck::KnownInPerson,
            registrar: signer.clone(),
        },
    )
    .await?;
    Ok(())
}

/// `enrolment_notice`: the notice of purpose in the caller's language, shown before enrolling.
pub fn enrolment_notice(lang: Lang) -> Vec<crate::ops::keys::NoticeItem> {
    NOTICE_OF_PURPOSE
        .iter()
        .map(|n| crate::ops::keys::NoticeItem {
            title: lang.pick(n.title.0, n.title.1).to_string(),
            text: lang.pick(n.text.0, n.text.1).to_string(),
        })
        .collect()
}
