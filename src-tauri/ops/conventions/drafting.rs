//! Conventions, drafting (定约): create, edit a draft's articles, collect suggestions, record
//! reviews, freeze the reviewed text by its hash, read a convention, diff two versions.
//! Adoption, filing, publication and amendments are in `convention_adopt`; acknowledgements,
//! violations, the evaluation report and the conduct rules in `convention_practice`.
//!
//! Invariants: a version's text changes only while it is a draft; freezing requires an
//! approving review of exactly the current text (the review stores the text's hash). Every
//! write appends its event in the same transaction.

use crate::crypto::convention::{VersionText, version_hash};
use crate::domain::convention::{Article, ConventionKind, article_label, check_articles};
use crate::domain::convention_diff::diff_articles;
use crate::lang::Lang;
use crate::ops::conventions::ConventionProblem as P;
use crate::ops::conventions::*;
use crate::ops::{Caller, Ctx, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::conventions::{
    self as store, ConventionRow, ReviewRow, SuggestionRow, VersionRow,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

pub use crate::ops::conventions::{ack_document, conduct_rules};

pub(crate) fn err(p: P) -> OpError {
    OpError::Convention(p)
}

pub(crate) fn kind_of(row: &ConventionRow) -> OpResult<ConventionKind> {
    Ok(row.kind()?)
}

pub(crate) async fn require_convention(
    conn: &mut SqliteConnection,
    id: i64,
) -> OpResult<ConventionRow> {
    store::convention(conn, id)
        .await?
        .ok_or(err(P::NoSuchConvention(id)))
}

/// A version with its convention.
pub(crate) async fn require_version(
    conn: &mut SqliteConnection,
    id: i64,
) -> OpResult<(ConventionRow, VersionRow)> {
    let v = store::version(conn, id)
        .await?
        .ok_or(err(P::NoSuchVersion(id)))?;
    let c = require_convention(conn, v.convention_id).await?;
    Ok((c, v))
}

/// The hash of a version's text as it is now (fixed once frozen).
pub(crate) async fn text_hash(
    conn: &mut SqliteConnection,
    c: &ConventionRow,
    v: &VersionRow,
    articles: &[Article],
) -> OpResult<String> {
    let community = crate::ops::roll::require(conn, c.community_id).await?;
    Ok(version_hash(&VersionText {
        community: &community.name,
        kind: kind_of(c)?,
        title: &c.title,
        number: v.number,
        articles,
    }))
}

pub(crate) fn required(text: &str, zh: &'static str, en: &'static str) -> OpResult<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(err(P::Empty(zh, en)));
    }
    Ok(t.to_string())
}

fn numbered(
    kind: ConventionKind,
    input: &[ArticleInput],
    allow_empty: bool,
) -> OpResult<Vec<Article>> {
    let articles: Vec<Article> = input
        .iter()
        .enumerate()
        .map(|(i, a)| Article {
            number: i as u32 + 1,
            text: a.text.trim().to_string(),
            rule: a.rule,
        })
        .collect();
    if !(allow_empty && articles.is_empty()) {
        check_articles(kind, &articles).map_err(|e| err(P::Articles(e)))?;
    }
    Ok(articles)
}

pub(crate) use crate::ops::log;

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

pub async fn convention_create(
    ctx: &Ctx,
    by: &Caller,
    input: ConventionCreate,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let title = required(&input.title, "标题", "Title")?;
    let articles = numbered(input.kind, &input.articles, true)?;
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    crate::ops::roll::require(tx.conn(), input.community_id).await?;
    let at = crate::ops::votes::stamp(by.now);
    let row = ConventionRow {
        id: 0,
        community_id: input.community_id,
        kind: input.kind.as_str().into(),
        title: title.clone(),
        created_at: at.clone(),
        created_by: by.actor.clone(),
    };
    let id = store::insert_convention(tx.conn(), &row).await?;
    let version_id = store::insert_version(tx.conn(), id, None, &at, &by.actor).await?;
    store::replace_articles(tx.conn(), version_id, &articles).await?;
    log(&mut tx, by, input.community_id, "convention.created", json!({ "convention_id": id, "kind": input.kind, "title": title, "version_id": version_id, "articles": articles.len() })).await?;
    finish(tx, id, by, lang).await
}

