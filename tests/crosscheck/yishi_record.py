#!/usr/bin/env python3
"""An independent check of a Yishi vote record v2 (`yishi-vote-record/v2`), written from
docs/record-format.md and docs/signing.md alone; shares no code with the Rust verifier.

What it checks: the manifest is signed by the record's root and names exactly the record's
vote, motion, kind, settings, scope, window, frozen roll, entries, other keys and officers; the
roll hash (`yishi/vote-roll/v3`) and every name the record shows against its commitment; every
ballot's document rebuilt (`yishi/ballot/v3`, `yishi/paper-ballot/v3`) and its signature
(strict Ed25519) and receipt; the certificate chain from the record's root (role certificates,
enrolments, revocations, validity windows, registrar ids, self-certification); every ballot key
listed in the manifest for its caster (with an enrolment that holds when it signed, or none: on
the root's word, counted in a note) or enrolled during the vote by a registrar in office, never
backdated, and not revoked before it signed; witnesses in office when a v4 paper ballot was
entered (older ones: at the opening); duplicates,
gaps and reorders; the result (`yishi/result/v2`) signed by three different officers of the
manifest (host, secretary, counter or scrutineer) in office at the close; every proxy row's
signed authorisation (`yishi/proxy/v1`: bound to this record, signed by the owner's own key or
by two officers of the manifest), and that a proxy's ballot was signed while its authorisation
held (registered, not expired); that a paper ballot with an entry time (`yishi/paper-ballot/v4`)
never follows a signed ballot of its entry (older paper ballots that do are named as notes);
and, when given, the anchors from the posted notice. What it does not do: the rest of the
admission rule and the recount (the Rust verifier's `domain::vote`), so a record that passes
here has authentic, bound, complete ballots; whether they were counted right is the other
implementation's check.
Also the chain of root hand-overs from generation 1 (each signed by the old root and the new,
and by the countersigner it names), which `--root` follows; and the record's checkpoint: its
signature by a root of that chain, each event's hash from its fields, each RFC 9162 inclusion
proof, and that the events say what the record says. Then `yishi_tally.check` admits the
ballots (window, keys, proxies, first-stands) and recounts them, comparing the result field by
field with `outcome`.

    python3 yishi_record.py RECORD.json [--manifest HASH] [--root FINGERPRINT] [--checkpoint "SIZE / SHORT"]

exits 0 when every check passes, 1 naming each problem, 2 when the file cannot be read.
"""

import hashlib
import json
import sys

import yishi_tally
import yishi_verify as yv

RECORD_V2 = "yishi-vote-record/v2"


def canonical(context, items):
    """The canonical encoding (docs/signing.md): context, 0x00, then per item a tag byte and
    the value ('s' + 8-byte big-endian length + UTF-8; 'i' + 8-byte big-endian signed)."""
    out = bytearray(context.encode("utf-8")) + b"\x00"
    for kind, value in items:
        out += yv._text(value) if kind == "s" else yv._int(value)
    return hashlib.sha256(bytes(out)).hexdigest()


def document(context, fields):
    """A document's JSON form from (name, value) pairs; ints are int fields."""
    return {
        "context": context,
        "fields": [
            {
                "name": name,
                "value": {"type": "int" if isinstance(v, int) else "text", "value": v},
            }
            for name, v in fields
        ],
    }


def field(doc, name):
    for f in doc.get("fields", []):
        if f.get("name") == name:
            return f.get("value", {}).get("value")
    return None


def key_hex(text):
    return yv.parse_public_key(text).hex()


def short_form(hex64):
    h = hex64[:32].upper()
    return " ".join(h[i : i + 4] for i in range(0, 32, 4))


def voter(entry):
    return entry["voter_id"] if entry.get("voter_id") is not None else entry["person_id"]


def roll_hash_v3(scope, entries):
    items = [("s", scope or ""), ("i", len(entries))]
    for e in entries:
        items += [
            ("i", e["person_id"]),
            ("s", (e.get("committed") or {}).get("commitment", "")),
            ("s", "、".join(e["units"])),
            ("i", e["area"]),
            ("i", voter(e)),
        ]
    return canonical("yishi/vote-roll/v3", items)


def entries_hash(entries):
    items = [("i", len(entries))]
    for e in entries:
        items += [
            ("i", e["entry_id"]),
            ("s", "、".join(e["units"])),
            ("i", e["area"]),
            ("i", e["voter_id"]),
            ("i", len(e["keys"])),
        ]
        for k in e["keys"]:
            items += [("s", k["public_key"]), ("s", k["cert"])]
    return canonical("yishi/manifest-entries/v1", items)


def others_hash(others):
    items = [("i", len(others))]
    for o in others:
        items += [("i", o["person_id"]), ("i", len(o["keys"]))]
        for k in o["keys"]:
            items += [("s", k["public_key"]), ("s", k["cert"])]
    return canonical("yishi/manifest-others/v1", items)


def officers_hash(officers):
    items = [("i", len(officers))]
    for o in officers:
        items += [("s", o["role"]), ("i", o["person_id"]), ("s", o["public_key"])]
    return canonical("yishi/manifest-officers/v1", items)


def ballots_hash_v2(ballots):
    items = [("i", len(ballots))]
    for b in ballots:
        items += [
            ("i", b["seq"]),
            ("i", b["person_id"]),
            ("i", b.get("person_seq") or 0),
            ("s", b["receipt"]),
        ]
    return canonical("yishi/ballot-list/v2", items)


