//! `yishi verify RECORD` re-checks an exported vote record; `yishi tally` recounts a vote from
//! plain spreadsheets (the roll in the import layout, ballots as unit -> choice). Both print the
//! same result block the app publishes.

use crate::domain::roll::{RollOwner, RollSettings, RollUnit, count_roll};
use crate::domain::roster::{RosterContext, check_roster};
use crate::domain::vote::{self, BallotPolicy, Choice, RollEntry, Rule, TallyInput, VoteSettings};
use crate::formats::{roster::parse_roster, table::read_table};
use crate::lang::Lang;
use crate::ops::OpError;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

fn io(e: std::io::Error) -> OpError {
    OpError::Storage(crate::store::StoreError::Io(e))
}

pub fn verify(path: &Path, lang: Lang) -> Result<ExitCode, OpError> {
    let bytes = std::fs::read(path).map_err(io)?;
    let check = crate::ops::votes::check_record_bytes(&bytes, lang);
    if !check.result_text.is_empty() {
        println!("{}", check.result_text);
    }
    for d in &check.discrepancies {
        println!("! {d}");
    }
    println!(
        "{}",
        if check.ok {
            lang.pick("核验通过：签名、资格、一人一票、规则和计算均无误。", "Verified: signatures, eligibility, one ballot per person, the rule and the arithmetic all check out.").to_string()
        } else {
            lang.pick(
                format!("核验未通过：{} 处问题。", check.discrepancies.len()),
                format!(
                    "Verification FAILED: {} discrepancies.",
                    check.discrepancies.len()
                ),
            )
        }
    );
    Ok(if check.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `owners-ordinary`, `owners-major`, `building:<name>`, `committee:<members>[:strict]`,
/// `residents:<entitled>`.
pub fn parse_rule(text: &str) -> Option<Rule> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    match parts.as_slice() {
        ["owners-ordinary"] => Some(Rule::OwnersOrdinary),
        ["owners-major"] => Some(Rule::OwnersMajor),
        ["building", b] => Some(Rule::OneBuilding {
            building: b.to_string(),
        }),
        ["committee", m] => m.parse().ok().map(|members| Rule::CommitteeMeeting {
            members,
            strict_majority: false,
        }),
        ["committee", m, "strict"] => m.parse().ok().map(|members| Rule::CommitteeMeeting {
            members,
            strict_majority: true,
        }),
        ["residents", e] => e
            .parse()
            .ok()
            .map(|entitled| Rule::ResidentsMeeting { entitled }),
        _ => None,
    }
}

fn parse_choice(text: &str) -> Option<Choice> {
    match text.trim().to_lowercase().as_str() {
        "同意" | "赞成" | "agree" | "yes" | "y" => Some(Choice::Agree),
        "反对" | "不同意" | "oppose" | "no" | "n" => Some(Choice::Oppose),
        // A blank or illegible ballot is an abstention.
        "弃权" | "abstain" | "" | "空白" | "无法辨认" => Some(Choice::Abstain),
        _ => None,
    }
}

pub struct TallyArgs<'a> {
    pub roll: &'a Path,
    pub ballots: &'a Path,
    pub rule: &'a str,
    pub parking_counts: bool,
    pub last_stands: bool,
}

