//! What a person reads about a roster problem or notice: one sentence in Chinese or English that
//! names the line and column, says what is wrong and how to fix it.
//!
//! Invariant: every `ProblemReason` and `RosterNotice` variant has a message in both languages
//! (the matches are exhaustive, so a new variant does not compile until it has one).

use super::roster::{canonical_header, header_aliases};
use crate::domain::roster::{ProblemReason, RosterColumn, RosterNotice, RowProblem};
use crate::lang::Lang;

/// The column's English name, shown after the Chinese header the file uses.
fn english_name(col: RosterColumn) -> &'static str {
    match col {
        RosterColumn::Building => "building",
        RosterColumn::Unit => "unit",
        RosterColumn::Kind => "kind",
        RosterColumn::Area => "area",
        RosterColumn::AreaSource => "area source",
        RosterColumn::Status => "status",
        RosterColumn::Name => "name",
        RosterColumn::IdNumber => "ID number",
        RosterColumn::Phone => "phone",
        RosterColumn::Relation => "relation",
        RosterColumn::Voter => "voter",
        RosterColumn::Entrance => "entrance",
        RosterColumn::BirthDate => "birth date",
        RosterColumn::LivesThere => "lives there",
    }
}

/// "第 12 行“面积”列：" / "Line 12, column 面积 (area): ".
fn place(p: &RowProblem, lang: Lang) -> String {
    // A missing column is named in the sentence itself; the place is just the header row.
    if p.reason == ProblemReason::MissingColumn {
        return lang.pick(
            format!("第 {} 行（表头）：", p.line),
            format!("Line {} (header): ", p.line),
        );
    }
    match (p.column, lang) {
        (Some(col), Lang::Zh) => format!("第 {} 行“{}”列：", p.line, canonical_header(col)),
        (Some(col), Lang::En) => format!(
            "Line {}, column {} ({}): ",
            p.line,
            canonical_header(col),
            english_name(col)
        ),
        (None, Lang::Zh) => format!("第 {} 行：", p.line),
        (None, Lang::En) => format!("Line {}: ", p.line),
    }
}

