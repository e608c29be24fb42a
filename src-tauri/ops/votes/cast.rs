//! Ballots. Electronic ballots are signed documents (`yishi/ballot/v1`) made through the one
//! signing path, at the kiosk or with the member's own key; paper ballots are entered by the
//! secretary with the scan's hash and two witnesses' signatures. Every refusal is recorded with
//! its reason and logged.
//!
//! Invariant: a ballot row is written in the same transaction as its signature(s) and event, so
//! a receipt is only ever returned for a ballot that is durably in the record.

use crate::crypto::canonical::sha256_hex;
use crate::crypto::signing::Document;
use crate::domain::states::VoteStatus;
use crate::domain::vote;
use crate::formats::record::{self, RecordVote, RollSnapshotEntry};
use crate::ops::keys::{HostApproval, Receipt};
use crate::ops::keys::{public_of, record_signature, sign_with};
use crate::ops::votes::{PaperBallot, PaperMark, VoteKind};
use crate::ops::votes::{kind_of, parse_time, require_vote, settings_of, stamp};
use crate::ops::{Caller, Ctx, KeyProblem, OpError, OpResult, VoteProblem};
use crate::store::events::{self, NewEvent};
use crate::store::keys::KeyRow;
use crate::store::votes::{self as vote_store, NewBallot, VoteRow};
use crate::store::{Store, keys as key_store};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

/// The vote as the ballot documents name it.
pub(crate) fn record_vote(row: &VoteRow) -> OpResult<RecordVote> {
    Ok(RecordVote {
        id: row.id,
        title: row.title.clone(),
        motion: row.motion.clone(),
        kind: kind_of(row),
        settings: settings_of(row)?,
        opened_at: row.opened_at.map(stamp).unwrap_or_default(),
        closed_at: row.closed_at.map(stamp).unwrap_or_default(),
        opens_at: Some(stamp(row.opens_at)),
        closes_at: Some(stamp(row.closes_at)),
    })
}

/// Checks the choice text against the vote's kind.
fn check_choice(kind: &VoteKind, choice: &str) -> OpResult<()> {
    record::choice_ok(kind, choice).ok_or(OpError::Vote(VoteProblem::BadChoice))
}

/// Who the ballot counts for and who casts it, checked against the frozen roll and proxies.
pub(crate) struct BallotParty {
    pub voter: RollSnapshotEntry,
    pub cast_by: String,
    /// Votes opened with a manifest: its hash and this ballot's number among the entry's
    /// ballots (the entry's count so far, plus one), both of which the ballot signs.
    pub bind: Option<(String, u32)>,
}

impl BallotParty {
    pub fn binding(&self) -> Option<record::Binding<'_>> {
        self.bind.as_ref().map(|(h, n)| record::Binding {
            manifest_hash: h,
            person_seq: *n,
        })
    }
}

/// How the ballot being admitted is authenticated, as far as the caller knows.
pub(crate) enum Proof<'a> {
    /// Before signing (the preview): the key is judged when the ballot is signed.
    NotYetSigned,
    /// Signed with this key.
    Key(&'a KeyRow),
    /// A paper ballot with two witnesses.
    Witnessed,
}

