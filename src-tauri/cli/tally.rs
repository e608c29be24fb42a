//! `yishi tally`: recount a vote from plain spreadsheets, for scripts and auditors.
//!
//! Inputs: the roll in the import layout (docs/roll-import.md) and the ballots spreadsheet
//! (docs/tally.md: 楼栋, 房号, 选择, optional 姓名). The rule (`--rule`) and the scope (`--scope`)
//! are orthogonal: any owners' rule is counted over the community, one building or one entrance.
//! Output: the result block the app publishes, or with `--json` the object docs/tally.md
//! documents. Exit codes: 0 the count ran (passed or not), 1 an input has errors (each printed
//! with its file and line, nothing counted), 2 a usage error (bad option, missing file, a scope
//! the roll does not have).

use crate::domain::area::Area;
use crate::domain::residents::{Entitlement, Home, HomePerson, entitled_residents};
use crate::domain::roll::{RollOwner, RollSettings, RollUnit, count_roll};
use crate::domain::roster::{Relation, RosterContext, UnitKind, check_roster};
use crate::domain::vote::{
    self, BallotPolicy, Choice, ResidentsMode, RollEntry, Rule, Scope, Tally, TallyInput,
    VoteSettings,
};
use crate::formats::messages::problem_message;
use crate::formats::roster::parse_roster;
use crate::formats::table::{Table, read_table};
use crate::lang::Lang;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

/// The JSON object's format name; bump it when a field changes meaning.
pub const TALLY_FORMAT: &str = "yishi-tally/v1";

/// What the rule option names: the rule itself, and for residents' meetings how N is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleArg {
    /// An owners' rule, counted over the roll of `--scope`.
    Owners(Rule),
    /// `committee:<members>[:strict]`: heads only, N = members.
    Committee { members: u32, strict: bool },
    /// `residents:<entitled>`: N given by the caller.
    ResidentsGiven(u32),
    /// `residents:adults`, `residents:households`: N counted from the roll's residents.
    ResidentsCounted(ResidentsMode),
    /// `residents:groups:<groups>:<per group>`: N = groups × per group.
    ResidentsGroups { groups: u32, per_group: u32 },
}

/// `owners-ordinary`, `owners-major`, `committee:<members>[:strict]`, `residents:<entitled>`,
/// `residents:adults`, `residents:households`, `residents:groups:<groups>:<2|3>`; the old
/// `building:<name>` still means the ordinary rule over that building.
pub fn parse_rule(text: &str) -> Option<(RuleArg, Option<Scope>)> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let num = |t: &str| t.parse::<u32>().ok().filter(|n| *n > 0);
    Some(match parts.as_slice() {
        ["owners-ordinary"] => (RuleArg::Owners(Rule::OwnersOrdinary), None),
        ["owners-major"] => (RuleArg::Owners(Rule::OwnersMajor), None),
        ["building", b] if !b.trim().is_empty() => (
            RuleArg::Owners(Rule::OwnersOrdinary),
            Some(Scope::Building {
                building: b.trim().to_string(),
            }),
        ),
        ["committee", m] => (
            RuleArg::Committee {
                members: num(m)?,
                strict: false,
            },
            None,
        ),
        ["committee", m, "strict"] => (
            RuleArg::Committee {
                members: num(m)?,
                strict: true,
            },
            None,
        ),
        ["residents", "adults"] => (RuleArg::ResidentsCounted(ResidentsMode::Adults), None),
        ["residents", "households"] => (RuleArg::ResidentsCounted(ResidentsMode::Households), None),
        ["residents", "groups", g, k] => {
            let mode = ResidentsMode::GroupRepresentatives {
                groups: num(g)?,
                per_group: num(k)?,
            };
            if !mode.is_valid() {
                return None;
            }
            (
                RuleArg::ResidentsGroups {
                    groups: num(g)?,
                    per_group: num(k)?,
                },
                None,
            )
        }
        ["residents", e] => (RuleArg::ResidentsGiven(num(e)?), None),
        _ => return None,
    })
}

