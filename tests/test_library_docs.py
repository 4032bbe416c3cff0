"""docs/library.md's examples run as written (doctest), so the library guide cannot drift from the code."""
from __future__ import annotations

import doctest
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.filterwarnings("ignore:.*W095")]

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "library.md"


def test_library_guide_examples_run():
    failures, tried = doctest.testfile(str(GUIDE), module_relative=False, optionflags=doctest.ELLIPSIS,
                                       verbose=False, report=True)
    assert tried > 20
    assert failures == 0