/// Whether the app may receive a ballot now (the vote is open and its scheduled window has not
/// passed), then whether the ballot is admitted: `domain::vote::admit`, the same rule
/// `verify_record` applies to the exported record. `at` is the ballot's own time (when it was
/// signed, or for paper when it was entered). Refusals are logged by `refuse`.
pub(crate) async fn admit(
    conn: &mut SqliteConnection,
    row: &VoteRow,
    ask: Admit<'_>,
    now: DateTime<Utc>,
) -> OpResult<BallotParty> {
    if row.status != VoteStatus::Open {
        return Err(OpError::Vote(if row.status == VoteStatus::Closed {
            VoteProblem::Closed
        } else {
            VoteProblem::NotOpen
        }));
    }
    let outside = || {
        OpError::Vote(VoteProblem::OutsideWindow {
            opens: stamp(row.opens_at),
            closes: stamp(row.closes_at),
        })
    };
    let (opens, closes) = (row.opens_at, row.closes_at);
    if now < opens || now > closes {
        return Err(outside());
    }
    check_choice(&kind_of(row), ask.choice)?;
    // The roll entry the ballot counts for: the one named, or else the one entry the caster
    // votes for (a person voting for several, say alone and as a co-owners' designated voter,
    // must say which).
    let voter = match ask.proxy_for {
        Some(entry) => crate::ops::votes::resolve_entry(conn, row.id, entry).await?,
        None => crate::ops::votes::resolve_entry(conn, row.id, ask.cast_by_id).await?,
    };
    let voter_id = voter
        .as_ref()
        .map_or(ask.proxy_for.unwrap_or(ask.cast_by_id), |v| v.person_id);
    // The rule looks up only this ballot's roll entry and the person who votes for it.
    let roll: std::collections::BTreeMap<i64, i64> =
        voter.iter().map(|v| (v.person_id, v.voter())).collect();
    let proxies = vote_store::proxies(conn, row.id)
        .await?
        .into_iter()
        .map(|p| {
            Ok(vote::Authorisation {
                owner: p.owner_id,
                proxy: p.proxy_id,
                expires_at: p.expires_at,
                registered_at: Some(p.created_at),
            })
        })
        .collect::<OpResult<Vec<_>>>()?;
    let settings = settings_of(row)?;
    let opened = row.opened_at.unwrap_or(row.opens_at);
    let rules = vote::AdmissionRules {
        roll: &roll,
        window: vote::Window::new(Some((opens, closes)), opened, None),
        proxies: &proxies,
        proxy_limit: settings.proxy_limit,
        policy: settings.ballot_policy,
    };
    let proof = match ask.proof {
        Proof::NotYetSigned => vote::Proof::NotYetSigned,
        Proof::Witnessed => vote::Proof::Witnessed,
        Proof::Key(key) => vote::Proof::Key {
            holder: Some(key.person_id),
            ended_at: key.ended_at,
        },
    };
    let signer = voter.as_ref().map_or(voter_id, RollSnapshotEntry::voter);
    let (own, proxy) = vote_store::ballots_for(conn, row.id, voter_id, signer).await?;
    let signed_at = vote_store::signed_ballot_at(conn, row.id, voter_id).await?;
    let ballot = vote::BallotEvent {
        voter: voter_id,
        cast_by: ask.cast_by_id,
        at: Some(ask.at),
        proof,
    };
    let prior = vote::Prior {
        own,
        proxy,
        signed_at,
    };
    vote::admit(&rules, prior, &ballot).map_err(|r| match r {
        vote::Refusal::NotOnRoll => OpError::Vote(VoteProblem::NotOnRoll),
        vote::Refusal::KeyNotValid => OpError::Key(KeyProblem::NotActive),
        vote::Refusal::OutsideWindow => outside(),
        vote::Refusal::NoProxy => OpError::Vote(VoteProblem::NoProxy),
        vote::Refusal::ProxyExpired { expires_at } => {
            OpError::Vote(VoteProblem::ProxyExpired(stamp(expires_at)))
        }
        vote::Refusal::OverProxyLimit { limit } => OpError::Vote(VoteProblem::ProxyLimit(limit)),
        vote::Refusal::ProxyNotYetRegistered { .. } => OpError::Vote(VoteProblem::NoProxy),
        vote::Refusal::PaperAfterSigned { signed_at } => {
            OpError::Vote(VoteProblem::PaperAfterSigned(stamp(signed_at)))
        }
        vote::Refusal::AlreadyVoted => OpError::Vote(VoteProblem::AlreadyVoted),
    })?;
    let voter = voter.ok_or(OpError::Vote(VoteProblem::NotOnRoll))?;
    let cast_by = crate::store::roles::person_community(conn, ask.cast_by_id)
        .await?
        .map(|(_, n)| n)
        .unwrap_or_default();
    let bind = match crate::store::manifests::hash(conn, row.id).await? {
        Some(hash) => {
            let n = vote_store::entry_ballot_count(conn, row.id, voter.person_id).await?;
            Some((hash, n.saturating_add(1)))
        }
        None => None,
    };
    Ok(BallotParty {
        voter,
        cast_by,
        bind,
    })
}

