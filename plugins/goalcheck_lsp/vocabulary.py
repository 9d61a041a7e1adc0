"""Add a term to a project's ``[vocabulary] school_setting`` list, keeping the file as written.

The edit is textual (the term is inserted before the list's closing bracket, or
a key or table is added), then checked: the new file must parse and differ from
the old one only by the added term. Anything else is refused with a one-line
reason rather than risk rewriting a district's configuration.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from goalcheck.config import CONFIG_NAMES
from goalcheck.files import write_atomic

CATEGORY = "school_setting"
MAX_TERM = 60


class VocabularyError(Exception):
    """The term cannot be added automatically; the message says why, in one line."""


def clean_term(raw: str) -> str:
    term = " ".join(raw.split()).strip(" .,;:!?\"'()[]")
    if not term or len(term) > MAX_TERM or not any(c.isalnum() for c in term):
        raise VocabularyError(f"a vocabulary term is 1 to {MAX_TERM} characters with a letter or digit")
    return term


def target_file(config_path: str | None, folder: Path) -> Path:
    """The file to edit: the project's config file, else ``.goalcheck.toml`` in ``folder``."""
    if config_path and Path(config_path).name in CONFIG_NAMES:
        return Path(config_path)
    return folder / ".goalcheck.toml"


def add_term(text: str, term: str, *, pyproject: bool, category: str = CATEGORY) -> str | None:
    """The file's new text with ``term`` added; None when the list already has it."""
    old = _parse(text)
    current = _vocabulary(old, pyproject).get(category, [])
    if isinstance(current, str):
        current = [current]
    if any(isinstance(t, str) and t.lower() == term.lower() for t in current):
        return None
    new_text = _insert(text, term, "tool.goalcheck.vocabulary" if pyproject else "vocabulary", category)
    _verify(old, new_text, pyproject, category, list(current) + [term])
    return new_text


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))


# -- internals ---------------------------------------------------------------
def _parse(text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"the file is not valid TOML ({exc})") from None


def _vocabulary(data: dict, pyproject: bool) -> dict:
    if pyproject:
        data = data.get("tool", {}).get("goalcheck", {})
    vocab = data.get("vocabulary", {})
    return vocab if isinstance(vocab, dict) else {}


def _insert(text: str, term: str, table: str, category: str) -> str:
    nl = "\r\n" if "\r\n" in text else "\n"
    value = json.dumps(term, ensure_ascii=False)
    header = re.search(rf"(?m)^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\][ \t]*(#.*)?$", text)
    if header is None:
        sep = "" if not text or text.endswith(("\n", "\r")) else nl
        gap = nl if text.strip() else ""
        return f"{text}{sep}{gap}[{table}]{nl}{category} = [{value}]{nl}"
    body_start = header.end()
    next_header = re.compile(r"(?m)^[ \t]*\[").search(text, body_start)
    body_end = next_header.start() if next_header else len(text)
    key = re.compile(rf"(?m)^[ \t]*[\"']?{re.escape(category)}[\"']?[ \t]*=[ \t]*").search(text, body_start, body_end)
    if key is None:
        line_end = text.find("\n", body_start)
        at = len(text) if line_end < 0 else line_end + 1
        prefix = "" if line_end >= 0 else nl
        return f"{text[:at]}{prefix}{category} = [{value}]{nl}{text[at:]}"
    if text[key.end():key.end() + 1] != "[":
        raise VocabularyError(f"{category} is not written as a list")
    last, last_char = _scan_array(text, key.end())
    if last_char == "[":
        insert = value
    elif last_char == ",":
        insert = f" {value},"
    else:
        insert = f", {value}"
    return text[:last] + insert + text[last:]


def _scan_array(text: str, start: int) -> tuple[int, str]:
    """(offset after the last significant character, that character) of the array at ``start``."""
    i, depth, last, last_char = start, 0, start, ""
    while i < len(text):
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            if i < 0:
                break
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < len(text) and not text.startswith(quote, j):
                j += 2 if c == '"' and text[j] == "\\" else 1
            i = j + len(quote)
            last, last_char = i, c
            continue
        if c == "[":
            depth += 1
            last, last_char = i + 1, c
        elif c == "]":
            depth -= 1
            if depth == 0:
                return last, last_char
            last, last_char = i + 1, c
        elif not c.isspace():
            last, last_char = i + 1, c
        i += 1
    raise VocabularyError("the vocabulary list is not closed")


def _verify(old: dict, new_text: str, pyproject: bool, category: str, expected: list[str]) -> None:
    try:
        new = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        raise VocabularyError("the file is written in a way this edit does not handle; add the term by hand") from None
    if _vocabulary(new, pyproject).get(category) != expected:
        raise VocabularyError("the file is written in a way this edit does not handle; add the term by hand")
    _vocabulary(new, pyproject).pop(category)
    before = _vocabulary(old, pyproject)
    before.pop(category, None)
    if _without_vocabulary(new, pyproject) != _without_vocabulary(old, pyproject) or \
            _vocabulary(new, pyproject) != before:
        raise VocabularyError("the edit would change more than the vocabulary; add the term by hand")


def _without_vocabulary(data: dict, pyproject: bool) -> dict:
    data = json.loads(json.dumps(data, default=str))
    holder = data.get("tool", {}).get("goalcheck", {}) if pyproject else data
    holder.pop("vocabulary", None)
    if pyproject and not holder and "goalcheck" in data.get("tool", {}):
        data["tool"].pop("goalcheck")
    return data
