"""Downloads of list views: CSV (streamed, any size, spreadsheet formulas neutralised) and GeoJSON of located
events. The columns are the list's own keys, so a CSV holds what the JSON holds, row for row."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from starlette.responses import JSONResponse, StreamingResponse

from dragoman.store.export import spreadsheet_safe
from dragoman.store.queries import EVENT_COLUMNS


def safe_cell(value: Any) -> Any:
    """A CSV cell: None empty, booleans and lists as text, and a string a spreadsheet would run as a formula
    ("=HYPERLINK(...)") with a leading apostrophe (store.export.spreadsheet_safe, as in the CLI's export);
    numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    return spreadsheet_safe(value)


def csv_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """The header, then one line per row (only ``columns``, in that order), a few hundred rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(row.get(c)) for c in columns])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(rows: Iterable[dict[str, Any]], columns: Sequence[str], name: str) -> StreamingResponse:
    return StreamingResponse(csv_lines(rows, columns), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def columns_of(rows: list[dict[str, Any]], default: Sequence[str] = ()) -> list[str]:
    """The keys of a list's rows in their order (scalar values only), or ``default`` for an empty list."""
    if not rows:
        return list(default)
    return [k for k, v in rows[0].items() if not isinstance(v, dict) and k != "parts"]


def event_feature(event: dict[str, Any]) -> dict[str, Any]:
    props = {k: event.get(k) for k in EVENT_COLUMNS if k not in ("lat", "lon")}
    return {"type": "Feature", "id": event["id"],
            "geometry": {"type": "Point", "coordinates": [event["lon"], event["lat"]]}, "properties": props}


def geojson_lines(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A FeatureCollection of the events that have coordinates, one Point feature each, written as it goes."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for event in events:
        if event.get("lat") is None or event.get("lon") is None:
            continue
        yield ("" if first else ",") + "\n" + json.dumps(event_feature(event), ensure_ascii=False)
        first = False
    yield "\n]}\n"


def geojson_response(events: Iterable[dict[str, Any]], name: str) -> StreamingResponse:
    return StreamingResponse(geojson_lines(events), media_type="application/geo+json",
                             headers={"Content-Disposition": f'inline; filename="{name}.geojson"'})


def place_collection(places: list[dict[str, Any]]) -> JSONResponse:
    """A FeatureCollection with one Point per place and quad class: ``events`` counted there, ``event_id`` the
    newest of them (Store.place_counts), so a map of any number of events stays small."""
    return JSONResponse({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
         "properties": {k: v for k, v in p.items() if k not in ("lat", "lon")}} for p in places]},
        media_type="application/geo+json")