def signed_ok(signed):
    """The signer's key hex if the signed file verifies strictly, else None."""
    r = yv.check_signed_file(signed)
    return key_hex(signed["public_key"]) if r["valid"] else None

# Certificates (docs/signing.md "Certificates", docs/record-format.md "The certificate chain").
CERT_FIELDS = {
    "role": (
        "yishi/role-cert/v1",
        [("community", "text"), ("root", "text"), ("person_id", "int"), ("holder", "text"), ("role", "text"),
         ("building", "text"), ("public_key", "text"), ("valid_from", "text"), ("valid_until", "text"),
         ("issued_at", "text")],
    ),
    "enrolment": (
        "yishi/enrolment-cert/v1",
        [("community", "text"), ("root", "text"), ("person_id", "int"), ("holder", "text"), ("units", "text"),
         ("public_key", "text"), ("check_method", "text"), ("valid_from", "text"), ("valid_until", "text"),
         ("registrar_id", "int"), ("registrar", "text"), ("issued_at", "text")],
    ),
    "revocation": (
        "yishi/revocation-cert/v1",
        [("community", "text"), ("root", "text"), ("person_id", "int"), ("public_key", "text"), ("reason", "text"),
         ("revoked_at", "text"), ("by_id", "int"), ("by", "text")],
    ),
}
CERTIFYING = ("registrar", "host")
OFFICES = ("host", "secretary", "registrar", "counter", "scrutineer")


def roots_in_chain(m):
    """The record's root and every root a hand-over signed by its old root links to it, older
    or later (a record exported after a rotation carries the later root's role certificates;
    whether each hand-over is acceptable is `handover_chain`'s check)."""
    chain = [key_hex(m["root"]["public_key"])]
    grew = True
    while grew:
        grew = False
        for h in m["root"].get("handovers", []):
            try:
                new, old = key_hex(field(h["document"], "new_root")), key_hex(field(h["document"], "old_root"))
            except Exception:
                continue
            if signed_ok(h) != old:
                continue
            if new in chain and old not in chain:
                chain.append(old)
                grew = True
            elif old in chain and new not in chain:
                chain.append(new)
                grew = True
    return chain


def valid_at(g, t):
    return g["from"] <= t and (g["until"] is None or t < g["until"])


def chain(roots, certs):
    """Runs the chain. Returns (problems, offices, enrolments, ended): grants are dicts with
    cert, person, role, key, from, until, issued, by; ended lists member revocations."""
    problems, offices, enrolments, ended = [], [], [], []
    good = []
    for n, c in enumerate(certs, 1):
        kind = CERT_FIELDS.get(c.get("kind"))
        d = c["signed"]["document"]
        if kind is None or d.get("context") != kind[0]:
            problems.append("certificate #%d is malformed (context %s)" % (n, d.get("context")))
            continue
        signer = signed_ok(c["signed"])
        if signer is None:
            problems.append("certificate #%d: the signature does not match; it was altered or forged" % n)
            continue
        got = [(f.get("name"), f.get("value", {}).get("type")) for f in d.get("fields", [])]
        if got != kind[1]:
            problems.append("certificate #%d is malformed (fields)" % n)
            continue
        try:
            for name in ("root", "public_key"):
                key_hex(field(d, name))
        except Exception:
            problems.append("certificate #%d is malformed (a key)" % n)
            continue
        good.append((n, c["kind"], d, signer))

    def times(n, d, names):
        out = []
        for name in names:
            text = field(d, name)
            if name == "valid_until" and text == "":
                out.append(None)
                continue
            t = instant(text)
            if not t:
                problems.append("certificate #%d: the time %s cannot be read" % (n, name))
                return None
            out.append(t)
        return out

    def officer(key, roles, t):
        for g in offices:
            if g["key"] == key and g["role"] in roles and valid_at(g, t):
                return g
        return None

    def cut(grants, person, key, t, n):
        for g in grants:
            if g["key"] == key and g["person"] == person and g["from"] < t and (g["until"] is None or t < g["until"]):
                g["until"], g["revoked_by"] = t, n

    for n, kind, d, signer in good:
        if kind != "role":
            continue
        if signer not in roots:
            problems.append("certificate #%d was not signed by the community's root key" % n)
            continue
        if key_hex(field(d, "root")) != signer:
            problems.append("certificate #%d names another root key than this record's" % n)
            continue
        t = times(n, d, ("valid_from", "valid_until", "issued_at"))
        if t is None:
            continue
        offices.append({"cert": n, "person": field(d, "person_id"), "role": field(d, "role"),
                        "key": key_hex(field(d, "public_key")), "from": t[0], "until": t[1],
                        "issued": t[2], "by": 0, "revoked_by": None})
    revocations = []
    for n, kind, d, signer in good:
        if kind != "revocation":
            continue
        if key_hex(field(d, "root")) not in roots:
            problems.append("certificate #%d names another root key than this record's" % n)
            continue
        t = times(n, d, ("revoked_at",))
        if t is None:
            continue
        revocations.append((n, d, signer, t[0]))
        if signer in roots:  # the root's revocations end offices only
            cut(offices, field(d, "person_id"), key_hex(field(d, "public_key")), t[0], n)
    for n, kind, d, signer in good:
        if kind != "enrolment":
            continue
        if key_hex(field(d, "root")) not in roots:
            problems.append("certificate #%d names another root key than this record's" % n)
            continue
        t = times(n, d, ("issued_at", "valid_from", "valid_until"))
        if t is None:
            continue
        g = officer(signer, CERTIFYING, t[0])
        if g is None:
            problems.append("certificate #%d: its signer held no registrar or host certificate at %s" % (n, field(d, "issued_at")))
            continue
        if g["person"] != field(d, "registrar_id"):
            problems.append("certificate #%d: the registrar it names is not the signing key's holder" % n)
            continue
        if field(d, "registrar_id") == field(d, "person_id"):
            problems.append("certificate #%d: registrar #%d certified their own key" % (n, field(d, "person_id")))
            continue
        enrolments.append({"cert": n, "person": field(d, "person_id"), "role": "",
                           "key": key_hex(field(d, "public_key")), "from": t[1], "until": t[2],
                           "issued": t[0], "by": field(d, "registrar_id"), "revoked_by": None,
                           "issued_text": field(d, "issued_at")})
    for n, d, signer, t in revocations:
        if signer in roots:
            continue
        g = officer(signer, CERTIFYING, t)
        if g is None:
            problems.append("certificate #%d: its signer held no registrar or host certificate at %s" % (n, field(d, "revoked_at")))
            continue
        if g["person"] != field(d, "by_id"):
            problems.append("certificate #%d: the registrar it names is not the signing key's holder" % n)
            continue
        person, key = field(d, "person_id"), key_hex(field(d, "public_key"))
        cut(enrolments, person, key, t, n)
        ended.append((n, person, key, t))
    return problems, offices, enrolments, ended


