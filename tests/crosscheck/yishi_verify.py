#!/usr/bin/env python3
"""An independent verifier for Yishi (议事厅) signatures, written from docs/signing.md alone.

It shares no code with the Rust implementation: the canonical bytes are rebuilt here from the
document's JSON form, hashed with hashlib's SHA-256, and the Ed25519 signature (RFC 8032) is
checked with the `cryptography` package (OpenSSL). The extra rules of Yishi's strict verification
that plain RFC 8032 verification lacks (no small-order public key, no small-order R) are checked
here with a few lines of curve arithmetic in plain Python.

Requires Python 3.8+ and `cryptography` (pip install cryptography); nothing else.

As a command:

    python3 yishi_verify.py FILE.json [FILE.json ...]

checks signed files (`{"format": "yishi-signed/v1", "document": ..., "public_key": ...,
"signature": ...}`, or an array of them as `yishi keys export-signatures` writes), prints the
document hash (the signer's receipt), the key's fingerprint and the verdict for each, and exits
0 only if every signature verifies (1 if any does not, 2 if a file cannot be read).
"""

import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

KEY_PREFIX = "yishi-key:v1:"
SIGNED_FILE_FORMAT = "yishi-signed/v1"
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1

# Unicode White_Space: what Rust's `char::is_whitespace` and `str::trim` remove. (Python's
# str.isspace() differs: it also counts U+001C..U+001F.)
WHITE_SPACE = frozenset(
    [chr(c) for c in range(0x09, 0x0E)]
    + ["\u0020", "\u0085", "\u00a0", "\u1680"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
)

HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class DocumentError(ValueError):
    """The JSON is not a document (Yishi's reader would refuse it too)."""


class KeyTextError(ValueError):
    """Not a usable public key; `kind` is 'malformed', 'not_a_point' or 'weak'."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


# ---------------------------------------------------------------------------------------------
# The document: JSON form -> canonical bytes (docs/signing.md, "Canonical bytes").


def _text(value):
    raw = value.encode("utf-8")  # strict: a lone surrogate cannot be signed
    return b"s" + len(raw).to_bytes(8, "big") + raw


def _int(value):
    return b"i" + value.to_bytes(8, "big", signed=True)


def context_is_valid(context):
    """`yishi/<kind>/v<N>`: kind is 1+ of a-z and '-', N is 1+ ASCII digits."""
    parts = context.split("/")
    if len(parts) != 3 or parts[0] != "yishi":
        return False
    kind, version = parts[1], parts[2]
    if not kind or any(c not in "abcdefghijklmnopqrstuvwxyz-" for c in kind):
        return False
    return (
        version.startswith("v")
        and len(version) > 1
        and all(c in "0123456789" for c in version[1:])
    )


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise DocumentError("duplicate member %r" % key)
        obj[key] = value
    return obj


def _parse_int(text):
    # serde_json reads "-0" as a float, which an i64 field refuses; mirror that.
    if text == "-0":
        raise DocumentError("-0 is not an integer here")
    return int(text)


def _parse_float(text):
    raise DocumentError("%s is not an integer" % text)


def loads(text):
    """json.loads, refusing duplicate members and non-integer numbers, as Yishi's reader does."""
    return json.loads(
        text,
        object_pairs_hook=_no_duplicates,
        parse_int=_parse_int,
        parse_float=_parse_float,
        parse_constant=_parse_float,
    )


def _member(obj, name, kind, where):
    if not isinstance(obj, dict):
        raise DocumentError("%s is not an object" % where)
    if name not in obj:
        raise DocumentError("%s has no %r" % (where, name))
    value = obj[name]
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise DocumentError("%s.%s has the wrong type" % (where, name))
    return value


def check_document(doc):
    """Checks the JSON form (a dict as parsed) and returns it. Unknown members are ignored."""
    _member(doc, "context", str, "document")
    fields = _member(doc, "fields", list, "document")
    for n, field in enumerate(fields):
        where = "fields[%d]" % n
        _member(field, "name", str, where)
        value = _member(field, "value", dict, where)
        kind = _member(value, "type", str, where + ".value")
        if kind == "text":
            _member(value, "value", str, where + ".value")
        elif kind == "int":
            v = _member(value, "value", int, where + ".value")
            if not I64_MIN <= v <= I64_MAX:
                raise DocumentError("%s.value is outside the 64-bit range" % where)
        else:
            raise DocumentError("%s.value.type is %r, not 'text' or 'int'" % (where, kind))
    return doc


def canonical_bytes(doc):
    """The exact bytes that are signed."""
    check_document(doc)
    out = bytearray(doc["context"].encode("utf-8"))
    out += b"\x00"
    out += _int(len(doc["fields"]))
    for field in doc["fields"]:
        out += _text(field["name"])
        value = field["value"]
        if value["type"] == "text":
            out += _text(value["value"])
        else:
            out += _int(value["value"])
    return bytes(out)


def document_hash(doc):
    """Lowercase hex SHA-256 of the canonical bytes: the receipt a signer keeps."""
    return hashlib.sha256(canonical_bytes(doc)).hexdigest()


# ---------------------------------------------------------------------------------------------
# Curve arithmetic, only for the strict checks (RFC 8032 section 5.1; extended coordinates).

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1, 1, 0)


