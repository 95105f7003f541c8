"""Protect spreadsheet cells against formula injection (OWASP CSV injection)."""

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_PREFIXES):
        # A leading apostrophe makes Excel, LibreOffice and Sheets show the text instead of evaluating it.
        return "'" + text
    return text