pub fn problem_message(p: &RowProblem, lang: Lang) -> String {
    use ProblemReason as R;
    let (zh, en) = match &p.reason {
        R::MissingValue => (
            "这一格是空的。该列必须填写，请补上后重新导入。".to_string(),
            "the cell is empty. This column is required; fill it in and import again.".to_string(),
        ),
        R::NegativeArea { text } => (
            format!("“{text}”是负数。面积必须大于 0，请改正后重新导入。"),
            format!("\"{text}\" is negative. Areas must be greater than 0; fix it and import again."),
        ),
        R::ZeroArea => (
            "面积为 0。每套房屋的面积必须大于 0，请填写登记面积后重新导入。".to_string(),
            "the area is 0. Every unit's area must be greater than 0; enter the registered area and import again.".to_string(),
        ),
        R::TooManyDecimals { text } => (
            format!("“{text}”超过两位小数。面积精确到 0.01 平方米，请按不动产登记上的数字填写后重新导入。"),
            format!("\"{text}\" has more than two decimals. Areas are exact to 0.01 m²; copy the registered figure and import again."),
        ),
        R::NotANumber { text } => (
            format!("“{text}”不是数字。面积只填数字（如 89.50），不要带文字，请改正后重新导入。"),
            format!("\"{text}\" is not a number. Write the area as a number only (e.g. 89.50), then import again."),
        ),
        R::AreaTooLarge { text } => (
            format!("“{text}”太大，不可能是一套房屋的面积。请检查是否多输了数字或漏了小数点。"),
            format!("\"{text}\" is too large to be a unit's area. Check for extra digits or a missing decimal point."),
        ),
        R::UnknownValue { text, allowed } => (
            format!("“{text}”不是可识别的值。请改为以下之一：{}。", allowed.join("、")),
            format!("\"{text}\" is not a recognised value. Use one of: {}.", allowed.join(", ")),
        ),
        R::DuplicateUnit { first_line } => (
            format!("这套房屋在第 {first_line} 行已出现，但面积、类型、状态或面积来源不同。同一套房屋的各行必须一致，请核对后改正。"),
            format!("this unit already appears on line {first_line} with a different area, kind, status or area source. All rows of one unit must agree; check and fix them."),
        ),
        R::DuplicatePerson { first_line } => (
            format!("同一人在这套房屋下列了两次（房屋首次出现在第 {first_line} 行）。请删除重复的一行。"),
            format!("the same person is listed twice for this unit (first seen on line {first_line}). Delete the duplicate row."),
        ),
        R::UnknownBuilding { building } => (
            format!("小区中没有“{building}”。请检查楼栋名称是否写错；如是新楼栋，请先添加，或导入时勾选“新建文件中的楼栋”。"),
            format!("the community has no building \"{building}\". Check the spelling; if it is new, add it first or tick \"create buildings from the file\" when importing."),
        ),
        R::MissingOwner => (
            "这套房屋没有业主（只有住户，或业主行都有错误）。请为它添加至少一位业主或开发商。".to_string(),
            "this unit has no owner (only residents, or every owner row has errors). Add at least one owner or the developer.".to_string(),
        ),
        R::ConflictingIdentifier { other_name, first_line } => (
            format!("这个证件号在第 {first_line} 行属于“{other_name}”，这里却是另一个姓名。同一证件号只能对应一个人，请核对姓名和证件号。"),
            format!("this ID number belongs to \"{other_name}\" on line {first_line}, but here has another name. One ID number is one person; check the name and the number."),
        ),
        R::MissingIdentifier => (
            "业主没有证件号。需要身份证号或统一社会信用代码才能认出拥有多套房屋的同一业主，请补上后重新导入。".to_string(),
            "the owner has no ID number. It is needed to recognise one owner of several units; add the ID card number or credit code and import again.".to_string(),
        ),
        R::SeveralVoters { first_line } => (
            format!("这套共有房屋（首次出现在第 {first_line} 行）指定了不止一位投票人。共有人只能推选一人投票，请只保留一个“是”。"),
            format!("this co-owned unit (first seen on line {first_line}) names more than one voter. Co-owners designate one; keep a single \"是\" (yes)."),
        ),
        R::MissingColumn => missing_column(p.column),
        R::ExtraCells => (
            "这一行的格子比表头多，且多出的格子里有内容。请删除多余内容，或为该列加上表头。".to_string(),
            "this row has more cells than the header, and the extra ones are not empty. Delete them or give that column a header.".to_string(),
        ),
        R::BadDate { text } => (
            format!("“{text}”不是有效日期。请写成 1980-05-17、1980/5/17、19800517 或 1980年5月17日，不知道可留空。"),
            format!("\"{text}\" is not a valid date. Write it as 1980-05-17, 1980/5/17, 19800517 or 1980年5月17日, or leave it empty if unknown."),
        ),
    };
    format!("{}{}", place(p, lang), lang.pick(zh, en))
}

fn missing_column(col: Option<RosterColumn>) -> (String, String) {
    let Some(col) = col else {
        return (
            "表头缺少必填的列。请对照导入说明补上列名。".to_string(),
            "the header lacks a required column. Add it as the import guide shows.".to_string(),
        );
    };
    let others = &header_aliases(col)[1..];
    (
        format!(
            "缺少必填的“{}”列（也可写作：{}）。请添加该列后重新导入。",
            canonical_header(col),
            others.join("、")
        ),
        format!(
            "the required column {} ({}) is missing (also accepted: {}). Add it and import again.",
            canonical_header(col),
            english_name(col),
            others.join(", ")
        ),
    )
}

