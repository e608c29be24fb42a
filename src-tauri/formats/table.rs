//! Bytes of a spreadsheet file in, a grid of trimmed text cells out.
//!
//! The format is decided by content, never by the file name alone: `PK\x03\x04` is XLSX (its
//! first worksheet that has cells), any other bytes are decoded as text (UTF-8, UTF-8 with BOM,
//! UTF-16 with BOM, else GB18030, which is what Chinese Excel writes for "CSV"). Invariants: `rows[0]` is the first non-blank row (the
//! header, or a title above it that `roster` skips); fully blank rows are dropped but every row
//! keeps the line number a person sees in Excel or a text editor; cells are trimmed; no input,
//! however malformed, panics; files over the limits are refused before they are parsed.

use crate::lang::Lang;
use calamine::{Data, Reader};
use std::io::Cursor;

/// Larger files are refused outright: a roster of 10,000 units is about 1 MB.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// Data rows (the header not counted).
pub const MAX_ROWS: usize = 200_000;
/// The last line a cell may sit on: the data rows plus a header, titles and blank lines.
pub const MAX_LINES: usize = MAX_ROWS + 100;
/// Columns from the first used one to the last: a roster has about a dozen.
pub const MAX_COLUMNS: usize = 64;
/// Non-empty cells of a worksheet: 200,000 rows of a dozen columns with room to spare; what
/// the parsed grid may cost in memory, whatever the rows and columns are.
pub const MAX_CELLS: usize = 4_000_000;
/// Characters in one CSV line (a quoted cell with newlines counts as one line).
pub const MAX_LINE_CHARS: usize = 64 * 1024;
/// Bytes of all an XLSX's parts once unzipped, declared and actual: an XLSX compresses about
/// tenfold, so a 10,000-unit roster unzips to a few MB; a zip bomb unzips to gigabytes.
pub const MAX_UNZIPPED: u64 = 256 * 1024 * 1024;
/// Parts (files) inside an XLSX: a workbook has a dozen or so, a few hundred with many sheets.
pub const MAX_PARTS: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Xlsx,
}

impl TableFormat {
    pub fn label(&self) -> &'static str {
        match self {
            TableFormat::Csv => "CSV",
            TableFormat::Xlsx => "XLSX",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based, as Excel or a text editor numbers it.
    pub line: u32,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub format: TableFormat,
    /// "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16" or "XLSX".
    pub encoding: &'static str,
    pub rows: Vec<TableRow>,
}

/// Which limit a file broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oversize {
    Bytes(usize),
    /// More data rows (or a cell further down) than the limit given.
    Rows(usize),
    /// More columns than the limit given.
    Columns(usize),
    /// A CSV line longer than the limit given, in characters.
    LineChars(usize),
    /// A worksheet with more non-empty cells than the limit given.
    Cells(usize),
    /// An XLSX whose parts unzip (or say they unzip) to more bytes than the limit given.
    Unzipped(u64),
    /// An XLSX with more parts than the limit given.
    Parts(usize),
    /// A worksheet whose declared size (`<dimension ref>`) is over the row or column limit.
    Declared {
        rows: u64,
        columns: u64,
    },
}

/// What a file that is not a table turned out to be, so the message can say what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignFile {
    /// An OLE container named .xls: Excel 97-2003.
    OldExcel,
    /// An OLE container named .xlsx: Excel wraps password-protected workbooks this way.
    EncryptedExcel,
    /// Web systems often export an HTML table under a .xls name.
    Html,
    Image,
    Pdf,
    /// Anything else binary.
    Binary,
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("file too large: {0:?}")]
    TooLarge(Oversize),
    #[error("the text encoding is neither UTF-8, UTF-16 nor GB18030")]
    Encoding,
    #[error("the file has no header row")]
    Empty,
    #[error("not a spreadsheet: {0:?}")]
    NotATable(ForeignFile),
    #[error("unreadable XLSX: {detail}")]
    Xlsx { detail: String },
    #[error("unreadable CSV at line {line}: {detail}")]
    Csv { line: u32, detail: String },
}

