"""Input readers: files, folders and standard input in, ``Article`` or ``InputError`` records out.

Formats: ``.txt``, ``.html``/``.htm`` (main text and metadata via trafilatura, offline),
``.jsonl`` (one record per line, streamed) and ``.json`` (one record or a list of them).
Bad input never stops a batch: it becomes an ``InputError`` and reading goes on.
See docs/input.md.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import io
import json
import math
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any, BinaryIO

from dragoman.options import Options
from dragoman.records import Article, InputError

KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json"}
FIELDS = ("id", "title", "date", "source", "url")
STDIN = "<stdin>"
_SNIFF = 8192  # bytes looked at to tell text from binary
_MAX_TITLE_LINE = 300  # a longer first line of a .txt file is body text, not a title
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_METADATA_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # one-line fields keep no line break either
MAX_ID_CHARS = 512  # the store's id column is String(512)
_ID_FORBIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})  # control, format (zero-width, bidi), line breaks
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate (from a JSON "\\ud800" escape) is not writable as UTF-8
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character
_HTML_EXTRA = ("author", "description", "language", "license", "hostname", "categories", "tags")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class _Reject(Exception):
    """A reason why a whole file or record cannot be read."""


def read_inputs(
    paths: Sequence[str], options: Options, stdin: BinaryIO | None = None
) -> Iterator[Article | InputError]:
    """Yield one Article per readable record and one InputError per unreadable one, in input order.

    ``paths`` may name files, folders (read recursively, in sorted order) and ``-`` for standard input.
    Article ids are unique within a run: a repeated id yields an InputError naming where it was first seen.
    """
    seen: dict[str, str] = {}
    for path in paths:
        yield from mark_duplicates(_read_path(os.fspath(path), options, stdin), seen)


def read_found(path: str, options: Options, id_stem: str) -> Iterator[Article | InputError]:
    """One file that a folder walk found, read as ``read_inputs`` reads it inside that folder: ``id_stem`` (from
    ``file_id``) names its article, or prefixes its records' default ids. The Dask workers read with it."""
    yield from _screened(_read_file(path, options, id_stem))


def file_id(folder: str, path: str) -> str:
    """The id base of a file found under ``folder``: its path relative to the folder, without the extension,
    with ``/`` between folders (``s/a/index.txt`` under ``s`` is ``a/index``), so files of the same name in
    different folders never share an id."""
    relative = os.path.splitext(os.path.relpath(path, folder))[0]
    return relative.replace(os.sep, "/")


def mark_duplicates(records: Iterable[Any], seen: dict[str, str]) -> Iterator[Any]:
    """Records (anything with ``id`` and ``origin``; InputErrors pass) whose id is in ``seen`` become InputErrors
    naming where it was first seen; the others are added to ``seen``. The Dask runner checks its indexes with it."""
    for record in records:
        if not isinstance(record, InputError):
            if record.id in seen:
                reason = f"duplicate id {record.id!r}, first seen at {seen[record.id]}"  # repr: one line
                record = InputError(record.origin, reason, record.id)
            else:
                seen[record.id] = record.origin
        yield record


def _read_path(path: str, options: Options, stdin: BinaryIO | None) -> Iterator[Article | InputError]:
    yield from _screened(_read_any(path, options, stdin))


def _read_any(path: str, options: Options, stdin: BinaryIO | None) -> Iterator[Article | InputError]:
    if path == "-":
        yield from _read_stdin(stdin, options)
        return
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        yield InputError(path, _os_reason(exc))
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path, options)
    elif _kind(path) is None:
        suffix = os.path.splitext(path)[1] or "(none)"
        yield InputError(path, f"unsupported file type {suffix}: expected .txt, .html, .htm, .json or .jsonl")
    else:
        yield from _read_file(path, options)


def _kind(path: str) -> str | None:
    return KINDS.get(os.path.splitext(path)[1].lower())


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()  # "permission denied"


