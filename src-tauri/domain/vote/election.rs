//! Elections: approval ballots over candidates and the seats they win.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Elections
// ---------------------------------------------------------------------------------------------

/// An election: each person approves up to `max_approvals` candidates (indexes `0..candidates`).
/// A ballot approving nobody still takes part (it abstains on every candidate).
#[derive(Debug, Clone, Copy)]
pub struct ElectionInput<'a> {
    pub roll: &'a [RollEntry],
    pub ballots: &'a [(i64, Vec<u32>)],
    pub candidates: u32,
    pub max_approvals: u32,
    pub refused: u32,
}

/// One candidate's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CandidateResult {
    pub candidate: u32,
    pub yn: u32,
    pub ya: Area,
    /// Competition rank among all candidates by (Yn, then Ya), 1 = most; equal counts share.
    pub rank: u32,
    /// Whether this candidate's approvals satisfy the rule's pass test (quorum aside).
    pub passes_rule: bool,
    pub elected: bool,
    /// Tied in both Yn and Ya with another passing candidate across the last seat: not elected,
    /// left for the community's rules (run-off, lot) to settle.
    pub tied: bool,
    /// The pass inequalities with this candidate's figures.
    pub checks: Vec<Inequality>,
}

/// The count of an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ElectionTally {
    pub n: u32,
    pub a: Area,
    /// Everyone who cast an election ballot.
    pub pn: u32,
    pub pa: Area,
    pub refused: u32,
    pub quorum_met: bool,
    pub quorum_line: Threshold,
    /// Least approvals (persons and area) a candidate needs under the rule.
    pub pass_line: Threshold,
    pub quorum_checks: Vec<Inequality>,
    /// In candidate order.
    pub candidates: Vec<CandidateResult>,
    pub seats: u32,
    pub seats_filled: u32,
    pub max_approvals: u32,
    pub ties_flagged: bool,
}

/// Counts an election.
///
/// Each candidate is judged by the rule as if approvals were "agree" votes, with Pn/Pa everyone
/// who cast an election ballot. Elected: the quorum is met, the candidate passes the rule, and
/// ranks within `seats` among the candidates who pass, ordered by Yn then Ya. Candidates tied in
/// both across the last seat are flagged `tied` and none of them is elected. The 从众 clause
/// never applies to elections (there is no single majority to follow across candidates).
pub fn tally_election(
    input: &ElectionInput,
    seats: u32,
    settings: &VoteSettings,
) -> Result<ElectionTally, TallyError> {
    if input.candidates == 0 {
        return Err(TallyError::NoCandidates);
    }
    if seats == 0 {
        return Err(TallyError::NoSeats);
    }
    let rule = &settings.rule;
    let roll = Roll::build(input.roll, rule)?;
    let k = input.candidates as usize;
    let mut voted = vec![false; input.roll.len()];
    let mut took_part = Count::default();
    let mut approvals = vec![Count::default(); k];
    let mut seen = vec![false; k];
    for (person_id, approved) in input.ballots {
        let person_id = *person_id;
        let i = roll
            .find(person_id)
            .ok_or(TallyError::NotOnRoll { person_id })?;
        if std::mem::replace(&mut voted[i], true) {
            return Err(TallyError::DuplicateBallot { person_id });
        }
        let count = u32::try_from(approved.len()).unwrap_or(u32::MAX);
        if count > input.max_approvals {
            return Err(TallyError::TooManyApprovals {
                person_id,
                approved: count,
                max: input.max_approvals,
            });
        }
        for &c in approved {
            let slot = seen
                .get_mut(c as usize)
                .ok_or(TallyError::UnknownCandidate {
                    person_id,
                    candidate: c,
                })?;
            if std::mem::replace(slot, true) {
                return Err(TallyError::DuplicateApproval {
                    person_id,
                    candidate: c,
                });
            }
        }
        for &c in approved {
            seen[c as usize] = false;
            approvals[c as usize].add(roll.areas[i]);
        }
        took_part.add(roll.areas[i]);
    }
    let all = Count {
        n: roll.n,
        a: roll.a.0,
    };
    let q = quorum_specs(rule, all, took_part);
    let quorum_met = q.iter().all(Spec::holds);
    let pass_line = threshold(&pass_specs(rule, all, took_part, Count::default()));

    let mut results: Vec<CandidateResult> = approvals
        .iter()
        .enumerate()
        .map(|(c, count)| {
            let specs = pass_specs(rule, all, took_part, *count);
            CandidateResult {
                candidate: c as u32,
                yn: count.n,
                ya: Area(count.a),
                rank: 1 + approvals
                    .iter()
                    .filter(|o| (o.n, o.a) > (count.n, count.a))
                    .count() as u32,
                passes_rule: specs.iter().all(Spec::holds),
                elected: false,
                tied: false,
                checks: specs.iter().map(|s| s.inequality(VoteTest::Pass)).collect(),
            }
        })
        .collect();

    let mut ties_flagged = false;
    if quorum_met {
        let mut passing: Vec<usize> = (0..k).filter(|&c| results[c].passes_rule).collect();
        let key = |c: usize| (approvals[c].n, approvals[c].a);
        passing.sort_by(|&x, &y| key(y).cmp(&key(x)).then(x.cmp(&y)));
        let seats = seats as usize;
        if passing.len() <= seats {
            for &c in &passing {
                results[c].elected = true;
            }
        } else {
            let boundary = key(passing[seats - 1]);
            let straddles = key(passing[seats]) == boundary;
            for &c in &passing {
                if straddles && key(c) == boundary {
                    results[c].tied = true;
                    ties_flagged = true;
                } else if key(c) > boundary || (!straddles && key(c) == boundary) {
                    results[c].elected = true;
                }
            }
        }
    }
    let seats_filled = results.iter().filter(|r| r.elected).count() as u32;
    Ok(ElectionTally {
        n: roll.n,
        a: roll.a,
        pn: took_part.n,
        pa: Area(took_part.a),
        refused: input.refused,
        quorum_met,
        quorum_line: threshold(&q),
        pass_line,
        quorum_checks: q.iter().map(|s| s.inequality(VoteTest::Quorum)).collect(),
        candidates: results,
        seats,
        seats_filled,
        max_approvals: input.max_approvals,
        ties_flagged,
    })
}
