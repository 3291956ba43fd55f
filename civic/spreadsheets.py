"""CSV cells that are safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets run a cell that starts with = + - or @
(or a tab or carriage return before one) as a formula, so a project title
like ``=HYPERLINK("https://evil.example","Click")`` in an export becomes a
link, or worse. Such text cells get a leading apostrophe, which spreadsheets
show as text. Numbers are left alone, so -5 is still a number.
"""

import csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]


class _SafeWriter:
    def __init__(self, writer) -> None:
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(out, **kwargs) -> _SafeWriter:
    """``csv.writer(out)`` whose every text cell is ``safe_cell``."""
    return _SafeWriter(csv.writer(out, **kwargs))