pub fn notice_message(n: &RosterNotice, lang: Lang) -> String {
    match n {
        RosterNotice::VoterDefaulted { line, building, unit, voter } => lang.pick(
            format!("第 {line} 行：{building} {unit} 是共有房屋，未指定投票人，将由第一位共有人“{voter}”投票。如需他人投票，请在其“投票人”列填“是”。"),
            format!("Line {line}: {building} {unit} is co-owned and names no voter, so the first co-owner, \"{voter}\", will vote. To change this, put \"是\" in another co-owner's 投票人 (voter) column."),
        ),
        RosterNotice::AreaSourceAssumed => lang.pick(
            "文件没有“面积来源”列，所有面积都按不动产登记面积计。如有实测或合同面积，请添加“面积来源”列并注明。".to_string(),
            "The file has no 面积来源 (area source) column, so every area counts as the registered area. If some are surveyed or contract areas, add that column and say so.".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(column: Option<RosterColumn>, reason: ProblemReason) -> RowProblem {
        RowProblem {
            line: 12,
            column,
            reason,
        }
    }

    fn every_reason() -> Vec<RowProblem> {
        use ProblemReason as R;
        use RosterColumn as C;
        let text = || "-85.5".to_string();
        // Exhaustive on purpose: a new variant fails to compile here until it is listed.
        let listed = |r: &R| match r {
            R::MissingValue | R::NegativeArea { .. } | R::ZeroArea | R::TooManyDecimals { .. } => {}
            R::NotANumber { .. } | R::AreaTooLarge { .. } | R::UnknownValue { .. } => {}
            R::DuplicateUnit { .. } | R::DuplicatePerson { .. } | R::UnknownBuilding { .. } => {}
            R::MissingOwner | R::ConflictingIdentifier { .. } | R::MissingIdentifier => {}
            R::SeveralVoters { .. } | R::MissingColumn | R::ExtraCells => {}
            R::BadDate { .. } => {}
        };
        let all = vec![
            problem(Some(C::Area), R::MissingValue),
            problem(Some(C::Area), R::NegativeArea { text: text() }),
            problem(Some(C::Area), R::ZeroArea),
            problem(Some(C::Area), R::TooManyDecimals { text: text() }),
            problem(Some(C::Area), R::NotANumber { text: text() }),
            problem(Some(C::Area), R::AreaTooLarge { text: text() }),
            problem(
                Some(C::Kind),
                R::UnknownValue {
                    text: "别墅".into(),
                    allowed: vec!["住宅".into(), "商铺".into()],
                },
            ),
            problem(None, R::DuplicateUnit { first_line: 7 }),
            problem(Some(C::Name), R::DuplicatePerson { first_line: 7 }),
            problem(
                Some(C::Building),
                R::UnknownBuilding {
                    building: "9栋".into(),
                },
            ),
            problem(Some(C::Relation), R::MissingOwner),
            problem(
                Some(C::IdNumber),
                R::ConflictingIdentifier {
                    other_name: "王磊".into(),
                    first_line: 7,
                },
            ),
            problem(Some(C::IdNumber), R::MissingIdentifier),
            problem(Some(C::Voter), R::SeveralVoters { first_line: 7 }),
            problem(Some(C::Area), R::MissingColumn),
            problem(None, R::ExtraCells),
            problem(
                Some(C::BirthDate),
                R::BadDate {
                    text: "1980-13-01".into(),
                },
            ),
        ];
        all.iter().for_each(|p| listed(&p.reason));
        all
    }

    #[test]
    fn every_problem_has_a_distinct_message_in_both_languages() {
        let problems = every_reason();
        let mut seen = std::collections::BTreeSet::new();
        for p in &problems {
            let (zh, en) = (problem_message(p, Lang::Zh), problem_message(p, Lang::En));
            assert!(zh.starts_with("第 12 行") && zh.ends_with('。'), "{zh}");
            assert!(en.starts_with("Line 12") && en.ends_with('.'), "{en}");
            assert!(
                seen.insert(zh.clone()) && seen.insert(en.clone()),
                "duplicate: {zh}"
            );
            // The specifics of the reason must reach the reader in both languages.
            use ProblemReason as R;
            let specifics = match &p.reason {
                R::NegativeArea { text } | R::TooManyDecimals { text } => vec![text.clone()],
                R::NotANumber { text } | R::AreaTooLarge { text } => vec![text.clone()],
                R::BadDate { text } => vec![text.clone()],
                R::UnknownValue { text, allowed } => vec![text.clone(), allowed.join("")],
                R::DuplicateUnit { first_line } | R::DuplicatePerson { first_line } => {
                    vec![first_line.to_string()]
                }
                R::SeveralVoters { first_line } => vec![first_line.to_string()],
                R::UnknownBuilding { building } => vec![building.clone()],
                R::ConflictingIdentifier {
                    other_name,
                    first_line,
                } => vec![other_name.clone(), first_line.to_string()],
                _ => vec![],
            };
            for s in specifics {
                let flat = |m: &str| m.replace(['、', ',', ' '], "");
                assert!(
                    flat(&zh).contains(&s) && flat(&en).contains(&s),
                    "{s} missing: {zh} / {en}"
                );
            }
        }
        assert_eq!(problems.len(), 17);
    }

    #[test]
    fn messages_name_the_place_and_the_fix() {
        let cases: &[(RowProblem, &str, &str)] = &[
            (
                problem(
                    Some(RosterColumn::Area),
                    ProblemReason::NegativeArea {
                        text: "-85.5".into(),
                    },
                ),
                "第 12 行“面积”列：“-85.5”是负数。面积必须大于 0，请改正后重新导入。",
                "Line 12, column 面积 (area): \"-85.5\" is negative. Areas must be greater than 0; fix it and import again.",
            ),
            (
                problem(
                    Some(RosterColumn::Kind),
                    ProblemReason::UnknownValue {
                        text: "别墅".into(),
                        allowed: vec!["住宅".into(), "商铺".into(), "车位".into()],
                    },
                ),
                "第 12 行“类型”列：“别墅”不是可识别的值。请改为以下之一：住宅、商铺、车位。",
                "Line 12, column 类型 (kind): \"别墅\" is not a recognised value. Use one of: 住宅, 商铺, 车位.",
            ),
            (
                problem(None, ProblemReason::ExtraCells),
                "第 12 行：这一行的格子比表头多，且多出的格子里有内容。请删除多余内容，或为该列加上表头。",
                "Line 12: this row has more cells than the header, and the extra ones are not empty. Delete them or give that column a header.",
            ),
        ];
        for (p, zh, en) in cases {
            assert_eq!(problem_message(p, Lang::Zh), *zh);
            assert_eq!(problem_message(p, Lang::En), *en);
        }
        let missing = problem(Some(RosterColumn::Area), ProblemReason::MissingColumn);
        assert!(
            problem_message(&missing, Lang::Zh).contains("建筑面积"),
            "lists the aliases"
        );
    }

    #[test]
    fn every_notice_has_a_message_in_both_languages() {
        let notices = [
            RosterNotice::VoterDefaulted {
                line: 5,
                building: "1栋".into(),
                unit: "201".into(),
                voter: "张国庆".into(),
            },
            RosterNotice::AreaSourceAssumed,
        ];
        for n in &notices {
            // Exhaustive on purpose, like `every_reason`.
            match n {
                RosterNotice::VoterDefaulted { .. } | RosterNotice::AreaSourceAssumed => {}
            }
            let (zh, en) = (notice_message(n, Lang::Zh), notice_message(n, Lang::En));
            assert!(zh.ends_with('。') && zh.contains("请"), "{zh}");
            assert!(en.ends_with('.') && en.len() > 60, "{en}");
        }
        let defaulted = notice_message(&notices[0], Lang::Zh);
        assert!(
            defaulted.starts_with("第 5 行：1栋 201") && defaulted.contains("张国庆"),
            "{defaulted}"
        );
    }
}
