//! Spreading, practising and evaluating a convention (传约、践约、评约): the acknowledgement
//! document (`yishi/convention-ack/v1`) each household signs, coverage per building with who has
//! not acknowledged, violations recorded against an article, the evaluation report of a period,
//! and the conduct rules meetings enforce.
//!
//! Invariants: only the version in force can be acknowledged or enforced; an acknowledgement is
//! a stored signature plus one row per unit of the signer (the first per unit and version
//! stands), so the app always knows which version each household accepted.

use crate::crypto::signing::{Document, PublicKey};
use crate::domain::conduct::ConductRules;
use crate::domain::convention::{ConventionKind, article_label, conduct_from};
use crate::domain::convention_eval::{self as eval, HouseholdFact, Period, ViolationFact};
use crate::lang::Lang;
use crate::ops::conventions::ConventionProblem as P;
use crate::ops::conventions::*;
use crate::ops::conventions::{err, kind_of, log, require_convention, required};
use crate::ops::keys::{SignRequest, SignSubject};
use crate::ops::{Caller, Ctx, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::community::natural_cmp;
use crate::store::conventions::{self as store, ConventionRow, NewViolation, VersionRow};
use serde_json::json;
use sqlx::SqliteConnection;

pub const ACK_CONTEXT: &str = "yishi/convention-ack/v1";

/// The exact document a household signs to acknowledge a version (kiosk and own-key files).
pub async fn ack_document(
    conn: &mut SqliteConnection,
    req: &SignRequest,
    version_id: i64,
    public: &PublicKey,
    signed_at: &str,
) -> OpResult<Document> {
    let (c, v) = require_version(conn, version_id).await?;
    if c.community_id != req.community_id {
        return Err(err(P::NoSuchVersion(version_id)));
    }
    match in_force(conn, c.id).await? {
        Some(cur) if cur.id == v.id => {}
        Some(cur) if cur.number > v.number => {
            return Err(err(P::NotInForce {
                number: v.number,
                current: cur.number,
            }));
        }
        _ => return Err(err(P::NotAdopted)),
    }
    let community = crate::ops::context::require(conn, c.community_id).await?;
    let (_, signer) = crate::store::roles::person_community(conn, req.person_id)
        .await?
        .ok_or(OpError::NotFound(crate::ops::Missing::Person(
            req.person_id,
        )))?;
    let units = crate::ops::context::unit_labels(conn, req.person_id).await?;
    if units.is_empty() {
        return Err(err(P::NoHousehold { signer }));
    }
    Ok(Document::new(ACK_CONTEXT)
        .text("community", community.name)
        .int("version_id", v.id)
        .text("convention", c.title)
        .int("version", v.number)
        .text("version_hash", v.hash.unwrap_or_default())
        .text("units", units.join("、"))
        .text("signer", signer)
        .text("public_key", public.hex())
        .text("signed_at", signed_at))
}

/// Labels of the acknowledgement's own fields (the others are shared with other documents).
pub(crate) fn field_label(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "convention" => ("公约", "Convention"),
        "version" => ("版本", "Version"),
        "version_id" => ("版本编号", "Version no."),
        "version_hash" => ("文本哈希", "Text hash"),
        _ => return None,
    })
}

/// Called in the signature's transaction: an acknowledgement also records its units.
pub(crate) async fn on_signed(
    tx: &mut WriteTx,
    req: &SignRequest,
    signature_id: i64,
    signed_at: &str,
) -> OpResult<()> {
    if let SignSubject::Acknowledgement { version_id } = req.subject {
        store::insert_acks(
            tx.conn(),
            version_id,
            req.person_id,
            signature_id,
            signed_at,
        )
        .await?;
    }
    Ok(())
}

/// Coverage of a version (the version in force, or an older one to see who accepted it).
pub async fn convention_coverage(ctx: &Ctx, q: VersionRef) -> OpResult<CoverageReport> {
    let store_ = ctx.store().await;
    let mut conn = store_.reader().acquire().await?;
    let (c, v) = require_version(&mut conn, q.version_id).await?;
    if store::adoption(&mut conn, v.id).await?.is_none() {
        return Err(err(P::NotAdopted));
    }
    coverage_of(&mut conn, &c, &v).await
}