/// A ballot to admit: who casts it, for whom, what, when it was signed, and how.
pub(crate) struct Admit<'a> {
    pub cast_by_id: i64,
    pub proxy_for: Option<i64>,
    pub choice: &'a str,
    pub at: DateTime<Utc>,
    pub proof: Proof<'a>,
}

/// Records a refused ballot and its reason: its own piece of work (and event) in the shared
/// write transaction, so a refusal during a rush of ballots costs no commit of its own.
pub(crate) async fn refuse(
    store: &Store,
    by: &Caller,
    row: &VoteRow,
    person_id: Option<i64>,
    err: &OpError,
) -> OpResult<()> {
    let reason = err.message(crate::lang::Lang::Zh);
    let (by, vote_id, community_id) = (by.clone(), row.id, row.community_id);
    store
        .batched(move |tx| {
            Box::pin(async move {
                vote_store::insert_refusal(tx.conn(), vote_id, person_id, &reason, &stamp(by.now))
                    .await?;
                events::append(
                    tx,
                    NewEvent {
                        at: by.now,
                        actor: &by.actor,
                        community_id: Some(community_id),
                        kind: "ballot.refused",
                        payload: json!({ "vote_id": vote_id, "person_id": person_id, "reason": reason }),
                    },
                )
                .await?;
                Ok::<_, OpError>(())
            })
        })
        .await
}

/// What a signed ballot is for: the vote, who signs, and for whom.
pub(crate) struct SignedBallot<'a> {
    pub vote_id: i64,
    pub cast_by_id: i64,
    pub proxy_for: Option<i64>,
    pub key: &'a KeyRow,
    pub doc: &'a Document,
    pub signature: &'a str,
    pub channel: &'a str,
}

/// Stores a signed ballot (kiosk or file) with its signature and event, atomically. Admission is
/// checked again inside the write transaction, so two kiosks cannot both get a first ballot in.
/// Concurrent ballots share one durable transaction (`Store::batched`): each in its own
/// savepoint, so one turned away undoes only itself, and the receipt is given only once the
/// commit holding the ballot is durable.
pub(crate) async fn record_signed(
    store: &Store,
    by: &Caller,
    b: SignedBallot<'_>,
) -> OpResult<Receipt> {
    let signed_at = b.doc.get_text("signed_at").unwrap_or_default().to_string();
    let choice = b.doc.get_text("choice").unwrap_or_default().to_string();
    let (by_owned, doc, key) = (by.clone(), b.doc.clone(), b.key.clone());
    let (signature, channel) = (b.signature.to_string(), b.channel.to_string());
    let (vote_id, cast_by_id, proxy_for) = (b.vote_id, b.cast_by_id, b.proxy_for);
    let at = signed_at.clone();
    let cast_at = parse_time(&signed_at)?;
    let ballot_id = store
        .batched(move |tx| {
            Box::pin(async move {
                let by = by_owned;
                let row = require_vote(tx.conn(), vote_id).await?;
                // The key as it is now, inside the write: revoked since the preview, it fails.
                let key = key_store::get(tx.conn(), key.id)
                    .await?
                    .ok_or(OpError::Key(KeyProblem::NotActive))?;
                let ask = Admit {
                    cast_by_id,
                    proxy_for,
                    choice: &choice,
                    at: parse_time(&at)?,
                    proof: Proof::Key(&key),
                };
                let party = admit(tx.conn(), &row, ask, by.now).await?;
                check_sequence(&doc, &party)?;
                super::manifest::check_key(
                    tx.conn(),
                    row.community_id,
                    row.id,
                    key.person_id,
                    &key.public_key,
                    cast_at,
                )
                .await?;
                let signature_id = record_signature(
                    tx,
                    row.community_id,
                    key.id,
                    cast_by_id,
                    &format!("vote:{}", row.id),
                    &doc,
                    &signature,
                    &at,
                )
                .await?;
                let receipt = doc.hash_hex();
                let ballot_id = vote_store::insert_ballot(
                    tx.conn(),
                    NewBallot {
                        vote_id: row.id,
                        person_id: party.voter.person_id,
                        cast_by: cast_by_id,
                        channel: &channel,
                        choice: &choice,
                        signature_id: Some(signature_id),
                        scan_sha256: None,
                        witness1_id: None,
                        witness2_id: None,
                        receipt: &receipt,
                        cast_at,
                    },
                )
                .await?;
                events::append(tx, NewEvent {
                    at: by.now,
                    actor: &by.actor,
                    community_id: Some(row.community_id),
                    kind: "ballot.cast",
                    payload: json!({ "vote_id": row.id, "ballot_id": ballot_id, "channel": channel, "receipt": receipt, "units": party.voter.units }),
                })
                .await?;
                Ok::<_, OpError>((ballot_id, party.cast_by, row.community_id))
            })
        })
        .await?;
    let (ballot_id, cast_by, community_id) = ballot_id;
    let mut receipt =
        crate::ops::signing::receipt(ballot_id, b.doc, &cast_by, &public_of(b.key)?, &signed_at);
    let mut conn = store.reader().acquire().await?;
    receipt.checkpoint =
        crate::ops::anchor::checkpoint::latest_ref(&mut conn, community_id).await?;
    Ok(receipt)
}

