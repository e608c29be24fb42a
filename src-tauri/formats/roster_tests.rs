//! Tests of `roster`: header aliases, value vocabularies, cell problems, and the fixtures end to
//! end through `check_roster` and `count_roll`.

use super::*;
use crate::domain::roll::{RollOwner, RollSettings, RollUnit, count_roll};
use crate::domain::roster::{RosterContext, RosterPlan, check_roster};
use crate::formats::table::read_table;
use std::collections::{BTreeMap, BTreeSet};

const HEADER: &str = "楼栋,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人";

fn parse(text: &str) -> ParsedRoster {
    parse_roster(&read_table("t.csv", text.as_bytes()).expect("test table"))
}

fn one_row(cells: &str) -> Result<RosterRow, Vec<RowProblem>> {
    let parsed = parse(&format!("{HEADER}\n{cells}\n"));
    match parsed.rows.as_slice() {
        [row] => Ok(row.clone()),
        _ => Err(parsed.problems),
    }
}

#[test]
fn header_aliases_map_to_columns() {
    let cases: &[(&str, RosterColumn)] = &[
        ("楼号", RosterColumn::Building),
        ("幢", RosterColumn::Building),
        (" Building ", RosterColumn::Building),
        ("*楼栋", RosterColumn::Building),
        ("门牌号", RosterColumn::Unit),
        ("专有部分", RosterColumn::Unit),
        ("UNIT", RosterColumn::Unit),
        ("物业类型", RosterColumn::Kind),
        ("面积(㎡)", RosterColumn::Area),
        ("面积（平方米）", RosterColumn::Area),
        ("建筑面积 m²", RosterColumn::Area),
        ("建筑面积（㎡）", RosterColumn::Area),
        ("Area", RosterColumn::Area),
        ("面积依据", RosterColumn::AreaSource),
        ("AREA_SOURCE", RosterColumn::AreaSource),
        ("area source", RosterColumn::AreaSource),
        ("交付状态", RosterColumn::Status),
        ("业主姓名", RosterColumn::Name),
        ("名称", RosterColumn::Name),
        ("统一社会信用代码", RosterColumn::IdNumber),
        ("身份证号码", RosterColumn::IdNumber),
        ("ID", RosterColumn::IdNumber),
        ("联系电话", RosterColumn::Phone),
        ("手机号", RosterColumn::Phone),
        ("类别", RosterColumn::Relation),
        ("是否投票人", RosterColumn::Voter),
    ];
    for (header, col) in cases {
        let layout = map_header(&TableRow {
            line: 1,
            cells: vec!["备注".into(), header.to_string()],
        });
        assert_eq!(
            layout.index[slot_of(*col)],
            Some(1),
            "{header:?} should be {col:?}"
        );
        assert_eq!(
            layout.index.iter().flatten().count(),
            1,
            "{header:?} matched one column only"
        );
    }
    for col in COLUMNS {
        assert_eq!(canonical_header(col), header_aliases(col)[0]);
    }
    assert_eq!(
        COLUMNS.map(canonical_header).join(","),
        "楼栋,单元,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人,出生日期,是否居住"
    );
}

#[test]
fn missing_required_columns_are_reported_on_line_one() {
    let parsed = parse("楼栋,姓名,电话\n1栋,张三,139\n");
    let missing: Vec<_> = parsed
        .problems
        .iter()
        .map(|p| (p.line, p.column, p.reason.clone()))
        .collect();
    assert_eq!(
        missing,
        vec![
            (1, Some(RosterColumn::Unit), ProblemReason::MissingColumn),
            (1, Some(RosterColumn::Area), ProblemReason::MissingColumn),
        ]
    );
    assert!(parsed.rows.is_empty());
    assert_eq!(parsed.rows_read, 1);
}

