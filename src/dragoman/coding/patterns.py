"""Event patterns and the PLOVER type table, loaded once from data/events.toml, data/cameo_verbs.tsv (the CAMEO
verb dictionary, converted) and data/plover.toml. Hand-written patterns come first and win."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
SLOTS = {"dobj", "dative", "agent", "complement", "place", "partner"}
HAND_WRITTEN = "events.toml"
DICTIONARY = "cameo_verbs.tsv"
DICTIONARY_COLUMNS = ("id", "verb", "particle", "preposition", "objects", "event", "mode", "cameo", "recipient")


class PatternError(ValueError):
    """A pattern file that does not follow the documented format."""


@dataclass(frozen=True)
class Pattern:
    """One way a text reports an event: trigger words, where the recipient is, and how it frames clauses."""

    id: str
    event: str
    mode: str | None = None
    cameo: str | None = None
    verbs: tuple[tuple[str, str | None], ...] = ()  # (lemma, required particle or object word)
    adjectives: tuple[str, ...] = ()
    nouns: tuple[tuple[str, ...], ...] = ()  # multi-word nouns as word tuples, last word lemmatised
    objects: frozenset[str] = frozenset()
    recipient: tuple[str, ...] = ()
    frame: bool = False
    negates: bool = False
    silent_with_complement: bool = False
    domestic: str | None = None
    of_is_actor: bool = False  # "the withdrawal of US forces": the of-phrase of the noun is the actor
    civilian: str | None = None  # event to use when civilians do it ("protesters blocked" -> PROTEST)
    alone: str | None = None  # event to use when one country does it with no partner ("staged drills near Taiwan")
    reverse: bool = False  # the subject receives, the recipient slot holds the actor ("received aid from Japan")
    admission: str | None = None  # event to use when the complement clause owns up to a hostile act
    mutual: bool = False  # done together ("signed a treaty", "upgraded ties"): a compound actor gives each pair
    intransitive: bool = False  # fires only without a direct object ("gathered", not "gathered evidence")
    preposition: str | None = None  # objects are looked for under this preposition ("blamed X for the attack")
    reciprocal: bool = False  # done to each other ("troops of A and B clashed"): a compound actor gives both ways
    reciprocal_when: tuple[str, ...] = ()  # phrases after the trigger that make it go both ways ("in exchange for")
    verdict: bool = False  # judges an act ("said the raid was justified"): speaker -> the act's doer
    except_objects: frozenset[str] = frozenset()  # objects that make it another sense ("met resistance")
    done_when_framed_by: frozenset[str] = frozenset()  # frame verbs under which it is done ("agreed to buy a stake")
    authority_verbs: frozenset[str] = frozenset()  # done by the place's authorities when passive with no doer
    truce_objects: tuple[str, ...] = ()  # "called for a ceasefire": with no recipient, the sides of the last fight
    source: str = HAND_WRITTEN  # the data file the pattern comes from


@dataclass(frozen=True)
class TypeInfo:
    cameo: str
    quad: int
    score: float


@dataclass(frozen=True)
class PatternBook:
    """All patterns, indexed by trigger lemma, plus the mode words and the PLOVER type table."""

    patterns: tuple[Pattern, ...]
    by_verb: dict[str, tuple[tuple[Pattern, str | None], ...]] = field(default_factory=dict)
    by_adjective: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    by_noun: dict[str, tuple[tuple[Pattern, tuple[str, ...]], ...]] = field(default_factory=dict)
    mode_words: dict[str, str] = field(default_factory=dict)
    types: dict[str, TypeInfo] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path | None = None) -> "PatternBook":
        events_text = _read(data_dir, "events.toml")
        plover_text = _read(data_dir, "plover.toml")
        try:
            events = tomllib.loads(events_text)
            plover = tomllib.loads(plover_text)
        except tomllib.TOMLDecodeError as exc:
            raise PatternError(f"pattern files: {exc}") from exc
        hand_written = tuple(_pattern(raw, n) for n, raw in enumerate(events.get("pattern", []), 1))
        dictionary = _dictionary_patterns(_read(data_dir, DICTIONARY, required=False))
        patterns = hand_written + dictionary
        by_verb: dict[str, list] = {}
        by_adj: dict[str, list] = {}
        by_noun: dict[str, list] = {}
        for p in patterns:
            for lemma, particle in p.verbs:
                by_verb.setdefault(lemma, []).append((p, particle))
            for adj in p.adjectives:
                by_adj.setdefault(adj, []).append(p)
            for words in p.nouns:
                by_noun.setdefault(words[-1], []).append((p, words))
        for lemma, entries in by_verb.items():  # dictionary rows: the most specific first, hand-written stay ahead
            entries.sort(key=lambda e: 0 if e[0].source != DICTIONARY else
                         1 if e[0].objects else 2 if e[0].preposition or e[1] else 3)
        modes = {w: mode for mode, words in events.get("modes", {}).items() for w in words}
        types = {}
        for name in PLOVER_TYPES:
            row = plover.get(name)
            if row is None:
                raise PatternError(f"plover.toml: no entry for {name}")
            types[name] = TypeInfo(str(row["cameo"]), int(row["quad"]), float(row["score"]))
        return cls(patterns, {k: tuple(v) for k, v in by_verb.items()}, {k: tuple(v) for k, v in by_adj.items()},
                   {k: tuple(v) for k, v in by_noun.items()}, modes, types)


def _read(data_dir: Path | None, name: str, required: bool = True) -> str:
    if data_dir is not None and (Path(data_dir) / name).exists():
        return (Path(data_dir) / name).read_text(encoding="utf-8")
    packaged = resources.files("dragoman").joinpath("data").joinpath(name)
    if not required and not packaged.is_file():
        return ""
    return packaged.read_text(encoding="utf-8")


def _dictionary_patterns(text: str) -> tuple[Pattern, ...]:
    """Rows of cameo_verbs.tsv (docs/knowledge.md, "Verb dictionary") as patterns."""
    out = []
    header: list[str] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = set(DICTIONARY_COLUMNS) - set(header)
            if missing:
                raise PatternError(f"{DICTIONARY} line {n}: missing columns {sorted(missing)}")
            continue
        if len(cells) != len(header):
            raise PatternError(f"{DICTIONARY} line {n}: {len(cells)} cells, expected {len(header)}")
        row = dict(zip(header, cells))
        where = f"{DICTIONARY} line {n} ({row['id']})"
        if row["event"] not in PLOVER_TYPES:
            raise PatternError(f"{where}: event {row['event']!r} is not a PLOVER 0.8 type")
        slots = tuple(s for s in row["recipient"].split(",") if s)
        out.append(Pattern(
            id=row["id"], event=row["event"], mode=row["mode"] or None, cameo=row["cameo"] or None,
            verbs=((row["verb"], row["particle"] or None),),
            objects=frozenset(o for o in row["objects"].split("|") if o), recipient=slots,
            preposition=row["preposition"] or None, reverse=row.get("reverse") == "yes", source=DICTIONARY,
        ))
    return tuple(out)


def _event_name(value: str | None, where: str) -> str | None:
    if value is not None and value not in PLOVER_TYPES:
        raise PatternError(f"{where}: {value!r} is not a PLOVER 0.8 type")
    return value


def _pattern(raw: dict, n: int) -> Pattern:
    where = f"events.toml pattern {n} ({raw.get('id', '?')})"
    event = raw.get("event")
    if event not in PLOVER_TYPES:
        raise PatternError(f"{where}: event {event!r} is not a PLOVER 0.8 type")
    if "id" not in raw:
        raise PatternError(f"{where}: no id")
    verbs = []
    for v in raw.get("verbs", []):
        words = v.lower().split()
        verbs.append((words[0], " ".join(words[1:]) or None))
    nouns = tuple(tuple(n_.lower().split()) for n_ in raw.get("nouns", []))
    domestic = _event_name(raw.get("domestic"), where)
    return Pattern(
        id=raw["id"], event=event, mode=raw.get("mode"), cameo=raw.get("cameo"), verbs=tuple(verbs),
        adjectives=tuple(a.lower() for a in raw.get("adjectives", [])), nouns=nouns,
        objects=frozenset(o.lower() for o in raw.get("objects", [])), recipient=tuple(raw.get("recipient", [])),
        frame=bool(raw.get("frame", False)), negates=bool(raw.get("negates", False)),
        silent_with_complement=bool(raw.get("silent_with_complement", False)), domestic=domestic,
        of_is_actor=bool(raw.get("of_is_actor", False)), civilian=_event_name(raw.get("civilian"), where),
        alone=_event_name(raw.get("alone"), where),
        reverse=bool(raw.get("reverse", False)),
        admission=_event_name(raw.get("admission"), where), mutual=bool(raw.get("mutual", False)),
        intransitive=bool(raw.get("intransitive", False)), preposition=raw.get("preposition"),
        reciprocal=bool(raw.get("reciprocal", False)),
        reciprocal_when=tuple(w.lower() for w in raw.get("reciprocal_when", [])),
        verdict=bool(raw.get("verdict", False)),
        done_when_framed_by=frozenset(w.lower() for w in raw.get("done_when_framed_by", [])),
        except_objects=frozenset(o.lower() for o in raw.get("except_objects", [])),
        authority_verbs=frozenset(v.lower() for v in raw.get("authority_verbs", [])),
        truce_objects=tuple(o.lower() for o in raw.get("truce_objects", [])),
    )