impl TableError {
    /// What went wrong and what to do, for the person importing the file.
    pub fn message(&self, lang: Lang) -> String {
        const RESAVE_ZH: &str = "请在 Excel 中“另存为” CSV UTF-8 或 XLSX 后重试。";
        const RESAVE_EN: &str = "Open it in Excel, \"Save As\" CSV UTF-8 or XLSX, and try again.";
        let (zh, en) = match self {
            TableError::TooLarge(Oversize::Bytes(n)) => {
                // One decimal only for display: 50.3 MB must not read as "50 MB, over 50 MB".
                let mb = format!("{:.1}", *n as f64 / (1024.0 * 1024.0));
                (
                    format!("文件有 {mb} MB，超过 50 MB 的上限。请只保留花名册所需的列和行后重试。"),
                    format!("The file is {mb} MB, over the 50 MB limit. Keep only the roster's columns and rows and try again."),
                )
            }
            TableError::TooLarge(Oversize::Rows(limit)) => (
                format!("文件的数据行超过 {limit} 行的上限。请按楼栋拆分成几个文件分别导入。"),
                format!("The file has more than {limit} data rows, the limit. Split it by building and import each part."),
            ),
            TableError::TooLarge(Oversize::Columns(limit)) => (
                format!("文件超过 {limit} 列的上限。花名册只需要楼栋、房号、面积、姓名等十几列：请删去多余的列后重试。"),
                format!("The file has more than {limit} columns, the limit. A roster needs about a dozen (楼栋, 房号, 面积, 姓名…): delete the other columns and try again."),
            ),
            TableError::TooLarge(Oversize::Cells(limit)) => (
                format!("工作表的非空单元格超过 {limit} 个的上限。请只保留花名册所需的列，或按楼栋拆分成几个文件分别导入。"),
                format!("The worksheet has more than {limit} non-empty cells, the limit. Keep only the roster's columns, or split it by building and import each part."),
            ),
            TableError::TooLarge(Oversize::LineChars(limit)) => (
                format!("CSV 文件有一行超过 {limit} 个字符的上限（多半是引号没有成对，把后面的内容都并进了一格）。请检查引号，或{RESAVE_ZH}"),
                format!("A line of the CSV file is over the limit of {limit} characters (usually an unpaired quote that swallowed the rest of the file). Check the quotes, or: {RESAVE_EN}"),
            ),
            TableError::TooLarge(Oversize::Unzipped(limit)) => {
                let mb = limit / (1024 * 1024);
                (
                    format!("这个 XLSX 文件解压后超过 {mb} MB 的上限（花名册解压后通常只有几 MB），未读取。请只把花名册复制到一个新的工作簿，另存为 XLSX 后重试。"),
                    format!("This XLSX file unzips to more than the {mb} MB limit (a roster unzips to a few MB) and was not read. Copy just the roster into a new workbook, save it as XLSX and try again."),
                )
            }
            TableError::TooLarge(Oversize::Parts(limit)) => (
                format!("这个 XLSX 文件内部的部件超过 {limit} 个的上限，不像普通的工作簿，未读取。请只把花名册复制到一个新的工作簿，另存为 XLSX 后重试。"),
                format!("This XLSX file holds more than {limit} parts, the limit; it is not an ordinary workbook and was not read. Copy just the roster into a new workbook, save it as XLSX and try again."),
            ),
            TableError::TooLarge(Oversize::Declared { rows, columns }) => (
                format!("工作表声明的范围有 {rows} 行 × {columns} 列，超过上限（{MAX_LINES} 行、{MAX_COLUMNS} 列），未读取。请只把花名册复制到一个新的工作簿，另存为 XLSX 后重试。"),
                format!("The worksheet declares a range of {rows} rows by {columns} columns, over the limits ({MAX_LINES} rows, {MAX_COLUMNS} columns), and was not read. Copy just the roster into a new workbook, save it as XLSX and try again."),
            ),
            TableError::Encoding => (format!("无法识别文件编码。{RESAVE_ZH}"), format!("The file's text encoding is not recognised. {RESAVE_EN}")),
            TableError::Empty => (
                "文件是空的或没有表头行。第一行应为列名（楼栋、房号、面积、姓名……），请对照导入说明后重试。".to_string(),
                "The file is empty or has no header row. The first row must name the columns (楼栋, 房号, 面积, 姓名…); see the import guide and try again.".to_string(),
            ),
            TableError::NotATable(kind) => foreign_message(*kind),
            TableError::Xlsx { detail } => (
                format!("XLSX 文件已损坏或无法读取（{detail}）。请在 Excel 中打开确认，再“另存为” XLSX 后重试。"),
                format!("The XLSX file is damaged or unreadable ({detail}). {RESAVE_EN}"),
            ),
            TableError::Csv { line, detail } => (
                format!("CSV 文件第 {line} 行无法读取（{detail}）。请检查该行的引号是否成对，或{RESAVE_ZH}"),
                format!("Line {line} of the CSV file cannot be read ({detail}). Check that its quotes are paired, or: {RESAVE_EN}"),
            ),
        };
        lang.pick(zh, en)
    }
}

