"""The CLDR currency converter: symbols an English text can write, names, countries and word-like codes."""
from __future__ import annotations

import pytest

from dragoman.knowledge.convert_currencies import _latin_symbol, convert


@pytest.mark.parametrize("symbol, code, ok", [
    ("KSh", "KES", True), ("R$", "BRL", True), ("₦", "NGN", True), ("S/", "PEN", True),
    ("KES", "KES", False), ("ج.م.‏", "EGP", False), ("руб.", "RUB", False), ("12", "XXX", False),
])
def test_only_latin_letters_and_currency_signs_are_symbols(symbol, code, ok):
    assert _latin_symbol(symbol, code) is ok


def test_conversion_gives_names_symbols_and_countries():
    pytest.importorskip("babel")
    rows = {row[0]: row for row in convert()}
    assert rows["KES"][1:3] == ("Kenyan shilling", "Kenyan shillings") and "KEN" in rows["KES"][4].split()
    assert "R$" in rows["BRL"][3].split() and "name" not in rows["BRL"][5]  # "two real problems"
    assert rows["ALL"][5] == "" and rows["NGN"][5] == "code,name"
    assert "DEM" not in rows  # no longer legal tender anywhere
