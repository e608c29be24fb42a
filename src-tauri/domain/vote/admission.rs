//! Where a ballot is admitted: [`admit`] is the one rule deciding whether a ballot counts as cast
//! (roll, key, window, proxy scope, expiry and limit, first/last stands), used live when a
//! ballot is cast (`ops::votes::cast`) and again when a record is verified
//! (`formats::record::verify_record`, folding [`admit_all`] over the record's ballots); and
//! [`resolve_ballots`], which of a roll entry's admitted ballots stands (an owner's own ballot
//! overrides a proxy's; first or last stands by the vote's policy).
//!
//! Invariant: pure; every time is an instant (`DateTime<Utc>`), never compared as text.

#[allow(unused_imports)]
use super::*;
use chrono::{DateTime, Utc};

// ---------------------------------------------------------------------------------------------
// Admitting one ballot
// ---------------------------------------------------------------------------------------------

/// When ballots may be signed: from the later of the scheduled start and the actual opening to
/// the earlier of the scheduled end and the actual close (`None`: not closed yet). Both ends
/// included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opens: DateTime<Utc>,
    pub closes: Option<DateTime<Utc>>,
}

impl Window {
    /// The window from the vote's schedule (if known) and its actual opening and closing.
    pub fn new(
        scheduled: Option<(DateTime<Utc>, DateTime<Utc>)>,
        opened: DateTime<Utc>,
        closed: Option<DateTime<Utc>>,
    ) -> Window {
        let (opens, closes) = match scheduled {
            Some((from, to)) => (from.max(opened), Some(closed.map_or(to, |c| c.min(to)))),
            None => (opened, closed),
        };
        Window { opens, closes }
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        at >= self.opens && self.closes.is_none_or(|c| at <= c)
    }
}

/// A written authorisation (委托书) registered for this vote: `proxy` may cast the ballot of
/// the roll entry `owner` until `expires_at`. Its scope is this vote and this owner only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authorisation {
    pub owner: i64,
    pub proxy: i64,
    pub expires_at: DateTime<Utc>,
    /// When it was registered, if known (a signed `yishi/proxy/v1` says so): a ballot the
    /// proxy signed before it is not admitted. `None`: not checked (live, and records made
    /// before proxies were signed).
    pub registered_at: Option<DateTime<Utc>>,
}

/// Everything about the vote the rule reads.
#[derive(Debug, Clone)]
pub struct AdmissionRules<'a> {
    /// The frozen roll: each roll entry with the person who casts its own ballot.
    pub roll: &'a BTreeMap<i64, i64>,
    pub window: Window,
    /// In the order they were registered (the proxy limit keeps the first ones).
    pub proxies: &'a [Authorisation],
    /// How many owners one proxy may represent (`VoteSettings::proxy_limit`); `None`: no cap.
    pub proxy_limit: Option<u32>,
    pub policy: BallotPolicy,
}

/// How the ballot is authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// Signed with a key: whose key it is (`None`: nobody's known key), and when the key ended
    /// (revoked or replaced).
    Key {
        holder: Option<i64>,
        ended_at: Option<DateTime<Utc>>,
    },
    /// A paper ballot entered by the secretary with two witnesses' signatures.
    Witnessed,
    /// Not signed yet (the preview before signing): the key is checked when it signs.
    NotYetSigned,
}

/// One ballot as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BallotEvent {
    /// The roll entry the ballot counts for.
    pub voter: i64,
    /// The person who cast it: the entry's own voter or a proxy.
    pub cast_by: i64,
    /// When it was signed (or, for paper, entered); `None` when the record cannot say (a paper
    /// ballot before `yishi/paper-ballot/v4` carries no time): the window, and the rule that paper
    /// never follows a signed ballot, are then not checked.
    pub at: Option<DateTime<Utc>>,
    pub proof: Proof,
}