fn foreign_message(kind: ForeignFile) -> (String, String) {
    let (zh, en) = match kind {
        ForeignFile::OldExcel => (
            "这是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为” XLSX 后重试。",
            "This is an old Excel (.xls) file. \"Save As\" XLSX in Excel or WPS and try again.",
        ),
        ForeignFile::EncryptedExcel => (
            "这个 Excel 文件设置了密码。请在 Excel 中取消密码并另存为 XLSX 后重试。",
            "This Excel file is password-protected. Remove the password in Excel, save it as XLSX, and try again.",
        ),
        ForeignFile::Html => (
            "这个文件实际是网页（HTML）格式，只是扩展名像表格。请用 Excel 打开后“另存为” XLSX 或 CSV UTF-8 再导入。",
            "This file is really a web page (HTML) with a spreadsheet's name. Open it in Excel, \"Save As\" XLSX or CSV UTF-8, and import that.",
        ),
        ForeignFile::Image => (
            "这是一张图片，不是表格。请导入物业提供的 CSV 或 XLSX 花名册文件。",
            "This is an image, not a table. Import the roster as a CSV or XLSX file.",
        ),
        ForeignFile::Pdf => (
            "这是 PDF 文件，无法读取其中的表格。请向物业索取 Excel（XLSX）或 CSV 格式的花名册。",
            "This is a PDF; its tables cannot be read. Ask the property company for the roster as XLSX or CSV.",
        ),
        ForeignFile::Binary => (
            "这个文件不是表格（CSV 或 XLSX）。请确认选对了文件；如是表格，请在 Excel 中“另存为” XLSX 后重试。",
            "This file is not a table (CSV or XLSX). Check you picked the right file; if it is a spreadsheet, \"Save As\" XLSX in Excel and try again.",
        ),
    };
    (zh.to_string(), en.to_string())
}

