"""Dated commitments: mandates extended until a year, programmes set to conclude by one, deadlines, targets.

A commitment is a horizon phrase ("until 2042", "by the end of 2026", "through 2030", "no later than 2027")
attached in the dependency parse to a verb or noun of extension, completion, validity, plan or pledge, in a
future-facing clause (a modal, a plan verb with its infinitive, an extension verb, or the present tense of a
verb of lasting). Past narration ("stood at $2 billion by mid-2025", "had been disarmed by 2010") is left out.
"""
from __future__ import annotations

import calendar
import re
from types import MappingProxyType

from spacy.tokens import Doc, Token

from dragoman.records import Commitment, Span

RELATIONS = MappingProxyType({"until": "until", "till": "until", "til": "until", "through": "until",
                              "thru": "until", "by": "by", "before": "by"})
MONTHS = MappingProxyType({**{name.lower(): n for n, name in enumerate(calendar.month_abbr) if name},
                           **{name.lower(): n for n, name in enumerate(calendar.month_name) if name}, "sept": 9})
# words of "the end of 2026", "the first half of 2027": "end" gives the last day, the others the year
PARTS = MappingProxyType({"end": "end", "close": "end", **{w: "year" for w in (
    "middle", "mid", "beginning", "start", "first", "second", "third", "fourth", "half", "quarter", "early", "late")}})
_YEAR = re.compile(r"^(?:19|20|21)\d\d$")
_PART_YEAR = re.compile(r"^(mid|early|late|end)-((?:19|20|21)\d\d)$", re.I)
_DAY = re.compile(r"^([12]?\d|3[01])(?:st|nd|rd|th)?$")

# verbs whose horizon is a commitment in any tense ("Russia extended the lease until 2042")
EXTEND_VERBS = frozenset({"extend", "prolong", "renew", "postpone", "delay", "defer", "push", "suspend", "freeze",
                          "reschedule"})
# verbs of lasting: a commitment in the present or future ("the lease runs until 2030")
LAST_VERBS = frozenset({"run", "last", "remain", "stay", "continue", "expire", "be", "apply", "hold", "operate",
                        "serve", "cover", "span"})
# verbs that make the infinitive they govern a plan ("set to conclude by 2034", "plans to build by 2030")
PLAN_VERBS = frozenset({"plan", "aim", "set", "expect", "schedule", "intend", "pledge", "promise", "agree", "commit",
                        "vow", "seek", "hope", "want", "target", "propose", "decide", "undertake", "require",
                        "oblige", "obligate", "due", "mandate", "order", "call", "urge", "resolve", "prepare",
                        "project", "forecast", "envisage", "need", "have", "strive"})
MODALS = frozenset({"will", "shall", "must", "should", "'ll", "wo", "would"})
# nouns whose horizon is a commitment ("a lease until 2042", "the moratorium through 2030")
COMMIT_NOUNS = frozenset({
    "mandate", "agreement", "contract", "lease", "deal", "program", "programme", "plan", "strategy", "target",
    "goal", "pledge", "commitment", "moratorium", "ban", "ceasefire", "truce", "freeze", "extension", "deadline",
    "timeline", "roadmap", "treaty", "concession", "license", "licence", "term", "presence", "deployment",
    "mission", "arrangement", "memorandum", "partnership", "project", "construction", "completion", "phase-out",
    "withdrawal", "reduction", "cut", "sanction", "embargo", "suspension", "loan", "credit", "package", "scheme",
    "initiative", "budget", "quota", "exemption", "waiver", "guarantee", "protocol", "accord", "pact", "framework",
    "obligation", "schedule", "tenure", "membership", "subsidy", "tariff", "cap", "limit", "pause", "delay"})
COMMIT_ADJS = frozenset({"valid", "effective", "binding", "due", "available", "open", "closed", "operational",
                         "responsible", "liable", "eligible", "suspended", "frozen", "banned", "exempt"})


