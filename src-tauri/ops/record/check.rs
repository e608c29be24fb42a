//! Checking a record file offline, as `yishi verify` and the 记录核验 screen do: the file's
//! `format` picks the verifier (a vote record, or a 住改商 consent record), so neither feature
//! needs to know the other.

use crate::lang::Lang;
use crate::ops::votes::{RecordCheck, RecordCheckRequest};
use crate::ops::{OpError, OpResult};
use base64::Engine;

/// Checks a record file of any kind Yishi exports.
pub fn check_record_bytes(bytes: &[u8], lang: Lang) -> RecordCheck {
    check_record_bytes_anchored(bytes, &Default::default(), lang)
}

/// The same, against the anchors someone took from the posted notice (a vote record's manifest
/// hash or root fingerprint).
pub fn check_record_bytes_anchored(
    bytes: &[u8],
    anchor: &crate::formats::record_v2::Anchors,
    lang: Lang,
) -> RecordCheck {
    let format = serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| v.get("format").and_then(|f| f.as_str()).map(str::to_string));
    if format.as_deref() == Some(crate::formats::consent::CONSENT_RECORD_FORMAT) {
        return crate::ops::consent::check_consent_bytes(bytes, lang);
    }
    crate::ops::votes::check_vote_record_anchored(bytes, anchor, lang)
}

/// `record_check`: a record file sent from the screen (base64), checked.
pub fn record_check(input: RecordCheckRequest, lang: Lang) -> OpResult<RecordCheck> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.content_base64.trim())
        .map_err(|_| OpError::Invalid(crate::ops::Invalid::Base64))?;
    let anchor = crate::formats::record_v2::Anchors {
        manifest: input.manifest.filter(|t| !t.trim().is_empty()),
        root: input.root.filter(|t| !t.trim().is_empty()),
        checkpoint: None,
    };
    Ok(check_record_bytes_anchored(&bytes, &anchor, lang))
}