/// Ballots v3: the signed sequence number must be the entry's next one, checked inside the
/// write. Lower means an earlier ballot submitted again (or another ballot for the entry got in
/// first): refused as older than the current one. A v3 document for a vote without a manifest
/// (or the reverse) does not match the vote.
fn check_sequence(doc: &Document, party: &BallotParty) -> OpResult<()> {
    let signed = doc.get_int("seq");
    match (&party.bind, doc.context.as_str()) {
        (
            Some((hash, next)),
            "yishi/ballot/v3" | "yishi/paper-ballot/v3" | "yishi/paper-ballot/v4",
        ) => {
            if doc.get_text("manifest_hash") != Some(hash.as_str()) {
                return Err(OpError::Vote(VoteProblem::WrongVote));
            }
            match signed {
                Some(s) if s == i64::from(*next) => Ok(()),
                Some(s) if s < i64::from(*next) => Err(OpError::Vote(VoteProblem::OlderBallot)),
                _ => Err(OpError::Key(KeyProblem::DocumentChanged)),
            }
        }
        (None, c) if !c.ends_with("/v3") && !c.ends_with("/v4") => Ok(()),
        _ => Err(OpError::Vote(VoteProblem::WrongVote)),
    }
}

/// A ballot someone asks to sign: which vote, what choice, by whom, for whom.
pub(crate) struct BallotAsk<'a> {
    pub community_id: i64,
    pub cast_by_id: i64,
    pub vote_id: i64,
    pub choice: &'a str,
    pub proxy_for: Option<i64>,
}

/// Builds the ballot document for a kiosk or file ballot after admitting it.
pub(crate) async fn document_for(
    conn: &mut SqliteConnection,
    ask: BallotAsk<'_>,
    public: &crate::crypto::signing::PublicKey,
    signed_at: &str,
) -> OpResult<Document> {
    let row = require_vote(conn, ask.vote_id).await?;
    if row.community_id != ask.community_id {
        return Err(OpError::Vote(VoteProblem::WrongVote));
    }
    let now = parse_time(signed_at)?;
    let admit_ask = Admit {
        cast_by_id: ask.cast_by_id,
        proxy_for: ask.proxy_for,
        choice: ask.choice,
        at: now,
        proof: Proof::NotYetSigned,
    };
    let party = admit(conn, &row, admit_ask, now).await?;
    // A key is shown to the signer only once it may sign this vote's ballots (the preview of
    // someone without a key is bound to no key).
    if public.0 != [0u8; 32] {
        super::manifest::check_key(
            conn,
            row.community_id,
            row.id,
            ask.cast_by_id,
            &public.hex(),
            now,
        )
        .await?;
    }
    let community = crate::ops::context::require(conn, row.community_id).await?;
    let vote = record_vote(&row)?;
    Ok(record::ballot_document_for(
        &record::BallotFields {
            community: &community.name,
            vote: &vote,
            roll_hash: row.roll_hash.as_deref().unwrap_or_default(),
            voter: &party.voter,
            cast_by_id: ask.cast_by_id,
            cast_by: &party.cast_by,
            choice: ask.choice,
            public_key: public,
            signed_at,
        },
        party.binding(),
    ))
}

