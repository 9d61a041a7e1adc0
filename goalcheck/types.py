"""The data that flows through goalcheck, stage by stage.

reader -> Goal -> (nlp) -> Verdict -> (rules) -> Finding -> GoalResult -> FileResult.
Every type is a frozen dataclass with ``to_dict()``; the JSON output is made of
these dicts and nothing else (see README, "JSON output").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import IntEnum
from typing import Any

LABELS = ("educational", "medical", "ambiguous")
SEVERITIES = ("info", "warning", "error")


class ExitCode(IntEnum):
    """What `goalcheck check` returns, as black and proselint do: one enum, documented."""

    OK = 0  # nothing flagged at or above --fail-on
    FLAGGED = 1  # something flagged at or above --fail-on
    ERROR = 2  # a file could not be read, or a usage error


@dataclass(frozen=True)
class Location:
    """Where a goal stands in its source.

    ``line``/``column`` are 1-based and point at the first character of the goal
    text (after any list marker or label); ``start``/``end`` are character offsets
    into the whole source text. Non-text sources (a JSONL line, a table cell, a
    FHIR resource) fill what applies and name the rest in ``extra``.
    """

    line: int | None = None
    column: int | None = None
    start: int | None = None
    end: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # (offset in goal text, offset in source) at the start of each piece of a goal
    # that wraps over several lines; empty when the text is one contiguous slice.
    segments: tuple[tuple[int, int], ...] = ()

    def source_offset(self, offset: int) -> int | None:
        """Map an offset in the goal's text to an offset in the source text."""
        if self.start is None:
            return None
        base_text, base_src = 0, self.start
        for text_at, src_at in self.segments:
            if text_at > offset:
                break
            base_text, base_src = text_at, src_at
        return base_src + (offset - base_text)

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k not in ("extra", "segments") and v is not None}
        data.update(self.extra)
        return data


@dataclass(frozen=True)
class Goal:
    """One draft goal as a reader found it, with what is known about the student.

    ``text`` excludes list markers and labels ("Annual Goal 2:"). ``age``,
    ``grade`` and ``transition`` are metadata given with the goal (a JSONL field,
    a CLI option, a document header); LABELS.md rule 5 uses them.
    """

    text: str
    id: str | None = None
    location: Location = field(default_factory=Location)
    age: int | None = None
    grade: int | None = None
    transition: bool | None = None
    # Rule selectors switched off for this goal by inline comments
    # (``<!-- goalcheck: ignore GC201 -->``); "*" switches off every rule.
    suppress: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "location": self.location.to_dict(),
            "age": self.age,
            "grade": self.grade,
            "transition": self.transition,
        }


@dataclass(frozen=True)
class Evidence:
    """Words of the goal that moved the verdict, and the label they push toward.

    Offsets are into ``Goal.text``.
    """

    start: int
    end: int
    text: str
    label: str
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label}


@dataclass(frozen=True)
class Verdict:
    """The classifier's reading of a goal: label, confidence, evidence, suggestion.

    ``probabilities`` holds the calibrated probability of each label; ``confidence``
    is the probability of ``label`` (for an ambiguous-by-uncertainty verdict, the
    probability that the model's top label is wrong is not hidden: see
    ``probabilities``). ``missing`` names what an ambiguous goal lacks
    (``setting``, ``purpose``).
    """

    label: str
    confidence: float
    probabilities: dict[str, float] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    suggestion: str | None = None
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
            "evidence": [e.to_dict() for e in self.evidence],
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Fix:
    """A concrete edit to the goal text: replace ``[start, end)`` with ``replacement``.

    ``safe`` fixes keep the goal's meaning (jargon spelled out) and are applied by
    ``--fix``; the others change what the goal commits to (adding a timeframe)
    and are only offered, in the JSON, the editor and ``--diff --unsafe-fixes``.
    """

    start: int
    end: int
    replacement: str
    description: str = ""
    safe: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """One thing a rule flags in one goal. Offsets are into ``Goal.text``."""

    rule: str
    name: str
    severity: str
    message: str
    start: int
    end: int
    fix: Fix | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "fix": self.fix.to_dict() if self.fix else None,
        }


@dataclass(frozen=True)
class PluginError:
    """A plugin that raised while checking a goal; it was skipped for that goal."""

    plugin: str
    hook: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GoalResult:
    """Everything goalcheck says about one goal."""

    goal: Goal
    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    plugin_errors: tuple[PluginError, ...] = ()
    suppressed: int = 0  # findings switched off by inline comments

    def to_dict(self) -> dict[str, Any]:
        goal = self.goal.to_dict()
        verdict = self.verdict.to_dict()
        return {
            "id": goal["id"],
            "text": goal["text"],
            "location": goal["location"],
            "metadata": {k: goal[k] for k in ("age", "grade", "transition") if goal[k] is not None},
            **verdict,
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": self.suppressed,
            "plugin_errors": [e.to_dict() for e in self.plugin_errors],
        }


@dataclass(frozen=True)
class FileResult:
    """The result for one source: its goals, or the one-line reason it could not be read."""

    path: str
    goals: tuple[GoalResult, ...] = ()
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "error": self.error,
            "goals": [g.to_dict() for g in self.goals],
        }