/// `community`, `building:NAME`, `entrance:BUILDING/ENTRANCE` (an entrance "2" is "2单元").
pub fn parse_scope(text: &str) -> Option<Scope> {
    let text = text.trim();
    if text == "community" {
        return Some(Scope::Community);
    }
    if let Some(b) = text.strip_prefix("building:") {
        let b = b.trim();
        return (!b.is_empty()).then(|| Scope::Building {
            building: b.to_string(),
        });
    }
    let rest = text.strip_prefix("entrance:")?;
    let (b, e) = rest.rsplit_once('/')?;
    let (b, e) = (b.trim(), e.trim());
    if b.is_empty() || e.is_empty() {
        return None;
    }
    let entrance = if e.chars().all(|c| c.is_ascii_digit()) {
        format!("{e}单元")
    } else {
        e.to_string()
    };
    Some(Scope::Entrance {
        building: b.to_string(),
        entrance,
    })
}

/// The choice words a ballot cell may hold (docs/tally.md). `Err(())` is an unreadable word;
/// `Ok(None)` an invalid ballot (identity failed): reported, not participation.
fn parse_choice(text: &str) -> Result<Option<Choice>, ()> {
    match text.trim().to_lowercase().as_str() {
        "同意" | "赞成" | "agree" | "yes" | "y" => Ok(Some(Choice::Agree)),
        "反对" | "不同意" | "oppose" | "no" | "n" => Ok(Some(Choice::Oppose)),
        // A blank or illegible ballot is an abstention.
        "弃权" | "abstain" | "" | "空白" | "blank" | "无法辨认" | "illegible" => {
            Ok(Some(Choice::Abstain))
        }
        "无效" | "invalid" => Ok(None),
        _ => Err(()),
    }
}

pub struct TallyArgs<'a> {
    pub roll: Option<&'a Path>,
    pub ballots: &'a Path,
    pub rule: &'a str,
    pub scope: Option<&'a str>,
    pub parking_counts: bool,
    pub last_stands: bool,
    pub json: bool,
    /// The meeting's date (YYYY-MM-DD) for residents' ages; default: today in UTC+8.
    pub on: Option<&'a str>,
}

/// Why the count did not run.
enum Failure {
    /// Exit 2: the command itself is wrong.
    Usage(String),
    /// Exit 1: the files have errors, each naming its file and line.
    Input(Vec<String>),
}

/// The object `--json` prints (docs/tally.md). Areas are integers in 0.01 m².
#[derive(Debug, Serialize)]
pub struct TallyJson {
    pub format: &'static str,
    /// The `--rule` text and the rule it names.
    pub rule_text: String,
    pub rule: Rule,
    pub scope: Scope,
    pub settings: JsonSettings,
    #[serde(rename = "N")]
    pub n: u32,
    #[serde(rename = "A")]
    pub a: Area,
    #[serde(rename = "Pn")]
    pub pn: u32,
    #[serde(rename = "Pa")]
    pub pa: Area,
    #[serde(rename = "Yn")]
    pub yn: u32,
    #[serde(rename = "Ya")]
    pub ya: Area,
    pub opposes: Count,
    pub abstentions: Count,
    /// Ballot rows marked 无效 (identity failed): reported, never participation.
    pub invalid: u32,
    /// Ballot rows overridden by another ballot of the same person (first/last stands).
    pub duplicates: u32,
    pub quorum_met: bool,
    pub passed: bool,
    pub quorum_line: Count,
    pub pass_line: Count,
    pub deciding: Vec<JsonInequality>,
}

#[derive(Debug, Serialize)]
pub struct JsonSettings {
    pub ballot_policy: BallotPolicy,
    pub parking_counts: bool,
    pub conformity_clause: bool,
    /// Residents' meetings counted from the roll: the day ages are counted on.
    pub on: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub persons: u32,
    pub area: Area,
}