HANDOVER_FIELDS = [
    ("community", "text"), ("generation", "int"), ("old_root", "text"), ("new_root", "text"),
    ("reason", "text"), ("countersigned_by", "text"), ("handed_over_at", "text"),
]
CHECKPOINT_FIELDS = [
    ("community", "text"), ("root", "text"), ("alg", "text"), ("hash_alg", "text"),
    ("tree_size", "int"), ("root_hash", "text"), ("head_event_hash", "text"),
    ("made_at", "text"), ("reason", "text"),
]
VOTE_EVENTS = ("vote.opened", "ballot.cast", "ballot.refused", "vote.proxy_added", "vote.served", "vote.closed")


def shape(doc):
    return [(f.get("name"), f.get("value", {}).get("type")) for f in doc.get("fields", [])]


def handover_chain(record, root):
    """The hand-overs (docs/record-format.md, "Hand-overs"): returns (roots, report, problems)
    with roots = [(generation, key hex, handed over at or None)] from generation 1."""
    problems, report, steps = [], [], []
    groups = []
    for f in root.get("handovers", []):
        for g in groups:
            if g[0]["document"] == f["document"]:
                g.append(f)
                break
        else:
            groups.append([f])
    for n, g in enumerate(groups, 1):
        d = g[0]["document"]
        if d.get("context") != "yishi/root-handover/v1" or shape(d) != HANDOVER_FIELDS:
            problems.append("hand-over #%d: not a yishi/root-handover/v1 document" % n)
            continue
        gen, old, new = field(d, "generation"), field(d, "old_root").lower(), field(d, "new_root").lower()
        signers = [signed_ok(f) for f in g]
        if None in signers:
            problems.append("hand-over to generation %d: a signature does not verify" % gen)
            continue
        if field(d, "community") != record["community"]:
            problems.append("hand-over to generation %d: another community's" % gen)
            continue
        named = (field(d, "countersigned_by") or "").split()
        counter = None
        if named:
            try:
                counter = key_hex(named[-1])
            except yv.KeyTextError:
                problems.append("hand-over to generation %d: names a countersigner without a key" % gen)
                continue
        if any(k not in (old, new, counter) for k in signers):
            problems.append("hand-over to generation %d: signed by a key it does not name" % gen)
            continue
        if old not in signers:
            problems.append("hand-over to generation %d: not signed by the old root" % gen)
            continue
        if new not in signers:
            problems.append("hand-over to generation %d: not signed by the new root" % gen)
            continue
        if counter is not None and counter not in signers:
            problems.append("hand-over to generation %d: names a countersigner but carries no valid countersignature" % gen)
            continue
        steps.append((gen, old, new, field(d, "handed_over_at"), field(d, "reason"),
                      field(d, "countersigned_by") if counter else None))
    steps.sort()
    current = key_hex(root["public_key"])
    roots = [[1, steps[0][1] if steps else current, None]]
    broken = bool(problems)
    for gen, old, new, at, reason, by in steps:
        if broken or gen != roots[-1][0] + 1 or old != roots[-1][1]:
            if not broken:
                problems.append("hand-over to generation %d does not follow generation %d" % (gen, roots[-1][0]))
            broken = True
            continue
        roots[-1][2] = at
        roots.append([gen, new, None])
        report.append("root hand-over to generation %d (%s, reason: %s): %s" % (
            gen, at, reason, ("countersigned by " + by) if by else "no countersigner named, not countersigned"))
    gens = [g for g, k, _ in roots if k == current]
    if not gens and not broken:
        problems.append("hand-over: the manifest's root is not reached by the hand-overs")
    elif gens and root.get("handovers") and gens[0] != root.get("generation"):
        problems.append("hand-over: the manifest's root is generation %d, the record says %s" % (gens[0], root.get("generation")))
    return roots, report, problems


