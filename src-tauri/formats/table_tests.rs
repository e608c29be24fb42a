//! Tests of `table`: encodings, delimiters, XLSX cells, limits and garbage input.

use super::*;

const SMALL_CSV: &[u8] = include_bytes!("../../tests/fixtures/roster-small.csv");
const SMALL_GBK: &[u8] = include_bytes!("../../tests/fixtures/roster-small-gbk.csv");
const SMALL_XLSX: &[u8] = include_bytes!("../../tests/fixtures/roster-small.xlsx");

fn cells(table: &Table) -> Vec<(u32, Vec<&str>)> {
    table
        .rows
        .iter()
        .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

#[test]
fn detects_encodings() {
    let text = "楼栋,房号\n1栋,101\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf-8", text.as_bytes().to_vec(), "UTF-8"),
        ("utf-8 with BOM", bom, "UTF-8 (BOM)"),
        ("gb18030", gb.into_owned(), "GB18030"),
        (
            "utf-16le",
            utf16("楼栋\t房号\r\n1栋\t101\r\n", false),
            "UTF-16",
        ),
        (
            "utf-16be",
            utf16("楼栋\t房号\r\n1栋\t101\r\n", true),
            "UTF-16",
        ),
    ];
    for (what, bytes, encoding) in cases {
        let table = read_table("a.csv", &bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(table.encoding, encoding, "{what}");
        assert_eq!(table.format, TableFormat::Csv, "{what}");
        assert_eq!(
            cells(&table),
            vec![(1, vec!["楼栋", "房号"]), (2, vec!["1栋", "101"])],
            "{what}"
        );
    }
}

#[test]
fn gbk_fixture_reads_like_the_utf8_one() {
    let utf8 = read_table("roster-small.csv", SMALL_CSV).expect("utf-8 fixture");
    let gbk = read_table("roster-small-gbk.csv", SMALL_GBK).expect("gbk fixture");
    assert_eq!(gbk.encoding, "GB18030");
    assert_eq!(utf8.encoding, "UTF-8 (BOM)");
    assert_eq!(utf8.rows, gbk.rows);
    assert_eq!(utf8.rows.len(), 34);
}

#[test]
fn undecodable_bytes_are_an_encoding_error() {
    // 0x81 0x20 is an invalid GB18030 lead/trail pair and not UTF-8 either.
    let err = read_table("a.csv", b"\x81\x20,x\n").expect_err("must not decode");
    assert!(matches!(err, TableError::Encoding), "{err:?}");
    assert!(err.message(Lang::Zh).contains("另存为"));
}

#[test]
fn picks_the_delimiter_from_the_header() {
    let cases: &[(&str, &[&str])] = &[
        ("a,b;c\n1,2;3\n", &["1", "2;3"]),
        ("a;b;c\n1;2;3\n", &["1", "2", "3"]),
        ("a\tb\tc\n1\t2\t3\n", &["1", "2", "3"]),
        ("sep=;\na;b,c\n1;2,3\n", &["1", "2,3"]),
        ("a\n1\n", &["1"]),
    ];
    for (text, second_row) in cases {
        let table = read_table("a.csv", text.as_bytes()).expect(text);
        let row = &table.rows[1];
        assert_eq!(row.cells, *second_row, "{text:?}");
        assert_eq!(
            row.line,
            if text.starts_with("sep=") { 3 } else { 2 },
            "{text:?}"
        );
    }
}

#[test]
fn keeps_true_line_numbers_across_blank_rows_and_quoted_newlines() {
    let text = "a,b\r\n\r\n , \r\n\"x\ny\",2\r\n3,\u{3000}4\u{3000}\r\n,,,\r\n";
    let table = read_table("a.csv", text.as_bytes()).expect("csv");
    assert_eq!(
        cells(&table),
        vec![
            (1, vec!["a", "b"]),
            (4, vec!["x\ny", "2"]),
            (6, vec!["3", "4"])
        ]
    );
}

#[test]
fn unwraps_excel_text_formulas() {
    let text = "a,b,c,d\n\"=\"\"0101\"\"\",=\"x\"\"y\",=SUM(1),=\"a\"&\"b\"\n";
    let table = read_table("a.csv", text.as_bytes()).expect("csv");
    assert_eq!(
        table.rows[1].cells,
        ["0101", "x\"y", "=SUM(1)", "=\"a\"&\"b\""]
    );
}