/// What this roll entry already has among the admitted ballots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prior {
    pub own: bool,
    pub proxy: bool,
    /// When the entry's newest admitted ballot signed with a key (the owner's or their
    /// proxy's) was signed, if it has one: a paper ballot may not follow it.
    pub signed_at: Option<DateTime<Utc>>,
}

/// Why a ballot is not admitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotOnRoll,
    /// The key is not the caster's, or had ended when it signed.
    KeyNotValid,
    OutsideWindow,
    NoProxy,
    ProxyExpired {
        expires_at: DateTime<Utc>,
    },
    /// Signed before the proxy's authorisation was registered.
    ProxyNotYetRegistered {
        registered_at: DateTime<Utc>,
    },
    /// A paper ballot (with its time known) for an entry that already has a ballot signed
    /// with a key, at `signed_at`: paper never overrides a signature.
    PaperAfterSigned {
        signed_at: DateTime<Utc>,
    },
    /// The authorisation is beyond the number of owners one proxy may represent.
    OverProxyLimit {
        limit: u32,
    },
    /// First stands and this entry already has a ballot that this one may not override.
    AlreadyVoted,
}

impl Refusal {
    /// The reason in words, for records and logs.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Refusal::NotOnRoll => lang
                .pick(
                    "投票人不在冻结名册上",
                    "the voter is not on the frozen roll",
                )
                .into(),
            Refusal::KeyNotValid => lang
                .pick(
                    "签名密钥不属于投票人，或签名时已失效",
                    "the key is not the voter's, or had ended when it signed",
                )
                .into(),
            Refusal::OutsideWindow => lang
                .pick("签名时间不在投票期内", "signed outside the voting window")
                .into(),
            Refusal::NoProxy => lang
                .pick(
                    "代投人没有该业主的委托",
                    "cast by someone without the owner's proxy",
                )
                .into(),
            Refusal::ProxyExpired { expires_at } => {
                let at = expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                lang.pick(
                    format!("委托已于 {at} 到期"),
                    format!("the proxy expired at {at}"),
                )
            }
            Refusal::ProxyNotYetRegistered { registered_at } => {
                let at = registered_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                lang.pick(
                    format!("签名早于委托登记的时间 {at}"),
                    format!("signed before the proxy was registered at {at}"),
                )
            }
            Refusal::PaperAfterSigned { signed_at } => {
                let at = signed_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                lang.pick(
                    format!("该户已于 {at} 用密钥签名投票，纸质票不能取代签名的选票"),
                    format!(
                        "the home already voted with a signed ballot at {at}; a paper ballot cannot replace it"
                    ),
                )
            }
            Refusal::OverProxyLimit { limit } => lang.pick(
                format!("代理人代投的业主超过上限 {limit} 位"),
                format!("the proxy represents more than {limit} owners, the limit"),
            ),
            Refusal::AlreadyVoted => lang
                .pick(
                    "以第一次投票为准，此票不能取代已投的票",
                    "the first ballot stands; this one cannot replace it",
                )
                .into(),
        }
    }
}

