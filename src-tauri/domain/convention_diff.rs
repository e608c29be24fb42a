//! A readable diff between two versions of a convention: which articles were added, removed,
//! changed or kept (renumbering alone is not a change of text), and for a changed article which
//! characters were removed and inserted.
//!
//! Invariants: pure and deterministic. Articles are aligned by a longest common subsequence of
//! identical texts; the unmatched articles between two aligned ones are paired in order as
//! "changed", the rest are added or removed. Texts are compared by Unicode scalar values, which
//! suits Chinese (one character, one unit). Very long texts fall back to a whole replacement so
//! the quadratic table stays small.

use super::convention::{Article, ArticleRule};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Above this many table cells a changed text is shown as removed-then-added.
const MAX_CELLS: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SegmentKind {
    Same,
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiffSegment {
    pub kind: SegmentKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChangeKind {
    Unchanged,
    Added,
    Removed,
    Changed,
}

/// One article in the diff; `from`/`to` are its numbers in the old and the new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleChange {
    pub kind: ChangeKind,
    pub from: Option<u32>,
    pub to: Option<u32>,
    /// For a changed article: the text as removed/added runs; otherwise one run.
    pub segments: Vec<DiffSegment>,
    pub rule_from: Option<ArticleRule>,
    pub rule_to: Option<ArticleRule>,
}

/// Index pairs (i, j) with a[i] == b[j] forming a longest common subsequence, in order.
fn lcs_pairs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    // table[i][j] = LCS length of a[i..] and b[j..]
    let mut table = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[at(i, j)] = if a[i] == b[j] {
                table[at(i + 1, j + 1)] + 1
            } else {
                table[at(i + 1, j)].max(table[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if table[at(i + 1, j)] >= table[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn push(segments: &mut Vec<DiffSegment>, kind: SegmentKind, c: char) {
    match segments.last_mut() {
        Some(last) if last.kind == kind => last.text.push(c),
        _ => segments.push(DiffSegment {
            kind,
            text: c.to_string(),
        }),
    }
}

/// Character-level diff of two texts as runs.
pub fn text_diff(old: &str, new: &str) -> Vec<DiffSegment> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    if (a.len() + 1).saturating_mul(b.len() + 1) > MAX_CELLS {
        return [(SegmentKind::Removed, old), (SegmentKind::Added, new)]
            .into_iter()
            .filter(|(_, t)| !t.is_empty())
            .map(|(kind, t)| DiffSegment {
                kind,
                text: t.to_string(),
            })
            .collect();
    }
    let mut segments = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in lcs_pairs(&a, &b).into_iter().chain([(a.len(), b.len())]) {
        while i < pi {
            push(&mut segments, SegmentKind::Removed, a[i]);
            i += 1;
        }
        while j < pj {
            push(&mut segments, SegmentKind::Added, b[j]);
            j += 1;
        }
        if pi < a.len() {
            push(&mut segments, SegmentKind::Same, a[pi]);
            i += 1;
            j += 1;
        }
    }
    segments
}

fn whole(kind: SegmentKind, text: &str) -> Vec<DiffSegment> {
    vec![DiffSegment {
        kind,
        text: text.to_string(),
    }]
}

fn change(kind: ChangeKind, old: Option<&Article>, new: Option<&Article>) -> ArticleChange {
    let segments = match (kind, old, new) {
        (ChangeKind::Changed, Some(o), Some(n)) => text_diff(&o.text, &n.text),
        (ChangeKind::Removed, Some(o), _) => whole(SegmentKind::Removed, &o.text),
        (ChangeKind::Added, _, Some(n)) => whole(SegmentKind::Added, &n.text),
        (_, _, Some(n)) => whole(SegmentKind::Same, &n.text),
        _ => Vec::new(),
    };
    ArticleChange {
        kind,
        from: old.map(|a| a.number),
        to: new.map(|a| a.number),
        segments,
        rule_from: old.and_then(|a| a.rule),
        rule_to: new.and_then(|a| a.rule),
    }
}

/// The diff from `old` to `new`, in the new version's order (removed articles where they stood).
pub fn diff_articles(old: &[Article], new: &[Article]) -> Vec<ArticleChange> {
    let key = |a: &Article| (a.text.trim().to_string(), a.rule);
    let ka: Vec<_> = old.iter().map(key).collect();
    let kb: Vec<_> = new.iter().map(key).collect();
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in lcs_pairs(&ka, &kb)
        .into_iter()
        .chain([(old.len(), new.len())])
    {
        // Between two anchors: pair in order as changed, the surplus is removed or added.
        while i < pi && j < pj {
            out.push(change(ChangeKind::Changed, Some(&old[i]), Some(&new[j])));
            i += 1;
            j += 1;
        }
        while i < pi {
            out.push(change(ChangeKind::Removed, Some(&old[i]), None));
            i += 1;
        }
        while j < pj {
            out.push(change(ChangeKind::Added, None, Some(&new[j])));
            j += 1;
        }
        if pi < old.len() {
            out.push(change(
                ChangeKind::Unchanged,
                Some(&old[pi]),
                Some(&new[pj]),
            ));
            i += 1;
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arts(texts: &[&str]) -> Vec<Article> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Article {
                number: i as u32 + 1,
                text: (*t).into(),
                rule: None,
            })
            .collect()
    }

    fn render(segments: &[DiffSegment]) -> String {
        segments
            .iter()
            .map(|s| match s.kind {
                SegmentKind::Same => s.text.clone(),
                SegmentKind::Removed => format!("[-{}]", s.text),
                SegmentKind::Added => format!("[+{}]", s.text),
            })
            .collect()
    }

    #[test]
    fn text_diffs_are_character_runs() {
        for (old, new, want) in [
            ("不高空抛物", "严禁高空抛物", "[-不][+严禁]高空抛物"),
            ("晚十点后", "晚十点后", "晚十点后"),
            ("", "新增", "[+新增]"),
            (
                "宠物须牵绳",
                "宠物出门须牵绳并清理粪便",
                "宠物[+出门]须牵绳[+并清理粪便]",
            ),
        ] {
            assert_eq!(render(&text_diff(old, new)), want, "{old} -> {new}");
        }
    }

    #[test]
    fn articles_align_by_text_not_number() {
        let old = arts(&["爱护绿化。", "不高空抛物。", "宠物须牵绳。"]);
        let new = arts(&[
            "爱护绿化。",
            "垃圾分类投放。",
            "不高空抛物。",
            "宠物出门须牵绳。",
        ]);
        let d = diff_articles(&old, &new);
        let kinds: Vec<_> = d.iter().map(|c| (c.kind, c.from, c.to)).collect();
        assert_eq!(
            kinds,
            vec![
                (ChangeKind::Unchanged, Some(1), Some(1)),
                (ChangeKind::Added, None, Some(2)),
                (ChangeKind::Unchanged, Some(2), Some(3)),
                (ChangeKind::Changed, Some(3), Some(4)),
            ]
        );
        assert_eq!(render(&d[3].segments), "宠物[+出门]须牵绳。");
    }

    #[test]
    fn removed_articles_stay_where_they_stood() {
        let old = arts(&["甲", "乙", "丙"]);
        let new = arts(&["甲", "丙"]);
        let d = diff_articles(&old, &new);
        assert_eq!(d[1].kind, ChangeKind::Removed);
        assert_eq!(d[1].from, Some(2));
        assert_eq!(render(&d[1].segments), "[-乙]");
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn a_changed_limit_is_a_change_even_with_the_same_text() {
        use crate::domain::convention::{ArticleRule, ConductParam};
        let mut old = arts(&["发言时间以规则为准。"]);
        let mut new = old.clone();
        old[0].rule = Some(ArticleRule {
            param: ConductParam::SpeechSeconds,
            value: 180,
        });
        new[0].rule = Some(ArticleRule {
            param: ConductParam::SpeechSeconds,
            value: 120,
        });
        let d = diff_articles(&old, &new);
        assert_eq!(d[0].kind, ChangeKind::Changed);
        assert_eq!(d[0].rule_to.map(|r| r.value), Some(120));
    }
}