#[test]
fn values_are_typed_from_every_spelling() {
    type Check = fn(&RosterRow) -> bool;
    let cases: &[(&str, Check)] = &[
        ("1栋,101,,90,,,张三,X1,,,", |r| {
            r.kind == UnitKind::Residence
                && r.area_source == AreaSource::Register
                && r.status == UnitStatus::Delivered
                && r.relation == Relation::Owner
                && !r.designated_voter
        }),
        (
            "1栋,101,商业,90,测绘,已售,张三,X1,,产权人,√",
            |r| {
                r.kind == UnitKind::Shop
                    && r.area_source == AreaSource::Survey
                    && r.designated_voter
            },
        ),
        (
            "1栋,B1-1,Parking,12,预售合同,delivered,张三,X1,,OWNER,yes",
            |r| {
                r.kind == UnitKind::Parking
                    && r.area_source == AreaSource::Contract
                    && r.designated_voter
            },
        ),
        (
            "1栋,101,住宅,90,登记,已交付,李四,,,租户,否",
            |r| r.relation == Relation::Resident,
        ),
        (
            "1栋,101,住宅,90,登记,已交付,某公司,X2,,建设单位,N",
            |r| r.relation == Relation::Developer,
        ),
        // Unsold or undelivered: whoever is listed as owner, the developer holds it for counting.
        (
            "1栋,101,住宅,90,登记,未售,某公司,X2,,业主,",
            |r| r.relation == Relation::Developer,
        ),
        (
            "1栋,101,住宅,90,登记,已售未交付,某公司,X2,,,",
            |r| r.relation == Relation::Developer && r.status == UnitStatus::Undelivered,
        ),
        (
            "1栋,101,住宅,90,登记,未交付,租客,,,住户,",
            |r| r.relation == Relation::Resident,
        ),
        (
            " ３ 栋 ,ｂ1－001,车位,\"1,234.5\",,,  张  三 ,１１０１０１ 1990 0101 123x,+86 139-0000-0000,,",
            |r| {
                r.building == "3栋"
                    && r.unit == "B1-001"
                    && r.area == Area(123_450)
                    && r.name == "张三"
                    && r.id_number == "11010119900101123X"
                    && r.phone == "+86 139-0000-0000"
            },
        ),
        (
            "1栋,101,,90,,,张三,SHA256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789,,,",
            |r| {
                r.id_number
                    == "sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
            },
        ),
        ("1栋,101,,90,,,张三,sha256:short,,,", |r| {
            r.id_number == "SHA256:SHORT"
        }),
    ];
    for (cells, check) in cases {
        let row = one_row(cells).unwrap_or_else(|p| panic!("{cells}: {p:?}"));
        assert!(check(&row), "{cells}: {row:?}");
        assert_eq!(row.line, 2);
    }
}

#[test]
fn every_bad_cell_of_a_row_is_reported() {
    let allowed = |col| canonical_values(col);
    type Expected = Vec<(Option<RosterColumn>, ProblemReason)>;
    let cases: &[(&str, Expected)] = &[
        (
            "1栋,101,,-85.5,,,张三,X,,,",
            vec![(
                Some(RosterColumn::Area),
                ProblemReason::NegativeArea {
                    text: "-85.5".into(),
                },
            )],
        ),
        (
            "1栋,101,,89.123,,,张三,X,,,",
            vec![(
                Some(RosterColumn::Area),
                ProblemReason::TooManyDecimals {
                    text: "89.123".into(),
                },
            )],
        ),
        (
            "1栋,101,,约90,,,张三,X,,,",
            vec![(
                Some(RosterColumn::Area),
                ProblemReason::NotANumber {
                    text: "约90".into(),
                },
            )],
        ),
        (
            "1栋,101,,0,,,张三,X,,,",
            vec![(Some(RosterColumn::Area), ProblemReason::ZeroArea)],
        ),
        (
            "1栋,101,,,,,张三,X,,,",
            vec![(Some(RosterColumn::Area), ProblemReason::MissingValue)],
        ),
        (
            "1栋,101,,99999999999,,,张三,X,,,",
            vec![(
                Some(RosterColumn::Area),
                ProblemReason::AreaTooLarge {
                    text: "99999999999".into(),
                },
            )],
        ),
        (
            ",,别墅,90,估算,,,X,139/138,房东,可能",
            vec![
                (Some(RosterColumn::Building), ProblemReason::MissingValue),
                (Some(RosterColumn::Unit), ProblemReason::MissingValue),
                (
                    Some(RosterColumn::Kind),
                    ProblemReason::UnknownValue {
                        text: "别墅".into(),
                        allowed: allowed(RosterColumn::Kind),
                    },
                ),
                (
                    Some(RosterColumn::AreaSource),
                    ProblemReason::UnknownValue {
                        text: "估算".into(),
                        allowed: allowed(RosterColumn::AreaSource),
                    },
                ),
                (Some(RosterColumn::Name), ProblemReason::MissingValue),
                (
                    Some(RosterColumn::Phone),
                    ProblemReason::UnknownValue {
                        text: "139/138".into(),
                        allowed: allowed(RosterColumn::Phone),
                    },
                ),
                (
                    Some(RosterColumn::Relation),
                    ProblemReason::UnknownValue {
                        text: "房东".into(),
                        allowed: allowed(RosterColumn::Relation),
                    },
                ),
                (
                    Some(RosterColumn::Voter),
                    ProblemReason::UnknownValue {
                        text: "可能".into(),
                        allowed: allowed(RosterColumn::Voter),
                    },
                ),
            ],
        ),
        (
            "1栋,101,,90,,待定,张三,X,,,,备注",
            vec![
                (
                    Some(RosterColumn::Status),
                    ProblemReason::UnknownValue {
                        text: "待定".into(),
                        allowed: allowed(RosterColumn::Status),
                    },
                ),
                (None, ProblemReason::ExtraCells),
            ],
        ),
    ];
    for (cells, want) in cases {
        let problems = one_row(cells).expect_err(cells);
        let got: Vec<_> = problems
            .iter()
            .map(|p| (p.column, p.reason.clone()))
            .collect();
        assert_eq!(&got, want, "{cells}");
        assert!(problems.iter().all(|p| p.line == 2));
    }
    assert_eq!(allowed(RosterColumn::Kind), ["住宅", "商铺", "车位"]);
    assert_eq!(allowed(RosterColumn::Voter), ["是", "否"]);
}