/// Whether one ballot is admitted, given what its roll entry already has among the admitted
/// ballots. In order: the roll entry is on the frozen roll; the key is the caster's and had not
/// ended when it signed; the ballot is inside the window; a ballot not cast by the entry's own
/// voter needs an authorisation of this owner to this proxy, not expired when it signed, and
/// within the first `proxy_limit` owners that proxy was authorised for; under first stands, an
/// own ballot is refused after an own ballot, a proxy ballot after any ballot (the owner's own
/// ballot overrides a proxy's, so it is admitted after one). A paper ballot whose time is known
/// (live, and `yishi/paper-ballot/v4`) is refused after a ballot of the entry signed with a key,
/// whatever the policy: paper never overrides a signature (a signed ballot after paper is
/// admitted as any other). Under last stands every further ballot is admitted and
/// [`resolve_ballots`] keeps the last.
pub fn admit(
    rules: &AdmissionRules<'_>,
    prior: Prior,
    ballot: &BallotEvent,
) -> Result<(), Refusal> {
    let own_voter = *rules.roll.get(&ballot.voter).ok_or(Refusal::NotOnRoll)?;
    if let Proof::Key { holder, ended_at } = ballot.proof {
        let ended = match (ended_at, ballot.at) {
            (Some(end), Some(at)) => at > end,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if holder != Some(ballot.cast_by) || ended {
            return Err(Refusal::KeyNotValid);
        }
    }
    if let Some(at) = ballot.at {
        if !rules.window.contains(at) {
            return Err(Refusal::OutsideWindow);
        }
    }
    let own = ballot.cast_by == own_voter;
    if !own {
        check_proxy(rules, ballot)?;
    }
    if let (Proof::Witnessed, Some(_), Some(signed_at)) = (ballot.proof, ballot.at, prior.signed_at)
    {
        return Err(Refusal::PaperAfterSigned { signed_at });
    }
    let refused = match rules.policy {
        BallotPolicy::FirstStands if own => prior.own,
        BallotPolicy::FirstStands => prior.own || prior.proxy,
        BallotPolicy::LastStands => false,
    };
    if refused {
        return Err(Refusal::AlreadyVoted);
    }
    Ok(())
}

fn check_proxy(rules: &AdmissionRules<'_>, ballot: &BallotEvent) -> Result<(), Refusal> {
    let carried: Vec<&Authorisation> = rules
        .proxies
        .iter()
        .filter(|p| p.proxy == ballot.cast_by)
        .collect();
    let mut found = None;
    for (rank, p) in carried.iter().enumerate() {
        if p.owner != ballot.voter {
            continue;
        }
        let within = rules.proxy_limit.is_none_or(|limit| (rank as u32) < limit);
        let current = ballot.at.is_none_or(|at| at <= p.expires_at);
        let registered = match (ballot.at, p.registered_at) {
            (Some(at), Some(from)) => at >= from,
            _ => true,
        };
        let verdict = match (within, current) {
            (true, true) if registered => return Ok(()),
            (true, true) => Refusal::ProxyNotYetRegistered {
                registered_at: p.registered_at.unwrap_or(DateTime::<Utc>::MIN_UTC),
            },
            (false, _) => Refusal::OverProxyLimit {
                limit: rules.proxy_limit.unwrap_or_default(),
            },
            (true, false) => Refusal::ProxyExpired {
                expires_at: p.expires_at,
            },
        };
        found.get_or_insert(verdict);
    }
    Err(found.unwrap_or(Refusal::NoProxy))
}

/// The rule folded over ballots in the order they were received: each verdict sees the ballots
/// admitted before it. This is how a record is re-checked.
pub fn admit_all(rules: &AdmissionRules<'_>, ballots: &[BallotEvent]) -> Vec<Result<(), Refusal>> {
    let mut prior: BTreeMap<i64, Prior> = BTreeMap::new();
    ballots
        .iter()
        .map(|b| {
            let had = prior.get(&b.voter).copied().unwrap_or_default();
            let verdict = admit(rules, had, b);
            if verdict.is_ok() {
                let own = rules.roll.get(&b.voter) == Some(&b.cast_by);
                let p = prior.entry(b.voter).or_default();
                if own {
                    p.own = true;
                } else {
                    p.proxy = true;
                }
                if let (Proof::Key { .. }, Some(at)) = (b.proof, b.at) {
                    p.signed_at = Some(p.signed_at.map_or(at, |s| s.max(at)));
                }
            }
            verdict
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Resolving repeated ballots
// ---------------------------------------------------------------------------------------------

/// One final ballot per person, sorted by person id.
///
/// `cast` is `(person_id, sequence, choice, in_person)`. An owner's own ballot (`in_person`)
/// always overrides any proxy's ballot for them, whatever the order; among ballots of the same
/// kind the policy picks the lowest (first stands) or highest (last stands) sequence. Sequences
/// are expected to be unique; on equal sequences the earlier (first stands) or later (last
/// stands) one in `cast` wins, so the result is still determined by the input.
pub fn resolve_ballots(
    cast: &[(i64, u64, Choice, bool)],
    policy: BallotPolicy,
) -> Vec<(i64, Choice)> {
    #[derive(Default)]
    struct Best {
        own: Option<(u64, Choice)>,
        proxy: Option<(u64, Choice)>,
    }
    let mut by_person: BTreeMap<i64, Best> = BTreeMap::new();
    for &(person, seq, choice, in_person) in cast {
        let best = by_person.entry(person).or_default();
        let slot = if in_person {
            &mut best.own
        } else {
            &mut best.proxy
        };
        let replace = match (*slot, policy) {
            (None, _) => true,
            (Some((held, _)), BallotPolicy::FirstStands) => seq < held,
            (Some((held, _)), BallotPolicy::LastStands) => seq >= held,
        };
        if replace {
            *slot = Some((seq, choice));
        }
    }
    by_person
        .into_iter()
        .filter_map(|(person, best)| best.own.or(best.proxy).map(|(_, c)| (person, c)))
        .collect()
}

#[cfg(test)]
mod admission_tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0)
            .single()
            .expect("time")
    }

    /// Roll: 1, 2, 3 vote for themselves; entry 10 (a co-owned unit) is voted by person 4.
    /// Person 9 is not on the roll. Proxies: 9 carries 1 (till 12:00), then 2 and 3 (till 18:00);
    /// 9's third owner (3) is over a limit of 2.
    #[test]
    fn the_admission_rule_case_by_case() {
        let roll: BTreeMap<i64, i64> = [(1, 1), (2, 2), (3, 3), (10, 4)].into();
        let proxies = [
            Authorisation {
                owner: 1,
                proxy: 9,
                expires_at: t(12, 0),
                registered_at: None,
            },
            Authorisation {
                owner: 2,
                proxy: 9,
                expires_at: t(18, 0),
                registered_at: None,
            },
            Authorisation {
                owner: 3,
                proxy: 9,
                expires_at: t(18, 0),
                registered_at: None,
            },
        ];
        let rules = |policy| AdmissionRules {
            roll: &roll,
            window: Window::new(Some((t(9, 30), t(18, 0))), t(9, 0), None),
            proxies: &proxies,
            proxy_limit: Some(2),
            policy,
        };
        let key = |holder| Proof::Key {
            holder: Some(holder),
            ended_at: None,
        };
        let ev = |voter, cast_by, at| BallotEvent {
            voter,
            cast_by,
            at: Some(at),
            proof: key(cast_by),
        };
        let none = Prior::default();
        let own = Prior {
            own: true,
            proxy: false,
            signed_at: Some(t(10, 0)),
        };
        let proxied = Prior {
            own: false,
            proxy: true,
            signed_at: Some(t(10, 0)),
        };
        let by_paper = Prior {
            own: true,
            proxy: false,
            signed_at: None,
        };
        let paper = |voter, at| BallotEvent {
            voter,
            cast_by: voter,
            at,
            proof: Proof::Witnessed,
        };
        use BallotPolicy::*;
        type Case<'a> = (
            &'a str,
            BallotPolicy,
            Prior,
            BallotEvent,
            Result<(), Refusal>,
        );
        let cases: Vec<Case> = vec![
            (
                "own ballot in the window",
                FirstStands,
                none,
                ev(1, 1, t(10, 0)),
                Ok(()),
            ),
            (
                "at the opening exactly",
                FirstStands,
                none,
                ev(1, 1, t(9, 30)),
                Ok(()),
            ),
            (
                "at the closing exactly",
                FirstStands,
                none,
                ev(1, 1, t(18, 0)),
                Ok(()),
            ),
            (
                "before the scheduled start",
                FirstStands,
                none,
                ev(1, 1, t(9, 29)),
                Err(Refusal::OutsideWindow),
            ),
            (
                "after the end",
                FirstStands,
                none,
                ev(1, 1, t(18, 1)),
                Err(Refusal::OutsideWindow),
            ),
            (
                "not on the roll",
                FirstStands,
                none,
                ev(9, 9, t(10, 0)),
                Err(Refusal::NotOnRoll),
            ),
            (
                "designated voter of a co-owned unit",
                FirstStands,
                none,
                ev(10, 4, t(10, 0)),
                Ok(()),
            ),
            (
                "a co-owner who is not the designated voter",
                FirstStands,
                none,
                ev(10, 5, t(10, 0)),
                Err(Refusal::NoProxy),
            ),
            (
                "someone else's key",
                FirstStands,
                none,
                BallotEvent {
                    proof: key(2),
                    ..ev(1, 1, t(10, 0))
                },
                Err(Refusal::KeyNotValid),
            ),
            (
                "key ended before signing",
                FirstStands,
                none,
                BallotEvent {
                    proof: Proof::Key {
                        holder: Some(1),
                        ended_at: Some(t(9, 59)),
                    },
                    ..ev(1, 1, t(10, 0))
                },
                Err(Refusal::KeyNotValid),
            ),
            (
                "key ended after signing",
                FirstStands,
                none,
                BallotEvent {
                    proof: Proof::Key {
                        holder: Some(1),
                        ended_at: Some(t(10, 0)),
                    },
                    ..ev(1, 1, t(10, 0))
                },
                Ok(()),
            ),
            (
                "proxy within expiry",
                FirstStands,
                none,
                ev(1, 9, t(12, 0)),
                Ok(()),
            ),
            (
                "proxy after expiry",
                FirstStands,
                none,
                ev(1, 9, t(12, 1)),
                Err(Refusal::ProxyExpired {
                    expires_at: t(12, 0),
                }),
            ),
            (
                "second owner of the proxy",
                FirstStands,
                none,
                ev(2, 9, t(13, 0)),
                Ok(()),
            ),
            (
                "third owner over a limit of 2",
                FirstStands,
                none,
                ev(3, 9, t(13, 0)),
                Err(Refusal::OverProxyLimit { limit: 2 }),
            ),
            (
                "no authorisation",
                FirstStands,
                none,
                ev(2, 3, t(13, 0)),
                Err(Refusal::NoProxy),
            ),
            (
                "first stands: second own ballot",
                FirstStands,
                own,
                ev(1, 1, t(11, 0)),
                Err(Refusal::AlreadyVoted),
            ),
            (
                "first stands: proxy after own",
                FirstStands,
                own,
                ev(1, 9, t(11, 0)),
                Err(Refusal::AlreadyVoted),
            ),
            (
                "first stands: second proxy ballot",
                FirstStands,
                proxied,
                ev(1, 9, t(11, 0)),
                Err(Refusal::AlreadyVoted),
            ),
            (
                "owner overrides proxy",
                FirstStands,
                proxied,
                ev(1, 1, t(11, 0)),
                Ok(()),
            ),
            (
                "last stands: second own ballot",
                LastStands,
                own,
                ev(1, 1, t(11, 0)),
                Ok(()),
            ),
            (
                "last stands: proxy after own",
                LastStands,
                own,
                ev(1, 9, t(11, 0)),
                Ok(()),
            ),
            (
                "paper ballot, no time in the record",
                FirstStands,
                none,
                BallotEvent {
                    voter: 2,
                    cast_by: 2,
                    at: None,
                    proof: Proof::Witnessed,
                },
                Ok(()),
            ),
            (
                "last stands: paper after a signed ballot",
                LastStands,
                own,
                paper(1, Some(t(11, 0))),
                Err(Refusal::PaperAfterSigned {
                    signed_at: t(10, 0),
                }),
            ),
            (
                "last stands: paper after a proxy's signed ballot",
                LastStands,
                proxied,
                paper(1, Some(t(11, 0))),
                Err(Refusal::PaperAfterSigned {
                    signed_at: t(10, 0),
                }),
            ),
            (
                "last stands: paper after paper",
                LastStands,
                by_paper,
                paper(1, Some(t(11, 0))),
                Ok(()),
            ),
            (
                "last stands: a signed ballot after paper",
                LastStands,
                by_paper,
                ev(1, 1, t(11, 0)),
                Ok(()),
            ),
            (
                "an older record's paper ballot (no time) is not judged by the rule",
                LastStands,
                own,
                paper(1, None),
                Ok(()),
            ),
            (
                "roll checked before anything else",
                FirstStands,
                own,
                ev(7, 7, t(20, 0)),
                Err(Refusal::NotOnRoll),
            ),
        ];
        for (name, policy, prior, ballot, want) in cases {
            assert_eq!(admit(&rules(policy), prior, &ballot), want, "{name}");
        }
        let unlimited = AdmissionRules {
            proxy_limit: None,
            ..rules(FirstStands)
        };
        assert_eq!(
            admit(&unlimited, none, &ev(3, 9, t(13, 0))),
            Ok(()),
            "no cap"
        );
    }

    #[test]
    fn the_window_is_the_schedule_met_by_opening_and_closing() {
        let w = Window::new(Some((t(9, 30), t(18, 0))), t(10, 0), Some(t(17, 0)));
        assert_eq!((w.opens, w.closes), (t(10, 0), Some(t(17, 0))));
        let w = Window::new(Some((t(9, 30), t(18, 0))), t(9, 0), Some(t(18, 5)));
        assert_eq!((w.opens, w.closes), (t(9, 30), Some(t(18, 0))));
        let w = Window::new(None, t(9, 0), None);
        assert!(w.contains(t(23, 0)) && !w.contains(t(8, 59)));
    }

    #[test]
    fn folding_sees_only_admitted_ballots() {
        let roll: BTreeMap<i64, i64> = [(1, 1), (2, 2)].into();
        let proxies = [Authorisation {
            owner: 1,
            proxy: 2,
            expires_at: t(18, 0),
            registered_at: None,
        }];
        let rules = AdmissionRules {
            roll: &roll,
            window: Window::new(None, t(9, 0), None),
            proxies: &proxies,
            proxy_limit: None,
            policy: BallotPolicy::FirstStands,
        };
        let ev = |voter, cast_by, at| BallotEvent {
            voter,
            cast_by,
            at: Some(at),
            proof: Proof::Key {
                holder: Some(cast_by),
                ended_at: None,
            },
        };
        // An own ballot refused for its time does not block the next one.
        let got = admit_all(
            &rules,
            &[
                ev(1, 1, t(8, 0)),
                ev(1, 2, t(10, 0)),
                ev(1, 1, t(10, 5)),
                ev(1, 1, t(10, 6)),
                ev(1, 2, t(10, 7)),
            ],
        );
        assert_eq!(
            got,
            vec![
                Err(Refusal::OutsideWindow),
                Ok(()),
                Ok(()),
                Err(Refusal::AlreadyVoted),
                Err(Refusal::AlreadyVoted)
            ]
        );
    }

    #[test]
    fn a_proxy_ballot_signed_before_its_authorisation_was_registered_is_refused() {
        let roll: BTreeMap<i64, i64> = [(1, 1)].into();
        let proxies = [Authorisation {
            owner: 1,
            proxy: 9,
            expires_at: t(18, 0),
            registered_at: Some(t(11, 0)),
        }];
        let rules = AdmissionRules {
            roll: &roll,
            window: Window::new(None, t(9, 0), None),
            proxies: &proxies,
            proxy_limit: None,
            policy: BallotPolicy::LastStands,
        };
        let at = |h, m| BallotEvent {
            voter: 1,
            cast_by: 9,
            at: Some(t(h, m)),
            proof: Proof::Key {
                holder: Some(9),
                ended_at: None,
            },
        };
        assert_eq!(
            admit(&rules, Prior::default(), &at(10, 59)),
            Err(Refusal::ProxyNotYetRegistered {
                registered_at: t(11, 0)
            })
        );
        assert_eq!(admit(&rules, Prior::default(), &at(11, 0)), Ok(()));
    }
}