pub async fn convention_articles_save(
    ctx: &Ctx,
    by: &Caller,
    input: ArticlesSave,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let (c, v) = require_version(tx.conn(), input.version_id).await?;
    if v.hash.is_some() {
        return Err(err(P::NotDraft));
    }
    let articles = numbered(kind_of(&c)?, &input.articles, false)?;
    store::replace_articles(tx.conn(), v.id, &articles).await?;
    let hash = text_hash(tx.conn(), &c, &v, &articles).await?;
    log(
        &mut tx,
        by,
        c.community_id,
        "convention.articles_saved",
        json!({ "version_id": v.id, "articles": articles.len(), "text_hash": hash }),
    )
    .await?;
    finish(tx, c.id, by, lang).await
}

/// The newest version (suggestions attach to it).
async fn newest(conn: &mut SqliteConnection, convention_id: i64) -> OpResult<VersionRow> {
    store::versions(conn, convention_id)
        .await?
        .pop()
        .ok_or(err(P::NoSuchConvention(convention_id)))
}

pub async fn convention_suggest(
    ctx: &Ctx,
    by: &Caller,
    input: SuggestionAdd,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let author = required(&input.author, "提议人", "Suggested by")?;
    let text = required(&input.text, "建议内容", "Suggestion")?;
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let c = require_convention(tx.conn(), input.convention_id).await?;
    let v = newest(tx.conn(), c.id).await?;
    if let Some(n) = input.article {
        if !store::articles(tx.conn(), v.id)
            .await?
            .iter()
            .any(|a| a.number == n)
        {
            return Err(err(P::NoSuchArticle(n)));
        }
    }
    let row = SuggestionRow {
        id: 0,
        version_id: v.id,
        article: input.article.map(i64::from),
        author: author.clone(),
        person_id: input.person_id,
        text: text.clone(),
        created_at: crate::ops::votes::stamp(by.now),
        recorded_by: by.actor.clone(),
    };
    let id = store::insert_suggestion(tx.conn(), c.id, &row).await?;
    log(&mut tx, by, c.community_id, "convention.suggestion_added", json!({ "suggestion_id": id, "convention_id": c.id, "version": v.number, "article": input.article, "author": author, "text": text })).await?;
    finish(tx, c.id, by, lang).await
}

pub async fn convention_review(
    ctx: &Ctx,
    by: &Caller,
    input: ReviewRecord,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let reviewer = required(&input.reviewer, "审查人", "Reviewer")?;
    let organisation = required(&input.organisation, "审查单位", "Organisation")?;
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let (c, v) = require_version(tx.conn(), input.version_id).await?;
    if v.hash.is_some() {
        return Err(err(P::NotDraft));
    }
    let articles = store::articles(tx.conn(), v.id).await?;
    check_articles(kind_of(&c)?, &articles).map_err(|e| err(P::Articles(e)))?;
    let hash = text_hash(tx.conn(), &c, &v, &articles).await?;
    let row = ReviewRow {
        id: 0,
        version_id: v.id,
        reviewer: reviewer.clone(),
        organisation: organisation.clone(),
        comments: input.comments.trim().to_string(),
        approved: input.approved,
        text_hash: hash.clone(),
        reviewed_at: crate::ops::votes::stamp(by.now),
        recorded_by: by.actor.clone(),
    };
    store::insert_review(tx.conn(), &row).await?;
    log(&mut tx, by, c.community_id, "convention.reviewed", json!({ "version_id": v.id, "reviewer": reviewer, "organisation": organisation, "approved": input.approved, "text_hash": hash })).await?;
    finish(tx, c.id, by, lang).await
}