#[test]
fn empty_trailing_cells_and_unknown_columns_are_fine() {
    let parsed = parse("楼栋,房号,面积,姓名,证件号,备注,\n1栋,101,90,张三,X,随便写,,,\n");
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.notices, vec![RosterNotice::AreaSourceAssumed]);
}

#[test]
fn names_lose_stray_spaces_but_keep_those_between_latin_words() {
    let cases = [
        ("张 三", "张三"),
        (" 重庆 晴川置业  有限公司 ", "重庆晴川置业有限公司"),
        ("John   Smith", "John Smith"),
        ("李 Anna", "李Anna"),
        ("王五", "王五"),
    ];
    for (text, want) in cases {
        assert_eq!(person_name(text), want, "{text:?}");
    }
}

#[test]
fn a_title_above_the_header_is_skipped() {
    let parsed = parse(
        "阳光山庄业主花名册（2024 年 5 月）,,,\n\n楼栋,房号,面积,姓名,证件号\n1栋,101,90,张三,X\n",
    );
    assert_eq!(
        (parsed.problems.len(), parsed.rows.len(), parsed.rows_read),
        (0, 1, 1)
    );
    assert_eq!(parsed.rows[0].line, 4);
    let no_header = parse("花名册\n1栋,101,90,张三\n");
    assert_eq!(
        no_header.problems.len(),
        4,
        "reported against the first row"
    );
    assert!(
        no_header
            .problems
            .iter()
            .all(|p| p.line == 1 && p.reason == ProblemReason::MissingColumn)
    );
}

#[test]
fn an_entrance_column_becomes_part_of_the_unit() {
    let parsed = parse(
        "楼栋,单元,房号,面积,姓名\n3栋,2,1201,90,张三\n3栋,2单元,1202,90,李四\n3栋,,1203,90,王五\n",
    );
    let units: Vec<_> = parsed.rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, ["2单元1201", "2单元1202", "1203"]);
}

/// N and A as the roll counts them; persons are told apart by identity number.
fn count(plan: &RosterPlan, parking_counts: bool) -> (u32, i64) {
    let mut ids: BTreeMap<String, i64> = BTreeMap::new();
    let units: Vec<RollUnit> = plan
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| RollUnit {
            unit_id: i as i64,
            label: format!("{} {}", u.building, u.unit),
            building: u.building.clone(),
            kind: u.kind,
            status: u.status,
            area: u.area,
            owners: u
                .people
                .iter()
                .filter(|p| p.relation.is_owner())
                .map(|p| {
                    let next = ids.len() as i64;
                    RollOwner {
                        person_id: *ids.entry(p.id_number.clone()).or_insert(next),
                        name: p.name.clone(),
                        is_developer: p.relation == Relation::Developer,
                        designated_voter: p.designated_voter,
                    }
                })
                .collect(),
        })
        .collect();
    let roll = count_roll(&units, RollSettings { parking_counts });
    (roll.persons, roll.area.centi())
}

#[test]
fn the_small_fixture_counts_as_its_readme_says() {
    let sources: [(&str, &[u8]); 3] = [
        (
            "roster-small.csv",
            include_bytes!("../../tests/fixtures/roster-small.csv"),
        ),
        (
            "roster-small-gbk.csv",
            include_bytes!("../../tests/fixtures/roster-small-gbk.csv"),
        ),
        (
            "roster-small.xlsx",
            include_bytes!("../../tests/fixtures/roster-small.xlsx"),
        ),
    ];
    let parsed: Vec<ParsedRoster> = sources
        .iter()
        .map(|(name, bytes)| parse_roster(&read_table(name, bytes).expect(name)))
        .collect();
    for (p, (name, _)) in parsed.iter().zip(&sources) {
        assert_eq!(
            (p.rows.len(), p.rows_read, p.problems.len()),
            (33, 33, 0),
            "{name}: {:?}",
            p.problems
        );
        assert_eq!(p.rows, parsed[0].rows, "{name} types like the UTF-8 CSV");
        assert!(p.notices.is_empty());
    }
    let plan = check_roster(
        parsed[0].rows.clone(),
        &RosterContext {
            known_buildings: None,
        },
    );
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.notices, vec![]);
    assert_eq!(plan.units.len(), 31);
    assert_eq!(count(&plan, false), (28, 327_790));
    assert_eq!(count(&plan, true), (28, 329_040));
}