def folder_files(folder: str, visited: set[str] | None = None) -> Iterator[str | InputError]:
    """The readable files under a folder, in the order they are read (names sorted, hidden entries skipped, each
    real folder once, so a symbolic link back up the tree is not followed); a folder that cannot be listed is an
    InputError in its place. The Dask runner plans its work units from the same walk."""
    visited = {os.path.realpath(folder)} if visited is None else visited
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(folder, f"cannot read folder: {_os_reason(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            real = os.path.realpath(entry.path)
            if real not in visited:
                visited.add(real)
                yield from folder_files(entry.path, visited)
        elif entry.is_file() and _kind(entry.name):
            yield entry.path


def _walk(folder: str, options: Options) -> Iterator[Article | InputError]:
    for found in folder_files(folder):
        if isinstance(found, InputError):
            yield found
        else:
            yield from _read_file(found, options, file_id(folder, found))


def _read_file(path: str, options: Options, stem: str | None = None) -> Iterator[Article | InputError]:
    """A file given directly (``stem`` None: its name without extension names it) or found in a folder."""
    kind = _kind(path)
    stem = stem if stem is not None else os.path.splitext(os.path.basename(path))[0]
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if kind == "jsonl":
                yield from _read_jsonl(stream, path, stem, options)
            elif kind == "json":
                yield from _read_json(stream.read(), path, stem, options)
            else:
                yield _read_document(stream, kind, path, stem, options, size)
    except OSError as exc:
        yield InputError(path, f"cannot read file: {_os_reason(exc)}")


def _read_stdin(stdin: Any, options: Options) -> Iterator[Article | InputError]:
    """Standard input, sniffed: JSONL if it starts with '{', a JSON list with '[', HTML with '<', else text."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    if isinstance(stream, io.TextIOBase):
        stream = stream.buffer
    head = stream.read(_SNIFF)
    while head.isspace() and len(head) < 4 * options.max_article_chars and (more := stream.read(_SNIFF)):
        head += more
    first = head.lstrip(b"\xef\xbb\xbf").lstrip()[:1]
    if first == b"{":
        yield from _read_jsonl(_Joined(head, stream), STDIN, "stdin", options)
    elif first == b"[":
        yield from _read_json(head + stream.read(), STDIN, "stdin", options)
    else:
        yield _read_document(_Joined(head, stream), "html" if first == b"<" else "text", STDIN, "stdin", options, None)


class _Joined:
    """A byte stream whose first bytes were already read: ``head`` then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: Any) -> None:
        self.head, self.stream = head, stream

    def read(self, n: int) -> bytes:
        out, self.head = self.head[:n], self.head[n:]
        return out + self.stream.read(n - len(out)) if len(out) < n else out

    def __iter__(self) -> Iterator[bytes]:
        lines = self.head.splitlines(keepends=True)
        self.head = b""
        for i, line in enumerate(lines):
            if i == len(lines) - 1 and not line.endswith(b"\n"):
                line += self.stream.readline()
            yield line
        yield from self.stream


def _read_document(stream: Any, kind: str, origin: str, stem: str, options: Options,
                   size: int | None) -> Article | InputError:
    """One .txt or .html document. Reads at most 4 * max_article_chars + 1 bytes into memory."""
    limit = 4 * options.max_article_chars  # no article within the limit takes more UTF-8 bytes
    head = stream.read(_SNIFF)
    try:
        if not head:
            raise _Reject("empty file")
        _check_not_binary(head)
        if size is None or size <= limit:
            data = head + stream.read(limit + 1 - len(head))
        if size is not None and size > limit or len(data) > limit:
            if kind == "html":
                known = f"{size:,} bytes" if size is not None else f"over {limit:,} bytes"
                raise _Reject(f"HTML file is {known}, over the limit of {limit:,} bytes (4 x max_article_chars)")
            chars = _count_chars(head if size is not None and size > limit else data, stream)
            raise _Reject(f"article is {chars:,} characters, over the limit of {options.max_article_chars:,}")
        raw = _normalise(_decode(data, html=kind == "html"))
        if not raw:
            raise _Reject("empty file")
        return (_html_article if kind == "html" else _text_article)(raw, origin, stem, options)
    except _Reject as exc:
        return InputError(origin, str(exc))


