#!/usr/bin/env python3
"""Runs the independent Python implementation (yishi_verify.py) over docs/signing-vectors.json.

    python3 tests/crosscheck/test_vectors.py [SIGNED-FILE.json ...]

Checks, with no code shared with the Rust implementation:
  - RFC 8032 section 7.1 TEST 1-3 through the `cryptography` package;
  - every Yishi document vector: canonical bytes, SHA-256, key from seed, key text, fingerprint,
    the deterministic signature, strict verification, and that changing any signature byte or
    any part of the document (a value, a type, a name, the order, the context) is detected;
  - the strict-rejection vectors, the public-key texts and the signed files of the JSON;
  - the convention-version hashes (bytes and SHA-256 from the specification);
  - the roll digests, versions 1 and 2 (bytes and SHA-256 from the specification);
  - the record_v2 section: a complete small vote record v2 with every signed or hashed
    structure (certificates, hand-over, manifest and its lists, roll v3, name commitments,
    ballots v3, paper ballot v3, result v2) recomputed here, then verified and recounted by
    yishi_record.py / yishi_tally.py; records in tests/fixtures/records with the outcome edited;
  - checkpoints (docs/record-format.md): event hashes, RFC 9162 tree hashes (and the RFC 6962
    published roots), inclusion and consistency proofs built and verified by the RFC's
    algorithms, and the signed `yishi/checkpoint/v1` tree head;
  - signed files given on the command line or found in tests/fixtures/signed/*.json (one
    object or an array each): all must verify;
  - both directions against the real `yishi` binary when it has `keys generate`/`keys sign`/
    `keys verify`: a fresh random document signed by Rust must verify here, and one signed here
    must verify there. It builds the debug binary with cargo; YISHI_BIN=/path/to/yishi uses that
    binary instead, YISHI_CROSSCHECK_NO_CARGO=1 skips this part.

YISHI_CROSSCHECK_SEED=<int> makes the random documents reproducible.

Prints `crosscheck: N passed, M failed` last and exits non-zero if anything failed.
"""

import copy
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

import yishi_verify as y  # noqa: E402


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s" % what)
        return ok


def flipped(signature_hex, i, mask):
    raw = bytearray(bytes.fromhex(signature_hex))
    raw[i] ^= mask
    return raw.hex()


def bump_version(context):
    head, version = context.rsplit("/v", 1)
    return "%s/v%d" % (head, int(version) + 1)


def mutations(doc):
    """Every way of changing a document that a verifier must notice (as tests/signing_vectors.rs)."""
    fields = doc["fields"]
    out = []

    def with_fields(what, new_fields):
        out.append((what, {"context": doc["context"], "fields": new_fields}))

    for i, f in enumerate(fields):
        v = f["value"]
        fs = copy.deepcopy(fields)
        if v["type"] == "text":
            fs[i]["value"]["value"] = v["value"] + "x"
        else:
            fs[i]["value"]["value"] = v["value"] + 1 if v["value"] < y.I64_MAX else y.I64_MIN
        with_fields("value of field %d" % i, fs)
        fs = copy.deepcopy(fields)
        if v["type"] == "text":
            fs[i]["value"]["value"] = v["value"][:-1] if v["value"] else " "
        else:
            fs[i]["value"]["value"] = -v["value"] - 1
        with_fields("value of field %d, shortened or negated" % i, fs)
        fs = copy.deepcopy(fields)
        if v["type"] == "text":
            try:
                n = int(v["value"])
            except ValueError:
                n = 0
            fs[i]["value"] = {"type": "int", "value": n}
        else:
            fs[i]["value"] = {"type": "text", "value": str(v["value"])}
        with_fields("type of field %d" % i, fs)
        fs = copy.deepcopy(fields)
        fs[i]["name"] += "_"
        with_fields("name of field %d" % i, fs)
        fs = copy.deepcopy(fields)
        del fs[i]
        with_fields("field %d removed" % i, fs)
        fs = copy.deepcopy(fields)
        fs.insert(i, copy.deepcopy(f))
        with_fields("field %d repeated" % i, fs)
        if i + 1 < len(fields) and fields[i] != fields[i + 1]:
            fs = copy.deepcopy(fields)
            fs[i], fs[i + 1] = fs[i + 1], fs[i]
            with_fields("fields %d and %d swapped" % (i, i + 1), fs)
    with_fields("a field appended", copy.deepcopy(fields) + [{"name": "extra", "value": {"type": "text", "value": ""}}])
    out.append(("context version", {"context": bump_version(doc["context"]), "fields": fields}))
    out.append(("context kind", {"context": doc["context"].replace("yishi/", "yishi/x", 1), "fields": fields}))
    return out


