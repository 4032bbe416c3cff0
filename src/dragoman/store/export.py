"""Exports of merged events: PLOVER JSON Lines, flat CSV, Parquet, a GDELT-2.0-style event table, and the
actor network as GraphML. Events are read in chunks by id, so a million-event export runs in little memory.

Every format takes the events filter as it is: backdrop-only (and uncertain) events are left out unless the
filter includes them; PLOVER, CSV and Parquet then carry ``background``, GDELT and GraphML have no place for it."""
from __future__ import annotations

import calendar
import contextlib
import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dragoman.store import queries
from dragoman.store import schema as t
from dragoman.store.dates import parse_when
from dragoman.store.queries import GROUP_CODES, QUADS, EventFilter

FORMATS = ("plover", "csv", "parquet", "gdelt", "graphml")
CHUNK = 5000

FLAT_COLUMNS = queries.EVENT_COLUMNS + ("text", "article", "articles")

GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor{i}{c}" for i in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
GEO_TYPES = {"country": 1, "region": 5, "city": 4, "capital": 4}
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(...)`` in a URL) gets a leading single
    quote, so it shows as text; numbers and everything else pass unchanged, so a score of -3.5 stays a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export(conn: Connection, fmt: str, target: Path | IO[Any], f: EventFilter) -> int:
    """Write the events as ``fmt`` to a file, or to an open stream (text; binary for parquet), e.g. stdout."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return _parquet(conn, str(target) if isinstance(target, Path) else target, f)
    writer = {"plover": _plover, "csv": _csv, "gdelt": _gdelt, "graphml": _graphml}[fmt]
    with _text_output(target) as out:
        return writer(conn, out, f)


@contextlib.contextmanager
def _text_output(target: Path | IO[str]) -> Iterator[IO[str]]:
    """A file opened for writing, or the caller's stream (left open: it is the caller's)."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8", newline="") as out:
            yield out
    else:
        yield target


def iter_events(conn: Connection, f: EventFilter, with_sources: bool = False) -> Iterator[list[dict[str, Any]]]:
    """Chunks of event dicts in id order, each with its anchor sentence, article, article list (and, with
    ``with_sources``, the full sources)."""
    e, m, a = t.events, t.mentions, t.articles
    last = 0
    while True:
        query = (queries.event_select().add_columns(
            e.c.is_root, e.c.context, e.c.place_feature, e.c.created_at, m.c.sentence_text.label("text"),
            m.c.sentence_start, m.c.sentence_end, a.c.doc_id.label("article"))
            .select_from(e.outerjoin(m, m.c.id == e.c.anchor_mention_id).outerjoin(a, a.c.id == m.c.article_id))
            .where(e.c.id > last, *queries.event_conditions(f)).order_by(e.c.id).limit(CHUNK))
        rows = [queries.event_dict(r) for r in conn.execute(query)]
        if not rows:
            return
        ids = [r["id"] for r in rows]
        articles: dict[int, list[str]] = defaultdict(list)
        for event_id, doc_id in conn.execute(
                select(t.event_links.c.event_id, a.c.doc_id).distinct()
                .select_from(t.event_links.join(a, a.c.id == t.event_links.c.article_id))
                .where(t.event_links.c.event_id.in_(ids)).order_by(t.event_links.c.event_id, a.c.doc_id)):
            articles[event_id].append(doc_id)
        sources = queries.event_sources(conn, ids) if with_sources else {}
        for row in rows:
            row["articles"] = articles.get(row["id"], [])
            if with_sources:
                row["sources"] = sources.get(row["id"], [])
        yield rows
        last = ids[-1]


