//! The roster file's columns: a header is mapped to `RosterColumn`s, then every cell is typed.
//!
//! Invariants: every bad cell of a row is reported (not only the first) and such a row yields no
//! `RosterRow`; a header missing a required column yields one problem per missing column and no
//! rows; nothing here looks across rows (that is `domain::roster::check_roster`). Units that are
//! unsold or undelivered are the developer's for counting (司法解释 Art. 9), so an "owner" listed
//! on such a row is recorded as the developer. Values are normalised so that one thing typed two
//! ways is one thing (full-width digits, case, stray spaces in IDs and names). A title row above
//! the header is skipped, and a separate 单元 column is folded into the unit number (and kept as
//! the unit's entrance, so that a vote can be scoped to it). Optional 出生日期 and 是否居住 columns
//! give what a residents' meeting needs: the day a person turns 18 (also derived from an 18-digit
//! ID number's birth date) and whether an owner lives in the unit.
//! docs/roll-import.md documents the layout for users.

use super::table::{Table, TableRow};
use crate::domain::area::{Area, AreaParseError};
use crate::domain::roll::held_by_developer;
use crate::domain::roster::{
    AreaSource, ProblemReason, Relation, RosterColumn, RosterNotice, RosterRow, RowProblem,
    UnitKind, UnitStatus, adult_from, birth_date_of_id, entrance_of_number,
};
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedRoster {
    pub rows: Vec<RosterRow>,
    pub problems: Vec<RowProblem>,
    pub notices: Vec<RosterNotice>,
    /// Non-blank data rows in the file, good or bad.
    pub rows_read: u32,
}

/// The columns in the order the export writes them.
pub const COLUMNS: [RosterColumn; 14] = [
    RosterColumn::Building,
    RosterColumn::Entrance,
    RosterColumn::Unit,
    RosterColumn::Kind,
    RosterColumn::Area,
    RosterColumn::AreaSource,
    RosterColumn::Status,
    RosterColumn::Name,
    RosterColumn::IdNumber,
    RosterColumn::Phone,
    RosterColumn::Relation,
    RosterColumn::Voter,
    RosterColumn::BirthDate,
    RosterColumn::LivesThere,
];

pub fn canonical_header(col: RosterColumn) -> &'static str {
    header_aliases(col)[0]
}

/// Every header accepted for a column, the canonical one first.
#[rustfmt::skip]
pub fn header_aliases(col: RosterColumn) -> &'static [&'static str] {
    match col {
        RosterColumn::Building => &["楼栋", "楼号", "楼栋号", "楼宇", "幢", "栋", "building"],
        RosterColumn::Unit => &["房号", "室号", "房间号", "门牌号", "专有部分", "unit"],
        RosterColumn::Kind => &["类型", "房屋类型", "用途", "物业类型", "kind"],
        RosterColumn::Area => &["面积", "建筑面积", "area"],
        RosterColumn::AreaSource => &["面积来源", "面积依据", "area_source"],
        RosterColumn::Status => &["房屋状态", "状态", "交付状态", "status"],
        RosterColumn::Name => &["姓名", "业主姓名", "名称", "业主", "name"],
        RosterColumn::IdNumber => &["证件号", "身份证号", "证件号码", "身份证号码", "统一社会信用代码", "身份证", "id"],
        RosterColumn::Phone => &["电话", "手机", "手机号", "手机号码", "联系电话", "电话号码", "phone"],
        RosterColumn::Relation => &["身份", "关系", "类别", "relation"],
        RosterColumn::Voter => &["投票人", "指定投票人", "是否投票人", "voter"],
        RosterColumn::Entrance => &["单元", "单元号", "entrance"],
        RosterColumn::BirthDate => &["出生日期", "出生年月日", "生日", "birth_date"],
        RosterColumn::LivesThere => &["是否居住", "是否在此居住", "本人居住", "lives_there"],
    }
}

fn required(col: RosterColumn) -> bool {
    matches!(
        col,
        RosterColumn::Building | RosterColumn::Unit | RosterColumn::Area | RosterColumn::Name
    )
}

