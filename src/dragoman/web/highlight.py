"""An article's text with what was extracted from it marked in place, in the manner of displaCy.

The text is untrusted: every piece of it goes through ``markupsafe.escape``; the only markup is built here from
constant templates whose arguments ``Markup.format`` escapes too.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

# when two marks overlap, the one of the earlier kind wins
PRIORITY = ("event", "figure", "commitment", "actor")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # event | figure | commitment | actor
    label: str  # shown after the text (event type, code, unit)
    href: str
    title: str  # tooltip
    css: str = ""  # extra classes (quad class, actor kind, uncertain)


def marks_for(article: dict[str, Any]) -> list[Mark]:
    """Every mark the article's records give, before overlaps are resolved."""
    out: list[Mark] = []
    for ev in article["events"]:
        trig = ev.get("trigger")
        if not trig or trig["start"] is None:
            continue
        href = f"/event/{ev['event_ids'][0]}" if ev["event_ids"] else f"#m{ev['id']}"
        flags = " negated" if ev["negated"] else " hypothetical" if ev["hypothetical"] else ""
        title = (f"{ev['event']}{' (' + ev['mode'] + ')' if ev['mode'] else ''}: {_side(ev['actor'])} -> "
                 f"{_side(ev['recipient'])}; rule {ev['pattern']}{flags}")
        css = f"q{ev['quad_class'] or 0}" + (" uncertain" if flags else "")
        out.append(Mark(trig["start"], trig["end"], "event", ev["event"], href, title, css))
    for fig in article["figures"]:
        title = f"{fig['kind']}: {fig['value']:g} {fig['unit']}" + (f" ({fig['measured']})" if fig["measured"] else "")
        out.append(Mark(fig["start"], fig["end"], "figure", fig["unit"], f"#f{fig['id']}", title))
    for com in article["commitments"]:
        out.append(Mark(com["start"], com["end"], "commitment", com["horizon"], f"#c{com['id']}",
                        f"{com['what']} {com['relation']} {com['horizon']}"))
    for act in article["actors"]:
        label = act["code"] or act["kind"]
        title = (f"{act['name']}: {act['kind']}" + "".join(f", {x}" for x in (act["code"], act["sector"], act["role"])
                                                           if x))
        for men in act["mentions"]:
            out.append(Mark(men["start"], men["end"], "actor", label, f"/actor/{act['actor_id']}", title,
                            f"k-{act['kind']}"))
    return out


def _side(parties: list[dict[str, Any]]) -> str:
    return "+".join(p.get("code") or "?" for p in parties) or "-"


def resolve(marks: Iterable[Mark], length: int) -> list[Mark]:
    """Non-overlapping marks inside the text, sorted by start; on overlap the higher-priority kind, then the
    earlier and longer mark, wins."""
    ranked = sorted((m for m in marks if 0 <= m.start < m.end <= length),
                    key=lambda m: (PRIORITY.index(m.kind), m.start, -(m.end - m.start)))
    kept: list[Mark] = []
    for mark in ranked:
        if all(mark.end <= k.start or mark.start >= k.end for k in kept):
            kept.append(mark)
    return sorted(kept, key=lambda m: m.start)


def render(text: str, marks: Iterable[Mark], selected: Iterable[tuple[int, int, bool]] = ()) -> Markup:
    """The text as HTML: each mark a link with its label; each selected sentence (start, end, chosen) inside a
    <mark class="sent">, the chosen ones stronger, the first chosen one with id="sel" so a link can scroll to it."""
    kept = resolve(marks, len(text))
    ranges = [(max(0, s), min(len(text), e), chosen) for s, e, chosen in selected if s < e]
    cuts = sorted({0, len(text), *(p for s, e, _ in ranges for p in (s, e))})
    pieces: list[Markup] = []
    anchored = False
    for lo, hi in zip(cuts, cuts[1:]):
        covering = [chosen for s, e, chosen in ranges if s <= lo and hi <= e]
        body = _render_span(text, lo, hi, kept)
        if not covering:
            pieces.append(body)
            continue
        chosen = any(covering)
        anchor = chosen and not anchored
        anchored = anchored or anchor
        pieces.append(Markup('<mark class="sent{}"{}>{}</mark>').format(
            "" if chosen else " rel", Markup(' id="sel"') if anchor else Markup(""), body))
    return Markup("").join(pieces)


def _render_span(text: str, lo: int, hi: int, marks: list[Mark]) -> Markup:
    out: list[Markup] = []
    pos = lo
    for mark in marks:
        start, end = max(mark.start, lo), min(mark.end, hi)
        if start >= end:
            continue
        if start > pos:
            out.append(escape(text[pos:start]))
        out.append(Markup('<a class="ent ent-{} {}" href="{}" title="{}">{}<span class="lbl">{}</span></a>')
                   .format(mark.kind, mark.css, mark.href, mark.title, text[start:end], mark.label))
        pos = end
    if pos < hi:
        out.append(escape(text[pos:hi]))
    return Markup("").join(out)


def selected_ranges(article: dict[str, Any], event_id: int | None = None, mention_id: int | None = None,
                    at: int | None = None) -> list[tuple[int, int, bool]]:
    """The sentences to highlight, (start, end, chosen): every mention of one event (chosen: the one whose
    sentence starts at ``at``, else all), or one mention."""
    out = []
    for ev in article["events"]:
        start, end = ev["sentence"]["start"], ev["sentence"]["end"]
        if mention_id is not None and ev["id"] == mention_id:
            out.append((start, end, True))
        elif event_id is not None and event_id in ev["event_ids"]:
            out.append((start, end, at is None or at == start))
    if out and not any(chosen for _, _, chosen in out):  # ``at`` matched nothing: choose them all
        out = [(s, e, True) for s, e, _ in out]
    return out


def search_ranges(text: str, q: str, limit: int = 200) -> list[tuple[int, int, bool]]:
    """Where a search's words and "phrases" occur in the text (whole words, any case; -excluded words and
    OR left out), as selected ranges, the first one chosen (it gets the anchor the hit's link scrolls to)."""
    terms = [phrase or word for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q)
             if (phrase or word) != "OR" and not (word.startswith("-") and len(word) > 1)]
    terms = [t for t in terms if re.search(r"\w", t)]
    if not terms:
        return []
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in sorted(terms, key=len, reverse=True)),
                         re.IGNORECASE)
    return [(m.start(), m.end(), True) for m in list(pattern.finditer(text))[:limit]]