def event_hash(e):
    """yishi/event/v1 (docs/record-format.md, "Leaves")."""
    out = bytearray(b"yishi/event/v1\x00")
    out += yv._int(e["seq"]) + yv._text(e["at"]) + yv._text(e["actor"])
    out += b"n" if e.get("community_id") is None else yv._int(e["community_id"])
    out += yv._text(e["kind"]) + yv._text(e["payload"]) + yv._text(e["prev_hash"])
    return hashlib.sha256(bytes(out)).hexdigest()


def _node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf_hash, proof, root):
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, proof):
    """RFC 9162 2.1.4.2 (equal sizes: empty proof and equal hashes)."""
    if first == second:
        return not proof and first_hash == second_hash
    if first < 1 or first > second or not proof:
        return False
    if first & (first - 1) == 0:
        proof = [first_hash] + list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = _node(c, fr), _node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = _node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_hash and sr == second_hash


def checkpoint_check(record, roots, manifest_hash, result_hash):
    """The record's checkpoint and events (docs/record-format.md, "The record's checkpoint").
    Returns (problems, facts or None)."""
    problems = []
    f = record.get("checkpoint")
    if f is None:
        if record.get("event_proofs"):
            problems.append("checkpoint: event proofs without a checkpoint")
        return problems, None
    d = f.get("document", {})
    signer = signed_ok(f)
    val = {x["name"]: x["value"]["value"] for x in d.get("fields", [])}
    if (signer is None or d.get("context") != "yishi/checkpoint/v1" or shape(d) != CHECKPOINT_FIELDS
            or val["root"] != signer or val["alg"] != "ed25519" or val["hash_alg"] != "sha256"
            or val["tree_size"] < 1):
        problems.append("checkpoint: the record's checkpoint is invalid (signature or fields)")
        return problems, None
    if val["community"] != record["community"]:
        problems.append("checkpoint: another community's")
    mine = [(g, ended) for g, k, ended in roots if k == signer]
    if not mine or (mine[0][1] is not None and instant(val["made_at"]) > instant(mine[0][1])):
        problems.append("checkpoint: not signed by a root of the record's hand-over chain while it was the root")
        return problems, None
    size, root_hash = val["tree_size"], val["root_hash"]
    extends = []
    for c in record.get("consistency", []):
        try:
            ok = (c["format"] == "yishi-consistency/v1" and c["hash_alg"] == "sha256"
                  and c["second_size"] == size and c["second_root_hash"] == root_hash
                  and verify_consistency(c["first_size"], size, bytes.fromhex(c["first_root_hash"]),
                                         bytes.fromhex(root_hash), [bytes.fromhex(h) for h in c["proof"]]))
        except (KeyError, ValueError, TypeError):
            ok = False
        if ok:
            extends.append((c["first_size"], c["first_root_hash"]))
        else:
            problems.append("checkpoint: the consistency proof from %s events fails" % c.get("first_size"))
    events = []
    refused_events = []
    community = []
    for p in record.get("event_proofs", []):
        what = "checkpoint: event #%s (%s): " % (p.get("seq"), p.get("kind"))
        if p.get("format") != "yishi-inclusion/v1" or p.get("tree_size") != size or p.get("root_hash") != root_hash:
            problems.append(what + "the inclusion proof is not for the record's checkpoint")
            continue
        try:
            ok = (event_hash(p) == p["hash"] and p["seq"] >= 1 and verify_inclusion(
                p["seq"] - 1, size, hashlib.sha256(b"\x00" + bytes.fromhex(p["hash"])).digest(),
                [bytes.fromhex(h) for h in p["path"]], bytes.fromhex(root_hash)))
        except (KeyError, ValueError, TypeError):
            ok = False
        if not ok:
            problems.append(what + "the inclusion proof fails")
            continue
        if p["kind"] not in VOTE_EVENTS:
            continue
        try:
            payload = json.loads(p["payload"])
        except ValueError:
            payload = {}
        if payload.get("vote_id") != record["vote"]["id"]:
            problems.append(what + "not an event of this vote")
            continue
        if community and community[0] != p.get("community_id"):
            problems.append(what + "not of the same community as the other events")
            continue
        community.append(p.get("community_id"))
        events.append((p["seq"], p["kind"], payload))
        if p["kind"] == "ballot.refused":
            refused_events.append((p["seq"], payload, p.get("at")))
    of = lambda kind: [(s, pl) for s, k, pl in events if k == kind]  # noqa: E731
    opened = of("vote.opened")
    if len(opened) != 1:
        problems.append("checkpoint: no vote.opened event of this vote")
        opened_seq = 0
    else:
        opened_seq, pl = opened[0]
        if pl.get("manifest_hash") != manifest_hash or pl.get("roll_hash") != record["roll"]["hash"]:
            problems.append("checkpoint: the opening event names another manifest or roll")
    cast = {(pl.get("receipt") or "").lower(): (s, pl) for s, pl in of("ballot.cast")}
    for b in record["ballots"]:
        e = cast.get(b["receipt"].lower())
        if e is None:
            problems.append("ballot #%d: not in the log the record's checkpoint covers" % b["seq"])
        elif e[1].get("channel") != b["channel"]:
            problems.append("ballot #%d: the log says another channel" % b["seq"])
    held = {b["receipt"].lower() for b in record["ballots"]}
    for receipt, (s, _) in cast.items():
        if receipt not in held:
            problems.append("checkpoint: event #%d records a ballot the record does not hold" % s)
        if s < opened_seq:
            problems.append("checkpoint: ballot event #%d comes before the opening" % s)

    def same(what, logged, kept, exact):
        logged, kept = sorted(logged), sorted(kept)
        rest = list(logged)
        for k in kept:
            if k in rest:
                rest.remove(k)
            else:
                problems.append("checkpoint: the record's %s %s is not in the log" % (what, k))
        if exact and rest:
            problems.append("checkpoint: the log's %s %s are missing from the record" % (what, rest))

    # Refusals up to the close (what the outcome counts); a later one may be after the checkpoint.
    closed_at = instant(record["vote"].get("closed_at")) if record.get("result") else ""
    by_close = lambda t: not closed_at or not instant(t) or instant(t) <= closed_at  # noqa: E731
    same("refusal", [(pl.get("person_id"), pl.get("reason")) for _, pl, at in refused_events if by_close(at)],
         [(x.get("person_id"), x.get("reason")) for x in record.get("refused", []) if by_close(x.get("at"))], True)
    same("proxy", [(pl.get("owner_id"), pl.get("proxy_id"), pl.get("scan_sha256"), pl.get("scope"), pl.get("expires_at"))
                   for _, pl in of("vote.proxy_added")],
         [(x["owner_id"], x["proxy_id"], x["scan_sha256"], x["scope"], x["expires_at"]) for x in record.get("proxies", [])], True)
    same("service notice", [(pl.get("person_id"), pl.get("method"), pl.get("evidence_sha256"), pl.get("served_on"))
                            for _, pl in of("vote.served")],
         [(x["person_id"], x["method"], x["evidence_sha256"], x["served_at"]) for x in record.get("served", [])], False)
    closed = of("vote.closed")
    res = record.get("result")
    if res is not None:
        if len(closed) != 1:
            problems.append("checkpoint: no vote.closed event of this vote")
        else:
            s, pl = closed[0]
            if pl.get("result_sha256") != result_hash:
                problems.append("checkpoint: the closing event records another result")
            if pl.get("ballots") != len(record["ballots"]):
                problems.append("checkpoint: the closing event records %s ballots, the record holds %d" % (pl.get("ballots"), len(record["ballots"])))
            if any(c > s for c, _ in cast.values()):
                problems.append("checkpoint: a ballot event comes after the close")
    elif closed:
        problems.append("checkpoint: the log records the close, the record has no result")
    return problems, {"tree_size": size, "root_hash": root_hash, "made_at": val["made_at"], "extends": extends}