#[derive(Debug, Serialize)]
pub struct JsonInequality {
    /// `quorum` or `pass`.
    pub test: vote::VoteTest,
    pub text: String,
    pub holds: bool,
}

pub fn tally(args: TallyArgs<'_>, lang: Lang) -> ExitCode {
    match run(&args, lang) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(Failure::Input(errors)) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!(
                "{}",
                lang.pick(
                    format!("输入有 {} 处错误，未计票。请改正上述文件中的行后重试。", errors.len()),
                    format!(
                        "{} error(s) in the input; nothing was counted. Correct the lines above and run again.",
                        errors.len()
                    ),
                )
            );
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("{message}");
            eprintln!(
                "{}",
                lang.pick(
                    "用法见 yishi tally --help 和 docs/tally.md。",
                    "See yishi tally --help and docs/tally.md."
                )
            );
            ExitCode::from(2)
        }
    }
}

fn read_file(path: &Path, what_zh: &str, what_en: &str, lang: Lang) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| {
        Failure::Usage(if e.kind() == std::io::ErrorKind::NotFound {
            lang.pick(
                format!("找不到{what_zh}文件：{}。请检查路径。", path.display()),
                format!(
                    "The {what_en} file {} does not exist. Check the path.",
                    path.display()
                ),
            )
        } else {
            lang.pick(
                format!("无法读取{what_zh}文件 {}：{e}。", path.display()),
                format!("Cannot read the {what_en} file {}: {e}.", path.display()),
            )
        })
    })
}

fn table(path: &Path, bytes: &[u8], lang: Lang) -> Result<Table, Failure> {
    read_table(&path.display().to_string(), bytes)
        .map_err(|e| Failure::Input(vec![format!("{}: {}", path.display(), e.message(lang))]))
}

/// The roll the rule counts: entries, and how a ballot row finds its entry.
struct Roll {
    entries: Vec<RollEntry>,
    /// (building, unit) -> entry, for owners' votes and households.
    by_unit: BTreeMap<(String, String), i64>,
    /// (building, unit, name) -> entry, for residents aged 18+.
    by_person: BTreeMap<(String, String, String), i64>,
    /// Meetings with a given N: ballots name attendees, who get entries as they appear.
    open_seats: Option<u32>,
}

fn usage(lang: Lang, zh: String, en: String) -> Failure {
    Failure::Usage(lang.pick(zh, en))
}

