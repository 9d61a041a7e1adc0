"""The rule contract: what every rule, built-in or from a plugin, provides.

A rule has an id (``GC`` + three digits: 1xx relevance, 2xx measurability, 3xx
language), a kebab-case name, a default severity, an explanation in four fixed
sections (as ruff documents its rules) and a ``check`` function. ``check``
receives a :class:`RuleContext` and yields findings built with
:meth:`Rule.finding`. Rules are registered with the ``goalcheck_register_rules``
hook; the built-in ones are in this package, one module per group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterable

from goalcheck.facets import Facets, find_facets
from goalcheck.nlp import Analysis
from goalcheck.types import SEVERITIES, Finding, Fix, Verdict

_ID = re.compile(r"^[A-Z]{2,5}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Explanation:
    """The long documentation of a rule, in the sections ``goalcheck explain`` prints."""

    what: str
    why: str
    example: str
    better: str

    def sections(self) -> list[tuple[str, str]]:
        return [
            ("What it flags", self.what),
            ("Why it matters", self.why),
            ("Example", self.example),
            ("A better version", self.better),
        ]


@dataclass(frozen=True)
class RuleContext:
    """What a rule sees: the analysed goal, the classifier's verdict and the config."""

    analysis: Analysis
    verdict: Verdict
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.analysis.goal.text

    @cached_property
    def facets(self) -> Facets:
        """Timeframe, condition, criterion and behaviour, found once and shared by the 2xx rules."""
        return find_facets(self.analysis)


@dataclass(frozen=True)
class Rule:
    """One check. ``message`` is a short summary; each finding's message is specific."""

    id: str
    name: str
    severity: str
    summary: str
    explanation: Explanation
    check: Callable[["Rule", RuleContext], Iterable[Finding]]
    fixable: bool = False

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"rule id {self.id!r} must be letters then three digits, like GC201")
        if not _NAME.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be kebab-case")
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} is not one of {SEVERITIES}")

    @property
    def group(self) -> str:
        return {"1": "relevance", "2": "measurability", "3": "language"}.get(self.id[-3], "plugin")

    def finding(self, message: str, start: int = 0, end: int = 0, fix: Fix | None = None) -> Finding:
        return Finding(self.id, self.name, self.severity, message, start, end, fix)

    def run(self, context: RuleContext) -> list[Finding]:
        return list(self.check(self, context))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "group": self.group,
            "severity": self.severity,
            "summary": self.summary,
            "fixable": self.fixable,
            "explanation": {title: body for title, body in self.explanation.sections()},
        }


def rule(id: str, name: str, severity: str, summary: str, *, what: str, why: str, example: str, better: str,
         fixable: bool = False):
    """Decorator: turn a ``check(rule, context)`` generator into a :class:`Rule`."""

    def wrap(check: Callable[[Rule, RuleContext], Iterable[Finding]]) -> Rule:
        return Rule(id, name, severity, summary, Explanation(what, why, example, better), check, fixable)

    return wrap


def quote(text: str, limit: int = 60) -> str:
    """A goal fragment for a message: quoted, and cut at ``limit`` characters."""
    text = " ".join(text.split())
    return f"\"{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}\""