fn role_str(r: RecorderRole) -> &'static str {
    match r {
        RecorderRole::Patrol => "patrol",
        RecorderRole::BuildingHead => "building_head",
        RecorderRole::GridWorker => "grid_worker",
    }
}

fn outcome_str(o: ViolationOutcome) -> &'static str {
    match o {
        ViolationOutcome::Corrected => "corrected",
        ViolationOutcome::Promised => "promised",
        ViolationOutcome::Refused => "refused",
        ViolationOutcome::Referred => "referred",
    }
}

/// A day or a moment, as stored: `YYYY-MM-DD` or RFC 3339 (UTC, seconds); never in the future.
fn occurred(text: &str, by: &Caller) -> OpResult<String> {
    let t = text.trim();
    let stamp = match crate::ops::conventions::parse_day(t) {
        Ok(day) => day.to_string(),
        Err(_) => crate::ops::context::stamp(
            crate::ops::context::parse_time(t).map_err(|_| err(P::BadDay(t.into())))?,
        ),
    };
    let zone = crate::domain::time::community_zone();
    if crate::domain::time::day_in(&stamp, zone)
        .is_none_or(|day| day > crate::domain::time::date_in(by.now, zone))
    {
        return Err(err(P::BadDay(t.into())));
    }
    Ok(stamp)
}

pub async fn violation_record(
    ctx: &Ctx,
    by: &Caller,
    input: ViolationRecord,
    lang: Lang,
) -> OpResult<ViolationView> {
    let recorder = required(&input.recorder, "记录人", "Recorded by")?;
    let occurred_at = occurred(&input.occurred_at, by)?;
    let photo = match input
        .photo_sha256
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) if p.len() == 64 && p.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(p.to_ascii_lowercase())
        }
        Some(_) => return Err(err(P::BadPhotoHash)),
        None => None,
    };
    let store_ = ctx.store().await;
    let mut tx = store_.begin().await?;
    let c = require_convention(tx.conn(), input.convention_id).await?;
    let v = in_force(tx.conn(), c.id).await?.ok_or(err(P::NotAdopted))?;
    if !store::articles(tx.conn(), v.id)
        .await?
        .iter()
        .any(|a| a.number == input.article)
    {
        return Err(err(P::NoSuchArticle(input.article)));
    }
    let building = input
        .building
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let unit = input
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let place = input.place.trim();
    let (building_id, unit_id) = match building {
        Some(b) => {
            let label = format!("{b} {}", unit.unwrap_or_default())
                .trim()
                .to_string();
            let (bid, uid) = store::locate(tx.conn(), c.community_id, b, unit)
                .await?
                .ok_or(err(P::NoSuchUnit(label.clone())))?;
            if unit.is_some() && uid.is_none() {
                return Err(err(P::NoSuchUnit(label)));
            }
            (Some(bid), uid)
        }
        None if place.is_empty() => return Err(err(P::WhereNeeded)),
        None => (None, None),
    };
    let id = store::insert_violation(
        tx.conn(),
        &NewViolation {
            convention_id: c.id,
            version_id: v.id,
            article: i64::from(input.article),
            unit_id,
            building_id,
            place,
            occurred_at: &occurred_at,
            recorder: &recorder,
            recorder_role: role_str(input.recorder_role),
            persuaded: input.persuaded,
            persuasion: input.persuasion.trim(),
            outcome: outcome_str(input.outcome),
            photo_sha256: photo.as_deref(),
            recorded_at: &crate::ops::context::stamp(by.now),
            recorded_by: &by.actor,
        },
    )
    .await?;
    log(&mut tx, by, c.community_id, "convention.violation_recorded", json!({ "violation_id": id, "convention_id": c.id, "version": v.number, "article": input.article, "unit_id": unit_id, "building_id": building_id, "place": place, "occurred_at": occurred_at, "outcome": outcome_str(input.outcome) })).await?;
    let day = crate::domain::time::day_in(&occurred_at, crate::domain::time::community_zone())
        .map(|d| d.to_string())
        .unwrap_or_default();
    let out = list(tx.conn(), c.id, &day, &day, lang)
        .await?
        .into_iter()
        .find(|x| x.violation_id == id);
    tx.commit().await?;
    out.ok_or(err(P::NoSuchConvention(c.id)))
}