fn run(args: &TallyArgs<'_>, lang: Lang) -> Result<String, Failure> {
    let (rule_arg, legacy_scope) = parse_rule(args.rule).ok_or_else(|| {
        usage(
            lang,
            format!("无法识别的规则“{}”。可用：owners-ordinary、owners-major、committee:<委员数>[:strict]、residents:<应到人数>、residents:adults、residents:households、residents:groups:<小组数>:<每组代表数2或3>。", args.rule),
            format!("Unknown rule \"{}\". Use owners-ordinary, owners-major, committee:<members>[:strict], residents:<entitled>, residents:adults, residents:households or residents:groups:<groups>:<2 or 3>.", args.rule),
        )
    })?;
    let scope = match (args.scope, legacy_scope) {
        (Some(_), Some(_)) => {
            return Err(usage(
                lang,
                "规则 building:<楼栋> 已含表决范围，请不要再写 --scope；或改用 --rule owners-ordinary --scope building:<楼栋>。".into(),
                "The rule building:<name> already has a scope; drop --scope, or write --rule owners-ordinary --scope building:<name>.".into(),
            ));
        }
        (Some(text), None) => parse_scope(text).ok_or_else(|| {
            usage(
                lang,
                format!("无法识别的表决范围“{text}”。可用：community、building:<楼栋>、entrance:<楼栋>/<单元>。"),
                format!("Unknown scope \"{text}\". Use community, building:<name> or entrance:<building>/<entrance>."),
            )
        })?,
        (None, legacy) => legacy.unwrap_or_default(),
    };
    if !scope.is_community() && !matches!(rule_arg, RuleArg::Owners(_)) {
        return Err(usage(
            lang,
            "只有业主表决（owners-ordinary、owners-major）可以限定楼栋或单元；会议规则请去掉 --scope。".into(),
            "Only owners' rules (owners-ordinary, owners-major) take a building or entrance scope; drop --scope for meeting rules.".into(),
        ));
    }
    let on = match args.on {
        None => crate::ops::votes::local_day(chrono::Utc::now()),
        Some(t) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| {
            usage(
                lang,
                format!("--on 的日期“{t}”无效，请写成 YYYY-MM-DD。"),
                format!("The --on date \"{t}\" is not valid; write YYYY-MM-DD."),
            )
        })?,
    };
    let rule = match &rule_arg {
        RuleArg::Owners(r) => r.clone(),
        RuleArg::Committee { members, strict } => Rule::CommitteeMeeting {
            members: *members,
            strict_majority: *strict,
        },
        RuleArg::ResidentsGiven(n) => Rule::ResidentsMeeting {
            entitled: *n,
            mode: ResidentsMode::Adults,
        },
        RuleArg::ResidentsCounted(mode) => Rule::ResidentsMeeting {
            entitled: 0,
            mode: *mode,
        },
        RuleArg::ResidentsGroups { groups, per_group } => Rule::ResidentsMeeting {
            entitled: groups * per_group,
            mode: ResidentsMode::GroupRepresentatives {
                groups: *groups,
                per_group: *per_group,
            },
        },
    };
    let needs_roll = matches!(rule_arg, RuleArg::Owners(_) | RuleArg::ResidentsCounted(_));
    let (roll, rule) = match (needs_roll, args.roll) {
        (true, None) => {
            return Err(usage(
                lang,
                "此规则需要名册：请用 --roll 指定名册文件（导入格式）。".into(),
                "This rule needs the roll: give the roll file (import layout) with --roll.".into(),
            ));
        }
        (true, Some(path)) => {
            let units = read_roll(path, lang)?;
            match &rule_arg {
                RuleArg::ResidentsCounted(mode) => {
                    let e = residents_roll(&units, *mode, on);
                    let roll = entitled_roll(&e, *mode);
                    let rule = Rule::ResidentsMeeting {
                        entitled: e.entitled,
                        mode: *mode,
                    };
                    (roll, rule)
                }
                _ => (
                    owners_roll(&units, &scope, args.parking_counts, lang)?,
                    rule,
                ),
            }
        }
        (false, _) => {
            let n = rule.fixed_n().unwrap_or(0);
            (
                Roll {
                    entries: (1..=i64::from(n))
                        .map(|id| RollEntry {
                            person_id: id,
                            area: Area::ZERO,
                        })
                        .collect(),
                    by_unit: BTreeMap::new(),
                    by_person: BTreeMap::new(),
                    open_seats: Some(n),
                },
                rule,
            )
        }
    };
    let policy = if args.last_stands {
        BallotPolicy::LastStands
    } else {
        BallotPolicy::FirstStands
    };
    let (cast, invalid) = read_ballots(args.ballots, &roll, lang)?;
    let ballots = vote::resolve_ballots(&cast, policy);
    let duplicates = (cast.len() - ballots.len()) as u32;
    let settings = VoteSettings::new(rule.clone()).scoped(scope.clone());
    let settings = VoteSettings {
        ballot_policy: policy,
        ..settings
    };
    let t = vote::tally(
        &TallyInput {
            roll: &roll.entries,
            ballots: &ballots,
            served_non_voters: None,
            refused: invalid,
        },
        &settings,
    )
    .map_err(|e| {
        Failure::Input(vec![format!(
            "{}: {}",
            args.ballots.display(),
            e.message(lang)
        )])
    })?;
    if args.json {
        let out = json_of(args, &settings, &t, duplicates, on);
        return Ok(serde_json::to_string_pretty(&out).expect("the tally serialises"));
    }
    Ok(vote::result_block(&t, &settings, lang))
}

