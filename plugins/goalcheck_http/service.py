"""One warm Checker shared by every request, and the JSON the CLI prints.

The Checker is built once (the slow part) and reused. It is not documented as
thread-safe (spaCy pipeline, matcher), so calls are serialised by a lock; the
server runs them in a worker thread so the event loop stays free for other
requests (health checks, static files) while a check runs.
"""

from __future__ import annotations

import threading
from typing import Any

from goalcheck import __version__
from goalcheck.formatters import FormatOptions
from goalcheck.formatters.json import document
from goalcheck.readers import Metadata, Source
from goalcheck.types import FileResult, Goal, GoalResult, Location

from goalcheck_http.bodies import whole


class CheckService:
    def __init__(self, checker) -> None:
        self.checker = checker
        self._lock = threading.Lock()
        self.model = checker.describe_model()
        self._options = FormatOptions(model=self.model, version=__version__)

    # -- checks: each returns the CLI's JSON document ----------------------------
    def check_text(self, text: str, input_format: str, metadata: Metadata) -> dict:
        with self._lock:
            result = self.checker.check_text(text, path="<text>", metadata=metadata, input_format=input_format)
        return self.document([result])

    def check_goals(self, goals: list[Goal]) -> dict:
        return self.document([FileResult("<goals>", tuple(self.results(goals)))])

    def check_source(self, source: Source, input_format: str) -> dict:
        with self._lock:
            result = self.checker.check_source(source, input_format=input_format)
        return self.document([result])

    def results(self, goals: list[Goal]) -> list[GoalResult]:
        with self._lock:
            return self.checker.check_goals(goals)

    def document(self, results: list[FileResult]) -> dict:
        return document(results, self._options)

    # -- rules -------------------------------------------------------------------
    def rules(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.checker.plugins.rules]

    def rule(self, key: str) -> dict[str, Any] | None:
        key = key.strip().lower()
        for r in self.checker.plugins.rules:
            if r.id.lower() == key or r.name == key:
                return r.to_dict()
        return None


def goal_from_request(item: Any, index: int, defaults: dict[str, Any]) -> Goal:
    """A Goal from one validated item of ``goals`` (a string or an object)."""
    data = {"text": item} if isinstance(item, str) else item
    text = data["text"]

    def meta(key):
        return whole(data.get(key, defaults.get(key)))

    goal_id = whole(data.get("id"))
    return Goal(
        text=text,
        id=str(goal_id) if goal_id is not None else None,
        location=Location(start=0, end=len(text), extra={"index": index}),
        age=meta("age"),
        grade=meta("grade"),
        transition=meta("transition"),
    )