/// The accepted spellings of each value; the first word of each is the canonical Chinese one.
pub(super) type Vocab<T> = [(T, &'static [&'static str])];
#[rustfmt::skip]
pub(super) const KINDS: &Vocab<UnitKind> = &[
    (UnitKind::Residence, &["住宅", "residence"]),
    (UnitKind::Shop, &["商铺", "商业", "shop"]),
    (UnitKind::Parking, &["车位", "车库", "parking"]),
];
#[rustfmt::skip]
pub(super) const SOURCES: &Vocab<AreaSource> = &[
    (AreaSource::Register, &["登记", "不动产登记", "产权登记", "register"]),
    (AreaSource::Survey, &["实测", "测绘", "survey"]),
    (AreaSource::Contract, &["合同", "预售合同", "contract"]),
];
#[rustfmt::skip]
pub(super) const STATUSES: &Vocab<UnitStatus> = &[
    (UnitStatus::Delivered, &["已交付", "已售", "delivered"]),
    (UnitStatus::Unsold, &["未售", "unsold"]),
    (UnitStatus::Undelivered, &["未交付", "已售未交付", "undelivered"]),
];
#[rustfmt::skip]
pub(super) const RELATIONS: &Vocab<Relation> = &[
    (Relation::Owner, &["业主", "共有人", "产权人", "owner"]),
    (Relation::Developer, &["开发商", "建设单位", "developer"]),
    (Relation::Resident, &["住户", "租户", "居民", "resident"]),
];
#[rustfmt::skip]
pub(super) const VOTER: &Vocab<bool> = &[
    (true, &["是", "y", "yes", "1", "√", "✓", "true"]),
    (false, &["否", "n", "no", "0", "false"]),
];

/// The Chinese words a column accepts, for `UnknownValue::allowed` and the docs.
pub fn canonical_values(col: RosterColumn) -> Vec<String> {
    fn firsts<T>(vocab: &Vocab<T>) -> Vec<String> {
        vocab
            .iter()
            .map(|(_, words)| words[0].to_string())
            .collect()
    }
    match col {
        RosterColumn::Kind => firsts(KINDS),
        RosterColumn::AreaSource => firsts(SOURCES),
        RosterColumn::Status => firsts(STATUSES),
        RosterColumn::Relation => firsts(RELATIONS),
        RosterColumn::Voter | RosterColumn::LivesThere => firsts(VOTER),
        RosterColumn::Phone => ["数字", "+", "-", "空格"].map(String::from).to_vec(),
        _ => Vec::new(),
    }
}

/// The canonical Chinese word of a value, as the export writes it.
pub(super) fn canonical_word<T: PartialEq>(vocab: &Vocab<T>, value: T) -> &'static str {
    vocab
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, words)| words[0])
}

/// Full-width ASCII (Ａ１（) to half-width and the ideographic space to a space.
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

/// "面积（㎡）", " Area ", "AREA_SOURCE" all map to their alias: no case, spaces, brackets, units.
fn header_key(text: &str) -> String {
    let mut key = String::new();
    let mut depth = 0u32;
    for c in half_width(text).to_lowercase().chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 || c.is_whitespace() || matches!(c, '*' | '_' | '-' | ':' | '：') => {}
            _ => key.push(c),
        }
    }
    for unit in ["㎡", "m²", "m2", "平方米", "平米"] {
        if let Some(stripped) = key.strip_suffix(unit) {
            return stripped.to_string();
        }
    }
    key
}

struct Layout {
    index: [Option<usize>; COLUMNS.len()],
    /// Cells past the last named header cell must be empty.
    width: usize,
}

fn map_header(header: &TableRow) -> Layout {
    let mut layout = Layout {
        index: [None; COLUMNS.len()],
        width: 0,
    };
    for (i, cell) in header.cells.iter().enumerate() {
        if cell.trim().is_empty() {
            continue;
        }
        layout.width = i + 1;
        let key = header_key(cell);
        // The first matching column wins; later duplicates are ignored like unknown columns.
        if let Some(slot) = COLUMNS
            .iter()
            .position(|c| header_aliases(*c).iter().any(|a| header_key(a) == key))
        {
            layout.index[slot].get_or_insert(i);
        }
    }
    layout
}

/// Maps the header, then types every row; rows with any problem are left out.
pub fn parse_roster(table: &Table) -> ParsedRoster {
    let mut parsed = ParsedRoster::default();
    // Property companies often put a title ("阳光山庄业主花名册") above the header: the header is
    // the first of the top rows that names two columns or more; failing that, the first row.
    let start = table.rows.iter().take(10).position(|r| {
        let layout = map_header(r);
        layout.index.iter().flatten().count() >= 2
    });
    let Some((header, data)) = table.rows[start.unwrap_or(0)..].split_first() else {
        return parsed;
    };
    parsed.rows_read = data.len() as u32;
    let layout = map_header(header);
    for (slot, col) in COLUMNS.iter().enumerate() {
        if required(*col) && layout.index[slot].is_none() {
            parsed.problems.push(RowProblem {
                line: header.line,
                column: Some(*col),
                reason: ProblemReason::MissingColumn,
            });
        }
    }
    if !parsed.problems.is_empty() {
        return parsed;
    }
    if layout.index[slot_of(RosterColumn::AreaSource)].is_none() {
        parsed.notices.push(RosterNotice::AreaSourceAssumed);
    }
    for row in data {
        match parse_row(row, &layout) {
            Ok(r) => parsed.rows.push(r),
            Err(mut problems) => parsed.problems.append(&mut problems),
        }
    }
    parsed
}