def _count_chars(data: bytes, stream: Any) -> int:
    """Characters in ``data`` and the rest of ``stream``, counted a chunk at a time without decoding."""
    count = len(data.translate(None, _CONTINUATION)) - (1 if data.startswith(b"\xef\xbb\xbf") else 0)
    while chunk := stream.read(1 << 20):
        count += len(chunk.translate(None, _CONTINUATION))
    return count


def _text_article(text: str, origin: str, stem: str, options: Options) -> Article:
    """First non-empty line is the title (unless it is a long paragraph or the only line), the rest the body."""
    first, _, rest = text.partition("\n")
    title = ""
    if rest.strip() and len(first) <= _MAX_TITLE_LINE:
        title, text = first.strip(), rest.strip()
    _check_length(text, options)
    return Article(id=stem, text=text, title=title, date=options.default_date, origin=origin)


def _html_article(html: str, origin: str, stem: str, options: Options) -> Article:
    """Main text and metadata of a web page, found by trafilatura (no network)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, include_formatting=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # noqa: BLE001 - a page the extractor chokes on is one bad input, not a crash
        raise _Reject(f"HTML could not be read: {type(exc).__name__}: {exc}") from None
    meta: dict[str, Any] = {key: getattr(doc, key, None) for key in ("text", "title", "date", "url", "sitename",
                                                                     *_HTML_EXTRA)}
    text = _normalise(meta["text"] or "")
    if not text:
        text = _normalise(trafilatura.baseline(html)[1] or "")
    if not text:
        text, deep_title = _deep_html_text(html)
        meta["title"] = meta["title"] or deep_title
    title = _clean_title(meta["title"])
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():  # the headline repeated as the first line
        text = rest.strip()
    _check_length(text, options)
    date, date_raw = _resolve_date(meta["date"], options)
    extra = {key: meta[key] for key in _HTML_EXTRA if meta[key]}
    if date_raw is not None:
        extra["date_raw"] = date_raw
    return Article(id=stem, text=text, title=title, date=date, source=meta["sitename"] or meta["hostname"],
                   url=meta["url"], origin=origin, extra=extra)


def _deep_html_text(html: str) -> tuple[str, str]:
    """(text, title) of a page nested deeper than lxml parses (it drops everything below 256 levels, so the
    extractor finds nothing): the page's text, flat, one line per block. A page within that depth that has
    no text is refused as before."""
    flat = _FlatText()
    flat.feed(html)
    flat.close()
    if flat.max_depth < LXML_MAX_DEPTH:
        raise _Reject("no article text found in the HTML")
    lines = (" ".join(line.split()) for line in "".join(flat.parts).split("\n"))
    text = _normalise("\n".join(line for line in lines if line))
    if not text:
        raise _Reject(f"no article text found in the HTML (nested {flat.max_depth:,} levels deep)")
    return text, " ".join("".join(flat.title).split())


LXML_MAX_DEPTH = 255  # libxml2 keeps 256 levels of elements (html and body among them); deeper content is lost
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
                    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
                    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"})


class _FlatText(HTMLParser):
    """A streaming pass over HTML (no tree, so no depth limit): visible text with a line break at each block,
    the <title>, and how deep the elements nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.depth = self.max_depth = self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        self.hidden += tag in _HIDDEN and tag not in _VOID
        self.in_title = self.in_title or tag == "title"
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        self.in_title = self.in_title and tag != "title"
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def _read_jsonl(stream: Iterable[bytes], origin: str, stem: str, options: Options) -> Iterator[Article | InputError]:
    """One record per line, streamed; each bad line is its own InputError."""
    offset, records = 0, 0
    for number, line in enumerate(stream, start=1):
        where = f"{origin}:{number}"
        if number == 1:
            try:
                _check_not_binary(line[:_SNIFF])
            except _Reject as exc:
                yield InputError(origin, str(exc))
                return
        try:
            if not line.strip():
                continue
            records += 1
            yield _record(_loads(_decode(line, base=offset)), where, f"{stem}-{number}", options)
        except _Reject as exc:
            yield InputError(where, str(exc))
        finally:
            offset += len(line)
    if not records:
        yield InputError(origin, "empty file")


