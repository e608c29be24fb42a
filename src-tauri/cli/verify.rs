//! `yishi verify RECORD` re-checks an exported vote record and prints the same result block the
//! app publishes (`yishi tally`, the recount from spreadsheets, is in `tally.rs`).

use crate::lang::Lang;
use crate::ops::OpError;
use std::path::Path;
use std::process::ExitCode;

fn io(e: std::io::Error) -> OpError {
    OpError::Storage(crate::store::StoreError::Io(e))
}

pub fn verify(
    path: &Path,
    anchor: &crate::formats::record_v2::Anchors,
    lang: Lang,
) -> Result<ExitCode, OpError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "{}",
                lang.pick(
                    format!("找不到记录文件：{}。请检查路径。", path.display()),
                    format!(
                        "The record file {} does not exist. Check the path.",
                        path.display()
                    ),
                )
            );
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(io(e)),
    };
    let check = crate::ops::record::check_record_bytes_anchored(&bytes, anchor, lang);
    if !check.result_text.is_empty() {
        println!("{}", check.result_text);
    }
    for n in &check.notes {
        println!("* {n}");
    }
    for d in &check.discrepancies {
        println!("! {d}");
    }
    if let Some(warning) = &check.unanchored {
        println!("{warning}");
    }
    println!(
        "{}",
        if check.ok && check.unanchored.is_some() {
            lang.pick("内部一致：签名、资格、一人一票、规则和计算均无误，但尚未与张贴的通知核对（见上）。", "Internally consistent: signatures, eligibility, one ballot per person, the rule and the arithmetic all check out, but the record was not checked against the posted notice (see above).").to_string()
        } else if check.ok {
            lang.pick("核验通过：签名、资格、一人一票、规则和计算均无误，且与张贴的通知一致。", "Verified: signatures, eligibility, one ballot per person, the rule and the arithmetic all check out, and the record is the one the posted notice names.").to_string()
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

/// `yishi verify-receipt RECEIPT RECORD`: RECEIPT is a receipt file or its text.
pub fn verify_receipt(receipt: &str, record: &Path, lang: Lang) -> Result<ExitCode, OpError> {
    let receipt_text = match Path::new(receipt.trim()) {
        p if p.is_file() => std::fs::read_to_string(p).map_err(io)?,
        _ => receipt.to_string(),
    };
    let bytes = match std::fs::read(record) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "{}",
                lang.pick(
                    format!("找不到记录文件：{}。请检查路径。", record.display()),
                    format!(
                        "The record file {} does not exist. Check the path.",
                        record.display()
                    ),
                )
            );
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(io(e)),
    };
    let check = crate::ops::anchor::receipt::check_receipt(&receipt_text, &bytes, lang);
    for line in &check.lines {
        println!("{line}");
    }
    println!(
        "{}",
        if check.ok {
            lang.pick("回执核验通过。", "Receipt verified.")
        } else {
            lang.pick("回执核验未通过。", "Receipt verification FAILED.")
        }
    );
    Ok(if check.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