pub fn tally(args: TallyArgs<'_>, lang: Lang) -> Result<ExitCode, OpError> {
    let bad = |zh: String, en: String| OpError::BadArguments {
        op: "tally".into(),
        detail: lang.pick(zh, en),
    };
    let rule = parse_rule(args.rule).ok_or_else(|| {
        bad(
            format!("无法识别规则“{}”", args.rule),
            format!("unknown rule \"{}\"", args.rule),
        )
    })?;
    let roll_bytes = std::fs::read(args.roll).map_err(io)?;
    let parsed = parse_roster(&read_table(&args.roll.display().to_string(), &roll_bytes)?);
    let plan = check_roster(
        parsed.rows,
        &RosterContext {
            known_buildings: None,
        },
    );
    if let Some(p) = parsed.problems.iter().chain(plan.problems.iter()).next() {
        return Err(bad(
            crate::formats::messages::problem_message(p, Lang::Zh),
            crate::formats::messages::problem_message(p, Lang::En),
        ));
    }
    let scope = match &rule {
        Rule::OneBuilding { building } => Some(building.clone()),
        _ => None,
    };
    // Persons are numbered by their identity digest, exactly as the app stores them.
    let mut ids: BTreeMap<String, i64> = BTreeMap::new();
    let mut units = Vec::new();
    for (i, u) in plan
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| scope.as_ref().is_none_or(|b| *b == u.building))
    {
        let owners = u
            .people
            .iter()
            .filter(|p| p.relation.is_owner())
            .map(|p| {
                let digest = crate::store::roll::planned_digest(u, p);
                let next = ids.len() as i64 + 1;
                RollOwner {
                    person_id: *ids.entry(digest).or_insert(next),
                    name: p.name.clone(),
                    is_developer: p.relation == crate::domain::roster::Relation::Developer,
                    designated_voter: p.designated_voter,
                }
            })
            .collect();
        units.push(RollUnit {
            unit_id: i as i64,
            label: format!("{} {}", u.building, u.unit),
            building: u.building.clone(),
            kind: u.kind,
            status: u.status,
            area: u.area,
            owners,
        });
    }
    let count = count_roll(
        &units,
        RollSettings {
            parking_counts: args.parking_counts,
        },
    );
    let labels: BTreeMap<i64, &str> = units
        .iter()
        .map(|u| (u.unit_id, u.label.as_str()))
        .collect();
    let unit_voter: BTreeMap<String, i64> = count
        .voters
        .iter()
        .flat_map(|v| {
            v.unit_ids
                .iter()
                .filter_map(|id| labels.get(id).map(|l| (l.to_string(), v.person_id)))
        })
        .collect();
    let roll: Vec<RollEntry> = count
        .voters
        .iter()
        .map(|v| RollEntry {
            person_id: v.person_id,
            area: v.area,
        })
        .collect();

    let ballot_bytes = std::fs::read(args.ballots).map_err(io)?;
    let table = read_table(&args.ballots.display().to_string(), &ballot_bytes)?;
    let header: Vec<String> = table
        .rows
        .first()
        .map(|r| r.cells.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (b_col, u_col, c_col) = (
        col(&["楼栋", "楼号", "building"]),
        col(&["房号", "室号", "unit"]),
        col(&["选择", "表决意见", "意见", "choice"]),
    );
    let (Some(b_col), Some(u_col), Some(c_col)) = (b_col, u_col, c_col) else {
        return Err(bad(
            "选票表需要“楼栋”“房号”“选择”三列".into(),
            "the ballots file needs columns 楼栋, 房号 and 选择 (building, unit, choice)".into(),
        ));
    };
    let mut cast = Vec::new();
    let mut refused = 0;
    for row in table.rows.iter().skip(1) {
        let cell = |i: usize| {
            row.cells
                .get(i)
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let label = format!("{} {}", cell(b_col), cell(u_col));
        let (Some(person), Some(choice)) = (unit_voter.get(&label), parse_choice(&cell(c_col)))
        else {
            eprintln!("{}", lang.pick(format!("第 {} 行：{label} 不在名册上或选择无法识别，不计入", row.line), format!("line {}: {label} is not on the roll or the choice is unreadable; not counted", row.line)));
            refused += 1;
            continue;
        };
        cast.push((*person, u64::from(row.line), choice, true));
    }
    let policy = if args.last_stands {
        BallotPolicy::LastStands
    } else {
        BallotPolicy::FirstStands
    };
    let ballots = vote::resolve_ballots(&cast, policy);
    let settings = VoteSettings {
        rule,
        ballot_policy: policy,
        conformity_clause: false,
        proxy_limit: None,
    };
    let t = vote::tally(
        &TallyInput {
            roll: &roll,
            ballots: &ballots,
            served_non_voters: None,
            refused,
        },
        &settings,
    )
    .map_err(|e| bad(e.to_string(), e.to_string()))?;
    println!("{}", vote::result_block(&t, &settings, lang));
    Ok(ExitCode::SUCCESS)
}