fn json_of(
    args: &TallyArgs<'_>,
    settings: &VoteSettings,
    t: &Tally,
    duplicates: u32,
    on: NaiveDate,
) -> TallyJson {
    TallyJson {
        format: TALLY_FORMAT,
        rule_text: args.rule.trim().to_string(),
        rule: settings.rule.clone(),
        scope: settings.scope.clone(),
        settings: JsonSettings {
            ballot_policy: settings.ballot_policy,
            parking_counts: args.parking_counts,
            conformity_clause: false,
            on: matches!(settings.rule, Rule::ResidentsMeeting { .. })
                .then(|| on.format("%Y-%m-%d").to_string()),
        },
        n: t.n,
        a: t.a,
        pn: t.pn,
        pa: t.pa,
        yn: t.yn,
        ya: t.ya,
        opposes: Count {
            persons: t.on,
            area: t.oa,
        },
        abstentions: Count {
            persons: t.abstain_n,
            area: t.abstain_a,
        },
        invalid: t.refused,
        duplicates,
        quorum_met: t.quorum_met,
        passed: t.passed,
        quorum_line: Count {
            persons: t.quorum_line.persons,
            area: t.quorum_line.area,
        },
        pass_line: Count {
            persons: t.pass_line.persons,
            area: t.pass_line.area,
        },
        deciding: t
            .deciding
            .iter()
            .map(|i| JsonInequality {
                test: i.test,
                text: i.text.clone(),
                holds: i.holds,
            })
            .collect(),
    }
}

/// The roster's units, or every problem with its file and line.
fn read_roll(path: &Path, lang: Lang) -> Result<Vec<crate::domain::roster::PlannedUnit>, Failure> {
    let bytes = read_file(path, "名册", "roll", lang)?;
    let parsed = parse_roster(&table(path, &bytes, lang)?);
    let plan = check_roster(
        parsed.rows,
        &RosterContext {
            known_buildings: None,
        },
    );
    let problems: Vec<String> = parsed
        .problems
        .iter()
        .chain(plan.problems.iter())
        .map(|p| format!("{}: {}", path.display(), problem_message(p, lang)))
        .collect();
    if !problems.is_empty() {
        return Err(Failure::Input(problems));
    }
    Ok(plan.units)
}

/// Persons are numbered by their identity digest, exactly as the app stores them.
struct Ids(BTreeMap<String, i64>);

impl Ids {
    fn of(
        &mut self,
        unit: &crate::domain::roster::PlannedUnit,
        p: &crate::domain::roster::PlannedPerson,
    ) -> i64 {
        let digest = crate::store::roll::unkeyed_digest(unit, p);
        let next = self.0.len() as i64 + 1;
        *self.0.entry(digest).or_insert(next)
    }
}

