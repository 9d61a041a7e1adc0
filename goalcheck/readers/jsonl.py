"""JSON Lines: one goal per line, checked exactly as given.

Each line is an object with ``text`` (required) and optional ``id``, ``age``,
``grade`` and ``transition``; ``id`` is echoed in the output. A bad line is
reported (line number and problem) and the other lines are still checked.
"""

from __future__ import annotations

import json

from goalcheck.plugins import hookimpl
from goalcheck.readers import MAX_GOAL_CHARS, Reader, ReadError, Source
from goalcheck.types import Goal, Location


def read(source: Source) -> list[Goal]:
    text = source.text()
    goals: list[Goal] = []
    problems: list[str] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        try:
            goals.append(_goal(line, number, start, source))
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ReadError(problems[0] + more, goals)
    return goals


def _goal(line: str, number: int, start: int, source: Source) -> Goal:
    try:
        obj = json.loads(line)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no "text" string')
    if len(text) > MAX_GOAL_CHARS:
        raise ValueError(f'"text" is {len(text)} characters; a goal may have at most {MAX_GOAL_CHARS}')
    goal_id = obj.get("id")
    if goal_id is not None and not isinstance(goal_id, (str, int)):
        raise ValueError('"id" must be a string or a number')
    meta = source.metadata
    return Goal(
        text=text,
        id=str(goal_id) if goal_id is not None else None,
        location=Location(line=number, column=1, start=start, end=start + len(line)),
        age=_int(obj, "age", meta.age, 0, 120),
        grade=_int(obj, "grade", meta.grade, -1, 13),
        transition=_bool(obj, "transition", meta.transition),
    )


def _int(obj: dict, key: str, default: int | None, low: int, high: int) -> int | None:
    value = obj.get(key)
    if value is None:
        return default
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, str) and value.strip().lower() in ("k", "kindergarten"):
        value = 0
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f'"{key}" must be a whole number from {low} to {high}')
    return value


def _bool(obj: dict, key: str, default: bool | None) -> bool | None:
    value = obj.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ValueError(f'"{key}" must be true or false')
    return value


@hookimpl
def goalcheck_register_readers(register):
    register(Reader("jsonl", (".jsonl",), read, "one JSON object per line with a \"text\" field"))
