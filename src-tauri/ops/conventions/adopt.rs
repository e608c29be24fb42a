//! Adopting a convention version: the adoption vote under the instrument the organiser chose
//! (created through `ops::votes::vote_create`, then run in 表决), recording the adoption once
//! that vote closed, passed and became final, filing (备案), publication (公布), and amendments
//! (a new draft version through the same path).
//!
//! Invariants: a version is adopted only by a closed, passed, final vote of its community whose
//! rule carries out an instrument the law allows for the kind and whose motion names the
//! version's hash; its status is derived from these facts, never stored apart from them.

use crate::domain::convention::{Instrument, article_label};
use crate::domain::states::VoteStatus;
use crate::lang::Lang;
use crate::ops::conventions::ConventionProblem as P;
use crate::ops::conventions::*;
use crate::ops::conventions::{err, finish, kind_of, log, require_version, required};
use crate::ops::votes::{RuleQuery, VoteCreate, VoteKind};
use crate::ops::{Caller, Ctx, OpResult};
use crate::store::conventions::{
    self as store, AdoptionRow, ConventionRow, Notice, NoticeRow, VersionRow,
};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

async fn status_of(conn: &mut SqliteConnection, v: &VersionRow) -> OpResult<VersionStatus> {
    Ok(states(conn, v.convention_id)
        .await?
        .into_iter()
        .find(|(x, _)| x.id == v.id)
        .map(|(_, s)| s)
        .unwrap_or(VersionStatus::Draft))
}

/// A frozen, not yet adopted version, and an instrument the law allows for its kind.
async fn ready_for_vote(
    conn: &mut SqliteConnection,
    version_id: i64,
    instrument: Instrument,
    lang: Lang,
) -> OpResult<(ConventionRow, VersionRow)> {
    let (c, v) = require_version(conn, version_id).await?;
    let kind = kind_of(&c)?;
    match status_of(conn, &v).await? {
        VersionStatus::Draft => return Err(err(P::NotFrozen)),
        VersionStatus::Adopted | VersionStatus::Superseded => return Err(err(P::AlreadyAdopted)),
        VersionStatus::Frozen => {}
    }
    if !kind.instruments().contains(&instrument) {
        let allowed: Vec<&str> = kind
            .instruments()
            .iter()
            .map(|i| instrument_label(*i, lang))
            .collect();
        return Err(err(P::InstrumentNotAllowed {
            kind: kind.label(lang).into(),
            allowed: allowed.join(lang.pick("或", " or ")),
        }));
    }
    // A running vote stays linked; a draft or failed one may be replaced.
    if let Some(id) = v.vote_id {
        let row = crate::ops::votes::require_vote(conn, id).await?;
        if row.status == VoteStatus::Open
            || (row.status == VoteStatus::Closed && passed(&row) == Some(true))
        {
            return Err(err(P::VoteRunning));
        }
    }
    Ok((c, v))
}

/// The motion every ballot signs: the title, version, hash and full text.
fn motion(
    c: &ConventionRow,
    v: &VersionRow,
    hash: &str,
    articles: &[crate::domain::convention::Article],
) -> String {
    let mut text = format!(
        "通过《{}》第{}版（文本哈希 {hash}），全文如下：\n",
        c.title, v.number
    );
    for a in articles {
        text.push_str(&format!(
            "{} {}\n",
            article_label(a.number, Lang::Zh),
            a.text
        ));
    }
    text.push_str("同意即表示同意通过以上文本。");
    text
}