#[test]
fn the_bad_fixture_has_one_problem_per_line_as_its_readme_says() {
    let bytes = include_bytes!("../../tests/fixtures/roster-bad.csv");
    let parsed = parse_roster(&read_table("roster-bad.csv", bytes).expect("bad fixture"));
    let known: BTreeSet<String> = ["1栋", "2栋", "3栋"].map(String::from).into();
    let plan = check_roster(
        parsed.rows,
        &RosterContext {
            known_buildings: Some(&known),
        },
    );
    let mut all: Vec<(u32, String)> = parsed
        .problems
        .iter()
        .chain(&plan.problems)
        .map(|p| (p.line, format!("{:?}", p.reason)))
        .collect();
    all.sort();
    let kinds: Vec<(u32, &str)> = all
        .iter()
        .map(|(l, r)| (*l, r.split([' ', '{']).next().unwrap_or("")))
        .collect();
    assert_eq!(
        kinds,
        [
            (3, "NegativeArea"),
            (4, "TooManyDecimals"),
            (6, "DuplicateUnit"),
            (7, "UnknownBuilding"),
            (8, "MissingOwner"),
            (10, "ConflictingIdentifier"),
            (11, "UnknownValue"),
        ]
    );
    assert!(
        all[2].1.contains("first_line: 5") && all[5].1.contains("王磊"),
        "{all:?}"
    );
}

#[test]
fn the_example_in_the_import_guide_imports_cleanly() {
    let guide = include_str!("../../docs/roll-import.md");
    let example = guide
        .split("```csv\n")
        .nth(1)
        .and_then(|s| s.split("```").next());
    let parsed = parse(example.expect("the guide has a CSV example"));
    assert_eq!(
        (parsed.problems.len(), parsed.rows.len()),
        (0, 8),
        "{:?}",
        parsed.problems
    );
    let plan = check_roster(
        parsed.rows,
        &RosterContext {
            known_buildings: None,
        },
    );
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.units.len(), 6);
}

#[test]
fn entrance_birth_date_and_residence_columns_are_optional_and_typed() {
    let parsed = parse(concat!(
        "楼栋,单元,房号,面积,姓名,证件号,身份,出生日期,是否居住\n",
        "3栋,2,1201,89.5,张三,110101199001011234,业主,,否\n",
        "3栋,２,1201,89.5,张小明,,住户,2010年3月5日,\n",
        "3栋,,2单元1202,89.5,李四,110101200802291234,业主,,是\n",
        "3栋,A,101,60,王五,110101198001011234,业主,1980/13/01,\n",
    ));
    assert_eq!(
        parsed.problems,
        vec![RowProblem {
            line: 5,
            column: Some(RosterColumn::BirthDate),
            reason: ProblemReason::BadDate {
                text: "1980/13/01".into()
            },
        }]
    );
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let rows = &parsed.rows;
    // The 单元 column is folded into the number and kept as the entrance.
    assert_eq!(
        (rows[0].unit.as_str(), rows[0].entrance.as_str()),
        ("2单元1201", "2单元")
    );
    assert_eq!(
        (rows[1].unit.as_str(), rows[1].entrance.as_str()),
        ("2单元1201", "2单元")
    );
    // Without the column, the entrance comes from the number; folding twice changes nothing.
    assert_eq!(
        (rows[2].unit.as_str(), rows[2].entrance.as_str()),
        ("2单元1202", "2单元")
    );
    // The ID number gives the 18th birthday; the 出生日期 column does when there is no ID.
    assert_eq!(rows[0].adult_from, date(2008, 1, 1));
    assert_eq!(rows[1].adult_from, date(2028, 3, 5));
    assert_eq!(rows[2].adult_from, date(2026, 3, 1), "born on 29 February");
    // 是否居住: said, or a 住户 by definition, or unknown.
    assert_eq!(rows[0].lives_there, Some(false));
    assert_eq!(rows[1].lives_there, Some(true));
    assert_eq!(rows[2].lives_there, Some(true));
}
