//! Print-ready pages (HTML with print CSS, Chinese, no network fonts: the system's CJK fonts,
//! e.g. Debian's fonts-noto-cjk, Windows' Microsoft YaHei, macOS' PingFang): the shared frame
//! and escaping. The pages themselves belong to their features (e.g. `ops::meetings::print`).

/// Text safe inside HTML elements and attribute values.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC','Source Han Serif SC','Microsoft YaHei','PingFang SC',serif;max-width:46em;margin:2em auto;line-height:1.7;color:#000}
h1{text-align:center;font-size:1.6em;letter-spacing:.1em}
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #444;padding:.3em .5em;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;font-family:inherit;font-size:1em}
.hash{font-family:'Noto Sans Mono CJK SC',monospace;word-break:break-all;font-size:.85em}
.meta{color:#333;font-size:.9em}.warn{border:2px solid #000;padding:.5em;font-weight:bold}
@media print{body{margin:0}.noprint{display:none}}";

/// A whole printable page around `body`.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        esc(title)
    )
}