pub async fn convention_adoption_vote(
    ctx: &Ctx,
    by: &Caller,
    input: AdoptionVote,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let (c, v, articles) = {
        let store_ = ctx.store().await;
        let mut conn = store_.reader().acquire().await?;
        let (c, v) = ready_for_vote(&mut conn, input.version_id, input.instrument, lang).await?;
        let articles = store::articles(&mut conn, v.id).await?;
        (c, v, articles)
    };
    let kind = kind_of(&c)?;
    let category = input.instrument.category(kind);
    let advice = crate::ops::votes::rule_advice(
        ctx,
        RuleQuery {
            entrance: None,
            residents_mode: None,
            community_id: c.community_id,
            category,
            building: None,
        },
    )
    .await?;
    if !input.instrument.accepts(&advice.settings.rule) {
        return Err(err(P::VoteMismatch));
    }
    let hash = v.hash.clone().unwrap_or_default();
    let vote = crate::ops::votes::vote_create(
        ctx,
        by,
        VoteCreate {
            community_id: c.community_id,
            title: format!("表决通过《{}》第{}版", c.title, v.number),
            motion: motion(&c, &v, &hash, &articles),
            category,
            kind: VoteKind::Question,
            settings: advice.settings,
            opens_at: input.opens_at,
            closes_at: input.closes_at,
            objection_days: input.objection_days,
            agenda_item_id: input.agenda_item_id,
            matter_id: input.matter_id,
        },
    )
    .await?;
    link(ctx, by, v.id, input.instrument, vote.vote_id, lang).await
}

/// Links a vote made in 表决; its motion must name the version's hash.
pub async fn convention_adoption_link(
    ctx: &Ctx,
    by: &Caller,
    input: AdoptionLink,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    link(
        ctx,
        by,
        input.version_id,
        input.instrument,
        input.vote_id,
        lang,
    )
    .await
}

async fn link(
    ctx: &Ctx,
    by: &Caller,
    version_id: i64,
    instrument: Instrument,
    vote_id: i64,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let (c, v) = ready_for_vote(tx.conn(), version_id, instrument, lang).await?;
    let row = crate::ops::votes::require_vote(tx.conn(), vote_id).await?;
    let rule = crate::ops::votes::settings_of(&row)?.rule;
    let hash = v.hash.clone().unwrap_or_default();
    if row.community_id != c.community_id
        || !instrument.accepts(&rule)
        || !row.motion.contains(&hash)
    {
        return Err(err(P::VoteMismatch));
    }
    store::link_vote(tx.conn(), v.id, instrument.as_str(), vote_id).await?;
    log(
        &mut tx,
        by,
        c.community_id,
        "convention.vote_linked",
        json!({ "version_id": v.id, "vote_id": vote_id, "instrument": instrument, "hash": hash }),
    )
    .await?;
    finish(tx, c.id, by, lang).await
}

/// Records the adoption once the linked vote closed, passed under the right rule and is final.
pub async fn convention_adopt(
    ctx: &Ctx,
    by: &Caller,
    input: VersionRef,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let (c, v) = require_version(tx.conn(), input.version_id).await?;
    match status_of(tx.conn(), &v).await? {
        VersionStatus::Draft => return Err(err(P::NotFrozen)),
        VersionStatus::Adopted | VersionStatus::Superseded => return Err(err(P::AlreadyAdopted)),
        VersionStatus::Frozen => {}
    }
    let (Some(vote_id), Some(instrument)) = (v.vote_id, v.instrument()?) else {
        return Err(err(P::NoVote));
    };
    let (row, linked) = linked_vote(tx.conn(), vote_id, by.now).await?;
    if !instrument.accepts(&crate::ops::votes::settings_of(&row)?.rule)
        || !row.motion.contains(v.hash.as_deref().unwrap_or("-"))
    {
        return Err(err(P::VoteMismatch));
    }
    match linked.passed {
        None => return Err(err(P::VoteNotClosed)),
        Some(false) => return Err(err(P::VoteNotPassed)),
        Some(true) if !linked.is_final => {
            return Err(err(P::VoteNotFinal {
                at: linked.final_at.unwrap_or_default(),
            }));
        }
        Some(true) => {}
    }
    let adoption = AdoptionRow {
        version_id: v.id,
        vote_id: Some(vote_id),
        instrument: instrument.as_str().into(),
        result_hash: row.result_hash.clone().unwrap_or_default(),
        evidence: String::new(),
        evidence_sha256: None,
        adopted_at: crate::ops::context::stamp(by.now),
        recorded_by: by.actor.clone(),
    };
    store::insert_adoption(tx.conn(), &adoption).await?;
    log(&mut tx, by, c.community_id, "convention.adopted", json!({ "version_id": v.id, "number": v.number, "hash": v.hash, "vote_id": vote_id, "result_sha256": adoption.result_hash })).await?;
    finish(tx, c.id, by, lang).await
}

