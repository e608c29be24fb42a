#!/usr/bin/env python3
"""An independent check of a Yishi vote record v2 (`yishi-vote-record/v2`), written from
docs/record-format.md and docs/signing.md alone; shares no code with the Rust verifier.

What it checks: the manifest is signed by the record's root and names exactly the record's
vote, motion, kind, settings, scope, window, frozen roll, entries, other keys and officers; the
roll hash (`yishi/vote-roll/v3`) and every name the record shows against its commitment; every
ballot's document rebuilt (`yishi/ballot/v3`, `yishi/paper-ballot/v3`) and its signature
(strict Ed25519) and receipt; every ballot key listed in the manifest for its caster or
certified by a registrar the manifest lists (certificate signature checked), and not revoked
before it signed; duplicates, gaps and reorders; the result (`yishi/result/v2`) signed by three
different officers of the manifest (host, secretary, counter or scrutineer); and, when given,
the anchors from the posted notice. Then `yishi_tally.check` admits the ballots (window, keys,
proxies, first-stands) and recounts them, comparing the result field by field with `outcome`.

    python3 yishi_record.py RECORD.json [--manifest HASH] [--root FINGERPRINT]

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


def check(record, anchor_manifest=None, anchor_root=None):
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
    facts = {"manifest": manifest_hash, "root": root_fp}
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

    # Keys: listed per person, registrars, certificates.
    listed = {}
    for e in m["entries"]:
        listed.setdefault(e["voter_id"], set()).update(k["public_key"].lower() for k in e["keys"])
    for o in m.get("others", []):
        listed.setdefault(o["person_id"], set()).update(k["public_key"].lower() for k in o["keys"])
    officers = {}
    for o in m["officers"]:
        officers.setdefault(o["public_key"].lower(), []).append((o["role"], o["person_id"]))
    registrars = {k for k, roles in officers.items() if any(r in ("registrar", "host") for r, _ in roles)}
    enrolled = {}
    revoked = {}
    for n, c in enumerate(m.get("certificates", []), 1):
        signer = signed_ok(c["signed"])
        d = c["signed"]["document"]
        if signer is None:
            problems.append("certificate #%d: the signature does not verify" % n)
            continue
        if c["kind"] == "enrolment" and d["context"] == "yishi/enrolment-cert/v1" and signer in registrars:
            enrolled.setdefault((field(d, "person_id"), (field(d, "public_key") or "").lower()), []).append(field(d, "issued_at"))
        elif c["kind"] == "revocation" and d["context"] == "yishi/revocation-cert/v1":
            # The root's revocations end offices only (an officer removed still votes as an
            # owner); a registrar's or host's end a member's key.
            if signer in registrars:
                key = (field(d, "public_key") or "").lower()
                revoked[key] = min(revoked.get(key, "9999"), instant(field(d, "revoked_at")))

    # Ballots.
    entries = {e["person_id"]: e for e in roll["entries"]}
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
            expected = document("yishi/paper-ballot/v3", common + [("choice", b["choice"]), ("scan_sha256", b.get("scan_sha256") or "")])
            keys = set()
            for w in b.get("witnesses", []):
                k = signed_ok(w)
                if k is None or w["document"] != expected or k not in officers:
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
        if k in revoked and revoked[k] <= at:
            problems.append("ballot #%d: the key was revoked before it signed" % n)
        if k not in listed.get(b["cast_by"], set()) and not any(
            instant(t) <= at for t in enrolled.get((b["cast_by"], k), [])
        ):
            problems.append("ballot #%d: the key is neither in the manifest nor enrolled by its registrar" % n)

    # The result.
    res = record.get("result")
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
        held = []
        for sig in res["signatures"]:
            k = signed_ok(sig)
            if k is None or sig["document"] != expected:
                problems.append("result: a signature is invalid or signs something else")
            elif k not in officers:
                problems.append("result: a signature is not by an officer of the manifest")
            else:
                held.append((k, officers[k]))
        for k, roles in officers.items():
            if len({p for _, p in roles}) > 1:
                problems.append("the manifest lists one key for different people")
        people = lambda want: {(k, p) for k, h in held for r, p in h if r in want}  # noqa: E731
        hosts, secs, counts = people({"host"}), people({"secretary"}), people({"counter", "scrutineer"})
        apart = lambda a, b: a[0] != b[0] and a[1] != b[1]  # noqa: E731
        if not any(apart(h, s) and apart(c, h) and apart(c, s) for h in hosts for s in secs for c in counts):
            problems.append("result: needs the host, the secretary and a counter or scrutineer, three people")

    # Anchors from the posted notice.
    def anchor(text):
        t = "".join(c for c in text if c not in " -:\t").lower()
        t = t[len("sha256"):] if t.startswith("sha256") else t
        return t if len(t) in (32, 64) and all(c in "0123456789abcdef" for c in t) else None

    if anchor_manifest is not None:
        a = anchor(anchor_manifest)
        if a is None or not manifest_hash.startswith(a):
            problems.append("the record's manifest %s is not the posted %s" % (short_form(manifest_hash), anchor_manifest))
    if anchor_root is not None:
        a = anchor(anchor_root)
        if a is None or not root_fp.startswith(a):
            problems.append("the record's root %s is not the posted %s" % (short_form(root_fp), anchor_root))
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
    opts = {"--manifest": None, "--root": None}
    paths = []
    while args:
        a = args.pop(0)
        if a in opts and args:
            opts[a] = args.pop(0)
        else:
            paths.append(a)
    if len(paths) != 1:
        print("usage: python3 yishi_record.py RECORD.json [--manifest HASH] [--root FINGERPRINT]", file=sys.stderr)
        return 2
    try:
        with open(paths[0], encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: cannot read: %s" % (paths[0], e))
        return 2
    problems, facts = check(record, opts["--manifest"], opts["--root"])
    for p in problems:
        print("! " + p)
    if facts and opts["--manifest"] is None and opts["--root"] is None:
        print(
            "Note: internal consistency only. Compare the manifest hash %s and the root fingerprint %s with the posted notice."
            % (short_form(facts["manifest"]), short_form(facts["root"]))
        )
    print("VALID" if not problems else "INVALID: %d problems" % len(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
