//! A convention as the app shows it: the detail page (every version with its reviews, vote,
//! adoption, filings and the next step) that each write answers with (`finish`).

use crate::domain::convention::Instrument;
use crate::formats::record::RecordResult;
use crate::lang::Lang;
use crate::ops::conventions::*;
use crate::ops::votes::VoteStatus;
use crate::ops::{Caller, OpResult};
use crate::store::WriteTx;
use crate::store::conventions::{self as store, ConventionRow, Notice, NoticeRow, VersionRow};
use crate::store::votes::VoteRow;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

/// Commits a convention write and returns the convention as it now stands.
pub(crate) async fn finish(
    mut tx: WriteTx,
    convention_id: i64,
    by: &Caller,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let out = detail(tx.conn(), convention_id, by.now, lang).await?;
    tx.commit().await?;
    Ok(out)
}

pub(crate) async fn detail(
    conn: &mut SqliteConnection,
    convention_id: i64,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let c = require_convention(conn, convention_id).await?;
    let kind = kind_of(&c)?;
    let mut versions = Vec::new();
    for (v, status) in states(conn, c.id).await? {
        versions.push(version_view(conn, &c, v, status, now, lang).await?);
    }
    let numbers: std::collections::BTreeMap<i64, i64> =
        versions.iter().map(|v| (v.version_id, v.number)).collect();
    let suggestions = store::suggestions(conn, c.id)
        .await?
        .into_iter()
        .map(|s| SuggestionView {
            version_number: numbers.get(&s.version_id).copied().unwrap_or_default(),
            article: s.article.and_then(|a| u32::try_from(a).ok()),
            author: s.author,
            text: s.text,
            created_at: s.created_at,
        })
        .collect();
    Ok(ConventionDetail {
        convention_id: c.id,
        kind,
        kind_label: kind.label(lang).into(),
        title: c.title.clone(),
        instruments: kind
            .instruments()
            .iter()
            .map(|&i| InstrumentOption {
                instrument: i,
                label: instrument_label(i, lang).into(),
                category: i.category(kind),
                explanation: i.explain(kind, lang),
            })
            .collect(),
        versions,
        suggestions,
    })
}

pub(crate) fn instrument_label(i: Instrument, lang: Lang) -> &'static str {
    match i {
        Instrument::ResidentsMeeting => lang.pick("居民会议表决", "Residents' meeting"),
        Instrument::OwnersVote => lang.pick(
            "业主共同决定（民法典第二百七十八条）",
            "Owners' vote (Civil Code Art. 278)",
        ),
    }
}

pub(crate) fn passed(row: &VoteRow) -> Option<bool> {
    let text = row.result.as_deref()?;
    serde_json::from_str::<RecordResult>(text)
        .ok()
        .map(|r| r.outcome.passed())
}

pub(crate) async fn linked_vote(
    conn: &mut SqliteConnection,
    vote_id: i64,
    now: DateTime<Utc>,
) -> OpResult<(VoteRow, LinkedVote)> {
    let row = crate::ops::votes::require_vote(conn, vote_id).await?;
    let view = crate::ops::votes::view(&row, 0, now)?;
    let linked = LinkedVote {
        vote_id,
        title: row.title.clone(),
        status: view.status,
        passed: passed(&row),
        is_final: view.is_final,
        final_at: view.final_at,
    };
    Ok((row, linked))
}

pub(crate) fn notice_views(rows: Vec<NoticeRow>) -> Vec<ConventionNotice> {
    rows.into_iter()
        .map(|n| ConventionNotice {
            place: n.place,
            day: n.day,
            reference: n.reference,
            recorded_by: n.recorded_by,
        })
        .collect()
}

pub(crate) fn next_step(status: VersionStatus, v: &VersionView, lang: Lang) -> String {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    match status {
        VersionStatus::Draft if !v.reviews.iter().any(|r| r.approved && r.current) => p(
            "起草条文，收集居民建议；完成后请审查单位审查并记录意见。",
            "Draft the articles and collect suggestions; then have it reviewed and record the review.",
        ),
        VersionStatus::Draft => p(
            "审查已同意当前文本：可以定稿。",
            "The review approved the current text: freeze it.",
        ),
        VersionStatus::Frozen => match &v.vote {
            None => p(
                "选择通过方式并发起表决。",
                "Choose the instrument and create the adoption vote.",
            ),
            Some(vote) if vote.status != VoteStatus::Closed => p(
                "表决在“表决”中进行：开启、投票、由主持人和记录员结束。",
                "The vote runs under Votes: open it, collect ballots, and have the host and secretary close it.",
            ),
            Some(vote) if vote.passed == Some(false) => p(
                "表决未通过：可修改后另行表决（重新关联新的表决）。",
                "The vote failed: revise and link a new vote.",
            ),
            Some(_) => p(
                "表决已通过：结果生效后登记通过。",
                "The vote passed: record the adoption once the result is final.",
            ),
        },
        VersionStatus::Adopted if v.filings.is_empty() || v.publications.is_empty() => p(
            "登记备案和公布，然后请各户签名确认。",
            "Record the filing and the publication, then have each household acknowledge it.",
        ),
        VersionStatus::Adopted => p(
            "现行有效：请各户签名确认，记录违约并定期评估。",
            "In force: collect acknowledgements, record violations, evaluate periodically.",
        ),
        VersionStatus::Superseded => p("已被新版本取代。", "Replaced by a newer version."),
    }
}

pub(crate) async fn version_view(
    conn: &mut SqliteConnection,
    c: &ConventionRow,
    v: VersionRow,
    status: VersionStatus,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<VersionView> {
    let articles = store::articles(conn, v.id).await?;
    let text_hash = text_hash(conn, c, &v, &articles).await?;
    let reviews = store::reviews(conn, v.id)
        .await?
        .into_iter()
        .map(|r| ReviewView {
            current: r.text_hash == text_hash,
            reviewer: r.reviewer,
            organisation: r.organisation,
            comments: r.comments,
            approved: r.approved,
            reviewed_at: r.reviewed_at,
        })
        .collect();
    let vote = match v.vote_id {
        Some(id) => Some(linked_vote(conn, id, now).await?.1),
        None => None,
    };
    let adoption = match store::adoption(conn, v.id).await? {
        Some(a) => Some(AdoptionView {
            instrument: a.instrument()?,
            vote_id: a.vote_id,
            evidence: a.evidence,
            evidence_sha256: a.evidence_sha256,
            result_hash: a.result_hash,
            adopted_at: a.adopted_at,
        }),
        None => None,
    };
    let instrument = v.instrument()?;
    let mut view = VersionView {
        version_id: v.id,
        number: v.number,
        status,
        created_at: v.created_at,
        created_by: v.created_by,
        hash: v.hash,
        text_hash,
        frozen_at: v.frozen_at,
        instrument,
        vote,
        articles: article_views(&articles, lang),
        reviews,
        adoption,
        filings: notice_views(store::notices(conn, Notice::Filing, v.id).await?),
        publications: notice_views(store::notices(conn, Notice::Publication, v.id).await?),
        next_step: String::new(),
    };
    view.next_step = next_step(status, &view, lang);
    Ok(view)
}