/// Fixes the text by its hash; only the text the latest review approved can be frozen.
pub async fn convention_freeze(
    ctx: &Ctx,
    by: &Caller,
    input: VersionRef,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let (c, v) = require_version(tx.conn(), input.version_id).await?;
    if v.hash.is_some() {
        return Err(err(P::NotDraft));
    }
    let articles = store::articles(tx.conn(), v.id).await?;
    check_articles(kind_of(&c)?, &articles).map_err(|e| err(P::Articles(e)))?;
    let hash = text_hash(tx.conn(), &c, &v, &articles).await?;
    let latest = store::reviews(tx.conn(), v.id).await?.pop();
    match latest {
        Some(r) if r.approved && r.text_hash == hash => {}
        Some(r) if r.approved => return Err(err(P::ReviewOutdated)),
        _ => return Err(err(P::NotReviewed)),
    }
    if !store::freeze(
        tx.conn(),
        v.id,
        &hash,
        &crate::ops::votes::stamp(by.now),
        &by.actor,
    )
    .await?
    {
        return Err(err(P::NotDraft));
    }
    log(
        &mut tx,
        by,
        c.community_id,
        "convention.frozen",
        json!({ "version_id": v.id, "number": v.number, "hash": hash }),
    )
    .await?;
    finish(tx, c.id, by, lang).await
}

pub async fn convention_list(
    ctx: &Ctx,
    community_id: i64,
    lang: Lang,
) -> OpResult<Vec<ConventionSummary>> {
    let store_ = ctx.store().await;
    let mut conn = store_.reader().acquire().await?;
    crate::ops::roll::require(&mut conn, community_id).await?;
    let mut out = Vec::new();
    for c in store::conventions(&mut conn, community_id).await? {
        let kind = kind_of(&c)?;
        let states = crate::ops::conventions::states(&mut conn, c.id).await?;
        let Some((latest, status)) = states.last() else {
            continue;
        };
        let in_force = states
            .iter()
            .rev()
            .find(|(_, s)| *s == VersionStatus::Adopted)
            .map(|(v, _)| v.clone());
        let coverage = match &in_force {
            Some(v) => Some(
                crate::ops::conventions::coverage_of(&mut conn, &c, v)
                    .await?
                    .total,
            ),
            None => None,
        };
        out.push(ConventionSummary {
            convention_id: c.id,
            kind,
            kind_label: kind.label(lang).into(),
            title: c.title.clone(),
            latest: latest.number,
            status: *status,
            in_force: in_force.map(|v| v.number),
            coverage,
        });
    }
    Ok(out)
}

pub async fn convention_detail(
    ctx: &Ctx,
    now: DateTime<Utc>,
    q: ConventionRef,
    lang: Lang,
) -> OpResult<ConventionDetail> {
    let store_ = ctx.store().await;
    let mut conn = store_.reader().acquire().await?;
    detail(&mut conn, q.convention_id, now, lang).await
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
    for (v, status) in crate::ops::conventions::states(conn, c.id).await? {
        versions.push(crate::ops::conventions::version_view(conn, &c, v, status, now, lang).await?);
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
                label: crate::ops::conventions::instrument_label(i, lang).into(),
                category: i.category(kind),
                explanation: i.explain(kind, lang),
            })
            .collect(),
        versions,
        suggestions,
    })
}

pub(crate) fn article_views(articles: &[Article], lang: Lang) -> Vec<ArticleView> {
    articles
        .iter()
        .map(|a| ArticleView {
            number: a.number,
            label: article_label(a.number, lang),
            text: a.text.clone(),
            rule: a.rule,
        })
        .collect()
}

pub async fn convention_diff(ctx: &Ctx, q: DiffQuery) -> OpResult<VersionDiff> {
    let store_ = ctx.store().await;
    let mut conn = store_.reader().acquire().await?;
    let (a, va) = require_version(&mut conn, q.from_version_id).await?;
    let (b, vb) = require_version(&mut conn, q.to_version_id).await?;
    if a.id != b.id {
        return Err(err(P::NoSuchVersion(q.to_version_id)));
    }
    let old = store::articles(&mut conn, va.id).await?;
    let new = store::articles(&mut conn, vb.id).await?;
    Ok(VersionDiff {
        from: va.number,
        to: vb.number,
        changes: diff_articles(&old, &new),
    })
}
