//! Conventions, drafting (定约): create, edit a draft's articles, collect suggestions, record
//! reviews, freeze the reviewed text by its hash, read a convention, diff two versions.
//! Adoption, filing, publication and amendments are in `adopt.rs`; acknowledgements, violations,
//! the evaluation report and the conduct rules in `practice.rs`. Drafting uses neither: version
//! statuses (adoption read from the store) and coverage come from `state.rs`, the detail page
//! every write answers with from `view.rs`.
//!
//! Invariants: a version's text changes only while it is a draft; freezing requires an
//! approving review of exactly the current text (the review stores the text's hash). Every
//! write appends its event in the same transaction.

use crate::domain::convention::{Article, ConventionKind, check_articles};
use crate::domain::convention_diff::diff_articles;
use crate::lang::Lang;
use crate::ops::conventions::ConventionProblem as P;
use crate::ops::conventions::*;
use crate::ops::{Caller, Ctx, OpResult};
use crate::store::conventions::{
    self as store, ConventionRow, ReviewRow, SuggestionRow, VersionRow,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

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
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    let at = crate::ops::context::stamp(by.now);
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
        created_at: crate::ops::context::stamp(by.now),
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
        reviewed_at: crate::ops::context::stamp(by.now),
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
        &crate::ops::context::stamp(by.now),
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
    crate::ops::context::require(&mut conn, community_id).await?;
    let mut out = Vec::new();
    for c in store::conventions(&mut conn, community_id).await? {
        let kind = kind_of(&c)?;
        let states = states(&mut conn, c.id).await?;
        let Some((latest, status)) = states.last() else {
            continue;
        };
        let in_force = states
            .iter()
            .rev()
            .find(|(_, s)| *s == VersionStatus::Adopted)
            .map(|(v, _)| v.clone());
        let coverage = match &in_force {
            Some(v) => Some(coverage_of(&mut conn, &c, v).await?.total),
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