def _read_json(data: bytes, origin: str, stem: str, options: Options) -> Iterator[Article | InputError]:
    """A single record object, or a list of them (origin "path#N" for the Nth)."""
    try:
        if not data.strip():
            raise _Reject("empty file")
        _check_not_binary(data[:_SNIFF])
        value = _loads(_decode(data))
    except _Reject as exc:
        yield InputError(origin, str(exc))
        return
    if isinstance(value, list):
        if not value:
            yield InputError(origin, "empty list, no records")
        for number, item in enumerate(value, start=1):
            yield _record(item, f"{origin}#{number}", f"{stem}-{number}", options)
    else:
        yield _record(value, origin, stem, options)


def _loads(text: str) -> Any:
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
        return _valid_unicode(value) if _SURROGATE_ESCAPE.search(text) else value
    except (ValueError, RecursionError) as exc:
        raise _Reject(f"not JSON: {exc}") from None


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON (Python writes them; PostgreSQL and strict parsers refuse them): null."""
    return None


def _finite_float(text: str) -> float | None:
    """A JSON number as a float; null when it does not fit one ("1e999")."""
    value = float(text)
    return value if math.isfinite(value) else None


def _map_strings(value: Any, rewrite: Callable[[str], str]) -> Any:
    """A JSON value with ``rewrite`` applied to every string in it, keys included."""
    if isinstance(value, str):
        return rewrite(value)
    if isinstance(value, list):
        return [_map_strings(item, rewrite) for item in value]
    if isinstance(value, dict):
        return {_map_strings(key, rewrite): _map_strings(item, rewrite) for key, item in value.items()}
    return value


def _valid_unicode(value: Any) -> Any:
    """The JSON value with each lone surrogate replaced by U+FFFD (one character for one)."""
    return _map_strings(value, lambda text: _SURROGATE.sub("\ufffd", text))


def _record(value: Any, origin: str, default_id: str, options: Options) -> Article | InputError:
    """A JSON record: id, title, date, source, url and text; any other fields go to ``extra`` unchanged."""
    if not isinstance(value, dict):
        return InputError(origin, f"record is {_type_name(value)}, not a JSON object")
    fields: dict[str, str | None] = {}
    for key in FIELDS:
        item = value.get(key)
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        elif item is not None and not isinstance(item, str):
            return InputError(origin, f"field '{key}' is {_type_name(item)}, expected a string")
        fields[key] = item
    article_id = _normalise(fields["id"] or "") or default_id
    text = value.get("text")
    if text is None:
        return InputError(origin, "record has no text", article_id)
    if not isinstance(text, str):
        return InputError(origin, f"record has no text: 'text' is {_type_name(text)}, not a string", article_id)
    text = _normalise(text)
    if not text:
        return InputError(origin, "record has no text", article_id)
    try:
        _check_length(text, options)
    except _Reject as exc:
        return InputError(origin, str(exc), article_id)
    date, date_raw = _resolve_date(fields["date"], options)
    extra = {key: item for key, item in value.items() if key not in FIELDS and key != "text"}
    if date_raw is not None:
        extra["date_raw"] = date_raw
    return Article(id=article_id, text=text, title=_clean_title(fields["title"]), date=date,
                   source=_normalise(fields["source"] or "") or None, url=(fields["url"] or "").strip() or None,
                   origin=origin, extra=extra)


def _screened(items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
    for item in items:
        yield screen_article(item) if isinstance(item, Article) else item


def screen_article(article: Article) -> Article | InputError:
    """The edge every record passes (files, folders, standard input, and so the REST API's intake): the id must be
    one line of at most MAX_ID_CHARS characters that a URL can reach, else an InputError naming the record; control
    characters (NUL included) are removed from the url, the source (its white space made single spaces) and every
    string in ``extra``."""
    reason = id_problem(article.id)
    if reason is not None:
        return InputError(article.origin or "record", reason)
    url = _METADATA_CONTROL.sub("", article.url).strip() if article.url else article.url
    source = " ".join(_CONTROL.sub("", article.source).split()) if article.source else article.source
    extra = _without_controls(article.extra)
    if (url, source, extra) == (article.url, article.source, article.extra):
        return article
    return replace(article, url=url or None, source=source or None, extra=extra)


def id_problem(article_id: str) -> str | None:
    """Why an article id cannot be stored and reached at /article/<id>, or None when it can."""
    shown = repr(article_id[:40] + ("..." if len(article_id) > 40 else ""))
    if len(article_id) > MAX_ID_CHARS:
        return f"id {shown} is {len(article_id):,} characters, over the limit of {MAX_ID_CHARS}"
    bad = next((ch for ch in article_id if unicodedata.category(ch) in _ID_FORBIDDEN), None)
    if bad is not None:
        return f"id {shown} holds a line break or control character (U+{ord(bad):04X})"
    if any(part in (".", "..") for part in article_id.split("/")):
        return f"id {shown} has a '.' or '..' path segment, which a web address cannot keep"
    return None


def _without_controls(value: Any) -> Any:
    """A JSON value with control characters other than line breaks and tabs removed from every string."""
    return _map_strings(value, lambda text: _CONTROL.sub("", text))


def _type_name(value: Any) -> str:
    names = {list: "a list", dict: "an object", bool: "a boolean", str: "a string", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _check_not_binary(sample: bytes) -> None:
    """Reject NUL bytes (outside UTF-16/32 with a BOM), many control bytes, or mostly undecodable bytes."""
    if any(sample.startswith(bom) for bom, codec in _BOMS if codec != "utf-8"):
        return
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\v\x1b" or byte == 127)
    undecodable = sample.decode("utf-8", errors="replace").count("\ufffd")
    if b"\x00" in sample or controls > len(sample) * 0.1 or undecodable > len(sample) * 0.3:
        raise _Reject("binary file, not text")


def _decode(data: bytes, html: bool = False, base: int = 0) -> str:
    """UTF-8, or what a byte order mark says (UTF-8/16/32); HTML that is not UTF-8 may name its charset in a <meta>.

    ``base`` is the file offset of ``data``, for the error message.
    """
    codec, skip = next(((codec, len(bom)) for bom, codec in _BOMS if data.startswith(bom)), ("utf-8", 0))
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(data[:4096]) if html and not skip else None
        if declared:
            with contextlib.suppress(LookupError, UnicodeError):  # UnicodeError: the "undefined" codec
                return data.decode(declared.group(1).decode("ascii"))
        raise _Reject(f"not valid {codec.upper()} at byte {base + skip + exc.start}") from None


def _normalise(text: str) -> str:
    """Unicode NFC, line ends to \\n, control characters other than \\n and \\t removed, lone surrogates made
    U+FFFD, outer space stripped."""
    text = _SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", _CONTROL.sub("", text)).strip()


def _clean_title(title: Any) -> str:
    return " ".join(_normalise(title).split()) if isinstance(title, str) else ""


def _check_length(text: str, options: Options) -> None:
    if len(text) > options.max_article_chars:
        raise _Reject(f"article is {len(text):,} characters, over the limit of {options.max_article_chars:,}")


_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_DATE_FORMS = (
    re.compile(r"^(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?:$|[t\s])"),  # ISO date or datetime
    re.compile(r"^(?P<year>\d{4})(?P<mon>\d\d)(?P<day>\d\d)(?:$|t)"),  # compact ISO
    re.compile(r"^(?P<year>\d{4})[/.](?P<mon>\d{1,2})[/.](?P<day>\d{1,2})\b"),  # 2019/08/24
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b"),
)


def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) from an ISO date or datetime, "24 August 2019" or "August 24, 2019"; else None."""
    value = value.strip().lower()
    for form in _DATE_FORMS:
        for match in form.finditer(value):
            parts = match.groupdict()
            month = int(parts["mon"]) if parts.get("mon") else _MONTHS.get(parts["month"], 0)
            try:
                return _dt.date(int(parts["year"]), month, int(parts["day"])).isoformat()
            except ValueError:
                continue
    return None


def _resolve_date(value: str | None, options: Options) -> tuple[str | None, str | None]:
    """(date, date_raw): the record's date as YYYY-MM-DD, else the default date and the unparsed text."""
    value = _METADATA_CONTROL.sub("", value) if value is not None else None
    if value is None or not value.strip():
        return options.default_date, None
    date = parse_date(value)
    return (date, None) if date else (options.default_date, value)