/// Reads a CSV or XLSX file. `file_name` only tells an old .xls from an encrypted .xlsx.
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table, TableError> {
    if bytes.len() > MAX_BYTES {
        return Err(TableError::TooLarge(Oversize::Bytes(bytes.len())));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    if let Some(kind) = sniff_foreign(file_name, bytes) {
        return Err(TableError::NotATable(kind));
    }
    let (text, encoding) = decode_text(bytes)?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    {
        return Err(TableError::NotATable(ForeignFile::Binary));
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with('<') && (head.contains("<html") || head.contains("<table")) {
        return Err(TableError::NotATable(ForeignFile::Html));
    }
    let rows = read_csv(&text)?;
    finish(TableFormat::Csv, encoding, rows)
}

fn sniff_foreign(file_name: &str, bytes: &[u8]) -> Option<ForeignFile> {
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let images: [&[u8]; 5] = [b"\x89PNG", b"\xFF\xD8\xFF", b"GIF8", b"BM", b"RIFF"];
    if bytes.starts_with(OLE) {
        let encrypted = file_name.to_ascii_lowercase().ends_with(".xlsx");
        return Some(if encrypted {
            ForeignFile::EncryptedExcel
        } else {
            ForeignFile::OldExcel
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Some(ForeignFile::Pdf);
    }
    // "BM"/"RIFF" alone could start a text cell, so they count only with a NUL close behind.
    let binary_soon = bytes.iter().take(64).any(|b| *b == 0);
    images
        .iter()
        .enumerate()
        .any(|(i, magic)| bytes.starts_with(magic) && (i < 3 || binary_soon))
        .then_some(ForeignFile::Image)
}

fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), TableError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| TableError::Encoding)?;
        return Ok((text.to_string(), "UTF-8 (BOM)"));
    }
    let utf16 = if bytes.starts_with(b"\xFF\xFE") {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(enc) = utf16 {
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        return if had_errors {
            Err(TableError::Encoding)
        } else {
            Ok((text.into_owned(), "UTF-16"))
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| (text.into_owned(), "GB18030"))
        .ok_or(TableError::Encoding)
}

/// Comma unless the header line uses tabs or semicolons and no comma; Excel's "sep=;" wins.
fn sniff_delimiter(text: &str) -> (u8, bool) {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if let Some(sep) = first.trim().strip_prefix("sep=") {
        if let [b] = sep.as_bytes() {
            return (*b, true);
        }
    }
    let delimiter = if first.contains(',') {
        b','
    } else if first.contains('\t') {
        b'\t'
    } else if first.contains(';') {
        b';'
    } else {
        b','
    };
    (delimiter, false)
}

fn read_csv(text: &str) -> Result<Vec<TableRow>, TableError> {
    // The csv crate dates a record from just after the previous '\r', so after a CRLF its line
    // numbers run one short; with bare '\n' (old Mac '\r' included) they are exact.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    // A quoted cell may span lines, so the limit is on a record's characters; a line of text is
    // the first thing to check, before the parser holds one record in memory.
    if text
        .split('\n')
        .any(|l| l.len() > MAX_LINE_CHARS * 4 || l.chars().count() > MAX_LINE_CHARS)
    {
        return Err(TableError::TooLarge(Oversize::LineChars(MAX_LINE_CHARS)));
    }
    let (delimiter, skip_sep_line) = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut skip = skip_sep_line;
    for record in reader.records() {
        let record = record.map_err(|e| TableError::Csv {
            line: e.position().map_or(0, |p| p.line() as u32),
            detail: e.to_string(),
        })?;
        if std::mem::take(&mut skip) {
            continue;
        }
        if record.as_slice().chars().count() > MAX_LINE_CHARS {
            return Err(TableError::TooLarge(Oversize::LineChars(MAX_LINE_CHARS)));
        }
        let line = record.position().map_or(0, |p| p.line() as u32);
        if record.len() > MAX_COLUMNS
            && record
                .iter()
                .skip(MAX_COLUMNS)
                .any(|c| !c.trim().is_empty())
        {
            return Err(TableError::TooLarge(Oversize::Columns(MAX_COLUMNS)));
        }
        rows.push(TableRow {
            line,
            cells: record.iter().map(clean_csv_cell).collect(),
        });
        if rows.len() > MAX_ROWS + 1 {
            return Err(TableError::TooLarge(Oversize::Rows(MAX_ROWS)));
        }
    }
    Ok(rows)
}

/// Trims (including the ideographic space) and unwraps `="0101"`, the text formula that keeps
/// Excel from turning long digit strings into numbers; our own export writes it.
fn clean_csv_cell(cell: &str) -> String {
    let cell = cell.trim();
    match cell.strip_prefix("=\"").and_then(|c| c.strip_suffix('"')) {
        Some(inner) if !inner.replace("\"\"", "").contains('"') => {
            inner.replace("\"\"", "\"").trim().to_string()
        }
        _ => cell.to_string(),
    }
}

/// Measures an XLSX's parts before calamine reads any: their number, the sizes they declare,
/// and the bytes they really unzip to (a part may lie about its size), all within the limits.
/// Unzipping into a sink costs time bounded by `MAX_UNZIPPED`, no memory.
fn check_zip(bytes: &[u8]) -> Result<(), TableError> {
    let broken = |e: &dyn std::fmt::Display| TableError::Xlsx {
        detail: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(TableError::TooLarge(Oversize::Parts(MAX_PARTS)));
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| broken(&e))?;
        declared = declared.saturating_add(part.size());
    }
    if declared > MAX_UNZIPPED {
        return Err(TableError::TooLarge(Oversize::Unzipped(MAX_UNZIPPED)));
    }
    let mut actual: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| broken(&e))?;
        let budget = MAX_UNZIPPED - actual;
        let n = std::io::copy(
            &mut std::io::Read::take(part, budget + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| broken(&e))?;
        actual += n;
        if actual > MAX_UNZIPPED {
            return Err(TableError::TooLarge(Oversize::Unzipped(MAX_UNZIPPED)));
        }
    }
    Ok(())
}