def _party(code: str | None, sector: str | None, name: str | None) -> dict[str, Any] | None:
    if code is None and sector is None and name is None:
        return None
    return {"code": code, "sector": sector, "name": name}


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One merged event in the project's PLOVER JSON form, with its sources."""
    place = None
    if row["place"] or row["place_country"]:
        place = {"name": row["place"], "country": row["place_country"], "lat": row["lat"], "lon": row["lon"],
                 "feature": row.get("place_feature")}
    return {
        "id": row["id"], "event": row["event"], "mode": row["mode"], "context": row.get("context") or [],
        "date": row["date"],
        "actor": _party(row["actor_code"], row["actor_sector"], row["actor_name"]),
        "recipient": _party(row["recipient_code"], row["recipient_sector"], row["recipient_name"]),
        "event_loc": place, "cameo": row["cameo"], "quad_class": row["quad_class"], "score": row["score"],
        "negated": row["negated"], "hypothetical": row["hypothetical"], "background": row["background"],
        "text": row["text"],
        "num_sources": row["num_sources"], "num_articles": row["num_articles"],
        "num_mentions": row["num_mentions"],
        "sources": [{"article": s["article"], "title": s["title"], "source": s["source"], "url": s["url"],
                     "date": s["date"], "text": s["sentence_text"],
                     "offsets": [s["sentence_start"], s["sentence_end"]] if s["sentence_start"] is not None
                     else None, "background": s["background"], "copy_of": s["copy_of"]}
                    for s in row.get("sources", [])],
    }


def _plover(conn: Connection, out: IO[str], f: EventFilter) -> int:
    n = 0
    for chunk in iter_events(conn, f, with_sources=True):
        for row in chunk:
            out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
            n += 1
    return n


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: spreadsheet_safe(row[k]) for k in FLAT_COLUMNS if k != "articles"}
    out["articles"] = spreadsheet_safe(";".join(row["articles"]))
    return out


def _csv(conn: Connection, out: IO[str], f: EventFilter) -> int:
    n = 0
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    for chunk in iter_events(conn, f):
        for row in chunk:
            writer.writerow(_flat(row))
            n += 1
    return n