/// A paper ballot to admit: the person's own, for the roll entry named (or their only one),
/// entered now, witnessed.
fn paper<'a>(input: &PaperBallot, choice: &'a str, now: DateTime<Utc>) -> Admit<'a> {
    Admit {
        cast_by_id: input.person_id,
        proxy_for: input.entry_id,
        choice,
        at: now,
        proof: Proof::Witnessed,
    }
}

fn mark_choice(mark: &PaperMark, kind: &VoteKind) -> String {
    let election = matches!(kind, VoteKind::Election { .. });
    match mark {
        PaperMark::Agree => "agree".into(),
        PaperMark::Oppose => "oppose".into(),
        // A blank or illegible paper ballot is an abstention (DOMAIN.md); in an election that is
        // a ballot approving nobody: it takes part and supports no candidate.
        PaperMark::Abstain | PaperMark::Blank | PaperMark::Illegible if election => {
            "approve:".into()
        }
        PaperMark::Abstain | PaperMark::Blank | PaperMark::Illegible => "abstain".into(),
        PaperMark::Approvals { candidates } => format!(
            "approve:{}",
            candidates
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ),
        PaperMark::IdentityFailed => String::new(),
    }
}

/// The secretary enters a paper ballot; two witnesses sign the entry with their own keys.
pub async fn paper_ballot(ctx: &Ctx, by: &Caller, input: PaperBallot) -> OpResult<Receipt> {
    let scan = base64::engine::general_purpose::STANDARD
        .decode(input.scan_base64.trim())
        .map_err(|_| OpError::Invalid(crate::ops::Invalid::Base64))?;
    let store = ctx.store().await;
    let row = {
        let mut conn = store.reader().acquire().await?;
        require_vote(&mut conn, input.vote_id).await?
    };
    if input.mark == PaperMark::IdentityFailed {
        let err = OpError::Vote(VoteProblem::IdentityFailed);
        refuse(&store, by, &row, Some(input.person_id), &err).await?;
        return Err(err);
    }
    if scan.is_empty() {
        return Err(OpError::Vote(VoteProblem::ScanMissing));
    }
    let [w1, w2] = &input.witnesses;
    if w1.host_key_id == w2.host_key_id {
        return Err(OpError::Vote(VoteProblem::SameWitness));
    }
    let choice = mark_choice(&input.mark, &kind_of(&row));
    let scan_sha = sha256_hex(&scan);
    let (party, doc) = {
        let mut conn = store.reader().acquire().await?;
        let party = match admit(&mut conn, &row, paper(&input, &choice, by.now), by.now).await {
            Ok(p) => p,
            Err(e) => {
                drop(conn);
                refuse(&store, by, &row, Some(input.person_id), &e).await?;
                return Err(e);
            }
        };
        let community = crate::ops::context::require(&mut conn, row.community_id).await?;
        let vote = record_vote(&row)?;
        let doc = match party.binding() {
            Some(bind) => record::paper_document_v4(
                &community.name,
                &vote,
                &party.voter,
                &choice,
                &scan_sha,
                bind,
                &stamp(by.now),
            ),
            None => record::paper_document(
                &community.name,
                &vote,
                row.roll_hash.as_deref().unwrap_or_default(),
                &party.voter,
                &choice,
                &scan_sha,
            ),
        };
        (party, doc)
    };
    let (k1, s1) = witness(&store, &ctx.secrets(), by, row.community_id, w1, &doc).await?;
    let (k2, s2) = witness(&store, &ctx.secrets(), by, row.community_id, w2, &doc).await?;
    let at = stamp(by.now);
    let mut tx = store.begin().await?;
    for k in [&k1, &k2] {
        super::manifest::check_witness_key(tx.conn(), row.id, &k.public_key).await?;
    }
    let fresh = require_vote(tx.conn(), row.id).await?;
    let again = admit(tx.conn(), &fresh, paper(&input, &choice, by.now), by.now).await?;
    check_sequence(&doc, &again)?;
    let subject = format!("vote:{}:paper", row.id);
    let id1 = record_signature(
        &mut tx,
        row.community_id,
        k1.id,
        k1.person_id,
        &subject,
        &doc,
        &s1,
        &at,
    )
    .await?;
    let id2 = record_signature(
        &mut tx,
        row.community_id,
        k2.id,
        k2.person_id,
        &subject,
        &doc,
        &s2,
        &at,
    )
    .await?;
    let receipt = doc.hash_hex();
    let ballot_id = vote_store::insert_ballot(
        tx.conn(),
        NewBallot {
            vote_id: row.id,
            person_id: party.voter.person_id,
            cast_by: input.person_id,
            channel: "paper",
            choice: &choice,
            signature_id: None,
            scan_sha256: Some(&scan_sha),
            witness1_id: Some(id1),
            witness2_id: Some(id2),
            receipt: &receipt,
            cast_at: by.now,
        },
    )
    .await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: Some(row.community_id),
        kind: "ballot.cast",
        payload: json!({ "vote_id": row.id, "ballot_id": ballot_id, "channel": "paper", "receipt": receipt, "scan_sha256": scan_sha, "units": party.voter.units }),
    })
    .await?;
    tx.commit().await?;
    let mut receipt =
        crate::ops::signing::receipt(ballot_id, &doc, &party.voter.name, &public_of(&k1)?, &at);
    let mut conn = store.reader().acquire().await?;
    receipt.checkpoint =
        crate::ops::anchor::checkpoint::latest_ref(&mut conn, row.community_id).await?;
    Ok(receipt)
}