/// The cells of the first worksheet that has any, by (row, column) from 0, with the declared
/// size and every cell's position checked against the limits as it is read: nothing is sized
/// by what the file claims (calamine's `worksheet_range` allocates rows × columns of the span
/// from the first cell to the last, 17 billion cells for one cell at A1 and one at XFD1048576).
type SparseCells = Vec<(u32, u32, String)>;

fn xlsx_cells(bytes: &[u8]) -> Result<Option<SparseCells>, TableError> {
    let failed = |e: calamine::XlsxError| TableError::Xlsx {
        detail: e.to_string(),
    };
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(failed)?;
    for name in book.sheet_names() {
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(failed(e)),
        };
        let declared = reader.dimensions();
        let rows = u64::from(declared.end.0.saturating_sub(declared.start.0)) + 1;
        let columns = u64::from(declared.end.1.saturating_sub(declared.start.1)) + 1;
        if declared.end.0 as usize >= MAX_LINES || columns > MAX_COLUMNS as u64 {
            return Err(TableError::TooLarge(Oversize::Declared { rows, columns }));
        }
        let mut cells = Vec::new();
        let (mut first_col, mut last_col) = (u32::MAX, 0);
        while let Some(cell) = reader.next_cell().map_err(failed)? {
            let (row, col) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            if text.is_empty() {
                continue;
            }
            if row as usize >= MAX_LINES {
                return Err(TableError::TooLarge(Oversize::Rows(MAX_ROWS)));
            }
            first_col = first_col.min(col);
            last_col = last_col.max(col);
            if (last_col - first_col) as usize >= MAX_COLUMNS {
                return Err(TableError::TooLarge(Oversize::Columns(MAX_COLUMNS)));
            }
            if cells.len() >= MAX_CELLS {
                return Err(TableError::TooLarge(Oversize::Cells(MAX_CELLS)));
            }
            cells.push((row, col, text));
        }
        if !cells.is_empty() {
            return Ok(Some(cells));
        }
    }
    Ok(None)
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, TableError> {
    check_zip(bytes)?;
    // calamine parses untrusted zip and XML; a panic inside it must become an error, not a crash.
    // The first worksheet with any cell: workbooks often open with an empty or notes-only sheet.
    let mut cells = std::panic::catch_unwind(|| xlsx_cells(bytes))
        .map_err(|_| TableError::Xlsx {
            detail: "internal parser error".to_string(),
        })??
        .ok_or(TableError::Empty)?;
    cells.sort_by_key(|(row, col, _)| (*row, *col));
    let first_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let last_col = cells.iter().map(|c| c.1).max().unwrap_or(0);
    let width = (last_col - first_col) as usize + 1;
    let mut rows: Vec<TableRow> = Vec::new();
    for (row, col, text) in cells {
        let line = row + 1;
        if rows.last().is_none_or(|r| r.line != line) {
            rows.push(TableRow {
                line,
                cells: vec![String::new(); width],
            });
        }
        if let Some(last) = rows.last_mut() {
            last.cells[(col - first_col) as usize] = text;
        }
    }
    if rows.len() > MAX_ROWS + 1 {
        return Err(TableError::TooLarge(Oversize::Rows(MAX_ROWS)));
    }
    finish(TableFormat::Xlsx, "XLSX", rows)
}

/// Numbers as a person typed them: integers without ".0" or exponent, others in the shortest
/// form that reads back to the same `f64` (89.99 stays "89.99").
fn cell_text(cell: &Data) -> String {
    let text = match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() && t.time() == chrono::NaiveTime::MIN => {
                t.format("%Y-%m-%d").to_string()
            }
            Some(t) if dt.is_datetime() => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            _ => float_text(dt.as_f64()),
        },
        Data::Error(e) => e.to_string(),
    };
    text.trim().to_string()
}

fn float_text(f: f64) -> String {
    // Below 2^53 every integer is exact, so printing it as i64 loses nothing.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn finish(
    format: TableFormat,
    encoding: &'static str,
    rows: Vec<TableRow>,
) -> Result<Table, TableError> {
    let rows: Vec<TableRow> = rows
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(TableError::Empty);
    }
    Ok(Table {
        format,
        encoding,
        rows,
    })
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
