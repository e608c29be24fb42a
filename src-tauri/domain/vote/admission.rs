//! Which of a person's ballots stands: an owner's own ballot overrides a proxy's; first or last stands by the vote's policy.

#[allow(unused_imports)]
use super::*;

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