fn owners_roll(
    units: &[crate::domain::roster::PlannedUnit],
    scope: &Scope,
    parking_counts: bool,
    lang: Lang,
) -> Result<Roll, Failure> {
    let mut ids = Ids(BTreeMap::new());
    let mut roll_units = Vec::new();
    for (i, u) in units
        .iter()
        .enumerate()
        .filter(|(_, u)| scope.contains(&u.building, &u.entrance))
    {
        let owners = u
            .people
            .iter()
            .filter(|p| p.relation.is_owner())
            .map(|p| RollOwner {
                person_id: ids.of(u, p),
                name: p.name.clone(),
                is_developer: p.relation == Relation::Developer,
                designated_voter: p.designated_voter,
            })
            .collect();
        roll_units.push(RollUnit {
            unit_id: i as i64,
            label: format!("{} {}", u.building, u.unit),
            building: u.building.clone(),
            kind: u.kind,
            status: u.status,
            area: u.area,
            owners,
        });
    }
    if roll_units.is_empty() {
        return Err(usage(
            lang,
            format!(
                "名册中没有属于“{}”的房屋。请检查 --scope 的楼栋和单元名称是否与名册一致（单元需名册有“单元”列，或房号形如“2单元1201”）。",
                scope.label(Lang::Zh)
            ),
            format!(
                "The roll has no unit in {}. Check that --scope names a building and entrance as the roll spells them (an entrance needs a 单元 column, or unit numbers like 2单元1201).",
                scope.label(Lang::En)
            ),
        ));
    }
    let count = count_roll(&roll_units, RollSettings { parking_counts });
    let keys: BTreeMap<i64, (String, String)> = roll_units
        .iter()
        .map(|u| {
            let unit = &units[u.unit_id as usize];
            (u.unit_id, (unit.building.clone(), unit.unit.clone()))
        })
        .collect();
    let mut by_unit = BTreeMap::new();
    for v in &count.voters {
        for id in &v.unit_ids {
            if let Some(k) = keys.get(id) {
                by_unit.insert(k.clone(), v.person_id);
            }
        }
    }
    Ok(Roll {
        entries: count
            .voters
            .iter()
            .map(|v| RollEntry {
                person_id: v.person_id,
                area: v.area,
            })
            .collect(),
        by_unit,
        by_person: BTreeMap::new(),
        open_seats: None,
    })
}

fn residents_roll(
    units: &[crate::domain::roster::PlannedUnit],
    mode: ResidentsMode,
    on: NaiveDate,
) -> Entitlement {
    let mut ids = Ids(BTreeMap::new());
    let homes: Vec<Home> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Residence)
        .map(|u| Home {
            label: format!("{}\u{1f}{}", u.building, u.unit),
            people: u
                .people
                .iter()
                .map(|p| HomePerson {
                    person_id: ids.of(u, p),
                    name: p.name.clone(),
                    relation: p.relation,
                    lives_there: p.lives_there,
                    adult_from: p.adult_from,
                })
                .collect(),
        })
        .collect();
    entitled_residents(&homes, mode, on)
}

fn entitled_roll(e: &Entitlement, mode: ResidentsMode) -> Roll {
    let split = |label: &str| {
        let (b, u) = label.split_once('\u{1f}').unwrap_or((label, ""));
        (b.to_string(), u.to_string())
    };
    let mut roll = Roll {
        entries: e
            .persons
            .iter()
            .map(|p| RollEntry {
                person_id: p.person_id,
                area: Area::ZERO,
            })
            .collect(),
        by_unit: BTreeMap::new(),
        by_person: BTreeMap::new(),
        open_seats: None,
    };
    // A household that nobody can represent still counts in N: a seat nobody can fill.
    let last = e.persons.iter().map(|p| p.person_id).max().unwrap_or(0);
    roll.entries.extend(
        (1..=i64::from(e.unrepresented_households)).map(|k| RollEntry {
            person_id: last + k,
            area: Area::ZERO,
        }),
    );
    for p in &e.persons {
        for home in &p.homes {
            let (b, u) = split(home);
            if mode == ResidentsMode::Households {
                roll.by_unit.insert((b, u), p.person_id);
            } else {
                roll.by_person.insert((b, u, p.name.clone()), p.person_id);
            }
        }
    }
    roll
}

