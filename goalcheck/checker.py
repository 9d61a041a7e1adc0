"""The Checker: built once (plugins, spaCy pipeline, model, rules), then called many times.

Every entry point - the CLI, the Python API, the adapters - holds one Checker.
A call runs the stages in one direction: reader -> nlp -> classifier -> rules.
"""

from __future__ import annotations

import copy
import os
from collections import OrderedDict
from typing import Iterable

from goalcheck.config import Config, selects
from goalcheck.nlp import Analysis, get_pipeline
from goalcheck.plugins import Plugins, load_plugins
from goalcheck.readers import Metadata, ReadError, Source, read_bytes, read_goals
from goalcheck.rules import RuleContext
from goalcheck.types import FileResult, Finding, Goal, GoalResult, Location, PluginError


class Checker:
    """Check goals: ``check_text``, ``check_goals``, ``check_path``.

    >>> from goalcheck import Checker
    >>> result = Checker().check_text("Student will increase grip strength to 15 lb.")
    >>> result.goals[0].verdict.label
    'medical'
    """

    def __init__(self, config: Config | None = None, *, plugins: Plugins | None = None) -> None:
        self.config = config or Config()
        self.plugins = plugins or load_plugins()
        vocabulary = {cat: set(p) for cat, p in self.plugins.vocabulary.items()}
        for category, phrases in self.config.vocabulary.items():
            vocabulary.setdefault(category, set()).update(phrases)
        self.pipeline = get_pipeline(vocabulary)
        self.classifier = self.plugins.classifier(self.config)
        if self.classifier is None:
            raise RuntimeError("no plugin provided a classifier")

    # -- public API ----------------------------------------------------------
    def check_text(self, text: str, *, path: str = "<text>", metadata: Metadata | None = None,
                   input_format: str = "markdown") -> FileResult:
        """Find the goals in a document's text and check each one."""
        return self.check_source(Source(path, text.encode("utf-8"), metadata or Metadata()), input_format=input_format)

    def check_goals(self, goals: Iterable[Goal | str]) -> list[GoalResult]:
        """Check goals given one by one (strings or :class:`Goal` objects), in order."""
        items = [g if isinstance(g, Goal) else Goal(text=g, location=Location(start=0, end=len(g))) for g in goals]
        return [self._check_analysis(a) for a in self.pipeline.analyse_many(items)]

    def check_path(self, path: str | os.PathLike, *, metadata: Metadata | None = None,
                   input_format: str | None = None) -> FileResult:
        """Read and check one file (``"-"`` is standard input). Never raises for bad input."""
        name = str(path)
        try:
            data = read_bytes(name)
        except ReadError as exc:
            return FileResult(name, error=exc.reason)
        return self.check_source(Source(name, data, metadata or Metadata()), input_format=input_format)

    def check_source(self, source: Source, *, input_format: str | None = None) -> FileResult:
        goals, error = read_goals(self.plugins, source, input_format)
        return FileResult(source.path, tuple(self.check_goals(goals)), error)

    def describe_model(self) -> dict:
        return self.classifier.describe()

    # -- stages --------------------------------------------------------------
    def _check_analysis(self, analysis: Analysis) -> GoalResult:
        verdict = self.classifier.classify(analysis)
        context = RuleContext(analysis, verdict, self.config.rule_options)
        findings: list[Finding] = []
        errors: list[PluginError] = []
        suppress = analysis.goal.suppress
        for rule in self.plugins.rules:
            if not self.config.is_enabled(rule):
                continue
            try:
                produced = rule.run(context)
            except Exception as exc:  # reported by name, skipped for this goal
                errors.append(PluginError(self.plugins.rule_owner.get(rule.id, "?"), f"rule {rule.id}", f"{type(exc).__name__}: {exc}"))
                continue
            findings.extend(self.config.apply_severity(f) for f in produced)
        kept = [f for f in findings if not any(selects(s, f.rule, f.name) for s in suppress)]
        return GoalResult(analysis.goal, verdict, tuple(kept), tuple(errors), len(findings) - len(kept))


class Checkers:
    """Warm Checkers, one per vocabulary and model: what is slow to build.

    A configuration that differs only in rule selection or severities reuses a
    built Checker (a shallow copy with that configuration). The CLI, the batch
    workers and the language server each hold one pool. Raises
    :class:`goalcheck.classifier.ModelError` when the configured model cannot load.
    """

    def __init__(self, plugins: Plugins | None = None, *, max_size: int = 8) -> None:
        self.plugins = plugins or load_plugins()
        self._built: OrderedDict = OrderedDict()
        self._max_size = max_size

    @staticmethod
    def key(config: Config) -> tuple:
        return tuple(sorted((k, tuple(v)) for k, v in config.vocabulary.items())), config.model

    def add(self, checker: Checker) -> None:
        self._built[self.key(checker.config)] = checker

    def get(self, config: Config) -> Checker:
        key = self.key(config)
        if key not in self._built:
            self._built[key] = Checker(config, plugins=self.plugins)
            while len(self._built) > self._max_size:
                self._built.popitem(last=False)
        self._built.move_to_end(key)
        checker = copy.copy(self._built[key])
        checker.config = config
        return checker