#[test]
fn refuses_what_is_not_a_table() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10".to_vec();
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00".to_vec();
    let cases: Vec<(&str, Vec<u8>, ForeignFile)> = vec![
        ("photo.csv", png, ForeignFile::Image),
        ("old.xls", ole.clone(), ForeignFile::OldExcel),
        ("locked.xlsx", ole, ForeignFile::EncryptedExcel),
        ("scan.csv", b"%PDF-1.7\n".to_vec(), ForeignFile::Pdf),
        (
            "export.xls",
            b"<html><table><tr><td>1</td></tr></table>".to_vec(),
            ForeignFile::Html,
        ),
        (
            "x.csv",
            b"a,b\n\x00\x01\x02,3\n".to_vec(),
            ForeignFile::Binary,
        ),
    ];
    for (name, bytes, kind) in cases {
        match read_table(name, &bytes) {
            Err(TableError::NotATable(found)) => assert_eq!(found, kind, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn a_damaged_xlsx_is_an_error_not_a_panic() {
    for cut in [10, SMALL_XLSX.len() / 2, SMALL_XLSX.len() - 30] {
        let err = read_table("r.xlsx", &SMALL_XLSX[..cut]).expect_err("truncated zip");
        assert!(matches!(err, TableError::Xlsx { .. }), "cut {cut}: {err:?}");
        assert!(err.message(Lang::En).contains("XLSX"));
    }
    let mut flipped = SMALL_XLSX.to_vec();
    for b in flipped.iter_mut().skip(200).step_by(7) {
        *b ^= 0x5A;
    }
    assert!(read_table("r.xlsx", &flipped).is_err());
}

#[test]
fn empty_inputs() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\r\n , ,\r\n", b"\xFF\xFE"] {
        let err = read_table("a.csv", bytes).expect_err("empty");
        assert!(matches!(err, TableError::Empty), "{bytes:?}: {err:?}");
    }
}

#[test]
fn limits() {
    let big = vec![b'a'; MAX_BYTES + 1];
    assert!(matches!(
        read_table("a.csv", &big),
        Err(TableError::TooLarge(Oversize::Bytes(_)))
    ));
    let many = "x\n".repeat(MAX_ROWS + 2);
    let err = read_table("a.csv", many.as_bytes()).expect_err("too many rows");
    assert!(
        matches!(err, TableError::TooLarge(Oversize::Rows(MAX_ROWS))),
        "{err:?}"
    );
    assert!(err.message(Lang::Zh).contains("200000"));
    let just_fits = "x\n".repeat(MAX_ROWS + 1);
    assert_eq!(
        read_table("a.csv", just_fits.as_bytes())
            .map(|t| t.rows.len())
            .ok(),
        Some(MAX_ROWS + 1)
    );
}

#[test]
fn xlsx_fixture_gives_the_same_text_as_the_csv() {
    let xlsx = read_table("whatever.csv", SMALL_XLSX).expect("xlsx fixture");
    let csv = read_table("roster-small.csv", SMALL_CSV).expect("csv fixture");
    assert_eq!((xlsx.format.label(), xlsx.encoding), ("XLSX", "XLSX"));
    assert_eq!(xlsx.rows.len(), csv.rows.len());
    for (x, c) in xlsx.rows.iter().zip(&csv.rows) {
        assert_eq!(x.line, c.line);
        // Areas were typed as numbers in Excel: 89.50 comes back as 89.5, never 89.4999….
        let area = |r: &TableRow| r.cells[3].parse::<f64>().ok();
        assert_eq!(area(x), area(c), "line {}", x.line);
        let others = |r: &TableRow| {
            r.cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 3)
                .map(|(_, s)| s.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(others(x), others(c), "line {}", x.line);
    }
    assert_eq!(xlsx.rows[1].cells[1], "101");
    assert_eq!(xlsx.rows[1].cells[8], "13883012345");
}

#[test]
fn an_empty_first_worksheet_is_passed_over() {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("说明").expect("name");
    let sheet = book.add_worksheet();
    sheet.write_string(2, 1, "楼栋").expect("cell");
    sheet.write_number(3, 1, 1201).expect("cell");
    let bytes = book.save_to_buffer().expect("xlsx");
    let table = read_table("two-sheets.xlsx", &bytes).expect("reads the second sheet");
    assert_eq!(cells(&table), vec![(3, vec!["楼栋"]), (4, vec!["1201"])]);
}

#[test]
fn numbers_become_text_without_float_noise() {
    let cases: &[(Data, &str)] = &[
        (Data::Float(89.99), "89.99"),
        (Data::Float(90.0), "90"),
        (Data::Float(13800001234.0), "13800001234"),
        (Data::Float(0.1 + 0.2), "0.30000000000000004"),
        (Data::Float(-3.0), "-3"),
        (Data::Float(1e20), "100000000000000000000"),
        (Data::Int(1201), "1201"),
        (Data::Bool(true), "TRUE"),
        (Data::String(" 3栋 ".to_string()), "3栋"),
        (Data::DateTimeIso("2024-05-01".to_string()), "2024-05-01"),
        (Data::Empty, ""),
    ];
    for (cell, want) in cases {
        assert_eq!(cell_text(cell), *want, "{cell:?}");
    }
    let day = calamine::ExcelDateTime::new(45413.0, calamine::ExcelDateTimeType::DateTime, false);
    assert_eq!(cell_text(&Data::DateTime(day)), "2024-05-01");
    let noon = calamine::ExcelDateTime::new(45413.5, calamine::ExcelDateTimeType::DateTime, false);
    assert_eq!(cell_text(&Data::DateTime(noon)), "2024-05-01 12:00:00");
}

#[test]
fn every_error_has_both_messages() {
    let errors = [
        TableError::TooLarge(Oversize::Bytes(MAX_BYTES + 1)),
        TableError::TooLarge(Oversize::Rows(MAX_ROWS)),
        TableError::TooLarge(Oversize::Columns(MAX_COLUMNS)),
        TableError::TooLarge(Oversize::Cells(MAX_CELLS)),
        TableError::TooLarge(Oversize::LineChars(MAX_LINE_CHARS)),
        TableError::TooLarge(Oversize::Unzipped(MAX_UNZIPPED)),
        TableError::TooLarge(Oversize::Parts(MAX_PARTS)),
        TableError::TooLarge(Oversize::Declared {
            rows: 1_048_576,
            columns: 16_384,
        }),
        TableError::Encoding,
        TableError::Empty,
        TableError::NotATable(ForeignFile::OldExcel),
        TableError::NotATable(ForeignFile::EncryptedExcel),
        TableError::NotATable(ForeignFile::Html),
        TableError::NotATable(ForeignFile::Image),
        TableError::NotATable(ForeignFile::Pdf),
        TableError::NotATable(ForeignFile::Binary),
        TableError::Xlsx {
            detail: "zip".to_string(),
        },
        TableError::Csv {
            line: 3,
            detail: "x".to_string(),
        },
    ];
    for e in &errors {
        let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
        assert!(
            zh.contains('。') && zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{zh}"
        );
        assert!(en.is_ascii() || en.contains("楼栋"), "{en}");
        assert!(
            zh.contains("请") && en.len() > 40,
            "says what to do: {zh} / {en}"
        );
    }
    assert!(errors[0].message(Lang::Zh).contains("50.0 MB"));
}

#[path = "../../tests/support/xlsx_build.rs"]
mod xlsx_build;

#[test]
fn a_built_xlsx_reads_like_excel_numbers_it() {
    let sheet = xlsx_build::sheet_xml("B2:C3", &[("B2", "楼栋"), ("C2", "房号"), ("C3", "101")]);
    let table = read_table("t.xlsx", &xlsx_build::xlsx(&sheet, 0)).expect("small xlsx");
    assert_eq!(
        cells(&table),
        vec![(2, vec!["楼栋", "房号"]), (3, vec!["", "101"])]
    );
}

#[test]
fn a_hostile_dimension_is_refused_before_anything_is_allocated() {
    // The 1.4 KB file: one cell, a declared range of the whole sheet.
    let sheet = xlsx_build::sheet_xml("A1:XFD1048576", &[("A1", "楼栋")]);
    let bytes = xlsx_build::xlsx(&sheet, 0);
    assert!(bytes.len() < 2_000, "{} bytes", bytes.len());
    let err = read_table("t.xlsx", &bytes).expect_err("hostile dimension");
    assert!(
        matches!(
            err,
            TableError::TooLarge(Oversize::Declared {
                rows: 1_048_576,
                columns: 16_384
            })
        ),
        "{err:?}"
    );
    let en = err.message(Lang::En);
    assert!(
        en.contains("1048576 rows") && en.contains("64 columns"),
        "{en}"
    );
    assert!(err.message(Lang::Zh).contains("上限"));
}

#[test]
fn cells_far_apart_are_refused_whatever_the_dimension_says() {
    // No dimension: calamine's own range would be 1,048,576 × 16,384 cells.
    let corners = xlsx_build::sheet_xml("", &[("A1", "楼栋"), ("XFD1048576", "x")]);
    let err = read_table("t.xlsx", &xlsx_build::xlsx(&corners, 0)).expect_err("corners");
    assert!(matches!(err, TableError::TooLarge(_)), "{err:?}");
    let wide = xlsx_build::sheet_xml("A1:A1", &[("A1", "楼栋"), ("BM1", "x")]);
    let err = read_table("t.xlsx", &xlsx_build::xlsx(&wide, 0)).expect_err("65 columns");
    assert!(
        matches!(err, TableError::TooLarge(Oversize::Columns(MAX_COLUMNS))),
        "{err:?}"
    );
    let deep = xlsx_build::sheet_xml("A1:A1", &[("A1", "楼栋"), ("A300000", "x")]);
    let err = read_table("t.xlsx", &xlsx_build::xlsx(&deep, 0)).expect_err("deep");
    assert!(
        matches!(err, TableError::TooLarge(Oversize::Rows(MAX_ROWS))),
        "{err:?}"
    );
    // 64 columns exactly is a roster.
    let widest = xlsx_build::sheet_xml("A1:BL1", &[("A1", "楼栋"), ("BL1", "x")]);
    let table = read_table("t.xlsx", &xlsx_build::xlsx(&widest, 0)).expect("64 columns");
    assert_eq!(table.rows[0].cells.len(), MAX_COLUMNS);
}

#[test]
fn a_zip_bomb_is_refused_by_its_unzipped_size() {
    let sheet = xlsx_build::sheet_xml("A1:A1", &[("A1", "楼栋")]);
    let bytes = xlsx_build::xlsx(&sheet, MAX_UNZIPPED as usize + 1);
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let err = read_table("t.xlsx", &bytes).expect_err("bomb");
    assert!(
        matches!(err, TableError::TooLarge(Oversize::Unzipped(MAX_UNZIPPED))),
        "{err:?}"
    );
    assert!(err.message(Lang::En).contains("256 MB"));
}

#[test]
fn csv_lines_and_columns_are_bounded() {
    let long = format!("楼栋,房号\n1栋,{}\n", "x".repeat(MAX_LINE_CHARS + 1));
    let err = read_table("a.csv", long.as_bytes()).expect_err("long line");
    assert!(
        matches!(
            err,
            TableError::TooLarge(Oversize::LineChars(MAX_LINE_CHARS))
        ),
        "{err:?}"
    );
    // An unpaired quote swallows the rest of the file into one record.
    let quoted = format!("楼栋,房号\n1栋,\"{}\n", "x\n".repeat(MAX_LINE_CHARS));
    let err = read_table("a.csv", quoted.as_bytes()).expect_err("runaway quote");
    assert!(
        matches!(err, TableError::TooLarge(Oversize::LineChars(_))),
        "{err:?}"
    );
    let wide = format!("楼栋{}\n", ",x".repeat(MAX_COLUMNS));
    let err = read_table("a.csv", wide.as_bytes()).expect_err("65 columns");
    assert!(
        matches!(err, TableError::TooLarge(Oversize::Columns(MAX_COLUMNS))),
        "{err:?}"
    );
    // Trailing empty cells (Excel pads rows with commas) are not columns.
    let padded = format!("楼栋,房号{}\n1栋,101\n", ",".repeat(200));
    assert!(read_table("a.csv", padded.as_bytes()).is_ok());
}

#[test]
fn a_part_that_lies_about_its_size_is_measured_by_what_it_unzips_to() {
    let sheet = xlsx_build::sheet_xml("A1:A1", &[("A1", "楼栋")]);
    let mut bytes = xlsx_build::xlsx(&sheet, MAX_UNZIPPED as usize + 1);
    // Every header (local at offset 22, central at 24) now claims 100 bytes unzipped.
    let mut patched = 0;
    for (magic, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let starts: Vec<usize> = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == magic)
            .map(|(i, _)| i)
            .collect();
        for i in starts {
            bytes[i + at..i + at + 4].copy_from_slice(&100u32.to_le_bytes());
            patched += 1;
        }
    }
    assert!(patched >= 10, "{patched} headers");
    let err = read_table("t.xlsx", &bytes).expect_err("a lying bomb");
    assert!(
        matches!(err, TableError::TooLarge(Oversize::Unzipped(MAX_UNZIPPED))),
        "{err:?}"
    );
}