fn slot_of(col: RosterColumn) -> usize {
    COLUMNS
        .iter()
        .position(|c| *c == col)
        .expect("COLUMNS lists every RosterColumn")
}

/// One data row being typed; problems pile up so that all of a row's are reported at once.
struct RowReader<'a> {
    row: &'a TableRow,
    layout: &'a Layout,
    problems: Vec<RowProblem>,
}

impl RowReader<'_> {
    fn cell(&self, col: RosterColumn) -> &str {
        self.layout.index[slot_of(col)]
            .and_then(|i| self.row.cells.get(i))
            .map_or("", |s| s.trim())
    }

    fn take<T>(
        &mut self,
        col: RosterColumn,
        typed: impl FnOnce(&str) -> Result<T, ProblemReason>,
    ) -> Option<T> {
        let line = self.row.line;
        typed(self.cell(col))
            .map_err(|reason| {
                self.problems.push(RowProblem {
                    line,
                    column: Some(col),
                    reason,
                })
            })
            .ok()
    }
}

fn parse_row(row: &TableRow, layout: &Layout) -> Result<RosterRow, Vec<RowProblem>> {
    use RosterColumn as C;
    let mut r = RowReader {
        row,
        layout,
        problems: Vec::new(),
    };
    // A separate 单元 column is folded into the unit number: without it, 1单元1201 and 2单元1201
    // would collapse into one unit and silently change N.
    let entrance = entrance_label(r.cell(C::Entrance));
    let building = r.take(C::Building, |t| {
        required_text(t).map(|b| squeeze(&half_width(b)))
    });
    let unit = r.take(C::Unit, |t| {
        required_text(t).map(|u| unit_number(&entrance, u))
    });
    let kind = r.take(C::Kind, |t| vocab(t, KINDS, UnitKind::Residence, C::Kind));
    let area = r.take(C::Area, |t| {
        Area::parse_unit_area(t).map_err(|e| area_reason(e, t))
    });
    let area_source = r.take(C::AreaSource, |t| {
        vocab(t, SOURCES, AreaSource::Register, C::AreaSource)
    });
    let status = r.take(C::Status, |t| {
        vocab(t, STATUSES, UnitStatus::Delivered, C::Status)
    });
    let name = r.take(C::Name, |t| required_text(t).map(person_name));
    let id_number = id_number(r.cell(C::IdNumber));
    let phone = r.take(C::Phone, phone);
    let relation = r.take(C::Relation, |t| {
        vocab(t, RELATIONS, Relation::Owner, C::Relation)
    });
    let designated_voter = r.take(C::Voter, |t| vocab(t, VOTER, false, C::Voter));
    let birth = r.take(C::BirthDate, birth_date);
    let lives_there = r.take(C::LivesThere, |t| {
        if squeeze(t).is_empty() {
            Ok(None)
        } else {
            vocab(t, VOTER, false, C::LivesThere).map(Some)
        }
    });
    if row
        .cells
        .iter()
        .skip(layout.width)
        .any(|c| !c.trim().is_empty())
    {
        r.problems.push(RowProblem {
            line: row.line,
            column: None,
            reason: ProblemReason::ExtraCells,
        });
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    // No problem means every cell was typed, so every `?` below succeeds.
    let typed = || {
        let unit = unit?;
        let relation = relation?;
        let adult_from = birth?
            .or_else(|| birth_date_of_id(&id_number))
            .map(adult_from);
        Some(RosterRow {
            line: row.line,
            building: building?,
            entrance: if entrance.is_empty() {
                entrance_of_number(&unit)
            } else {
                entrance
            },
            unit,
            kind: kind?,
            area: area?,
            area_source: area_source?,
            status: status?,
            name: name?,
            id_number,
            phone: phone?,
            relation: match relation {
                Relation::Owner if held_by_developer(status?) => Relation::Developer,
                other => other,
            },
            designated_voter: designated_voter?,
            adult_from,
            // A 住户 (resident) lives there by definition; an owner only if the file says so.
            lives_there: match (lives_there?, relation) {
                (None, Relation::Resident) => Some(true),
                (said, _) => said,
            },
        })
    };
    typed().ok_or(r.problems)
}

fn required_text(text: &str) -> Result<&str, ProblemReason> {
    if text.is_empty() {
        Err(ProblemReason::MissingValue)
    } else {
        Ok(text)
    }
}

/// "张 三" is 张三 (a stray space must not make two people of one), "John  Smith" is "John Smith":
/// a space survives only between two ASCII words.
fn person_name(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut name = String::new();
    for pair in words.windows(2) {
        name.push_str(pair[0]);
        let ascii_edge = |a: Option<char>, b: Option<char>| {
            a.is_some_and(|c| c.is_ascii()) && b.is_some_and(|c| c.is_ascii())
        };
        if ascii_edge(pair[0].chars().last(), pair[1].chars().next()) {
            name.push(' ');
        }
    }
    name.push_str(words.last().copied().unwrap_or(""));
    name
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// "2", "２", "2单元" are entrance "2单元"; another name ("A", "东") is kept as written.
fn entrance_label(text: &str) -> String {
    let entrance = squeeze(&half_width(text)).to_ascii_uppercase();
    if !entrance.is_empty() && entrance.chars().all(|c| c.is_ascii_digit()) {
        format!("{entrance}单元")
    } else {
        entrance
    }
}

/// The unit number with its entrance in front ("2单元1201"), unless the number already starts
/// with it (as the export writes it), so that folding twice changes nothing.
fn unit_number(entrance: &str, room: &str) -> String {
    let room = squeeze(&half_width(room)).to_ascii_uppercase();
    if entrance.is_empty() || room.starts_with(entrance) {
        room
    } else {
        format!("{entrance}{room}")
    }
}

/// 出生日期: empty (unknown), 1980-05-17, 1980/5/17, 1980.5.17, 19800517 or 1980年5月17日.
fn birth_date(text: &str) -> Result<Option<NaiveDate>, ProblemReason> {
    let t = squeeze(&half_width(text));
    if t.is_empty() {
        return Ok(None);
    }
    let unified = t
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    NaiveDate::parse_from_str(&unified, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&unified, "%Y%m%d"))
        .ok()
        .filter(|d| (1880..=2200).contains(&d.year()))
        .map(Some)
        .ok_or(ProblemReason::BadDate {
            text: text.to_string(),
        })
}

fn vocab<T: Copy>(
    text: &str,
    words: &Vocab<T>,
    default: T,
    col: RosterColumn,
) -> Result<T, ProblemReason> {
    let key = squeeze(&half_width(text)).to_lowercase();
    if key.is_empty() {
        return Ok(default);
    }
    words
        .iter()
        .find(|(_, spellings)| spellings.contains(&key.as_str()))
        .map(|(value, _)| *value)
        .ok_or_else(|| ProblemReason::UnknownValue {
            text: text.to_string(),
            allowed: canonical_values(col),
        })
}

fn area_reason(error: AreaParseError, text: &str) -> ProblemReason {
    let text = text.to_string();
    match error {
        AreaParseError::Empty => ProblemReason::MissingValue,
        AreaParseError::NotANumber => ProblemReason::NotANumber { text },
        AreaParseError::Negative => ProblemReason::NegativeArea { text },
        AreaParseError::Zero => ProblemReason::ZeroArea,
        AreaParseError::TooManyDecimals => ProblemReason::TooManyDecimals { text },
        AreaParseError::TooLarge => ProblemReason::AreaTooLarge { text },
    }
}

/// Identity numbers compare equal however they were typed: "１１０１ ０１…x" is "110101…X". A
/// "hmac-sha256:" digest (what our export writes instead of the number; "sha256:" from older
/// exports) is kept, in lowercase.
fn id_number(text: &str) -> String {
    let id = squeeze(&half_width(text));
    // The keyed digest a current export writes (`hmac-sha256:`), or an older export's `sha256:`.
    for tag in [crate::crypto::canonical::KEYED_PREFIX, "sha256:"] {
        match id.get(..tag.len()) {
            Some(prefix) if prefix.eq_ignore_ascii_case(tag) && is_digest(&id[tag.len()..]) => {
                return id.to_ascii_lowercase();
            }
            _ => {}
        }
    }
    id.to_ascii_uppercase()
}

fn is_digest(hex: &str) -> bool {
    hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn phone(text: &str) -> Result<String, ProblemReason> {
    let phone = half_width(text).trim().to_string();
    if phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
    {
        Ok(phone)
    } else {
        Err(ProblemReason::UnknownValue {
            text: text.to_string(),
            allowed: canonical_values(RosterColumn::Phone),
        })
    }
}

#[cfg(test)]
#[path = "roster_tests.rs"]
mod tests;