/// Records a version adopted on paper before the community used Yishi. The app cannot recount
/// that meeting, so the adoption names its record and the scan's hash and is shown as such.
pub async fn convention_adopt_recorded(
    ctx: &Ctx,
    by: &Caller,
    input: RecordedAdoption,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let evidence = required(&input.evidence, "会议记录", "Meeting record")?;
    let sha = input.evidence_sha256.trim().to_ascii_lowercase();
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(err(P::BadPhotoHash));
    }
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let (c, v) = ready_for_vote(tx.conn(), input.version_id, input.instrument, lang).await?;
    let adoption = AdoptionRow {
        version_id: v.id,
        vote_id: None,
        instrument: input.instrument.as_str().into(),
        result_hash: String::new(),
        evidence: evidence.clone(),
        evidence_sha256: Some(sha.clone()),
        adopted_at: crate::ops::context::stamp(by.now),
        recorded_by: by.actor.clone(),
    };
    store::insert_adoption(tx.conn(), &adoption).await?;
    log(&mut tx, by, c.community_id, "convention.adoption_recorded", json!({ "version_id": v.id, "number": v.number, "hash": v.hash, "instrument": input.instrument, "evidence": evidence, "evidence_sha256": sha })).await?;
    finish(tx, c.id, by, lang).await
}

pub(crate) fn parse_day(text: &str) -> OpResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| err(P::BadDay(text.to_string())))
}

async fn notice(
    ctx: &Ctx,
    by: &Caller,
    input: NoticeInput,
    which: Notice,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let (place, reference) = match which {
        Notice::Filing => (
            required(&input.place, "备案机关", "Filed with")?,
            required(&input.reference, "备案编号", "Reference number")?,
        ),
        Notice::Publication => (
            required(&input.place, "公布地点", "Published at")?,
            String::new(),
        ),
    };
    let day = parse_day(&input.day)?.to_string();
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let (c, v) = require_version(tx.conn(), input.version_id).await?;
    if status_of(tx.conn(), &v).await? != VersionStatus::Adopted {
        return Err(err(P::NotAdopted));
    }
    let row = NoticeRow {
        id: 0,
        version_id: v.id,
        place: place.clone(),
        day: day.clone(),
        reference: reference.clone(),
        recorded_at: crate::ops::context::stamp(by.now),
        recorded_by: by.actor.clone(),
    };
    store::insert_notice(tx.conn(), which, &row).await?;
    let kind = if which == Notice::Filing {
        "convention.filed"
    } else {
        "convention.published"
    };
    log(
        &mut tx,
        by,
        c.community_id,
        kind,
        json!({ "version_id": v.id, "place": place, "day": day, "reference": reference }),
    )
    .await?;
    finish(tx, c.id, by, lang).await
}

pub async fn convention_file(
    ctx: &Ctx,
    by: &Caller,
    input: NoticeInput,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    notice(ctx, by, input, Notice::Filing, lang).await
}

pub async fn convention_publish(
    ctx: &Ctx,
    by: &Caller,
    input: NoticeInput,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    notice(ctx, by, input, Notice::Publication, lang).await
}

/// Starts an amendment: a new draft with the articles of the version in force.
pub async fn convention_amend(
    ctx: &Ctx,
    by: &Caller,
    input: ConventionRef,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let c = require_convention(tx.conn(), input.convention_id).await?;
    let all = states(tx.conn(), c.id).await?;
    let Some((newest, status)) = all.last() else {
        return Err(err(P::NoSuchConvention(c.id)));
    };
    if *status != VersionStatus::Adopted {
        return Err(err(P::DraftInProgress {
            number: newest.number,
        }));
    }
    let articles = store::articles(tx.conn(), newest.id).await?;
    let at = crate::ops::context::stamp(by.now);
    let id = store::insert_version(tx.conn(), c.id, Some(newest.id), &at, &by.actor).await?;
    store::replace_articles(tx.conn(), id, &articles).await?;
    log(
        &mut tx,
        by,
        c.community_id,
        "convention.amendment_started",
        json!({ "convention_id": c.id, "version_id": id, "based_on": newest.id }),
    )
    .await?;
    finish(tx, c.id, by, lang).await
}
