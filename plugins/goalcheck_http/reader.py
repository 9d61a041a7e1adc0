"""The ``fhir`` reader: Goal resources from a Goal, a Bundle, or NDJSON (a bulk-export file).

Each Goal's ``description.text`` is one goal; its id is the resource id, and its
location names the resource (``"resource": "Goal/g1"``) and its Bundle entry or
NDJSON line. The age is the patient's, where a Patient with a birth date is in
the same Bundle or file. A resource that cannot be read is reported by name and
the others are still checked (as the JSONL reader does with a bad line).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from goalcheck.readers import ReadError, Source
from goalcheck.types import Goal, Location

from goalcheck_http import fhir


def read(source: Source, today: date | None = None) -> list[Goal]:
    text = source.text()
    if source.path.lower().endswith(".ndjson"):
        found = fhir.scan(_ndjson(text))
    else:
        found = fhir.scan(_document(text))
    goals = [to_goal(g, found, source, today) for g in found.goals]
    problems = found.problems
    if not goals and not problems:
        seen = ", ".join(f"{k} x{n}" for k, n in sorted(found.skipped.items())) or "nothing"
        problems = [f"no Goal resources (found {seen})"]
    if problems:
        shown = "; ".join(problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ReadError(shown + more, goals)
    return goals


def to_goal(found: fhir.FoundGoal, scan: fhir.Scan, source: Source, today: date | None = None) -> Goal:
    extra: dict[str, Any] = {"resource": found.ref}
    if found.entry is not None:
        extra["entry"] = found.entry
    age = scan.age_of(found, today)
    meta = source.metadata
    return Goal(
        text=found.text,
        id=found.id,
        location=Location(line=found.line, column=1 if found.line else None, extra=extra),
        age=age if age is not None else meta.age,
        grade=meta.grade,
        transition=meta.transition,
    )


def _document(text: str):
    obj = _load(text)
    if isinstance(obj, dict) and obj.get("resourceType") == "Bundle":
        try:
            return fhir.bundle_entries(obj)
        except fhir.ResourceProblem as exc:
            raise ReadError(f"Bundle: {exc}") from None
    if isinstance(obj, list):
        raise ReadError("expected a FHIR resource or Bundle, got a JSON list")
    return [("resource", obj, {})]


def _ndjson(text: str):
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            try:
                resource = _load(line, one_line=True)
            except ReadError as exc:  # reported against its line; the other lines are still read
                resource = fhir.ResourceProblem(exc.reason)
            out.append((f"line {number}", resource, {"line": number}))
    return out


def _load(text: str, one_line: bool = False) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise ReadError("JSON nested too deeply") from None
    except ValueError as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        where = ""
        if isinstance(exc, json.JSONDecodeError):
            where = f" at column {exc.colno}" if one_line else f" at line {exc.lineno} column {exc.colno}"
        raise ReadError(f"not valid JSON ({msg}{where})") from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")
