//! Builds small XLSX files in tests, hostile ones included: a worksheet's XML is given as is, so
//! a test can declare any `<dimension>`, put cells anywhere, or pad a part to any size. Shared by
//! `formats/table_tests.rs` and `tests/it/input_bounds.rs` (`#[path]`).

use std::io::Write;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A worksheet's XML around `dimension` (e.g. `A1:B2`, or "" for none) and `cells`, each
/// `(reference, inline text)`.
pub fn sheet_xml(dimension: &str, cells: &[(&str, &str)]) -> String {
    let mut rows: Vec<(u32, String)> = Vec::new();
    for (reference, text) in cells {
        let row: u32 = reference
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .expect("cell reference");
        let cell = format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#);
        match rows.iter_mut().find(|(r, _)| *r == row) {
            Some((_, xml)) => xml.push_str(&cell),
            None => rows.push((row, cell)),
        }
    }
    let dim = if dimension.is_empty() {
        String::new()
    } else {
        format!(r#"<dimension ref="{dimension}"/>"#)
    };
    let body: String = rows
        .iter()
        .map(|(r, cells)| format!(r#"<row r="{r}">{cells}</row>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{body}</sheetData></worksheet>"#
    )
}

/// An XLSX whose only worksheet is `sheet`, followed (inside the sheet part, after the XML) by
/// `padding` spaces: a padded sheet compresses to almost nothing and unzips to `padding` bytes.
pub fn xlsx(sheet: &str, padding: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(padding > u32::MAX as usize / 2);
        for (name, text) in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ] {
            zip.start_file(name, deflate).expect("zip part");
            zip.write_all(text.as_bytes()).expect("zip write");
        }
        zip.start_file("xl/worksheets/sheet1.xml", deflate)
            .expect("zip part");
        zip.write_all(sheet.as_bytes()).expect("zip write");
        let chunk = vec![b' '; 1 << 20];
        let mut left = padding;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n]).expect("zip write");
            left -= n;
        }
        zip.finish().expect("zip finish");
    }
    out.into_inner()
}