def check(record, anchor_manifest=None, anchor_root=None, anchor_checkpoint=None):
    """Returns (problems, facts)."""
    problems = []
    if record.get("format") != RECORD_V2:
        return ["the format is not %s" % RECORD_V2], {}
    m = record["manifest"]
    root = key_hex(m["root"]["public_key"])
    signed = m["signed"]
    mdoc = signed["document"]
    manifest_hash = yv.document_hash(mdoc)
    root_fp = hashlib.sha256(bytes.fromhex(root)).hexdigest()
    facts = {"manifest": manifest_hash, "root": root_fp, "notes": []}
    if signed_ok(signed) != root or mdoc.get("context") != "yishi/vote-manifest/v1":
        problems.append("manifest: not signed by the record's root")
    v = record["vote"]
    roll = record["roll"]
    expect = {
        "root": root,
        "community": record["community"],
        "vote_id": v["id"],
        "title": v["title"],
        "motion_sha256": hashlib.sha256(v["motion"].encode("utf-8")).hexdigest(),
        "scope": roll.get("scope") or "",
        "roll_hash": roll["hash"],
        "opens_at": v.get("opens_at") or "",
        "closes_at": v.get("closes_at") or "",
        "opened_at": v["opened_at"],
        "entries": len(m["entries"]),
        "entries_hash": entries_hash(m["entries"]),
        "others_hash": others_hash(m.get("others", [])),
        "officers_hash": officers_hash(m["officers"]),
    }
    for name, value in expect.items():
        if field(mdoc, name) != value:
            problems.append("manifest: %s differs from the record's" % name)
    for name in ("kind", "settings"):
        try:
            same = json.loads(field(mdoc, name) or "null") == v[name]
        except ValueError:
            same = False
        if not same:
            problems.append("manifest: %s differs from the record's" % name)
    if roll_hash_v3(roll.get("scope"), roll["entries"]) != roll["hash"]:
        problems.append("roll: the hash does not match the entries")
    for e in roll["entries"]:
        c = e.get("committed") or {}
        if "salt" in c and c["salt"] is not None:
            ok = canonical("yishi/name-commitment/v1", [("s", c["salt"]), ("s", e["name"])]) == c.get("commitment")
        else:
            ok = e["name"] == ""
        if not ok:
            problems.append("roll: entry %d's name is not the committed one" % e["person_id"])
    listed_entries = [(a["entry_id"], a["units"], a["area"], a["voter_id"]) for a in m["entries"]]
    rolled = [(e["person_id"], e["units"], e["area"], voter(e)) for e in roll["entries"]]
    if listed_entries != rolled:
        problems.append("manifest: the roll entries differ from the record's")

    # Keys: listed per person (with the certificate hash each is listed with), officers, and
    # the chain from the record's root.
    listed = {}
    for e in m["entries"]:
        for k in e["keys"]:
            listed.setdefault(e["voter_id"], {}).setdefault(k["public_key"].lower(), set()).add(k["cert"])
    for o in m.get("others", []):
        for k in o["keys"]:
            listed.setdefault(o["person_id"], {}).setdefault(k["public_key"].lower(), set()).add(k["cert"])
    officers = {}
    for o in m["officers"]:
        officers.setdefault(o["public_key"].lower(), []).append((o["role"], o["person_id"]))
    chain_problems, offices, enrolments, ended = chain(roots_in_chain(m), m.get("certificates", []))
    problems += chain_problems
    opened = instant(v["opened_at"])
    closed = instant(v.get("closed_at") or "")
    notes = []
    root_word = sorted({(p, k) for p, keys in listed.items() for k, certs in keys.items() if "" in certs})
    if root_word:
        notes.append("certified at upgrade, not by a registrar: %d keys (persons %s)"
                     % (len(root_word), ", ".join("#%d" % p for p in sorted({p for p, _ in root_word}))))
    for g in offices:
        if g["revoked_by"] is not None and opened <= g["until"] and (not closed or g["until"] <= closed):
            notes.append("person #%d's office (%s) was removed during the vote at %s (certificate #%d)"
                         % (g["person"], g["role"], g["until"], g["revoked_by"]))

    def office_at(key, roles, t, person=None):
        return any(g["key"] == key and g["role"] in roles and valid_at(g, t)
                   and (person is None or g["person"] == person) for g in offices)

    entries = {e["person_id"]: e for e in roll["entries"]}

    def key_was_theirs(person, k, at):
        """The key was the person's at `at` by the chain: listed for them on the root's word, or
        certified by an enrolment that holds then; and not revoked by then."""
        if any(p == person and key == k and t <= at for _n, p, key, t in ended):
            return False
        if "" in listed.get(person, {}).get(k, set()):
            return True
        return any(g["person"] == person and g["key"] == k and valid_at(g, at) for g in enrolments)

    # Proxies: each row's signed authorisation (docs/record-format.md, Proxies).
    authorised = {}
    for p in record.get("proxies", []):
        entry_id = p["owner_id"]
        e = entries.get(entry_id)
        name = "proxy of entry %d" % entry_id
        if e is None:
            problems.append("%s: the entry is not on the frozen roll" % name)
            continue
        files = p.get("signed") or []
        if not files:
            problems.append("%s: it carries no signed authorisation (yishi/proxy/v1)" % name)
            continue
        registered_text = field(files[0].get("document", {}), "registered_at") or ""
        expected = document(
            "yishi/proxy/v1",
            [
                ("alg", "ed25519"),
                ("community", record["community"]),
                ("vote_id", v["id"]),
                ("manifest_hash", manifest_hash),
                ("entry_id", entry_id),
                ("entry_units", "、".join(e["units"])),
                ("proxy_id", p["proxy_id"]),
                ("scope", p["scope"]),
                ("expires_at", p["expires_at"]),
                ("scan_sha256", p["scan_sha256"]),
                ("registered_at", registered_text),
            ],
        )
        registered = instant(registered_text)
        signers = []
        for f in files:
            k = signed_ok(f)
            if k is None or f.get("document") != expected:
                signers = None
                break
            signers.append(k)
        if signers is None or not registered:
            problems.append("%s: a signature is invalid, or it is not this record's authorisation" % name)
            continue
        by_owner = any(key_was_theirs(voter(e), k, registered) for k in signers)
        officer_keys = {k for k in signers if k in officers}
        people = {person for k in officer_keys for _, person in officers[k]}
        if not by_owner and (len(officer_keys) < 2 or len(people) < 2):
            problems.append("%s: signed neither by the owner's own key nor by two different officers of the manifest" % name)
            continue
        if registered > instant(v["opened_at"]):
            facts["notes"].append("%s: the authorisation to person %d was registered during the vote, at %s" % (name, p["proxy_id"], registered_text))
        authorised[(entry_id, p["proxy_id"])] = (registered, instant(p["expires_at"]))

    # Ballots.
    signed_before = {}
    seen_receipts = {}
    last, numbers = {}, {}
    for i, b in enumerate(record["ballots"], 1):
        n = b["seq"]
        if n != i:
            problems.append("ballot #%d: at position %d its seq should be %d" % (n, i, i))
        if b["receipt"] in seen_receipts:
            problems.append("ballot #%d: the same ballot as ballot #%d" % (n, seen_receipts[b["receipt"]]))
        seen_receipts.setdefault(b["receipt"], n)
        ps, entry_id = b.get("person_seq"), b["person_id"]
        prev = last.get(entry_id, 0)
        if ps is None:
            problems.append("ballot #%d: no entry sequence number" % n)
        elif ps in numbers.get(entry_id, set()):
            problems.append("ballot #%d: entry %d's ballot number %d appears twice" % (n, entry_id, ps))
        elif ps < prev:
            problems.append("ballot #%d: entry %d's ballots are out of order" % (n, entry_id))
        elif ps > prev + 1:
            problems.append("ballot #%d: entry %d's ballots have a gap" % (n, entry_id))
        if ps is not None:
            numbers.setdefault(entry_id, set()).add(ps)
            last[entry_id] = max(prev, ps)
        e = entries.get(entry_id)
        if e is None:
            problems.append("ballot #%d: not on the frozen roll" % n)
            continue
        common = [
            ("alg", "ed25519"),
            ("community", record["community"]),
            ("vote_id", v["id"]),
            ("manifest_hash", manifest_hash),
            ("entry_id", entry_id),
            ("entry_units", "、".join(e["units"])),
            ("seq", ps or 0),
        ]
        if b["channel"] == "paper":
            first = (b.get("witnesses") or [{}])[0].get("document", {})
            paper = common + [("choice", b["choice"]), ("scan_sha256", b.get("scan_sha256") or "")]
            v4 = first.get("context") == "yishi/paper-ballot/v4"
            if v4:
                expected = document("yishi/paper-ballot/v4", paper + [("entered_at", field(first, "entered_at") or "")])
            else:
                expected = document("yishi/paper-ballot/v3", paper)
            if entry_id in signed_before:
                if v4:
                    problems.append(
                        "ballot #%d: entry %d: a paper ballot after the entry's signed ballot #%d (paper never overrides a signature)"
                        % (n, entry_id, signed_before[entry_id])
                    )
                else:
                    facts["notes"].append(
                        "ballot #%d: entry %d's paper ballot (older format, no entry time) follows its signed ballot #%d and may override it"
                        % (n, entry_id, signed_before[entry_id])
                    )
            keys = set()
            # A v4 paper ballot's witnesses hold office when it was entered; older ones (no
            # time) at the opening.
            witnessed_at = instant(field(first, "entered_at")) if v4 else opened
            for w in b.get("witnesses", []):
                k = signed_ok(w)
                if k is None or w["document"] != expected or k not in officers or not witnessed_at or not office_at(k, OFFICES, witnessed_at):
                    problems.append("ballot #%d: a witness signature is invalid or not an officer's" % n)
                keys.add(k)
            if len(keys) < 2:
                problems.append("ballot #%d: fewer than two witnesses" % n)
            if b["receipt"] != yv.document_hash(expected):
                problems.append("ballot #%d: the receipt does not match" % n)
            continue
        s = b.get("signed") or {}
        k = signed_ok(s) if s else None
        d = s.get("document", {})
        if k is None:
            problems.append("ballot #%d: the signature does not verify" % n)
            continue
        expected = document(
            "yishi/ballot/v3",
            common
            + [
                ("cast_by_id", b["cast_by"]),
                ("choice", b["choice"]),
                ("public_key", k),
                ("signed_at", field(d, "signed_at") or ""),
            ],
        )
        if d != expected:
            problems.append("ballot #%d: the signed document is not this vote's ballot" % n)
        if b["receipt"] != yv.document_hash(d):
            problems.append("ballot #%d: the receipt does not match" % n)
        at = instant(field(d, "signed_at"))
        who = b["cast_by"]
        gone = [n2 for n2, p, key, t in ended if p == who and key == k and t <= at]
        if gone:
            problems.append("ballot #%d: the key was revoked before it signed (certificate #%d)" % (n, gone[0]))
        else:
            valid = [g for g in enrolments if g["person"] == who and g["key"] == k and valid_at(g, at)]
            if k in listed.get(who, {}):
                # Listed with no certificate: on the root's word alone, counted in the notes.
                if "" not in listed[who][k] and not valid:
                    problems.append("ballot #%d: the key is in the manifest, but it was not certified at %s" % (n, at))
            elif not [g for g in valid if g["issued"] >= opened]:
                if valid:
                    g = valid[0]
                    problems.append("ballot #%d: entry %d's key was enrolled by registrar #%d at %s, before the vote opened, yet it is not in the manifest's list: a backdated enrolment (certificate #%d)"
                                    % (n, entry_id, g["by"], g["issued_text"], g["cert"]))
                else:
                    problems.append("ballot #%d: the key is neither in the manifest nor certified for this person when it signed (not certified at %s)" % (n, at))
        if b["cast_by"] != voter(e):
            held = authorised.get((entry_id, b["cast_by"]))
            if held is None:
                problems.append("ballot #%d: entry %d: cast by a proxy without a valid signed authorisation" % (n, entry_id))
                continue
            if not (held[0] <= at <= held[1]):
                problems.append("ballot #%d: entry %d: signed outside its proxy's authorisation (registered %s, expires %s)" % (n, entry_id, held[0], held[1]))
                continue
        signed_before[entry_id] = n

    # The result.
    res = record.get("result")
    result_hash = None
    if res is None:
        problems.append("the record has no signed result")
    else:
        outcome = json.dumps(res["outcome"], ensure_ascii=False, separators=(",", ":"))
        passed = res["outcome"].get("passed")
        if passed is None:  # an election: passed when anyone is elected
            passed = any(c.get("elected") for c in res["outcome"].get("candidates", []))
        expected = document(
            "yishi/result/v2",
            [
                ("alg", "ed25519"),
                ("hash_alg", "sha256"),
                ("community", record["community"]),
                ("vote_id", v["id"]),
                ("manifest_hash", manifest_hash),
                ("ballots_hash", ballots_hash_v2(record["ballots"])),
                ("outcome", outcome),
                ("passed", "yes" if passed else "no"),
                ("closed_at", v["closed_at"]),
            ],
        )
        result_hash = yv.document_hash(expected)
        held = []
        for sig in res["signatures"]:
            k = signed_ok(sig)
            if k is None or sig["document"] != expected:
                problems.append("result: a signature is invalid or signs something else")
            elif k not in officers:
                problems.append("result: a signature is not by an officer of the manifest")
            else:
                roles = [(r, p) for r, p in officers[k] if office_at(k, (r,), closed, p)]
                if len(roles) < len(officers[k]):
                    problems.append("result: a signer's office had no valid role certificate at the close")
                held.append((k, roles))
        for k, roles in officers.items():
            if len({p for _, p in roles}) > 1:
                problems.append("the manifest lists one key for different people")
        people = lambda want: {(k, p) for k, h in held for r, p in h if r in want}  # noqa: E731
        hosts, secs, counts = people({"host"}), people({"secretary"}), people({"counter", "scrutineer"})
        apart = lambda a, b: a[0] != b[0] and a[1] != b[1]  # noqa: E731
        if not any(apart(h, s) and apart(c, h) and apart(c, s) for h in hosts for s in secs for c in counts):
            problems.append("result: needs the host, the secretary and a counter or scrutineer, three people")

    facts["notes"] = notes + facts["notes"]

    # Anchors from the posted notice.
    def anchor(text):
        t = "".join(c for c in text if c not in " -:\t").lower()
        t = t[len("sha256"):] if t.startswith("sha256") else t
        return t if len(t) in (32, 64) and all(c in "0123456789abcdef" for c in t) else None

    if anchor_manifest is not None:
        a = anchor(anchor_manifest)
        if a is None or not manifest_hash.startswith(a):
            problems.append("the record's manifest %s is not the posted %s" % (short_form(manifest_hash), anchor_manifest))
    roots, report, chain_problems = handover_chain(record, m["root"])
    problems += chain_problems
    facts["steps"] = report
    if anchor_root is not None:
        a = anchor(anchor_root)
        gen = [g for g, k, _ in roots if k == root]
        earlier = [hashlib.sha256(bytes.fromhex(k)).hexdigest() for g, k, _ in roots if gen and g <= gen[0]]
        if a is None or not any(fp.startswith(a) for fp in earlier):
            problems.append("the record's root %s is not the posted %s" % (short_form(root_fp), anchor_root))
    cp_problems, cp = checkpoint_check(record, roots, manifest_hash, result_hash)
    problems += cp_problems
    facts["checkpoint"] = cp
    if anchor_checkpoint is not None:
        size, _, given = anchor_checkpoint.partition("/")
        given = anchor(given)
        same = lambda n, h: size.strip() == str(n) and given and h.startswith(given)  # noqa: E731
        if cp is None:
            problems.append("a checkpoint was given, but the record carries no valid checkpoint")
        elif any(same(n, h) for n, h in cp["extends"]):
            facts["extends_given"] = True
        elif not same(cp["tree_size"], cp["root_hash"]):
            problems.append("the record's checkpoint %d / %s is not the one given (%s)" % (
                cp["tree_size"], short_form(cp["root_hash"]), anchor_checkpoint))
    problems += yishi_tally.check(record, problems)
    return problems, facts


