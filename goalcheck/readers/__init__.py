"""Readers find the goals in a source. The types every reader shares live here.

A reader is registered through the ``goalcheck_register_readers`` hook; the
built-in ones are :mod:`goalcheck.readers.text` (plain text and Markdown) and
:mod:`goalcheck.readers.jsonl`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Callable

from goalcheck.types import Goal

MAX_BYTES = 16 * 1024 * 1024
MAX_GOAL_CHARS = 5000


class ReadError(Exception):
    """A source that cannot be read, with a one-line reason for the user.

    ``goals`` holds what could be read before the problem (a JSONL file with one
    bad line still has its good lines checked).
    """

    def __init__(self, reason: str, goals: list[Goal] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.goals = goals or []


@dataclass(frozen=True)
class Metadata:
    """What is known about the student for every goal of a source (CLI options)."""

    age: int | None = None
    grade: int | None = None
    transition: bool | None = None


@dataclass(frozen=True)
class Source:
    """Bytes to read goals from, with their name and the metadata given for them."""

    path: str
    data: bytes
    metadata: Metadata = field(default_factory=Metadata)

    def text(self) -> str:
        """The data as text: UTF-8 (a BOM is dropped), or a one-line :class:`ReadError`."""
        data = self.data
        if not data.strip():
            raise ReadError("file is empty")
        if b"\x00" in data[:8192]:
            raise ReadError("binary file, not text (found NUL bytes)")
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReadError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8") from None
        return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Reader:
    """A registered reader: a name, the suffixes it claims and its ``read`` function."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Source], list[Goal]]
    description: str = ""
