"""Fixtures for the web tests: the sample corpus (plus one hostile article) ingested once per session through the
real pipeline into a SQLite store in a temporary file, and a TestClient over the app serving it."""
from __future__ import annotations

import functools
import importlib.util
import json
import shutil
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "articles.jsonl"
SEED_ID = "000_55c21100d5a2687f"
TOKEN = "test-token-0123456789abcdef"
READ_TOKEN = "read-token-0123456789abcdef"

# An article whose every field tries to inject markup. The events in it (France and Germany) keep it away from
# the dyads the other tests look at.
HOSTILE = {
    "id": "hostile-1",
    "title": "Summit <script>window.__xss = 'title'</script><img src=x onerror=\"window.__xss='img-title'\">",
    "date": "2024-03-05",
    "source": "<b onmouseover=\"window.__xss='source'\">Evil Wire</b>",
    "url": "javascript:window.__xss='url'",
    "text": ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday. "
             "<script>window.__xss = 'body'</script> The two leaders signed an agreement on energy cooperation "
             "<img src=x onerror=\"window.__xss='img-body'\"> and praised the <a href=\"javascript:alert(1)\">"
             "partnership</a>.\nGermany accused \"</script><svg onload=alert(1)>\" hackers of attacking its grid."),
}


@functools.lru_cache(maxsize=1)
def load_harness():  # noqa: ANN201
    """bench/load_test.py as a module (it is a script, not part of the package): its `serve` starts a real
    `dragoman serve`, its `database` builds synthetic stores. Loaded once per session."""
    spec = importlib.util.spec_from_file_location("dragoman_load_test", REPO / "bench" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: tests that drive a real Chromium through Playwright")


def ingest_hostile(path: Path, pipeline) -> None:  # noqa: ANN001
    """Code the hostile article with the real pipeline and store it in the database at ``path``."""
    from dragoman.store import Store
    from dragoman.store.ingest import ingest_paths

    source = path.parent / f"hostile-{path.stem}.jsonl"
    source.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    with Store.open(path) as store:
        report = ingest_paths([source], store, pipeline=pipeline, progress=False)
    assert report.stored + report.skipped == 1, report.summary()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory, pipeline) -> dict[str, Path]:  # noqa: ANN001
    """SQLite store files coded by the real pipeline: ``sample`` holds the 33 sample articles, ``corpus`` the same
    plus the hostile article."""
    from dragoman.store import Store
    from dragoman.store.ingest import ingest_paths

    folder = tmp_path_factory.mktemp("web")
    corpus, sample = folder / "corpus.db", folder / "sample.db"
    with Store.open(corpus) as store:
        report = ingest_paths([CORPUS], store, pipeline=pipeline, progress=False)
    assert report.stored == 33 and report.failed == 0, report.summary()
    shutil.copyfile(corpus, sample)  # closed: the WAL is checkpointed into the file
    ingest_hostile(corpus, pipeline)
    return {"corpus": corpus, "sample": sample}


@pytest.fixture(scope="session")
def corpus_db(databases: dict[str, Path]) -> Path:
    return databases["corpus"]


@pytest.fixture(scope="session")
def store(corpus_db: Path):
    from dragoman.store import Store

    with Store.open(corpus_db) as opened:
        yield opened


def make_client(app):  # noqa: ANN001, ANN201
    with warnings.catch_warnings():  # starlette's note that a future TestClient will need httpx2
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def client(store, pipeline):  # noqa: ANN001
    """Read-only use: the shared corpus store (tests that write make their own store)."""
    from dragoman.web import Settings, create_app

    app = create_app(Settings(db=str(store.url.database), token=TOKEN), store=store, pipeline=pipeline)
    with make_client(app) as c:
        yield c


@pytest.fixture
def empty_client(tmp_path: Path, pipeline):  # noqa: ANN001
    """An app over a new empty store, with ingest enabled (token TOKEN), for tests that write."""
    from dragoman.store import Store
    from dragoman.web import Settings, create_app

    with Store.open(tmp_path / "empty.db") as fresh:
        app = create_app(Settings(token=TOKEN), store=fresh, pipeline=pipeline)
        with make_client(app) as c:
            c.store = fresh
            yield c