def instant(text):
    """RFC 3339 to a comparable string of the exact instant (nanoseconds since 1970 plus 2**80,
    30 digits), or '' when unreadable. (It used to keep whole seconds, so a key revoked at
    10:00:00.2 passed a ballot signed at 10:00:00.7.)"""
    ns = yishi_tally.instant_ns(text)
    return "" if ns is None else "%030d" % (ns + 2**80)


def main(argv):
    args = argv[1:]
    opts = {"--manifest": None, "--root": None, "--checkpoint": None}
    paths = []
    while args:
        a = args.pop(0)
        if a in opts and args:
            opts[a] = args.pop(0)
        else:
            paths.append(a)
    if len(paths) != 1:
        print("usage: python3 yishi_record.py RECORD.json [--manifest HASH] [--root FINGERPRINT] [--checkpoint \"SIZE / SHORT\"]", file=sys.stderr)
        return 2
    try:
        with open(paths[0], encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: cannot read: %s" % (paths[0], e))
        return 2
    problems, facts = check(record, opts["--manifest"], opts["--root"], opts["--checkpoint"])
    for line in facts.get("steps", []):
        print("* " + line)
    cp = facts.get("checkpoint")
    if cp:
        print("* the record's checkpoint: %d / %s (%s)" % (cp["tree_size"], short_form(cp["root_hash"]), cp["made_at"]))
    if facts.get("extends_given"):
        print("* the record's checkpoint extends the one given (RFC 9162 consistency proof)")
    for p in problems:
        print("! " + p)
    for note in facts.get("notes", []):
        print("Note: " + note)
    if facts and opts["--manifest"] is None and opts["--root"] is None:
        print(
            "Note: internal consistency only. Compare the manifest hash %s and the root fingerprint %s with the posted notice."
            % (short_form(facts["manifest"]), short_form(facts["root"]))
        )
    print("VALID" if not problems else "INVALID: %d problems" % len(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