async fn list(
    conn: &mut SqliteConnection,
    convention_id: i64,
    from: &str,
    to: &str,
    lang: Lang,
) -> OpResult<Vec<ViolationView>> {
    let role = |r: &str| match r {
        "building_head" => RecorderRole::BuildingHead,
        "grid_worker" => RecorderRole::GridWorker,
        _ => RecorderRole::Patrol,
    };
    let outcome = |o: &str| match o {
        "corrected" => ViolationOutcome::Corrected,
        "promised" => ViolationOutcome::Promised,
        "refused" => ViolationOutcome::Refused,
        _ => ViolationOutcome::Referred,
    };
    Ok(store::violations(conn, convention_id, from, to)
        .await?
        .into_iter()
        .map(|x| {
            let article = u32::try_from(x.article).unwrap_or_default();
            let at = x.unit.clone().or(x.building.clone()).unwrap_or_default();
            let place = match (at.is_empty(), x.place.is_empty()) {
                (false, false) => format!("{at}（{}）", x.place),
                (false, true) => at,
                _ => x.place.clone(),
            };
            ViolationView {
                violation_id: x.id,
                version: x.version_number,
                article,
                article_label: article_label(article, lang),
                place,
                occurred_at: x.occurred_at,
                recorder: x.recorder,
                recorder_role: role(&x.recorder_role),
                persuaded: x.persuaded,
                persuasion: x.persuasion,
                outcome: outcome(&x.outcome),
                photo_sha256: x.photo_sha256,
            }
        })
        .collect())
}

fn period_of(q: &PeriodQuery) -> OpResult<Period> {
    let from = crate::ops::conventions::parse_day(&q.from)?;
    let to = crate::ops::conventions::parse_day(&q.to)?;
    if to < from || (to - from).num_days() > 366 * 5 {
        return Err(err(P::BadPeriod));
    }
    Ok(Period { from, to })
}

pub async fn violation_list(ctx: &Ctx, q: PeriodQuery, lang: Lang) -> OpResult<Vec<ViolationView>> {
    let p = period_of(&q)?;
    let store_ = ctx.store().await;
    let mut conn = store_.reader().acquire().await?;
    require_convention(&mut conn, q.convention_id).await?;
    list(
        &mut conn,
        q.convention_id,
        &p.from.to_string(),
        &p.to.to_string(),
        lang,
    )
    .await
}

fn headline(t: &eval::Trend, lang: Lang) -> String {
    use eval::TrendDirection::*;
    let approx = if t.exact {
        ""
    } else {
        lang.pick("约", "about ")
    };
    let pct = t.percent.unwrap_or_default();
    match t.direction {
        Down => lang.pick(
            format!(
                "本期违约 {} 起，比上期 {} 起下降{approx} {pct}%。",
                t.current, t.previous
            ),
            format!(
                "{} violations this period, down {approx}{pct}% from {} in the previous one.",
                t.current, t.previous
            ),
        ),
        Up => lang.pick(
            format!(
                "本期违约 {} 起，比上期 {} 起上升{approx} {pct}%。",
                t.current, t.previous
            ),
            format!(
                "{} violations this period, up {approx}{pct}% from {} in the previous one.",
                t.current, t.previous
            ),
        ),
        Same => lang.pick(
            format!("本期违约 {} 起，与上期持平。", t.current),
            format!(
                "{} violations this period, the same as the previous one.",
                t.current
            ),
        ),
        New => lang.pick(
            format!("本期违约 {} 起，上期没有记录。", t.current),
            format!(
                "{} violations this period; none were recorded in the previous one.",
                t.current
            ),
        ),
    }
}