def check_rfc(t, vectors):
    for v in vectors["rfc8032_ed25519"]:
        name = v["name"]
        seed = bytes.fromhex(v["secret_key_hex"])
        public = bytes.fromhex(v["public_key_hex"])
        message = bytes.fromhex(v["message_hex"])
        signature = bytes.fromhex(v["signature_hex"])
        t.check(y.public_key_from_seed(seed) == public, name + ": public key from secret key")
        t.check(y.sign_bytes(seed, message) == signature, name + ": signature")
        t.check(y.plain_verify(public, message, signature), name + ": OpenSSL verifies")
        t.check(y.strict_verify_bytes(public, message, signature) is None, name + ": strict verify")
        t.check(not y.plain_verify(public, message + b"\x00", signature), name + ": other message fails")
    t.check(len(vectors["rfc8032_ed25519"]) == 3, "three RFC 8032 vectors")


def check_documents(t, vectors):
    for v in vectors["documents"]:
        name = v["name"]
        doc = v["document"]
        if v["seed_label"] is None:
            seed = bytes(range(1, 33))
        else:
            seed = hashlib.sha256(v["seed_label"].encode("utf-8")).digest()
        t.check(seed.hex() == v["seed_hex"], name + ": seed rule")
        t.check(y.context_is_valid(doc["context"]), name + ": context")
        raw = y.canonical_bytes(doc)
        t.check(raw.hex() == v["bytes_hex"], name + ": canonical bytes")
        t.check(y.document_hash(doc) == v["hash_hex"], name + ": hash")
        public, signature = y.sign(seed, doc)
        t.check(public.hex() == v["public_key_hex"], name + ": public key")
        t.check(y.key_text(public) == v["public_key_text"], name + ": key text")
        t.check(y.fingerprint(public) == v["fingerprint"], name + ": fingerprint")
        t.check(signature == v["signature_hex"], name + ": deterministic signature")
        t.check(y.parse_public_key(v["public_key_text"]) == public, name + ": key text parses")
        t.check(y.verify(public, doc, v["signature_hex"]) is None, name + ": verifies")
        bad = [
            (i, mask)
            for i in range(64)
            for mask in (0x01, 0x80, 0xFF)
            if y.verify(public, doc, flipped(v["signature_hex"], i, mask)) != "mismatch"
        ]
        t.check(not bad, name + ": every changed signature byte fails %s" % bad[:5])
        for what, changed in mutations(doc):
            t.check(
                y.canonical_bytes(changed) != raw
                and y.verify(public, changed, v["signature_hex"]) == "mismatch",
                "%s: %s is detected" % (name, what),
            )
    t.check(len(vectors["documents"]) >= 5, "at least five document vectors")


# The frozen field list of yishi/consent/v1 (docs/signing.md), written here from the
# specification, not from the Rust code.
CONSENT_FIELDS = [
    ("community", "text"), ("consent_id", "int"), ("unit", "text"), ("applicant", "text"),
    ("business", "text"), ("deadline", "text"), ("co_owners", "text"), ("roll_hash", "text"),
    ("party", "text"), ("party_units", "text"), ("answer", "text"), ("signer_id", "int"),
    ("signer", "text"), ("public_key", "text"), ("signed_at", "text"),
]


def check_consent(t, vectors):
    found = [v for v in vectors["documents"] if v["document"]["context"] == "yishi/consent/v1"]
    t.check(len(found) == 2, "consent: a consent and a refusal vector")
    answers = set()
    for v in found:
        fields = v["document"]["fields"]
        shape = [(f["name"], f["value"]["type"]) for f in fields]
        t.check(shape == CONSENT_FIELDS, v["name"] + ": yishi/consent/v1 field list")
        values = {f["name"]: f["value"]["value"] for f in fields}
        answers.add(values.get("answer"))
        t.check(values.get("co_owners") in ("designated_voter", "every_co_owner"), v["name"] + ": setting")
        t.check(values.get("public_key") == v["public_key_hex"], v["name"] + ": binds the signer's key")
    t.check(answers == {"consent", "refuse"}, "consent: both answers")


def check_rejections(t, vectors):
    for r in vectors["strict_rejections"]:
        name = "rejection " + r["name"]
        public = bytes.fromhex(r["public_key_hex"])
        got = y.verify(public, r["document"], r["signature_hex"])
        t.check(got == r["expect"], "%s: %s, expected %s" % (name, got, r["expect"]))
        try:
            signature = bytes.fromhex(r["signature_hex"])
        except ValueError:
            signature = b""
        plain = len(signature) == 64 and y.plain_verify(public, y.canonical_bytes(r["document"]), signature)
        t.check(
            ("accepts" if plain else "rejects") == r["plain_rfc8032_openssl"],
            name + ": plain OpenSSL verdict as recorded",
        )


def check_key_texts(t, vectors):
    for k in vectors["public_key_texts"]:
        try:
            got, raw = "ok", y.parse_public_key(k["input"])
        except y.KeyTextError as e:
            got, raw = e.kind, None
        ok = got == k["expect"] and (raw.hex() if raw else None) == k["hex"]
        t.check(ok, "key text %r: %s, expected %s" % (k["input"], got, k["expect"]))


def check_signed_files(t, vectors):
    for f in vectors["signed_files"]:
        r = y.check_signed_file(f["file"])
        t.check(r["valid"] == f["valid"], "signed file %s: %s" % (f["name"], r["reason"]))


