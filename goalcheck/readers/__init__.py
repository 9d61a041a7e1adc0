"""Readers find the goals in a source. The types every reader shares live here.

A reader is registered through the ``goalcheck_register_readers`` hook; the
built-in ones are :mod:`goalcheck.readers.text` (plain text and Markdown) and
:mod:`goalcheck.readers.jsonl`.
"""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass, field
from pathlib import Path
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
    # For suffixes several formats share (".json"): does this content belong to this reader?
    sniff: Callable[[bytes], bool] | None = None


def read_bytes(name: str) -> bytes:
    """The bytes of a file or of standard input (``-``), or a one-line :class:`ReadError`."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(name)
        try:
            if path.is_dir():
                raise ReadError("is a directory")
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise ReadError(f"file is too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise ReadError("no such file") from None
        except PermissionError:
            raise ReadError("permission denied") from None
        except OSError as exc:
            raise ReadError(exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise ReadError(f"input is too large (more than {MAX_BYTES / 1e6:.0f} MB)")
    return data


def choose_reader(plugins, source: Source, input_format: str | None = None) -> Reader | None:
    """``--input-format`` if given; for standard input, JSON Lines or Markdown by the first byte; else the suffix."""
    if input_format:
        return plugins.readers.get(input_format)
    if source.path == "-":
        return plugins.readers.get("jsonl" if source.data.lstrip()[:1] == b"{" else "markdown")
    return plugins.reader_for(Path(source.path).name, source.data)


def read_goals(plugins, source: Source, input_format: str | None = None) -> tuple[list[Goal], str | None]:
    """The goals of a source and, if it could not be read whole, the one-line reason. Never raises."""
    reader = choose_reader(plugins, source, input_format)
    if reader is None:
        suffix = Path(source.path).suffix or "(none)"
        return [], f"no reader for files ending {suffix}; use --input-format"
    try:
        return list(reader.read(source)), None
    except ReadError as exc:
        return list(exc.goals), exc.reason
    except Exception as exc:  # a reader plugin's bug must not stop the run
        return [], f"reader {reader.name!r} failed: {type(exc).__name__}: {exc}"