async fn witness(
    store: &Store,
    secrets: &crate::secrets::Bundle,
    by: &Caller,
    community_id: i64,
    w: &HostApproval,
    doc: &Document,
) -> OpResult<(KeyRow, String)> {
    let row = {
        let mut conn = store.reader().acquire().await?;
        key_store::get(&mut conn, w.host_key_id)
            .await?
            .ok_or(OpError::Key(KeyProblem::NotActive))?
    };
    if row.community_id != community_id {
        return Err(OpError::Key(KeyProblem::NotActive));
    }
    {
        // Nobody counts alone: the witness is another person, with an office that may witness.
        let mut conn = store.reader().acquire().await?;
        check_witness(&mut conn, by, row.person_id).await?;
    }
    sign_with(store, secrets, by, w.host_key_id, &w.host_pin, doc).await
}

/// A witness of a paper ballot: another person than the one entering it, holding an office that
/// may witness the count (`domain::access::Action::WitnessCount`). Two witnesses are two people
/// (one active key per person, and the keys must differ).
pub async fn check_witness(
    conn: &mut sqlx::SqliteConnection,
    by: &Caller,
    witness_person_id: i64,
) -> OpResult<()> {
    use crate::domain::access::{Action, allows};
    if by
        .operator
        .as_ref()
        .is_some_and(|op| op.person_id == witness_person_id)
    {
        return Err(OpError::Vote(VoteProblem::WitnessIsEnterer));
    }
    let Some(p) = crate::store::access::person(conn, witness_person_id).await? else {
        return Err(OpError::NotFound(crate::ops::Missing::Person(
            witness_person_id,
        )));
    };
    if !allows(&p.parties(), Action::WitnessCount) {
        return Err(OpError::Vote(VoteProblem::WitnessNotAllowed(p.name)));
    }
    Ok(())
}