def convention_version_bytes(v):
    """The hash-only yishi/convention-version/v1 encoding (docs/signing.md section 3)."""
    out = bytearray(b"yishi/convention-version/v1\x00")
    out += y._text(v["community"]) + y._text(v["kind"]) + y._text(v["title"])
    out += y._int(v["number"]) + y._int(len(v["articles"]))
    for a in v["articles"]:
        out += y._int(a["number"]) + y._text(a["text"])
        if a["rule"] is None:
            out += b"n"
        else:
            out += y._text(a["rule"]["param"]) + y._int(a["rule"]["value"])
    return bytes(out)


def check_convention_versions(t, vectors):
    versions = vectors["convention_versions"]
    for c in versions:
        raw = convention_version_bytes(c["version"])
        t.check(raw.hex() == c["bytes_hex"], "%s: convention-version bytes" % c["name"])
        t.check(
            hashlib.sha256(raw).hexdigest() == c["hash_hex"],
            "%s: convention-version hash" % c["name"],
        )
    hashes = [c["hash_hex"] for c in versions]
    t.check(len(versions) >= 3 and len(set(hashes)) == len(hashes), "three distinct versions")


def roll_bytes(version, parking_counts, lines):
    """The hash-only yishi/roll/v1 and yishi/roll/v2 encodings (docs/signing.md section 3.1)."""
    out = bytearray(b"yishi/roll/v%d\x00" % version)
    out += y._int(1 if parking_counts else 0)
    for u in lines:
        out += y._text(u["building"]) + y._text(u["number"])
        if version >= 2:
            out += y._text(u["entrance"])
        out += y._text(u["kind"]) + y._int(u["area_centi"])
        out += y._text(u["area_source"]) + y._text(u["status"]) + y._int(len(u["people"]))
        for p in u["people"]:
            out += y._text(p["id_digest"]) + y._text(p["name"]) + y._text(p["relation"])
            out += y._int(1 if p["designated_voter"] else 0)
            if version >= 2:
                out += b"n" if p["adult_from"] is None else y._text(p["adult_from"])
                out += b"n" if p["lives_there"] is None else y._int(1 if p["lives_there"] else 0)
    return bytes(out)


def check_roll_digests(t, vectors):
    rolls = vectors["roll_digests"]
    for r in rolls:
        raw = roll_bytes(r["version"], r["parking_counts"], r["lines"])
        t.check(raw.hex() == r["bytes_hex"], "%s: roll bytes" % r["name"])
        t.check(hashlib.sha256(raw).hexdigest() == r["hash_hex"], "%s: roll hash" % r["name"])
    hashes = [r["hash_hex"] for r in rolls]
    t.check(
        {r["version"] for r in rolls} == {1, 2} and len(set(hashes)) == len(hashes),
        "roll digests of both versions, all distinct",
    )


# ---------------------------------------------------------------------------------------------
# Checkpoints: the event log as an RFC 9162 Merkle tree (docs/record-format.md "Checkpoints"),
# written here from the RFC's text, sharing nothing with crypto/merkle.rs.

CHECKPOINT_FIELDS = [
    ("community", "text"), ("root", "text"), ("alg", "text"), ("hash_alg", "text"),
    ("tree_size", "int"), ("root_hash", "text"), ("head_event_hash", "text"),
    ("made_at", "text"), ("reason", "text"),
]


def event_hash(e):
    """yishi/event/v1: the canonical encoding without field names (docs/record-format.md)."""
    out = bytearray(b"yishi/event/v1\x00")
    out += y._int(e["seq"]) + y._text(e["at"]) + y._text(e["actor"])
    out += b"n" if e["community_id"] is None else y._int(e["community_id"])
    out += y._text(e["kind"]) + y._text(e["payload"]) + y._text(e["prev_hash"])
    return hashlib.sha256(bytes(out)).hexdigest()