def _parquet(conn: Connection, where: str | IO[bytes], f: EventFilter) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    string, i64, f64, boolean = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    types = {"id": i64, "quad_class": i64, "score": f64, "lat": f64, "lon": f64, "num_sources": i64,
             "num_articles": i64, "num_mentions": i64, "negated": boolean, "hypothetical": boolean,
             "background": boolean, "articles": pa.list_(string)}
    schema = pa.schema([(c, types.get(c, string)) for c in FLAT_COLUMNS])
    n = 0
    with pq.ParquetWriter(where, schema) as writer:
        for chunk in iter_events(conn, f):
            columns = {c: [row[c] for row in chunk] for c in FLAT_COLUMNS}
            writer.write_table(pa.table(columns, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _gdelt_actor(code: str | None, sector: str | None, name: str | None) -> list[str]:
    if code is None:
        return [""] * 10
    group = code in GROUP_CODES
    cells = [code + (sector or ""), name or code, "" if group else code, code if group else "", "", "", "",
             sector or "", "", ""]
    return [spreadsheet_safe(c) for c in cells]


def _num(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def gdelt_row(row: dict[str, Any]) -> list[str]:
    when = parse_when(row["date"])
    if when:
        d = when.lo
        year_days = 366 if calendar.isleap(d.year) else 365  # not date(year + 1, ...): 9999 is the last year
        fraction = f"{d.year + (d.timetuple().tm_yday - 1) / year_days:.4f}"
        dates = [str(when.day), str(when.day // 100), str(d.year), fraction]
    else:
        dates = ["", "", "", ""]
    cameo = row["cameo"] or ""
    created = row.get("created_at")
    added = created.strftime("%Y%m%d%H%M%S") if isinstance(created, datetime) else ""
    geo_type = GEO_TYPES.get(row.get("place_feature") or "", 4) if (row["place"] or row["place_country"]) else ""
    action_geo = [str(geo_type), spreadsheet_safe(row["place"] or ""),
                  spreadsheet_safe(row["place_country"] or ""), "", "", _num(row["lat"]), _num(row["lon"]), ""]
    return [str(row["id"]), *dates,
            *_gdelt_actor(row["actor_code"], row["actor_sector"], row["actor_name"]),
            *_gdelt_actor(row["recipient_code"], row["recipient_sector"], row["recipient_name"]),
            "1" if row.get("is_root") else "0", *(spreadsheet_safe(c) for c in (cameo, cameo[:3], cameo[:2])),
            _num(row["quad_class"]),
            _num(row["score"]), _num(row["num_mentions"]), _num(row["num_sources"]), _num(row["num_articles"]), "",
            *([""] * 16), *action_geo, added, spreadsheet_safe(row["source_url"] or "")]


def _gdelt(conn: Connection, out: IO[str], f: EventFilter) -> int:
    n = 0
    out.write("\t".join(GDELT_COLUMNS) + "\n")
    for chunk in iter_events(conn, f):
        for row in chunk:
            out.write("\t".join(v.replace("\t", " ").replace("\n", " ").replace("\r", " ") for v in gdelt_row(row))
                      + "\n")
            n += 1
    return n


def _graphml(conn: Connection, out: IO[str], f: EventFilter) -> int:
    """Codes (countries, IGO, NGO, ...) and named actors as nodes; an 'event' edge per directed pair of codes
    weighted by its number of events, with summed score and counts per quad class; an 'affiliation' edge from
    each named actor to its code, weighted by the events it is named in."""
    edges: dict[tuple[str, str], dict[str, float]] = {}
    named: dict[tuple[str, str], int] = defaultdict(int)
    for chunk in iter_events(conn, f):
        for row in chunk:
            a, r = row["actor_code"], row["recipient_code"]
            for code, name in ((a, row["actor_name"]), (r, row["recipient_name"])):
                if code and name:
                    named[(name, code)] += 1
            if not a or not r:
                continue
            edge = edges.setdefault((a, r), {"events": 0, "score": 0.0, **{q: 0 for q in QUADS}})
            edge["events"] += 1
            edge["score"] += row["score"] or 0.0
            if row["quad_class"] in (1, 2, 3, 4):
                edge[QUADS[row["quad_class"] - 1]] += 1
    codes = sorted({c for pair in edges for c in pair} | {code for _, code in named})
    keys = [("label", "node", "string"), ("kind", "node", "string"), ("code", "node", "string"),
            ("edge_type", "edge", "string"), ("weight", "edge", "double"), ("events", "edge", "int"),
            ("score", "edge", "double"), ("mean_score", "edge", "double"),
            *((q, "edge", "int") for q in QUADS)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
             'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    lines += [f'  <key id="{name}" for="{kind}" attr.name="{name}" attr.type="{typ}"/>' for name, kind, typ in keys]
    lines.append('  <graph id="dragoman" edgedefault="directed">')

    def data(values: dict[str, Any]) -> str:
        return "".join(f'<data key="{k}">{escape(str(v))}</data>' for k, v in values.items())

    for code in codes:
        kind = "group" if code in GROUP_CODES else "country"
        lines.append(f'    <node id={quoteattr(code)}>{data({"label": code, "kind": kind, "code": code})}</node>')
    actor_ids = {}
    for i, (name, code) in enumerate(sorted(named)):
        actor_ids[(name, code)] = node = f"actor:{i}"
        lines.append(f'    <node id="{node}">{data({"label": name, "kind": "actor", "code": code})}</node>')
    n = 0
    for (a, r), edge in sorted(edges.items()):
        values = {"edge_type": "event", "weight": edge["events"], "events": edge["events"],
                  "score": round(edge["score"], 3), "mean_score": round(edge["score"] / edge["events"], 3),
                  **{q: edge[q] for q in QUADS}}
        lines.append(f'    <edge id="e{n}" source={quoteattr(a)} target={quoteattr(r)}>{data(values)}</edge>')
        n += 1
    for (name, code), count in sorted(named.items()):
        values = {"edge_type": "affiliation", "weight": count, "events": count}
        lines.append(f'    <edge id="e{n}" source="{actor_ids[(name, code)]}" target={quoteattr(code)}>'
                     f'{data(values)}</edge>')
        n += 1
    lines += ["  </graph>", "</graphml>"]
    out.write("\n".join(lines) + "\n")
    return n


__all__ = ["FORMATS", "GDELT_COLUMNS", "FLAT_COLUMNS", "export", "iter_events", "plover_record", "gdelt_row",
           "spreadsheet_safe"]
