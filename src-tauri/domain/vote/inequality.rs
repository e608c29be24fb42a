//! The statute's inequalities, cross-multiplied in integers, with the least threshold that satisfies each.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// The inequalities
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    /// ≥ ("以上" includes the number itself)
    AtLeast,
    /// > ("过半数" excludes exactly half)
    MoreThan,
}

/// `lhs·X rel rhs·Y` where X is the unknown the threshold is about.
pub(super) struct Spec {
    pub(super) lhs: (i128, &'static str, i128),
    pub(super) rel: Rel,
    pub(super) rhs: (i128, &'static str, i128),
    pub(super) area: bool,
}

impl Spec {
    pub(super) fn holds(&self) -> bool {
        let l = self.lhs.0 * self.lhs.2;
        let r = self.rhs.0 * self.rhs.2;
        match self.rel {
            Rel::AtLeast => l >= r,
            Rel::MoreThan => l > r,
        }
    }

    /// The least non-negative integer X with `lhs·X rel rhs·Y`.
    pub(super) fn least(&self) -> i128 {
        let c = self.lhs.0;
        let r = (self.rhs.0 * self.rhs.2).max(0);
        match self.rel {
            Rel::AtLeast => (r + c - 1) / c,
            Rel::MoreThan => r / c + 1,
        }
    }

    pub(super) fn inequality(&self, test: VoteTest) -> Inequality {
        let holds = self.holds();
        let rel = match (self.rel, holds) {
            (Rel::AtLeast, true) => "≥",
            (Rel::MoreThan, true) => ">",
            (Rel::AtLeast, false) => "<",
            (Rel::MoreThan, false) => "≤",
        };
        let stated = match self.rel {
            Rel::AtLeast => "≥",
            Rel::MoreThan => ">",
        };
        let text = format!(
            "{} {stated} {}: {} {rel} {}",
            symbolic(self.lhs),
            symbolic(self.rhs),
            numeric(self.lhs, self.area),
            numeric(self.rhs, self.area),
        );
        Inequality { test, text, holds }
    }
}

pub(super) fn symbolic((coef, sym, _): (i128, &'static str, i128)) -> String {
    if coef == 1 {
        sym.to_string()
    } else {
        format!("{coef}·{sym}")
    }
}

pub(super) fn numeric((coef, _, value): (i128, &'static str, i128), area: bool) -> String {
    let show = |v: i128| {
        if area {
            grouped_centi(v)
        } else {
            v.to_string()
        }
    };
    if coef == 1 {
        show(value)
    } else {
        format!("{coef}×{} = {}", show(value), show(coef * value))
    }
}

/// "94,500.00" from hundredths, for products that may exceed an `Area`'s range.
pub(super) fn grouped_centi(v: i128) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    let int_part = (v / 100).to_string();
    let mut out = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{:02}", v % 100)
}

pub(super) struct Judged {
    pub(super) quorum: Vec<Inequality>,
    pub(super) pass: Vec<Inequality>,
    pub(super) quorum_met: bool,
    pub(super) pass_holds: bool,
    pub(super) quorum_line: Threshold,
    pub(super) pass_line: Threshold,
}

pub(super) fn quorum_specs(rule: &Rule, all: Count, took_part: Count) -> Vec<Spec> {
    let (n, a) = (i128::from(all.n), i128::from(all.a));
    let (pn, pa) = (i128::from(took_part.n), i128::from(took_part.a));
    if rule.counts_area() {
        vec![
            Spec {
                lhs: (3, "Pn", pn),
                rel: Rel::AtLeast,
                rhs: (2, "N", n),
                area: false,
            },
            Spec {
                lhs: (3, "Pa", pa),
                rel: Rel::AtLeast,
                rhs: (2, "A", a),
                area: true,
            },
        ]
    } else {
        vec![Spec {
            lhs: (2, "Pn", pn),
            rel: Rel::MoreThan,
            rhs: (1, "N", n),
            area: false,
        }]
    }
}

pub(super) fn pass_specs(rule: &Rule, all: Count, took_part: Count, agree: Count) -> Vec<Spec> {
    let n = i128::from(all.n);
    let (pn, pa) = (i128::from(took_part.n), i128::from(took_part.a));
    let (yn, ya) = (i128::from(agree.n), i128::from(agree.a));
    let pair = |c: i128, rel: Rel, d: i128| {
        vec![
            Spec {
                lhs: (c, "Yn", yn),
                rel,
                rhs: (d, "Pn", pn),
                area: false,
            },
            Spec {
                lhs: (c, "Ya", ya),
                rel,
                rhs: (d, "Pa", pa),
                area: true,
            },
        ]
    };
    match rule {
        Rule::OwnersOrdinary => pair(2, Rel::MoreThan, 1),
        Rule::OwnersMajor => pair(4, Rel::AtLeast, 3),
        Rule::CommitteeMeeting {
            strict_majority, ..
        } => vec![Spec {
            lhs: (2, "Yn", yn),
            rel: if *strict_majority {
                Rel::MoreThan
            } else {
                Rel::AtLeast
            },
            rhs: (1, "N", n),
            area: false,
        }],
        Rule::ResidentsMeeting { .. } => vec![Spec {
            lhs: (2, "Yn", yn),
            rel: Rel::MoreThan,
            rhs: (1, "Pn", pn),
            area: false,
        }],
    }
}

pub(super) fn threshold(specs: &[Spec]) -> Threshold {
    let mut t = Threshold {
        persons: 0,
        area: Area::ZERO,
    };
    for s in specs {
        let least = s.least();
        if s.area {
            t.area = Area(i64::try_from(least).unwrap_or(i64::MAX));
        } else {
            t.persons = u32::try_from(least).unwrap_or(u32::MAX);
        }
    }
    t
}

pub(super) fn judge(rule: &Rule, all: Count, took_part: Count, agree: Count) -> Judged {
    let q = quorum_specs(rule, all, took_part);
    let p = pass_specs(rule, all, took_part, agree);
    Judged {
        quorum_met: q.iter().all(Spec::holds),
        pass_holds: p.iter().all(Spec::holds),
        quorum_line: threshold(&q),
        pass_line: threshold(&p),
        quorum: q.iter().map(|s| s.inequality(VoteTest::Quorum)).collect(),
        pass: p.iter().map(|s| s.inequality(VoteTest::Pass)).collect(),
    }
}