def _leaf(data):
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def _k(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    """RFC 9162 2.1.1 over leaf data."""
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return _leaf(d[0])
    k = _k(len(d))
    return _node(mth(d[:k]), mth(d[k:]))


def path(m, d):
    """RFC 9162 2.1.3.1."""
    if len(d) <= 1:
        return []
    k = _k(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    """RFC 9162 2.1.4.1."""
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = _k(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


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
    if first == 0 or first > second or not proof:
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


def _flip(proof, i):
    out = list(proof)
    out[i] = bytes([out[i][0] ^ 1]) + out[i][1:]
    return out


def check_checkpoints(t, vectors):
    # The RFC 6962 vectors everyone publishes (8 leaves, their roots).
    rfc = [bytes.fromhex(x) for x in ["", "00", "10", "2021", "3031", "40414243",
                                       "5051525354555657", "606162636465666768696a6b6c6d6e6f"]]
    t.check(mth(rfc).hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
            "RFC 6962 tree hash of 8 leaves")
    t.check(mth(rfc[:3]).hex() == "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "RFC 6962 tree hash of 3 leaves")
    for v in vectors["checkpoints"]:
        name = v["name"]
        events = v["events"]
        prev = "0" * 64
        ok = True
        for i, e in enumerate(events):
            ok &= e["seq"] == i + 1 and e["prev_hash"] == prev and event_hash(e) == e["hash"]
            prev = e["hash"]
        t.check(ok, name + ": every event's hash from its fields, chained")
        leaves = [bytes.fromhex(e["hash"]) for e in events]
        roots = [mth(leaves[:n]) for n in range(len(leaves) + 1)]
        t.check([r.hex() for r in roots] == v["roots"], name + ": tree hash at every size")
        for c in v["inclusion"]:
            i, n = c["index"], c["size"]
            proof = [bytes.fromhex(h) for h in c["path"]]
            what = "%s: inclusion %d in %d" % (name, i, n)
            t.check(path(i, leaves[:n]) == proof, what + " is PATH")
            leaf = _leaf(leaves[i])
            t.check(verify_inclusion(i, n, leaf, proof, roots[n]), what + " verifies")
            t.check(all(not verify_inclusion(i, n, leaf, _flip(proof, j), roots[n])
                        for j in range(len(proof))), what + ": any flipped byte fails")
            t.check(not verify_inclusion(i, n, _leaf(b"other"), proof, roots[n]),
                    what + ": another leaf fails")
        for c in v["consistency"]:
            m, n = c["first"], c["second"]
            proof = [bytes.fromhex(h) for h in c["proof"]]
            what = "%s: consistency %d -> %d" % (name, m, n)
            t.check((subproof(m, leaves[:n], True) if m < n else []) == proof, what + " is PROOF")
            t.check(verify_consistency(m, n, roots[m], roots[n], proof), what + " verifies")
            if m < n:
                t.check(all(not verify_consistency(m, n, roots[m], roots[n], _flip(proof, j))
                            for j in range(len(proof))), what + ": any flipped byte fails")
                t.check(not verify_consistency(m, n, roots[m - 1] if m > 1 else b"x" * 32,
                                               roots[n], proof), what + ": another old tree fails")
        # The signed tree head: a strict signature by the root it names, over exactly the fields
        # docs/record-format.md lists, committing to the tree hash recomputed here.
        f = v["checkpoint"]
        res = y.check_signed_file(f)
        t.check(res["valid"], name + ": the checkpoint's signature verifies (%s)" % res["reason"])
        doc = f["document"]
        t.check(doc["context"] == "yishi/checkpoint/v1", name + ": checkpoint context")
        t.check([(x["name"], x["value"]["type"]) for x in doc["fields"]] == CHECKPOINT_FIELDS,
                name + ": checkpoint fields in order")
        val = {x["name"]: x["value"]["value"] for x in doc["fields"]}
        key = y.parse_public_key(f["public_key"])
        t.check(val["root"] == key.hex(), name + ": the checkpoint's root is its signer")
        size = val["tree_size"]
        t.check(val["root_hash"] == roots[size].hex(), name + ": the signed tree hash is the log's")
        t.check(val["head_event_hash"] == events[size - 1]["hash"], name + ": head event hash")
        t.check(y.canonical_bytes(doc).hex() == v["checkpoint_bytes_hex"]
                and y.document_hash(doc) == v["checkpoint_hash_hex"], name + ": checkpoint bytes")
        forged = copy.deepcopy(f)
        for x in forged["document"]["fields"]:
            if x["name"] == "tree_size":
                x["value"]["value"] -= 1
        t.check(not y.check_signed_file(forged)["valid"], name + ": a changed size fails")


def given_signed_files(t, paths):
    fixtures = ROOT / "tests" / "fixtures" / "signed"
    if fixtures.is_dir():
        paths = list(paths) + sorted(str(p) for p in fixtures.glob("*.json"))
    if not paths:
        print("skipped: no signed files given (arguments or tests/fixtures/signed/*.json)")
        return
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            obj = y.loads(fh.read())
        items = obj if isinstance(obj, list) else [obj]
        for n, item in enumerate(items):
            r = y.check_signed_file(item)
            t.check(r["valid"], "%s[%d]: %s" % (path, n, r["reason"]))


def random_document(rng):
    def text():
        pieces = []
        for _ in range(rng.randrange(0, 12)):
            kind = rng.random()
            if kind < 0.5:
                pieces.append(chr(rng.randrange(0x4E00, 0x9FA6)))
            elif kind < 0.8:
                pieces.append(chr(rng.randrange(0x20, 0x7F)))
            elif kind < 0.9:
                pieces.append(rng.choice(["\n", "\t", "\u3000", "，", "。", "、"]))
            else:
                pieces.append(chr(rng.randrange(0x1F300, 0x1F600)))
        return "".join(pieces)

    fields = []
    for n in range(rng.randrange(0, 9)):
        if rng.random() < 0.6:
            value = {"type": "text", "value": text()}
        else:
            value = {"type": "int", "value": rng.randrange(y.I64_MIN, y.I64_MAX + 1)}
        fields.append({"name": text() or "f%d" % n, "value": value})
    return {"context": "yishi/crosscheck/v%d" % rng.randrange(1, 100), "fields": fields}


def yishi_binary():
    """The `yishi` binary with `keys generate|sign|verify`, built if needed; None to skip."""
    if os.environ.get("YISHI_CROSSCHECK_NO_CARGO") == "1":
        print("skipped: Rust round trip (YISHI_CROSSCHECK_NO_CARGO=1)")
        return None
    if os.environ.get("YISHI_BIN"):
        return _with_keys(Path(os.environ["YISHI_BIN"]))
    if shutil.which("cargo") is None:
        print("skipped: Rust round trip (no cargo)")
        return None
    build = subprocess.run(
        ["cargo", "build", "--quiet", "--bin", "yishi"], cwd=ROOT, capture_output=True, text=True
    )
    if build.returncode != 0:
        print("skipped: Rust round trip (cargo build failed)\n" + build.stderr[-800:])
        return None
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT, capture_output=True, text=True,
    )
    target = Path(json.loads(meta.stdout)["target_directory"]) if meta.returncode == 0 else ROOT / "target"
    return _with_keys(target / "debug" / ("yishi.exe" if os.name == "nt" else "yishi"))


def _with_keys(exe):
    helps = subprocess.run([str(exe), "--lang", "en", "keys", "--help"], capture_output=True, text=True)
    if helps.returncode != 0 or not all(c in helps.stdout for c in ("generate", "sign", "verify")):
        print("skipped: Rust round trip (no `yishi keys generate|sign|verify`)")
        return None
    return exe


def rust_round_trip(t, rng):
    exe = yishi_binary()
    if exe is None:
        return
    with tempfile.TemporaryDirectory(prefix="yishi-crosscheck-") as tmp:
        tmp = Path(tmp)
        pin = "crosscheck-%08x" % rng.getrandbits(32)
        env = dict(os.environ, YISHI_PIN=pin, YISHI_LANG="en", YISHI_DB=str(tmp / "scratch.db"))

        def yishi(*args):
            return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=300)

        # Rust makes a key and signs a fresh random document; Python checks it.
        gen = yishi("keys", "generate", "--out", str(tmp / "key.json"))
        if not t.check(gen.returncode == 0, "yishi keys generate: " + gen.stderr[-500:]):
            return
        key_file = json.loads((tmp / "key.json").read_text(encoding="utf-8"))
        for n in range(3):
            doc = random_document(rng)
            (tmp / "doc.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            out = tmp / ("signed-%d.json" % n)
            sign = yishi("keys", "sign", "--key", str(tmp / "key.json"), "--document", str(tmp / "doc.json"), "--out", str(out))
            if not t.check(sign.returncode == 0, "yishi keys sign: " + sign.stderr[-500:]):
                continue
            signed = y.loads(out.read_text(encoding="utf-8"))
            r = y.check_signed_file(signed)
            t.check(r["valid"], "Rust-signed random document %d verifies in Python: %s" % (n, r["reason"]))
            t.check(signed["document"] == doc, "Rust signed exactly the random document %d" % n)
            t.check(signed["public_key"] == key_file["public_key"], "Rust signed with the generated key")
            t.check(y.document_hash(doc) in sign.stdout, "yishi printed the same document hash")

        # Python signs a random document with a random seed; Rust checks it, and refuses a change.
        seed = bytes(rng.getrandbits(8) for _ in range(32))
        doc = random_document(rng)
        public, signature = y.sign(seed, doc)
        good = {"format": y.SIGNED_FILE_FORMAT, "document": doc, "public_key": y.key_text(public), "signature": signature}
        bad = copy.deepcopy(good)
        bad["document"]["fields"].append({"name": "added", "value": {"type": "int", "value": 1}})
        (tmp / "py-good.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
        (tmp / "py-bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
        ok = yishi("keys", "verify", str(tmp / "py-good.json"))
        t.check(ok.returncode == 0, "Python-signed random document verifies in Rust: " + ok.stdout[-500:])
        no = yishi("keys", "verify", str(tmp / "py-bad.json"))
        t.check(no.returncode == 1, "Rust refuses the changed Python-signed document")


# The ballot statements' fields, in order and with their types, as docs/signing.md lists them:
# v1 named the voter as a person; v2 names the roll entry apart from the person who signs.
BALLOT_FIELDS = {
    "yishi/ballot/v1": [("community", "text"), ("vote_id", "int"), ("title", "text"),
                        ("motion", "text"), ("roll_hash", "text"), ("voter_id", "int"),
                        ("voter", "text"), ("voter_units", "text"), ("cast_by_id", "int"),
                        ("cast_by", "text"), ("choice", "text"), ("public_key", "text"),
                        ("signed_at", "text")],
    "yishi/ballot/v2": [("community", "text"), ("vote_id", "int"), ("title", "text"),
                        ("motion", "text"), ("roll_hash", "text"), ("entry_id", "int"),
                        ("entry", "text"), ("entry_units", "text"), ("cast_by_id", "int"),
                        ("cast_by", "text"), ("choice", "text"), ("public_key", "text"),
                        ("signed_at", "text")],
    "yishi/ballot/v3": [("alg", "text"), ("community", "text"), ("vote_id", "int"),
                        ("manifest_hash", "text"), ("entry_id", "int"), ("entry_units", "text"),
                        ("seq", "int"), ("cast_by_id", "int"), ("choice", "text"),
                        ("public_key", "text"), ("signed_at", "text")],
}


# Field lists of the v2 record's documents, written here from docs/signing.md §11 and
# docs/record-format.md (not from the Rust code).
_T, _I = "text", "int"
RECORD_V2_FIELDS = {
    "yishi/role-cert/v1": [("community", _T), ("root", _T), ("person_id", _I), ("holder", _T),
                           ("role", _T), ("building", _T), ("public_key", _T),
                           ("valid_from", _T), ("valid_until", _T), ("issued_at", _T)],
    "yishi/enrolment-cert/v1": [("community", _T), ("root", _T), ("person_id", _I),
                                ("holder", _T), ("units", _T), ("public_key", _T),
                                ("check_method", _T), ("valid_from", _T), ("valid_until", _T),
                                ("registrar_id", _I), ("registrar", _T), ("issued_at", _T)],
    "yishi/revocation-cert/v1": [("community", _T), ("root", _T), ("person_id", _I),
                                 ("public_key", _T), ("reason", _T), ("revoked_at", _T),
                                 ("by_id", _I), ("by", _T)],
    "yishi/root-handover/v1": [("community", _T), ("generation", _I), ("old_root", _T),
                               ("new_root", _T), ("reason", _T), ("countersigned_by", _T),
                               ("handed_over_at", _T)],
    "yishi/vote-manifest/v1": [("alg", _T), ("hash_alg", _T), ("community", _T), ("root", _T),
                               ("root_fingerprint", _T), ("vote_id", _I), ("title", _T),
                               ("motion_sha256", _T), ("kind", _T), ("settings", _T),
                               ("scope", _T), ("roll_hash", _T), ("opens_at", _T),
                               ("closes_at", _T), ("opened_at", _T), ("entries", _I),
                               ("entries_hash", _T), ("others_hash", _T), ("officers_hash", _T)],
    "yishi/ballot/v3": BALLOT_FIELDS["yishi/ballot/v3"],
    "yishi/paper-ballot/v3": [("alg", _T), ("community", _T), ("vote_id", _I),
                              ("manifest_hash", _T), ("entry_id", _I), ("entry_units", _T),
                              ("seq", _I), ("choice", _T), ("scan_sha256", _T)],
    "yishi/result/v2": [("alg", _T), ("hash_alg", _T), ("community", _T), ("vote_id", _I),
                        ("manifest_hash", _T), ("ballots_hash", _T), ("outcome", _T),
                        ("passed", _T), ("closed_at", _T)],
    "yishi/proxy/v1": [("alg", _T), ("community", _T), ("vote_id", _I), ("manifest_hash", _T),
                       ("entry_id", _I), ("entry_units", _T), ("proxy_id", _I), ("scope", _T),
                       ("expires_at", _T), ("scan_sha256", _T), ("registered_at", _T)],
}


def check_record_v2(t, vectors):
    """The `record_v2` section: every signed document (bytes, hash, key from seed,
    deterministic signature, strict verification, field list, signer's authority), every
    hash-only digest (name commitments, roll v3, the manifest's three lists, the v2 ballot
    list) recomputed here, and the whole record through yishi_record.py and its recount."""
    import yishi_record as rec
    import yishi_tally
    sec = vectors.get("record_v2")
    if not t.check(sec is not None, "docs/signing-vectors.json has the record_v2 section"):
        return
    r = sec["record"]
    m = r["manifest"]
    hexkey = lambda text: y.parse_public_key(text).hex()  # noqa: E731
    root = hexkey(m["root"]["public_key"])
    officers = {(o["role"], o["public_key"]) for o in m["officers"]}
    by_hash = {}
    seen = set()
    for v in sec["documents"]:
        name, doc = v["name"], v["document"]
        seed = hashlib.sha256(v["seed_label"].encode("utf-8")).digest()
        t.check(seed.hex() == v["seed_hex"], name + ": seed rule")
        t.check(y.canonical_bytes(doc).hex() == v["bytes_hex"], name + ": canonical bytes")
        t.check(y.document_hash(doc) == v["hash_hex"], name + ": hash")
        public, signature = y.sign(seed, doc)
        t.check(public.hex() == v["public_key_hex"], name + ": public key from the seed")
        t.check(signature == v["signature_hex"], name + ": deterministic signature")
        t.check(y.verify(public, doc, signature) is None, name + ": verifies strictly")
        spec = RECORD_V2_FIELDS.get(doc["context"])
        got = [(f["name"], f["value"]["type"]) for f in doc["fields"]]
        t.check(spec is not None and got == spec, name + ": fields as the documentation lists them")
        seen.add(doc["context"])
        by_hash[v["hash_hex"]] = v
        f = {x["name"]: x["value"]["value"] for x in doc["fields"]}
        signer = public.hex()
        ctx = doc["context"]
        if ctx in ("yishi/role-cert/v1", "yishi/vote-manifest/v1"):
            t.check(signer == root == f["root"], name + ": signed by the record's root")
        elif ctx in ("yishi/enrolment-cert/v1", "yishi/revocation-cert/v1"):
            t.check(("registrar", signer) in officers and f["root"] == root, name + ": signed by a registrar of the manifest")
        elif ctx == "yishi/root-handover/v1":
            t.check(signer in (f["old_root"], f["new_root"]) and f["new_root"] == root, name + ": signed by the old or the new root")
    t.check(seen == set(RECORD_V2_FIELDS), "record_v2: a vector for every document kind %s" % sorted(set(RECORD_V2_FIELDS) - seen))
    # Every signed file in the record is one of the vectors.
    files = [m["signed"]] + [c["signed"] for c in m["certificates"]] + m["root"]["handovers"]
    files += [b["signed"] for b in r["ballots"] if b.get("signed")]
    files += [w for b in r["ballots"] for w in b.get("witnesses", [])]
    files += r["result"]["signatures"]
    files += [sf for p in r.get("proxies", []) for sf in p.get("signed", [])]
    t.check(all(any(v["signature_hex"] == sf["signature"] and v["document"] == sf["document"]
                    for v in sec["documents"]) for sf in files), "record_v2: each signed file of the record is a vector")
    t.check(len({sf["signature"] for sf in files}) == len(sec["documents"]), "record_v2: and each vector is in the record")
    old = [sf for sf in m["root"]["handovers"] if hexkey(sf["public_key"]) != root]
    t.check(len(old) == 1 and len(m["root"]["handovers"]) == 2, "record_v2: the hand-over is signed by the old root and the new")
    # Hash-only digests, from docs/record-format.md.
    for c in sec["name_commitments"]:
        t.check(rec.canonical("yishi/name-commitment/v1", [("s", c["salt"]), ("s", c["name"])]) == c["commitment"],
                "record_v2: name commitment of %s" % c["name"])
    roll = r["roll"]
    t.check(rec.roll_hash_v3(roll.get("scope"), roll["entries"]) == sec["roll_hash_v3"] == roll["hash"], "record_v2: roll v3 hash")
    mdoc = m["signed"]["document"]
    mf = {x["name"]: x["value"]["value"] for x in mdoc["fields"]}
    t.check(rec.entries_hash(m["entries"]) == sec["entries_hash"] == mf["entries_hash"], "record_v2: entries hash")
    t.check(rec.others_hash(m["others"]) == sec["others_hash"] == mf["others_hash"] and m["others"], "record_v2: others hash (a list that is not empty)")
    t.check(rec.officers_hash(m["officers"]) == sec["officers_hash"] == mf["officers_hash"], "record_v2: officers hash")
    t.check(mf["roll_hash"] == roll["hash"], "record_v2: the manifest signs the roll hash")
    t.check(y.document_hash(mdoc) == sec["manifest_hash"], "record_v2: manifest hash")
    t.check(hashlib.sha256(bytes.fromhex(root)).hexdigest() == sec["root_fingerprint"], "record_v2: root fingerprint")
    t.check(mf["root_fingerprint"] == rec.short_form(sec["root_fingerprint"]), "record_v2: the manifest's root fingerprint is the short form")
    t.check(rec.ballots_hash_v2(r["ballots"]) == sec["ballots_hash_v2"], "record_v2: ballot list v2 hash")
    rdoc = r["result"]["signatures"][0]["document"]
    rf = {x["name"]: x["value"]["value"] for x in rdoc["fields"]}
    t.check(rf["ballots_hash"] == sec["ballots_hash_v2"] and rf["manifest_hash"] == sec["manifest_hash"], "record_v2: the result binds the ballot list and the manifest")
    certs = [k["cert"] for e in m["entries"] for k in e["keys"] if k["cert"]]
    t.check(certs and all(c in by_hash and by_hash[c]["document"]["context"] == "yishi/enrolment-cert/v1" for c in certs),
            "record_v2: the manifest lists keys by their enrolment certificate's hash")
    # The record as a whole, with its recount.
    problems, facts = rec.check(r, anchor_manifest=sec["manifest_hash"], anchor_root=sec["root_fingerprint"])
    t.check(not problems, "record_v2: the record verifies in Python %s" % problems[:3])
    recount = yishi_tally.recount(r, r["ballots"])
    t.check(recount == r["result"]["outcome"], "record_v2: the Python recount is the record's outcome")
    # A window closing 0.4 s before a ballot signed at .5: refused (instants compared exactly).
    late = copy.deepcopy(r)
    late["vote"]["closed_at"] = "2026-11-22T10:20:00.1Z"
    found = yishi_tally.check(late, [])
    t.check(any(p.startswith("ballot #3: not admitted: signed outside") for p in found), "record_v2: a ballot 0.4 s after the close is outside the window %s" % found)
    late["vote"]["closed_at"] = "2026-11-22T10:20:00.5Z"
    found = yishi_tally.check(late, [])
    t.check(not any("outside" in p for p in found), "record_v2: a ballot signed at the close exactly is inside %s" % found)


def tampered_outcomes(t, record, anchor, label):
    """The Python recount names each changed figure of a record's outcome (signatures left
    as they are: the recount must catch counts that do not follow from the ballots)."""
    import yishi_record as rec
    out = record["result"]["outcome"]
    if out["kind"] == "question":
        cases = [("yn", lambda o: o.__setitem__("yn", o["yn"] + 1), "outcome.yn"),
                 ("passed", lambda o: o.__setitem__("passed", not o["passed"]), "outcome.passed"),
                 ("pa", lambda o: o.__setitem__("pa", o["pa"] - 1), "outcome.pa"),
                 ("a", lambda o: o.__setitem__("a", o["a"] + 100), "outcome.a"),
                 ("quorum line", lambda o: o["quorum_line"].__setitem__("area", o["quorum_line"]["area"] + 1), "outcome.quorum_line.area"),
                 ("deciding", lambda o: o["deciding"][0].__setitem__("holds", not o["deciding"][0]["holds"]), "outcome.deciding[0].holds")]
    else:
        cases = [("a candidate's yn", lambda o: o["candidates"][0].__setitem__("yn", o["candidates"][0]["yn"] + 1), "outcome.candidates[0].yn"),
                 ("elected", lambda o: o["candidates"][0].__setitem__("elected", not o["candidates"][0]["elected"]), "outcome.candidates[0].elected"),
                 ("pn", lambda o: o.__setitem__("pn", o["pn"] + 1), "outcome.pn")]
    for what, change, path in cases:
        changed = copy.deepcopy(record)
        change(changed["result"]["outcome"])
        problems, _ = rec.check(changed, anchor_manifest=anchor)
        t.check(any(p.startswith(path + " ") for p in problems), "%s: a changed %s is named (%s) %s" % (label, what, path, problems[:4]))


def check_records(t):
    """Vote records v2 in tests/fixtures/records/ (written by the Rust test record_anchor),
    checked by yishi_record.py against the anchor beside each (NAME.manifest): accepted as
    they are, refused with a ballot's choice changed and with another manifest hash."""
    import yishi_record as rec
    fixtures = ROOT / "tests" / "fixtures" / "records"
    paths = sorted(fixtures.glob("*.json")) if fixtures.is_dir() else []
    if not paths:
        print("skipped: no records in tests/fixtures/records")
        return
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
        anchor = path.with_suffix(".manifest").read_text(encoding="utf-8").strip()
        problems, _ = rec.check(record, anchor_manifest=anchor)
        t.check(not problems, "%s: verifies against its manifest %s" % (path.name, problems[:3]))
        changed = copy.deepcopy(record)
        b = changed["ballots"][0]
        b["choice"] = "agree" if b["choice"] != "agree" else "oppose"
        problems, _ = rec.check(changed, anchor_manifest=anchor)
        t.check(bool(problems), "%s: a changed choice is caught" % path.name)
        problems, _ = rec.check(record, anchor_manifest="0" * 64)
        t.check(bool(problems), "%s: another manifest hash is refused" % path.name)
        tampered_outcomes(t, record, anchor, path.name)


def check_ballots(t, vectors):
    seen = set()
    for v in vectors["documents"]:
        doc = v["document"]
        spec = BALLOT_FIELDS.get(doc["context"])
        if spec is None:
            continue
        seen.add(doc["context"])
        got = [(f["name"], f["value"]["type"]) for f in doc["fields"]]
        t.check(got == spec, v["name"] + ": ballot fields as docs/signing.md lists them")
        pub = next(f["value"]["value"] for f in doc["fields"] if f["name"] == "public_key")
        t.check(pub == v["public_key_hex"], v["name"] + ": the ballot names the key that signs it")
    t.check(seen == set(BALLOT_FIELDS), "a vector for every ballot version")


def main(argv):
    t = Tally()
    with open(ROOT / "docs" / "signing-vectors.json", encoding="utf-8") as fh:
        vectors = y.loads(fh.read())
    check_rfc(t, vectors)
    check_documents(t, vectors)
    check_ballots(t, vectors)
    check_consent(t, vectors)
    check_rejections(t, vectors)
    check_key_texts(t, vectors)
    check_signed_files(t, vectors)
    check_convention_versions(t, vectors)
    check_roll_digests(t, vectors)
    check_records(t)
    check_record_v2(t, vectors)
    check_checkpoints(t, vectors)
    given_signed_files(t, argv[1:])
    seed = os.environ.get("YISHI_CROSSCHECK_SEED")
    rng = random.Random(int(seed)) if seed else random.SystemRandom()
    rust_round_trip(t, rng)
    print("crosscheck: %d passed, %d failed" % (t.passed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
