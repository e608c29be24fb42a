//! Roster rows back out as a file a property company can open: CSV for any tool, XLSX for Excel.
//!
//! Invariants: the columns are `roster::COLUMNS` under their canonical Chinese headers, values are
//! the canonical Chinese words, areas have two decimals; and the output round-trips:
//! `parse_roster(read_table(export(rows)))` gives the same rows (line numbers aside). The CSV is
//! UTF-8 with a BOM and CRLF, because Chinese Excel reads BOM-less CSV as GBK.

use super::roster::{
    COLUMNS, KINDS, RELATIONS, SOURCES, STATUSES, VOTER, canonical_header, canonical_word,
};
use crate::domain::roster::{RosterColumn, RosterRow};
use crate::lang::Lang;

/// Why an XLSX could not be written (CSV writing into memory cannot fail).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the XLSX file: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl ExportError {
    pub fn message(&self, lang: Lang) -> String {
        let ExportError::Xlsx(e) = self;
        lang.pick(
            format!("无法生成 XLSX 文件（{e}）。请改为导出 CSV，并把此信息告知维护人员。"),
            format!("The XLSX file could not be written ({e}). Export CSV instead and report this message."),
        )
    }
}

/// One row's cells in `COLUMNS` order, as plain text.
fn cells(row: &RosterRow) -> [String; COLUMNS.len()] {
    COLUMNS.map(|col| match col {
        RosterColumn::Building => row.building.clone(),
        RosterColumn::Unit => row.unit.clone(),
        RosterColumn::Kind => canonical_word(KINDS, row.kind).to_string(),
        RosterColumn::Area => row.area.to_string(),
        RosterColumn::AreaSource => canonical_word(SOURCES, row.area_source).to_string(),
        RosterColumn::Status => canonical_word(STATUSES, row.status).to_string(),
        RosterColumn::Name => row.name.clone(),
        RosterColumn::IdNumber => row.id_number.clone(),
        RosterColumn::Phone => row.phone.clone(),
        RosterColumn::Relation => canonical_word(RELATIONS, row.relation).to_string(),
        RosterColumn::Voter => canonical_word(VOTER, row.designated_voter).to_string(),
        RosterColumn::Entrance => row.entrance.clone(),
        // Only the day the person turns 18 is kept; the birth date written back is the one that
        // gives that day again on import.
        RosterColumn::BirthDate => row
            .adult_from
            .and_then(|d| d.checked_sub_months(chrono::Months::new(18 * 12)))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        RosterColumn::LivesThere => row
            .lives_there
            .map(|l| canonical_word(VOTER, l).to_string())
            .unwrap_or_default(),
    })
}

