//! The hash that fixes a convention version's text once it is frozen for adoption.
//!
//! `yishi/convention-version/v1`: community name, kind, title, version number, the article
//! count, then per article its number, text, and its conduct limit (name and value, or absent).
//! Hash-only (never signed as such); its hex appears in the adoption vote's motion and in every
//! acknowledgement (`yishi/convention-ack/v1`). Frozen: a change is a new context.

use super::canonical::Canonical;
use crate::domain::convention::{Article, ConventionKind};

const VERSION_CONTEXT: &str = "yishi/convention-version/v1";

/// What a version's hash covers.
pub struct VersionText<'a> {
    pub community: &'a str,
    pub kind: ConventionKind,
    pub title: &'a str,
    pub number: i64,
    pub articles: &'a [Article],
}

pub fn version_hash(v: &VersionText<'_>) -> String {
    canonical(v).sha256_hex()
}

/// The bytes hashed (frozen vectors: docs/signing-vectors.json, `convention_versions`).
pub fn version_bytes(v: &VersionText<'_>) -> Vec<u8> {
    canonical(v).bytes().to_vec()
}

fn canonical(v: &VersionText<'_>) -> Canonical {
    let mut c = Canonical::new(VERSION_CONTEXT)
        .text(v.community)
        .text(v.kind.as_str())
        .text(v.title)
        .int(v.number)
        .int(v.articles.len() as i64);
    for a in v.articles {
        c = c.int(i64::from(a.number)).text(&a.text);
        c = match a.rule {
            Some(r) => c.text(r.param.as_str()).int(i64::from(r.value)),
            None => c.absent(),
        };
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::convention::{ArticleRule, ConductParam};

    fn text(articles: &[Article]) -> String {
        version_hash(&VersionText {
            community: "阳光山庄",
            kind: ConventionKind::MeetingConduct,
            title: "会议发言规则",
            number: 1,
            articles,
        })
    }

    #[test]
    fn every_article_detail_changes_the_hash() {
        let base = vec![Article {
            number: 1,
            text: "每人每次发言不超过三分钟。".into(),
            rule: Some(ArticleRule {
                param: ConductParam::SpeechSeconds,
                value: 180,
            }),
        }];
        let h = text(&base);
        let mut other = base.clone();
        other[0].rule = Some(ArticleRule {
            param: ConductParam::SpeechSeconds,
            value: 120,
        });
        assert_ne!(h, text(&other));
        other[0].rule = None;
        assert_ne!(h, text(&other));
        let mut renumbered = base.clone();
        renumbered[0].number = 2;
        assert_ne!(h, text(&renumbered));
        // Frozen: the stored hashes of adopted versions depend on this value.
        assert_eq!(h, text(&base));
        assert_eq!(h.len(), 64);
    }
}