/// The ballot rows as (entry, row, choice, true), and the number marked invalid; or every bad
/// row with its file and line.
#[allow(clippy::type_complexity)]
fn read_ballots(
    path: &Path,
    roll: &Roll,
    lang: Lang,
) -> Result<(Vec<(i64, u64, Choice, bool)>, u32), Failure> {
    let bytes = read_file(path, "选票", "ballots", lang)?;
    let t = table(path, &bytes, lang)?;
    let file = path.display().to_string();
    let Some(header) = t.rows.first() else {
        return Err(Failure::Input(vec![lang.pick(
            format!("{file}: 文件是空的。第一行须是表头（楼栋、房号、选择）。"),
            format!(
                "{file}: the file is empty. The first line must be the header (楼栋, 房号, 选择)."
            ),
        )]));
    };
    let names: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.trim().to_lowercase())
        .collect();
    let col = |aliases: &[&str]| names.iter().position(|h| aliases.contains(&h.as_str()));
    let b_col = col(&["楼栋", "楼号", "building"]);
    let u_col = col(&["房号", "室号", "unit"]);
    let c_col = col(&["选择", "表决意见", "意见", "choice"]);
    let n_col = col(&["姓名", "name"]);
    let meeting = roll.open_seats.is_some();
    let mut missing = Vec::new();
    if c_col.is_none() {
        missing.push("选择 (choice)");
    }
    if !meeting {
        if b_col.is_none() {
            missing.push("楼栋 (building)");
        }
        if u_col.is_none() {
            missing.push("房号 (unit)");
        }
        if n_col.is_none() && !roll.by_person.is_empty() {
            missing.push("姓名 (name)");
        }
    } else if n_col.is_none() && (b_col.is_none() || u_col.is_none()) {
        missing.push("姓名 (name)");
    }
    if !missing.is_empty() {
        return Err(Failure::Input(vec![lang.pick(
            format!(
                "{file}: 第 {} 行（表头）缺少列：{}。",
                header.line,
                missing.join("、")
            ),
            format!(
                "{file}: line {} (header) lacks the column(s) {}.",
                header.line,
                missing.join(", ")
            ),
        )]));
    }
    let mut errors = Vec::new();
    let mut cast = Vec::new();
    let mut invalid = 0u32;
    let mut attendees: BTreeMap<String, i64> = BTreeMap::new();
    for row in t.rows.iter().skip(1) {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.cells.get(i))
                .map(|s| s.split_whitespace().collect::<String>())
                .unwrap_or_default()
        };
        let (building, unit, name, word) = (cell(b_col), cell(u_col), cell(n_col), cell(c_col));
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let choice = match parse_choice(&word) {
            Ok(c) => c,
            Err(()) => {
                errors.push(lang.pick(
                    format!("{file}: 第 {} 行：无法识别的选择“{word}”。可用：同意、反对、弃权、无效（或 agree、oppose、abstain、invalid），空白即弃权。", row.line),
                    format!("{file}: line {}: unknown choice \"{word}\". Use 同意/agree, 反对/oppose, 弃权/abstain or 无效/invalid; a blank cell is an abstention.", row.line),
                ));
                continue;
            }
        };
        let who = if let Some(seats) = roll.open_seats {
            let key = format!("{building}\u{1f}{unit}\u{1f}{name}");
            let next = attendees.len() as i64 + 1;
            if !attendees.contains_key(&key) && next > i64::from(seats) {
                errors.push(lang.pick(
                    format!("{file}: 第 {} 行：出席投票的人数已超过应到的 {seats} 人。请核对应到人数或选票。", row.line),
                    format!("{file}: line {}: more people voted than the {seats} entitled. Check the number entitled or the ballots.", row.line),
                ));
                continue;
            }
            Some(*attendees.entry(key).or_insert(next))
        } else if roll.by_person.is_empty() {
            roll.by_unit.get(&(building.clone(), unit.clone())).copied()
        } else {
            roll.by_person
                .get(&(building.clone(), unit.clone(), name.clone()))
                .copied()
        };
        let Some(who) = who else {
            errors.push(lang.pick(
                format!("{file}: 第 {} 行：{building} {unit} {name} 不在本次表决的名册上。请核对楼栋、房号（及姓名），或检查 --scope。", row.line),
                format!("{file}: line {}: {building} {unit} {name} is not on this vote's roll. Check the building, unit (and name), or --scope.", row.line),
            ));
            continue;
        };
        match choice {
            Some(choice) => cast.push((who, u64::from(row.line), choice, true)),
            None => invalid += 1,
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Input(errors));
    }
    Ok((cast, invalid))
}
