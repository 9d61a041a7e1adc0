"""Offsets in the engine's text <-> LSP positions in the editor's document.

The engine reads a document as goalcheck reads a file: a leading BOM dropped,
``\\r\\n`` and ``\\r`` turned into ``\\n``; its offsets count code points in that
text. An LSP position is a line (split at ``\\n``, ``\\r\\n`` or ``\\r`` only: not at
the other breaks ``str.splitlines`` knows) and a character counted in the code
units the client and server agreed on: UTF-16 unless the client offered UTF-8
or UTF-32 (LSP 3.17 ``positionEncoding``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

_BREAK = re.compile(r"\r\n|\r|\n")


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


class LineIndex:
    """One document's lines, for mapping offsets to positions and back."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self._bom = 1 if text.startswith("\ufeff") else 0
        self._starts = [0]  # where each line starts in ``text``
        self._ends = []  # where each line's content ends (before its break)
        self._norm_starts = [0]  # where each line starts in the engine's text
        for match in _BREAK.finditer(text):
            self._ends.append(match.start())
            length = match.start() - self._starts[-1]
            self._norm_starts.append(self._norm_starts[-1] + length + 1)
            self._starts.append(match.end())
        self._ends.append(len(text))

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_text(self, line: int) -> str:
        """The content of a 0-based line, without its line break ("" out of range)."""
        if not 0 <= line < self.line_count:
            return ""
        return self.text[self._starts[line]:self._ends[line]]

    def line_start(self, line: int) -> int:
        return self._starts[max(0, min(line, self.line_count - 1))]

    def line_break(self, line: int) -> str:
        """The break that ends a line ("\\n" for the last line, to add one like the others)."""
        if 0 <= line < self.line_count - 1:
            return self.text[self._ends[line]:self._starts[line + 1]]
        return "\r\n" if "\r\n" in self.text else "\n"

    def from_engine(self, offset: int) -> int:
        """An offset in the engine's text as an offset in the document."""
        offset += self._bom
        line = bisect_right(self._norm_starts, offset) - 1
        column = offset - self._norm_starts[line]
        return min(self._starts[line] + column, self._ends[line])

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a document offset, in the agreed code units."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        offset = min(offset, self._ends[line])
        return line, _units(self.text[self._starts[line]:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The document offset of an LSP position (clamped to the line, as LSP says)."""
        if line >= self.line_count:
            return len(self.text)
        if line < 0:
            return 0
        start, end = self._starts[line], self._ends[line]
        units = 0
        for i in range(start, end):
            if units >= character:
                return i
            units += _units(self.text[i], self.encoding)
        return end