def _horizon(doc: Doc, i: int, end: int) -> tuple[str, int] | None:
    """(ISO horizon, one past its last token) for the date expression starting at token i, if it names a year."""
    def tok(k: int) -> str:
        return doc[k].lower_ if k < end else ""

    k = i
    if tok(k) in ("the", "a"):
        k += 1
    m = _PART_YEAR.match(doc[k].text) if k < end else None
    if m:
        year = m[2]
        return (f"{year}-12-31" if m[1].lower() == "end" else year), k + 1
    part = None
    while tok(k) in PARTS and k - i < 4:
        part = part if part == "end" else PARTS[tok(k)]
        k += 1
    if part and tok(k) in ("of", "-"):
        k += 1
        if tok(k) == "the" and tok(k + 1) == "year":
            k += 2
    elif part:
        if part != "year" or not _YEAR.match(tok(k)):  # "early 2026", but not "the end" alone
            return None
    day = None
    if _DAY.match(tok(k)) and tok(k + 1).rstrip(".") in MONTHS:
        day, k = int(re.match(r"\d+", tok(k))[0]), k + 1
    month = MONTHS.get(tok(k).rstrip("."))
    if month:
        k += 1
        if day is None and _DAY.match(tok(k)):
            day, k = int(re.match(r"\d+", tok(k))[0]), k + 1
        if tok(k) == ",":
            k += 1
    if not _YEAR.match(tok(k)) or (k + 1 < end and (doc[k + 1].pos_ in ("NOUN", "PROPN", "SYM", "NUM")
                                                      or doc[k + 1].text == "%")):
        return None  # not a year: "by 2000 km", "until 2030 troops"
    year = int(doc[k].text)
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}", k + 1
    if part == "end":
        last = calendar.monthrange(year, month or 12)[1]
        return f"{year:04d}-{month or 12:02d}-{last:02d}", k + 1
    return (f"{year:04d}-{month:02d}" if month else f"{year:04d}"), k + 1


def _verb_chain(verb: Token) -> list[Token]:
    """The verb and the verbs it is the infinitive complement of: conclude <- set, extend <- agreed."""
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "ccomp", "advcl") and chain[-1].head.pos_ in ("VERB", "AUX", "ADJ") \
            and len(chain) < 4:
        if chain[-1].dep_ != "xcomp" and not any(c.lower_ == "to" for c in chain[-1].children):
            break
        chain.append(chain[-1].head)
    return chain


def _future_facing(chain: list[Token]) -> bool:
    head = chain[0]
    auxes = [c for v in chain for c in v.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ == "had" for a in auxes if a.head == head):
        return False  # past perfect: narration
    if any(a.lower_ == "have" and a.tag_ == "VB" for a in auxes if a.head == head):
        return False  # "would have been delivered by 2011": counterfactual
    top = chain[-1]
    if top.dep_ == "acl" and any(c.lower_ == "to" for c in top.children) and \
            top.head.lemma_.lower() in COMMIT_NOUNS:
        return True  # "an agreement to construct the pipeline by 2025"
    if head.lemma_.lower() in EXTEND_VERBS:
        return True
    if any(a.lower_ in MODALS for a in auxes):
        return True
    if any(v.lemma_.lower() in PLAN_VERBS or v.lemma_ == "be" for v in chain[1:]):
        return True  # "plans to build", "set to conclude", "is to deliver"
    present = top.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes if a.head == top)
    return present and head.lemma_.lower() in LAST_VERBS


def _noun_phrase(noun: Token) -> list[Token]:
    """The noun with its modifiers on the left (determiner, possessive, adjectives, compounds)."""
    toks = [noun]
    for child in noun.lefts:
        if child.dep_ in ("det", "poss", "amod", "compound", "nummod", "nmod", "quantmod", "predet", "case"):
            toks.extend(child.subtree)
    return sorted(set(toks), key=lambda t: t.i)


def _render(doc: Doc, toks: list[Token]) -> str:
    out, prev = "", None
    for t in sorted(set(toks), key=lambda t: t.i):
        if prev is not None:
            gap = doc[prev.i + 1:t.i]
            out += prev.whitespace_ if not len(gap) else (", " if all(g.text == "," for g in gap) else " ")
        out += t.text
        prev = t
    return out.strip(" ,;:")


def _clause(doc: Doc, chain: list[Token], prep: Token) -> list[Token]:
    """Subject, auxiliaries, verbs and their objects up to the horizon: "its mandate has been extended"."""
    skip = set(t.i for t in prep.subtree)
    toks: list[Token] = []
    top = chain[-1]
    for verb in chain:
        toks.append(verb)
        for c in verb.children:
            if c.i in skip or c.i > prep.i:
                continue
            if c.dep_ in ("aux", "auxpass", "neg", "prt", "dobj", "attr", "acomp", "oprd", "dative") or \
                    (c.dep_ == "prep" and c.i < prep.i and verb is chain[0]):
                toks.extend(c.subtree if c.dep_ not in ("aux", "auxpass", "neg") else [c])
            elif c.dep_ in ("nsubj", "nsubjpass", "expl"):
                relative = c.tag_ in ("WDT", "WP") and top.dep_ == "relcl" and verb is top
                toks.extend(_noun_phrase(top.head if relative else c))
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in top.children):
        noun = top.head if top.dep_ == "acl" else None
        if noun is not None and any(c.lower_ == "to" for c in top.children):
            toks.extend(c for c in top.children if c.lower_ == "to")
        if noun is None and top.dep_ in ("advcl", "conj") and top.i > 1 and doc[top.i - 1].text == ",":
            noun = doc[top.i - 2] if doc[top.i - 2].pos_ in ("NOUN", "PROPN") else None
        if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
            toks.extend(_noun_phrase(noun))
    return [t for t in toks if t.i not in skip and t.i < prep.i]


