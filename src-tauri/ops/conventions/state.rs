//! What the store says about a convention, for every part of the feature: the convention and
//! version rows, each version's status (adoption read from the store), the version in force,
//! acknowledgement coverage, the text hash and article views. Drafting, adoption and practice
//! build on this module and not on each other.

use crate::crypto::convention::{VersionText, version_hash};
use crate::domain::convention::{Article, ConventionKind, article_label};
use crate::domain::convention_eval as eval;
use crate::lang::Lang;
use crate::ops::conventions::ConventionProblem as P;
use crate::ops::conventions::{
    ArticleView, BuildingCoverage, CoverageReport, MissingHousehold, VersionStatus,
};
use crate::ops::{OpError, OpResult};
use crate::store::community::natural_cmp;
use crate::store::conventions::{self as store, ConventionRow, VersionRow};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) use crate::ops::log;

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
    let community = crate::ops::context::require(conn, c.community_id).await?;
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

/// Every version of a convention with its status, oldest first.
pub(crate) async fn states(
    conn: &mut SqliteConnection,
    convention_id: i64,
) -> OpResult<Vec<(VersionRow, VersionStatus)>> {
    let versions = store::versions_with_adoption(conn, convention_id).await?;
    let newest_adopted = versions
        .iter()
        .filter(|(_, a)| *a)
        .map(|(v, _)| v.number)
        .max();
    Ok(versions
        .into_iter()
        .map(|(v, a)| {
            let s = match (&v.hash, a) {
                (None, _) => VersionStatus::Draft,
                (Some(_), false) => VersionStatus::Frozen,
                (Some(_), true) if Some(v.number) == newest_adopted => VersionStatus::Adopted,
                (Some(_), true) => VersionStatus::Superseded,
            };
            (v, s)
        })
        .collect())
}

/// The version in force (newest adopted) of a convention.
pub(crate) async fn in_force(
    conn: &mut SqliteConnection,
    convention_id: i64,
) -> OpResult<Option<VersionRow>> {
    Ok(states(conn, convention_id)
        .await?
        .into_iter()
        .rev()
        .find(|(_, s)| *s == VersionStatus::Adopted)
        .map(|(v, _)| v))
}

pub(crate) async fn coverage_of(
    conn: &mut SqliteConnection,
    c: &ConventionRow,
    v: &VersionRow,
) -> OpResult<CoverageReport> {
    let households = store::households(conn, c.community_id).await?;
    let mut accepted: BTreeMap<i64, i64> = BTreeMap::new();
    let mut current: BTreeSet<i64> = BTreeSet::new();
    for a in store::acks(conn, c.id).await? {
        if a.version_id == v.id {
            current.insert(a.unit_id);
        } else if a.version_number < v.number {
            let e = accepted.entry(a.unit_id).or_insert(a.version_number);
            *e = (*e).max(a.version_number);
        }
    }
    let mut by_building: BTreeMap<String, (u32, Vec<(String, MissingHousehold)>)> = BTreeMap::new();
    let mut total = (0u32, 0u32);
    for h in &households {
        let e = by_building.entry(h.building.clone()).or_default();
        total.0 += 1;
        if current.contains(&h.unit_id) {
            e.0 += 1;
            total.1 += 1;
        } else {
            e.1.push((
                h.number.clone(),
                MissingHousehold {
                    unit: format!("{} {}", h.building, h.number),
                    accepted_version: accepted.get(&h.unit_id).copied(),
                },
            ));
        }
    }
    let counts: BTreeMap<&str, u32> = households.iter().fold(BTreeMap::new(), |mut m, h| {
        *m.entry(h.building.as_str()).or_default() += 1;
        m
    });
    let mut buildings: Vec<BuildingCoverage> = by_building
        .into_iter()
        .map(|(building, (acked, mut missing))| {
            missing.sort_by(|a, b| natural_cmp(&a.0, &b.0));
            let n = counts.get(building.as_str()).copied().unwrap_or_default();
            BuildingCoverage {
                coverage: eval::coverage(n, acked),
                building,
                missing: missing.into_iter().map(|(_, m)| m).collect(),
            }
        })
        .collect();
    buildings.sort_by(|a, b| natural_cmp(&a.building, &b.building));
    Ok(CoverageReport {
        version_id: v.id,
        number: v.number,
        hash: v.hash.clone().unwrap_or_default(),
        total: eval::coverage(total.0, total.1),
        buildings,
    })
}