def _add(p1, p2):
    a = (p1[1] - p1[0]) * (p2[1] - p2[0]) % P
    b = (p1[1] + p1[0]) * (p2[1] + p2[0]) % P
    c = 2 * p1[3] * p2[3] * D % P
    d = 2 * p1[2] * p2[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def decode_point(raw):
    """A 32-byte encoding to a point, or None, accepting exactly what curve25519-dalek accepts:
    the y coordinate is taken mod p (so y >= p is allowed) and x = 0 with the sign bit set is
    read as x = 0. (RFC 8032 would refuse both; neither can carry a usable key.)"""
    if len(raw) != 32:
        return None
    y = (int.from_bytes(raw, "little") & ((1 << 255) - 1)) % P
    sign = raw[31] >> 7
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x2 = u * pow(v, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if x & 1:
        x = P - x
    if sign:
        x = (P - x) % P
    return (x, y, 1, x * y % P)


def is_neutral(point):
    """The point is (0, 1), in extended coordinates."""
    return point[0] % P == 0 and (point[1] - point[2]) % P == 0


def is_small_order(point):
    """[8]point is the neutral element."""
    q = point
    for _ in range(3):
        q = _add(q, q)
    return is_neutral(q)


# ---------------------------------------------------------------------------------------------
# Keys.


def parse_public_key(text):
    """`yishi-key:v1:<64 hex>` or bare 64 hex; white space, '-' and ':' are ignored."""
    t = text.strip("".join(WHITE_SPACE))
    if t.startswith(KEY_PREFIX):
        t = t[len(KEY_PREFIX):]
    cleaned = "".join(c for c in t if c not in WHITE_SPACE and c not in "-:")
    if len(cleaned) != 64 or any(c not in HEX_DIGITS for c in cleaned):
        raise KeyTextError("malformed")
    raw = bytes.fromhex(cleaned)
    point = decode_point(raw)
    if point is None:
        raise KeyTextError("not_a_point")
    if is_small_order(point):
        raise KeyTextError("weak")
    return raw


def key_text(public_key):
    return KEY_PREFIX + public_key.hex()


def fingerprint(public_key):
    """First 8 bytes of SHA-256 over the 32 key bytes: 16 uppercase hex digits in 4 groups."""
    h = hashlib.sha256(public_key).hexdigest()[:16].upper()
    return " ".join(h[i:i + 4] for i in range(0, 16, 4))


def public_key_from_seed(seed):
    return (
        Ed25519PrivateKey.from_private_bytes(seed)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


# ---------------------------------------------------------------------------------------------
# Signing and strict verification.


def sign_bytes(seed, message):
    return Ed25519PrivateKey.from_private_bytes(seed).sign(message)


def sign(seed, doc):
    """(public key bytes, signature hex) for a document, as Yishi makes them."""
    return public_key_from_seed(seed), sign_bytes(seed, canonical_bytes(doc)).hex()


def plain_verify(public_key, message, signature):
    """RFC 8032 verification as OpenSSL does it, without Yishi's extra rules."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def strict_verify_bytes(public_key, message, signature):
    """None if valid, else the reason ('malformed', 'mismatch')."""
    if len(signature) != 64:
        return "malformed"
    if len(public_key) != 32:
        return "mismatch"
    a = decode_point(public_key)
    if a is None or is_small_order(a):
        return "mismatch"
    if int.from_bytes(signature[32:], "little") >= L:
        return "mismatch"
    r = decode_point(signature[:32])
    if r is None or is_small_order(r):
        return "mismatch"
    return None if plain_verify(public_key, message, signature) else "mismatch"


def _signature_bytes(signature_hex):
    s = signature_hex.strip("".join(WHITE_SPACE))
    if len(s) % 2 or any(c not in HEX_DIGITS for c in s):
        return None
    raw = bytes.fromhex(s)
    return raw if len(raw) == 64 else None


def verify(public_key, doc, signature_hex):
    """None if the signature is valid for the document and key, else the reason:
    'bad_context', 'malformed' (not 64 bytes of hex) or 'mismatch'."""
    check_document(doc)
    if not context_is_valid(doc["context"]):
        return "bad_context"
    signature = _signature_bytes(signature_hex)
    if signature is None:
        return "malformed"
    return strict_verify_bytes(public_key, canonical_bytes(doc), signature)


def check_signed_file(obj):
    """Checks a `yishi-signed/v1` file (already parsed). Returns a dict with 'valid', 'reason',
    and when readable 'hash' and 'fingerprint'."""
    out = {"valid": False, "reason": None, "hash": None, "fingerprint": None}
    try:
        if _member(obj, "format", str, "file") != SIGNED_FILE_FORMAT:
            out["reason"] = "not a %s file" % SIGNED_FILE_FORMAT
            return out
        doc = check_document(_member(obj, "document", dict, "file"))
        out["hash"] = document_hash(doc)
        key = parse_public_key(_member(obj, "public_key", str, "file"))
        out["fingerprint"] = fingerprint(key)
        reason = verify(key, doc, _member(obj, "signature", str, "file"))
    except KeyTextError as e:
        reason = "public key: " + e.kind
    except (DocumentError, UnicodeEncodeError) as e:
        reason = "document: %s" % e
    out["valid"] = reason is None
    out["reason"] = reason
    return out


def main(argv):
    if len(argv) < 2:
        print("usage: python3 yishi_verify.py SIGNED-FILE.json [...]", file=sys.stderr)
        return 2
    worst = 0
    for path in argv[1:]:
        try:
            with open(path, encoding="utf-8") as f:
                obj = loads(f.read())
        except (OSError, ValueError) as e:
            print("%s: cannot read: %s" % (path, e))
            worst = 2
            continue
        items = obj if isinstance(obj, list) else [obj]
        for n, item in enumerate(items):
            r = check_signed_file(item)
            print(path if len(items) == 1 else "%s [%d]" % (path, n + 1))
            print("  document hash: %s" % r["hash"])
            print("  key fingerprint: %s" % r["fingerprint"])
            if r["valid"]:
                print("  VALID 签名有效")
            else:
                print("  INVALID 签名无效: %s" % r["reason"])
                worst = max(worst, 1)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv))