def _attachment(prep: Token) -> Token:
    """The word the horizon phrase hangs on ("no later than": than <- later <- leave)."""
    head = prep.head
    if prep.lower_ == "than" and head.lower_ in ("later", "after") and head.head is not head:
        head = head.head
    while head.lemma_.lower() in PLAN_VERBS or head.lemma_ == "be":  # "set [to conclude] by 2034" (parse slip)
        inner = [c for c in head.children if c.i < prep.i and (c.dep_ == "xcomp" or (
            c.dep_ == "advcl" and any(t.lower_ == "to" for t in c.children)))]
        if not inner:
            break
        head = inner[-1]
    return head


def extract_commitments(doc: Doc, published: str | None = None) -> list[Commitment]:
    """Dated commitments the article states; with ``published`` (YYYY-MM-DD), horizons before its year are dropped."""
    out: list[Commitment] = []
    text = doc.text
    for sent in doc.sents:
        for prep in sent:
            low = prep.lower_
            start = prep
            if low in RELATIONS:
                relation = RELATIONS[low]
            elif low == "than" and prep.i - 2 >= sent.start and doc[prep.i - 1].lower_ == "later" \
                    and doc[prep.i - 2].lower_ in ("no", "not"):
                relation, start = "by", doc[prep.i - 2]
            else:
                continue
            found = _horizon(doc, prep.i + 1, sent.end)
            if found is None:
                continue
            horizon, stop = found
            if published and horizon[:4] < published[:4]:
                continue
            what = _commitment(doc, prep)
            if what:
                out.append(Commitment(horizon, relation, what,
                                      Span(start.idx, doc[stop - 1].idx + len(doc[stop - 1]),
                                           text[start.idx:doc[stop - 1].idx + len(doc[stop - 1])]),
                                      Span(sent.start_char, sent.end_char, sent.text)))
    return out


def _commitment(doc: Doc, prep: Token) -> str | None:
    """What the horizon phrase at ``prep`` commits to, or None when it is not a commitment."""
    head = _attachment(prep)
    todo = [c for c in head.children if c.dep_ in ("xcomp", "advcl") and c.i > prep.i
            and any(t.lower_ == "to" for t in c.children)]
    if head.lemma_ == "have" and todo and prep.lower_ != "by":  # "Iran has until 2026 to comply": a deadline
        subj = [t for c in head.children if c.dep_ == "nsubj" for t in _noun_phrase(c)]
        return _render(doc, subj + [head]) + " " + doc[todo[0].left_edge.i:todo[0].right_edge.i + 1].text
    if head.pos_ in ("VERB", "AUX"):
        chain = _verb_chain(head)
        if not _future_facing(chain) and head.lemma_.lower() not in EXTEND_VERBS:
            obj = [c for c in head.children if c.dep_ == "dobj" and c.lemma_.lower() in COMMIT_NOUNS]
            if not obj or prep.lower_ == "by":
                return None
            return _render(doc, [t for t in _noun_phrase(obj[0]) if t.i < prep.i]) or None
        if head.lemma_.lower() in EXTEND_VERBS and any(c.lower_ == "had" for c in head.children):
            return None
        return _render(doc, _clause(doc, chain, prep)) or None
    if head.pos_ == "ADJ" and head.lemma_.lower() in COMMIT_ADJS:
        noun = head.head if head.dep_ == "amod" else next(
            (c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        toks = (_noun_phrase(noun) if noun is not None else []) + [head]
        return _render(doc, [t for t in toks if t.i < prep.i]) or None
    for _ in range(2):  # "the moratorium on drilling until 2028"
        if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in COMMIT_NOUNS and head.dep_ == "pobj" \
                and head.head.dep_ == "prep" and head.head.head.pos_ == "NOUN":
            head = head.head.head
    if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in COMMIT_NOUNS:
        return _render(doc, [t for t in _noun_phrase(head) if t.i < prep.i]) or None
    return None