pub async fn convention_report(
    ctx: &Ctx,
    q: PeriodQuery,
    lang: Lang,
) -> OpResult<EvaluationReport> {
    let period = period_of(&q)?;
    let prev = period.previous();
    let store_ = ctx.store().await;
    let mut conn = store_.reader().acquire().await?;
    let c = require_convention(&mut conn, q.convention_id).await?;
    let v = in_force(&mut conn, c.id).await?.ok_or(err(P::NotAdopted))?;
    let community = crate::ops::context::require(&mut conn, c.community_id).await?;
    let articles = store::articles(&mut conn, v.id).await?;
    let violations: Vec<ViolationFact> = store::violations(
        &mut conn,
        c.id,
        &prev.from.to_string(),
        &period.to.to_string(),
    )
    .await?
    .into_iter()
    .filter_map(|x| {
        Some(ViolationFact {
            article: u32::try_from(x.article).ok()?,
            building: x.building,
            on: crate::domain::time::day_in(&x.occurred_at, crate::domain::time::community_zone())?,
            persuaded: x.persuaded,
        })
    })
    .collect();
    let cov = coverage_of(&mut conn, &c, &v).await?;
    let households: Vec<HouseholdFact> = cov
        .buildings
        .iter()
        .flat_map(|b| {
            let acked = b.coverage.acknowledged as usize;
            let missing = b.missing.len();
            std::iter::repeat_n(true, acked)
                .chain(std::iter::repeat_n(false, missing))
                .map(|a| HouseholdFact {
                    building: b.building.clone(),
                    acknowledged: a,
                })
        })
        .collect();
    let mut buildings: Vec<String> = crate::store::community::buildings(&mut conn, c.community_id)
        .await?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    buildings.sort_by(|a, b| natural_cmp(a, b));
    let numbers: Vec<u32> = articles.iter().map(|a| a.number).collect();
    let figures = eval::evaluate(period, &numbers, &buildings, &violations, &households);
    Ok(EvaluationReport {
        community: community.name,
        title: c.title,
        version: v.number,
        version_hash: v.hash.unwrap_or_default(),
        from: period.from.to_string(),
        to: period.to.to_string(),
        previous_from: prev.from.to_string(),
        previous_to: prev.to.to_string(),
        articles: articles
            .iter()
            .map(|a| ArticleHeading {
                number: a.number,
                label: article_label(a.number, lang),
                text: a.text.clone(),
            })
            .collect(),
        headline: headline(&figures.total, lang),
        figures,
    })
}

/// The conduct rules meetings enforce: those of the newest adopted 会议发言规则 (else 议事规则)
/// version, each limit citing its article; the defaults when none is adopted.
pub async fn conduct_rules(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<ConductRules> {
    let mut best: Option<(u8, String, ConventionRow, VersionRow)> = None;
    for c in store::conventions(conn, community_id).await? {
        let rank = match kind_of(&c)? {
            ConventionKind::MeetingConduct => 2,
            ConventionKind::RulesOfProcedure => 1,
            _ => continue,
        };
        let Some(v) = in_force(conn, c.id).await? else {
            continue;
        };
        let adopted_at = store::adoption(conn, v.id)
            .await?
            .map(|a| a.adopted_at)
            .unwrap_or_default();
        let better = best
            .as_ref()
            .is_none_or(|(r, at, _, _)| (rank, &adopted_at) > (*r, at));
        if better {
            best = Some((rank, adopted_at, c, v));
        }
    }
    let Some((_, _, c, v)) = best else {
        return Ok(ConductRules::default());
    };
    let articles = store::articles(conn, v.id).await?;
    Ok(conduct_from(
        &c.title,
        v.number,
        v.hash.as_deref().unwrap_or_default(),
        &articles,
    ))
}

/// `conduct_rules` as an operation, for the UI.
pub async fn conduct_rules_current(ctx: &Ctx, community_id: i64) -> OpResult<ConductRules> {
    let store_ = ctx.store().await;
    let mut conn = store_.reader().acquire().await?;
    crate::ops::context::require(&mut conn, community_id).await?;
    conduct_rules(&mut conn, community_id).await
}
