import csv
import io

import pytest

from screenroom.core.csv_safety import safe_cell


@pytest.mark.parametrize(
    "dangerous",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","x")',
        "+SUM(A1)",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "|cmd",
        "%0A",
    ],
)
def test_formula_starts_are_neutralised(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous


@pytest.mark.parametrize("harmless", ["Maria", "maria@example.org", "42", "3.5", "", "a=b", "Senior - Night"])
def test_ordinary_values_are_unchanged(harmless):
    assert safe_cell(harmless) == harmless


def test_non_strings_and_none():
    assert safe_cell(None) == ""
    assert safe_cell(17) == "17"
    assert safe_cell(-5) == "'-5"  # negative numbers read as a formula start too; Excel still shows them


def test_round_trip_through_a_csv_writer_keeps_the_guard():
    out = io.StringIO()
    csv.writer(out).writerow([safe_cell("=cmd|' /C calc'!A0"), safe_cell("ok")])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert row == ["'=cmd|' /C calc'!A0", "ok"]
