#!/usr/bin/env python3
"""The recount of a Yishi vote record, written from docs/record-format.md (§Admission and
§Result) alone; shares no code with the Rust verifier (`domain::vote`).

`check(record, problems)` takes the record and the problems `yishi_record.check` found so far
(a ballot named there with "ballot #N: ..." for anything but an order problem failed its
signature, document or key check and is left out, as step 4-5 of §What verify checks says),
then:

- admits the intact ballots one by one in record order (§What verify checks, step 6: on the
  roll, the key the caster's and not ended, signed inside the window with times compared as
  exact instants, a proxy's authorisation, first-stands), naming each ballot not admitted;
- resolves which ballot counts per entry (an own ballot beats a proxy's, then first- or
  last-stands), counts refusals up to the close, applies the 从众 clause, evaluates the rule's
  integer inequalities, and compares the result field by field with the record's `outcome`,
  naming each field that differs.

Returns a list of problems (strings). All arithmetic is on Python integers: exact.
"""

import re

ORDER_WORDS = (
    "its seq should be",
    "the same ballot as",
    "no entry sequence number",
    "appears twice",
    "are out of order",
    "have a gap",
)

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$"
)


def _days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (exact, any year)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _month_days(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def instant_ns(text):
    """An RFC 3339 time as integer nanoseconds since 1970-01-01T00:00:00Z, or None when it
    cannot be read. The fraction is read to the nanosecond (further digits are dropped, as
    the record-format page says); the offset is applied exactly; leading and trailing white
    space is ignored."""
    if not isinstance(text, str):
        return None
    m = _RFC3339.match(text.strip())
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    if not (1 <= mo <= 12 and 1 <= d <= _month_days(y, mo) and h <= 23 and mi <= 59 and s <= 59):
        return None
    frac = (m.group(7) or "")[:9].ljust(9, "0")
    offset = 0
    if m.group(9):
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            return None
        offset = (oh * 60 + om) * 60 * (1 if m.group(9) == "+" else -1)
    seconds = _days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset
    return seconds * 1_000_000_000 + int(frac)


PAST = -(2**80)  # an unreadable end or expiry: long past, it admits nothing


def _key_hex(text):
    t = (text or "").strip()
    if t.startswith("yishi-key:v1:"):
        t = t[len("yishi-key:v1:"):]
    t = "".join(c for c in t if c not in " \t\r\n-:").lower()
    return t if len(t) == 64 and all(c in "0123456789abcdef" for c in t) else None


def _field(doc, name):
    for f in (doc or {}).get("fields", []):
        if f.get("name") == name and (f.get("value") or {}).get("type") == "text":
            return f["value"]["value"]
    return None


def voter(entry):
    return entry["voter_id"] if entry.get("voter_id") is not None else entry["person_id"]


def parse_choice(text):
    """('q', 'agree'|'oppose'|'abstain'), ('e', [indexes]) or None."""
    if text in ("agree", "oppose", "abstain"):
        return ("q", text)
    if isinstance(text, str) and text.startswith("approve:"):
        rest = text[len("approve:"):]
        if rest == "":
            return ("e", [])
        parts = rest.split(",")
        if all(p.isdigit() and p.isascii() and int(p) < 2**32 for p in parts):
            return ("e", [int(p) for p in parts])
    return None


def choice_ok(kind, text):
    c = parse_choice(text)
    if c is None:
        return False
    if kind.get("kind") == "question":
        return c[0] == "q"
    if c[0] != "e":
        return False
    lst = c[1]
    return len(set(lst)) == len(lst) and len(lst) <= kind["max_approvals"] and all(
        x < len(kind["candidates"]) for x in lst
    )


# ---------------------------------------------------------------------------------------------
# Admission (§What verify checks, step 6).


def window(vote):
    """(opens, closes or None) in ns, or None when a time of the vote cannot be read."""
    opened = instant_ns(vote.get("opened_at"))
    closed = None if vote.get("closed_at", "") == "" else instant_ns(vote["closed_at"])
    if opened is None or (vote.get("closed_at", "") != "" and closed is None):
        return None
    if vote.get("opens_at") is not None and vote.get("closes_at") is not None:
        frm, to = instant_ns(vote["opens_at"]), instant_ns(vote["closes_at"])
        if frm is None or to is None:
            return None
        return max(frm, opened), (to if closed is None else min(closed, to))
    return opened, closed


def admit_all(record, ballots, win):
    """Per ballot (in record order), None when admitted, else the reason."""
    roll = {e["person_id"]: voter(e) for e in record["roll"]["entries"]}
    holders = {}
    for k in record.get("keys", []):
        h = _key_hex(k.get("public_key"))
        if h is not None:
            holders[h] = (k["person_id"], k.get("ended_at"))
    proxies = record.get("proxies") or []
    limit = record["vote"]["settings"].get("proxy_limit")
    first_stands = record["vote"]["settings"]["ballot_policy"] == "first_stands"
    prior = {}
    out = []
    for b in ballots:
        signed = b.get("signed") if b["channel"] != "paper" else None
        at = None
        reason = None
        if b["person_id"] not in roll:
            reason = "the entry is not on the frozen roll"
        elif signed:
            t = _field(signed.get("document"), "signed_at")
            at = None if t is None else (instant_ns(t) if instant_ns(t) is not None else PAST)
            holder = holders.get(_key_hex(signed.get("public_key")))
            ended = False
            if holder is not None and holder[1] is not None:
                end = instant_ns(holder[1])
                end = PAST if end is None else end
                ended = at is None or at > end
            if holder is None or holder[0] != b["cast_by"] or ended:
                reason = "the key is not the caster's, or had ended when it signed"
        if reason is None and at is not None:
            opens, closes = win
            if at < opens or (closes is not None and at > closes):
                reason = "signed outside the voting window"
        own = reason is None and b["cast_by"] == roll[b["person_id"]]
        if reason is None and not own:
            reason = "cast by someone without the entry's proxy"
            carried = [p for p in proxies if p["proxy_id"] == b["cast_by"]]
            for rank, p in enumerate(carried):
                if p["owner_id"] != b["person_id"]:
                    continue
                expires = instant_ns(p.get("expires_at"))
                expires = PAST if expires is None else expires
                within = limit is None or rank < limit
                current = at is None or at <= expires
                if within and current:
                    reason = None
                    break
                reason = "over the proxy limit" if not within else "the proxy had expired"
        if reason is None:
            had = prior.get(b["person_id"], (False, False))
            if first_stands and (had[0] if own else (had[0] or had[1])):
                reason = "the first ballot stands; this one cannot replace it"
        if reason is None:
            had = prior.get(b["person_id"], (False, False))
            prior[b["person_id"]] = (had[0] or own, had[1] or not own)
        out.append(reason)
    return out


# ---------------------------------------------------------------------------------------------
# The inequalities (§Result): c·X rel d·Y over integers.


def grouped_centi(v):
    sign = "-" if v < 0 else ""
    v = abs(v)
    return "%s%s.%02d" % (sign, "{:,}".format(v // 100), v % 100)


class Spec:
    def __init__(self, lhs, rel, rhs, area):
        self.lhs, self.rel, self.rhs, self.area = lhs, rel, rhs, area  # rel: '>=' or '>'

    def holds(self):
        left, right = self.lhs[0] * self.lhs[2], self.rhs[0] * self.rhs[2]
        return left >= right if self.rel == ">=" else left > right

    def least(self):
        c, r = self.lhs[0], max(self.rhs[0] * self.rhs[2], 0)
        return -(-r // c) if self.rel == ">=" else r // c + 1

    def inequality(self, test):
        holds = self.holds()
        stated = "≥" if self.rel == ">=" else ">"
        shown = {(">=", True): "≥", (">", True): ">", (">=", False): "<", (">", False): "≤"}[(self.rel, holds)]

        def sym(t):
            return t[1] if t[0] == 1 else "%d·%s" % (t[0], t[1])

        def num(t):
            show = grouped_centi if self.area else str
            return show(t[2]) if t[0] == 1 else "%d×%s = %s" % (t[0], show(t[2]), show(t[0] * t[2]))

        text = "%s %s %s: %s %s %s" % (sym(self.lhs), stated, sym(self.rhs), num(self.lhs), shown, num(self.rhs))
        return {"test": test, "text": text, "holds": holds}


def counts_area(rule):
    return rule["kind"] in ("owners_ordinary", "owners_major")


def quorum_specs(rule, n, a, pn, pa):
    if counts_area(rule):
        return [Spec((3, "Pn", pn), ">=", (2, "N", n), False), Spec((3, "Pa", pa), ">=", (2, "A", a), True)]
    return [Spec((2, "Pn", pn), ">", (1, "N", n), False)]


def pass_specs(rule, n, pn, pa, yn, ya):
    k = rule["kind"]
    if k in ("owners_ordinary", "owners_major"):
        c, rel, d = (2, ">", 1) if k == "owners_ordinary" else (4, ">=", 3)
        return [Spec((c, "Yn", yn), rel, (d, "Pn", pn), False), Spec((c, "Ya", ya), rel, (d, "Pa", pa), True)]
    if k == "committee_meeting":
        return [Spec((2, "Yn", yn), ">" if rule["strict_majority"] else ">=", (1, "N", n), False)]
    return [Spec((2, "Yn", yn), ">", (1, "Pn", pn), False)]


def line(specs):
    out = {"persons": 0, "area": 0}
    for s in specs:
        out["area" if s.area else "persons"] = s.least()
    return out


# ---------------------------------------------------------------------------------------------
# The recount.


class CannotTally(Exception):
    pass


def _roll(record, rule):
    entries = record["roll"]["entries"]
    if not entries:
        raise CannotTally("the roll is empty")
    fixed = {"committee_meeting": "members", "residents_meeting": "entitled"}.get(rule["kind"])
    if fixed and rule[fixed] != len(entries):
        raise CannotTally("the rule counts %d persons but the roll has %d" % (rule[fixed], len(entries)))
    areas = {}
    for e in entries:
        if e["person_id"] in areas:
            raise CannotTally("entry %d is on the roll twice" % e["person_id"])
        if counts_area(rule) and e["area"] < 0:
            raise CannotTally("entry %d has a negative area" % e["person_id"])
        areas[e["person_id"]] = e["area"] if counts_area(rule) else 0
    return areas


def resolve(ballots, own_of, first_stands):
    """The ballot that counts per entry: an own ballot beats a proxy's; among the same kind
    the lowest seq (first stands) or the highest (last stands)."""
    best = {}
    for b in ballots:
        own = own_of(b)
        held = best.get(b["person_id"])
        if held is None or (own and not held[0]):
            better = True
        elif held[0] and not own:
            better = False
        else:
            better = b["seq"] < held[1]["seq"] if first_stands else b["seq"] >= held[1]["seq"]
        if better:
            best[b["person_id"]] = (own, b)
    return [v[1] for _, v in sorted(best.items())]


def recount(record, admitted):
    vote = record["vote"]
    settings, kind = vote["settings"], vote["kind"]
    rule = settings["rule"]
    areas = _roll(record, rule)
    closed = vote.get("closed_at", "")
    closed_ns = instant_ns(closed)
    refused = 0
    for x in record.get("refused") or []:
        at = instant_ns(x.get("at"))
        if closed == "" or (at is not None and closed_ns is not None and at <= closed_ns):
            refused += 1
    voters = {e["person_id"]: voter(e) for e in record["roll"]["entries"]}
    own_of = lambda b: voters.get(b["person_id"]) == b["cast_by"]  # noqa: E731
    first = settings["ballot_policy"] == "first_stands"
    n, a = len(areas), sum(areas.values())
    if kind["kind"] == "question":
        counted = resolve([b for b in admitted if parse_choice(b["choice"]) and parse_choice(b["choice"])[0] == "q"], own_of, first)
        tot = {c: [0, 0] for c in ("agree", "oppose", "abstain")}
        for b in counted:
            tot[b["choice"]][0] += 1
            tot[b["choice"]][1] += areas[b["person_id"]]
        conformity = None
        if settings.get("conformity_clause") and counts_area(rule):
            voted = {b["person_id"] for b in counted}
            seen, sn, sa = set(), 0, 0
            for s in record.get("served") or []:
                p = s["person_id"]
                if p not in areas:
                    raise CannotTally("served owner %d is not on the roll" % p)
                if p in voted:
                    raise CannotTally("served owner %d voted" % p)
                if p in seen:
                    raise CannotTally("served owner %d is listed twice" % p)
                seen.add(p)
                sn, sa = sn + 1, sa + areas[p]

            def leader(i):
                vals = [tot[c][i] for c in ("agree", "oppose", "abstain")]
                top = [c for c, v in zip(("agree", "oppose", "abstain"), vals) if v == max(vals)]
                return top[0] if len(top) == 1 else None

            side = leader(0) if leader(0) is not None and leader(0) == leader(1) else None
            if side is not None:
                tot[side][0] += sn
                tot[side][1] += sa
            conformity = {"served": sn, "side": side, "persons": sn if side else 0, "area": sa if side else 0}
        pn = sum(v[0] for v in tot.values())
        pa = sum(v[1] for v in tot.values())
        yn, ya = tot["agree"]
        q = quorum_specs(rule, n, a, pn, pa)
        p = pass_specs(rule, n, pn, pa, yn, ya)
        quorum_met = all(s.holds() for s in q)
        return {
            "kind": "question", "n": n, "a": a, "pn": pn, "pa": pa, "yn": yn, "ya": ya,
            "on": tot["oppose"][0], "oa": tot["oppose"][1],
            "abstain_n": tot["abstain"][0], "abstain_a": tot["abstain"][1],
            "refused": refused, "quorum_met": quorum_met,
            "passed": quorum_met and all(s.holds() for s in p),
            "quorum_line": line(q), "pass_line": line(p),
            "deciding": [s.inequality("quorum") for s in q] + [s.inequality("pass") for s in p],
            "conformity": conformity,
        }
    # An election: the 从众 clause does not apply; one approval list per entry.
    k = len(kind["candidates"])
    seats = kind["seats"]
    if k == 0:
        raise CannotTally("an election needs at least one candidate")
    if seats == 0:
        raise CannotTally("an election needs at least one seat")
    counted = resolve(admitted, own_of, first)
    appr = [[0, 0] for _ in range(k)]
    pn = pa = 0
    for b in counted:
        c = parse_choice(b["choice"])
        if c is None or c[0] != "e":
            continue
        lst = c[1]
        if len(lst) > kind["max_approvals"] or len(set(lst)) != len(lst) or any(x >= k for x in lst):
            raise CannotTally("entry %d's approvals are not valid for this election" % b["person_id"])
        for x in lst:
            appr[x][0] += 1
            appr[x][1] += areas[b["person_id"]]
        pn, pa = pn + 1, pa + areas[b["person_id"]]
    q = quorum_specs(rule, n, a, pn, pa)
    quorum_met = all(s.holds() for s in q)
    cands = []
    for c in range(k):
        specs = pass_specs(rule, n, pn, pa, appr[c][0], appr[c][1])
        cands.append({
            "candidate": c, "yn": appr[c][0], "ya": appr[c][1],
            "rank": 1 + sum(1 for o in appr if tuple(o) > tuple(appr[c])),
            "passes_rule": all(s.holds() for s in specs), "elected": False, "tied": False,
            "checks": [s.inequality("pass") for s in specs],
        })
    ties = False
    if quorum_met:
        passing = sorted((c for c in range(k) if cands[c]["passes_rule"]), key=lambda c: (-appr[c][0], -appr[c][1], c))
        key = lambda c: tuple(appr[c])  # noqa: E731
        if len(passing) <= seats:
            for c in passing:
                cands[c]["elected"] = True
        else:
            boundary = key(passing[seats - 1])
            straddles = key(passing[seats]) == boundary
            for c in passing:
                if straddles and key(c) == boundary:
                    cands[c]["tied"] = ties = True
                elif key(c) > boundary or (not straddles and key(c) == boundary):
                    cands[c]["elected"] = True
    return {
        "kind": "election", "n": n, "a": a, "pn": pn, "pa": pa, "refused": refused,
        "quorum_met": quorum_met, "quorum_line": line(q),
        "pass_line": line(pass_specs(rule, n, pn, pa, 0, 0)),
        "quorum_checks": [s.inequality("quorum") for s in q],
        "candidates": cands, "seats": seats,
        "seats_filled": sum(1 for c in cands if c["elected"]),
        "max_approvals": kind["max_approvals"], "ties_flagged": ties,
    }


def differences(path, got, want):
    """Each place the record's value `got` differs from the recount's `want`, named."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for name in want:
            out += differences("%s.%s" % (path, name), got.get(name, "(missing)"), want[name])
        out += ["%s.%s: in the record, not in the recount" % (path, x) for x in got if x not in want]
        if not out and list(got) != list(want):
            out.append("%s: the members are not in the order the format gives" % path)
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return ["%s: %d items in the record, the recount has %d" % (path, len(got), len(want))]
        out = []
        for i, (g, w) in enumerate(zip(got, want)):
            out += differences("%s[%d]" % (path, i), g, w)
        return out
    if type(got) is not type(want) or got != want:
        return ["%s is %s in the record, the recount of the ballots gives %s" % (path, _show(got), _show(want))]
    return []


def _show(v):
    import json

    return json.dumps(v, ensure_ascii=False)


_BALLOT = re.compile(r"^ballot #(-?\d+): ")


def check(record, problems):
    """The admission and recount problems of a record (see the module's doc)."""
    failed = set()
    for p in problems:
        m = _BALLOT.match(p)
        if m and not any(w in p for w in ORDER_WORDS):
            failed.add(int(m.group(1)))
    out = []
    vote = record["vote"]
    intact = []
    for b in record["ballots"]:
        if not choice_ok(vote["kind"], b.get("choice")):
            out.append("ballot #%d: the choice %s is not valid for this vote" % (b["seq"], _show(b.get("choice"))))
        elif b["seq"] not in failed:
            intact.append(b)
    win = window(vote)
    if win is None:
        return out + ["the vote's times cannot be read"]
    admitted = []
    for b, reason in zip(intact, admit_all(record, intact, win)):
        if reason is None:
            admitted.append(b)
        else:
            out.append("ballot #%d: not admitted: %s" % (b["seq"], reason))
    res = record.get("result")
    try:
        want = recount(record, admitted)
    except CannotTally as e:
        return out + ["cannot tally: %s" % e]
    if res is not None:
        out += differences("outcome", res.get("outcome"), want)
    return out


def main(argv):
    """`python3 yishi_tally.py CASES.json`: CASES is a list of records whose ballots were all
    admitted (as a differential test writes them); prints each difference between a record's
    `result.outcome` and this recount, and exits 1 if there is any."""
    import json

    with open(argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    bad = 0
    for n, record in enumerate(cases):
        try:
            want = recount(record, record["ballots"])
            found = differences("outcome", record["result"]["outcome"], want)
        except CannotTally as e:
            found = ["cannot tally: %s" % e]
        for p in found:
            print("case %d: %s" % (n, p))
        bad += bool(found)
    print("%d cases, %d differ" % (len(cases), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