/// Excel, opening a CSV, turns "0101" into 101, an 18-digit ID into 1.10101E+17 and "3-12" into
/// a date, and runs cells starting with "=" as formulas. Such a value is written as the text
/// formula `="…"`, which Excel shows as the plain text and `read_table` unwraps.
fn excel_safe(value: &str) -> String {
    let digits = value.chars().all(|c| c.is_ascii_digit());
    let mangled_number =
        digits && (value.len() > 11 || (value.len() > 1 && value.starts_with('0')));
    let date_like = value.contains(['-', '/', ':'])
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | ':' | ' '));
    let formula = value.starts_with(['=', '+', '-', '@']);
    if mangled_number || date_like || formula {
        format!("=\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The roster as CSV: UTF-8 with BOM, CRLF, canonical headers and words.
pub fn roster_csv(rows: &[RosterRow]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let header = COLUMNS.map(canonical_header);
    writer
        .write_record(header)
        .expect("writing into a Vec cannot fail");
    for row in rows {
        let record = cells(row).map(|cell| excel_safe(&cell));
        writer
            .write_record(&record)
            .expect("writing into a Vec cannot fail");
    }
    writer
        .into_inner()
        .expect("flushing into a Vec cannot fail")
}

/// The roster as XLSX: text cells for numbers-that-are-not-numbers (unit, ID, phone) so Excel
/// keeps them whole; areas as numbers shown with two decimals so they can be summed in Excel.
pub fn roster_xlsx(rows: &[RosterRow]) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("花名册")?;
    let bold = Format::new().set_bold();
    let area_format = Format::new().set_num_format("0.00");
    for (c, col) in COLUMNS.iter().enumerate() {
        let width = if *col == RosterColumn::IdNumber {
            24
        } else {
            12
        };
        sheet.set_column_width(c as u16, width)?;
        sheet.write_string_with_format(0, c as u16, canonical_header(*col), &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, (col, text)) in COLUMNS.iter().zip(cells(row)).enumerate() {
            if *col == RosterColumn::Area {
                // An area has at most 12 significant digits, so the nearest f64 prints back as
                // the same decimal (read_table uses the shortest round-trip form): exact.
                let number = row.area.centi() as f64 / 100.0;
                sheet.write_number_with_format(r, c as u16, number, &area_format)?;
            } else if !text.is_empty() {
                sheet.write_string(r, c as u16, text)?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::area::Area;
    use crate::domain::roster::{AreaSource, Relation, UnitKind, UnitStatus};
    use crate::formats::roster::{ParsedRoster, parse_roster};
    use crate::formats::table::read_table;

    fn row(unit: &str, name: &str, id: &str, phone: &str) -> RosterRow {
        RosterRow {
            line: 0,
            building: "3栋".into(),
            unit: unit.into(),
            kind: UnitKind::Residence,
            area: Area(8999),
            area_source: AreaSource::Survey,
            status: UnitStatus::Delivered,
            name: name.into(),
            id_number: id.into(),
            phone: phone.into(),
            relation: Relation::Owner,
            designated_voter: true,
            entrance: crate::domain::roster::entrance_of_number(unit),
            adult_from: crate::domain::roster::birth_date_of_id(id)
                .map(crate::domain::roster::adult_from),
            lives_there: None,
        }
    }

    /// Rows that Excel or a naive CSV writer would damage.
    fn awkward_rows() -> Vec<RosterRow> {
        let digest = format!("sha256:{}", "ab12".repeat(16));
        let mut rows = vec![
            row("0101", "张三", "110101199001011234", "+86 138 0000 1234"),
            row(
                "3-12",
                "=HYPERLINK(\"x\")",
                "11010119900101123X",
                "023-6666 1234",
            ),
            row("B1-001", "李\"四\",王五", &digest, "(023)66661234"),
            row("1201", "-某某", "91500113MA5U7Q2X59", ""),
            row("12/1", "@公司", "", "13800001234"),
        ];
        rows[1].kind = UnitKind::Parking;
        rows[2].status = UnitStatus::Unsold;
        rows[2].relation = Relation::Developer;
        rows[3].area = Area::MAX;
        rows[4].relation = Relation::Resident;
        rows[4].designated_voter = false;
        rows[4].lives_there = Some(true);
        rows
    }

    fn reparse(bytes: &[u8], name: &str) -> ParsedRoster {
        parse_roster(&read_table(name, bytes).expect("our own export reads back"))
    }

    fn without_lines(rows: &[RosterRow]) -> Vec<RosterRow> {
        rows.iter()
            .cloned()
            .map(|r| RosterRow { line: 0, ..r })
            .collect()
    }

    #[test]
    fn csv_round_trips() {
        let rows = awkward_rows();
        let bytes = roster_csv(&rows);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF\xE6\xA5\xBC\xE6\xA0\x8B,")); // BOM, "楼栋,"
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert_eq!(text.matches("\r\n").count(), rows.len() + 1);
        assert!(
            text.contains("\"=\"\"0101\"\"\"") && text.contains("89.99"),
            "{text}"
        );
        let parsed = reparse(&bytes, "export.csv");
        assert_eq!(parsed.problems, vec![]);
        assert_eq!(without_lines(&parsed.rows), rows);
        assert_eq!(
            parsed.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 3, 4, 5, 6]
        );
    }

    #[test]
    fn xlsx_round_trips() {
        let rows = awkward_rows();
        let bytes = roster_xlsx(&rows).expect("xlsx");
        let parsed = reparse(&bytes, "export.xlsx");
        assert_eq!(parsed.problems, vec![]);
        assert_eq!(without_lines(&parsed.rows), rows);
    }

    #[test]
    fn the_demo_roster_round_trips_with_its_line_numbers() {
        let rows = crate::domain::demo::demo_roster();
        for (name, bytes) in [
            ("demo.csv", roster_csv(&rows)),
            ("demo.xlsx", roster_xlsx(&rows).expect("xlsx")),
        ] {
            let parsed = reparse(&bytes, name);
            assert_eq!(parsed.problems, vec![], "{name}");
            assert!(
                parsed.rows == rows,
                "{name}: the rows, line numbers included, come back unchanged"
            );
        }
    }

    #[test]
    fn writes_canonical_headers_and_words() {
        let text = String::from_utf8(roster_csv(&awkward_rows()[2..3])).expect("utf-8");
        let mut lines = text.lines();
        let header = "\u{feff}楼栋,单元,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人,出生日期,是否居住";
        assert_eq!(lines.next(), Some(header));
        let digest = format!("sha256:{}", "ab12".repeat(16));
        let want = format!(
            "3栋,,B1-001,住宅,89.99,实测,未售,\"李\"\"四\"\",王五\",{digest},(023)66661234,开发商,是,,"
        );
        assert_eq!(lines.next(), Some(want.as_str()));
    }

    #[test]
    fn only_values_excel_would_damage_are_wrapped() {
        let cases = [
            ("1201", "1201"),
            ("0101", "=\"0101\""),
            ("13800001234", "13800001234"),
            ("110101199001011234", "=\"110101199001011234\""),
            ("11010119900101123X", "11010119900101123X"),
            ("3-12", "=\"3-12\""),
            ("B1-001", "B1-001"),
            ("+86 138", "=\"+86 138\""),
            ("=1+1", "=\"=1+1\""),
            ("张三", "张三"),
            ("", ""),
        ];
        for (value, want) in cases {
            assert_eq!(excel_safe(value), want, "{value}");
        }
    }
}
