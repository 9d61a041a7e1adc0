"""The Checker: built once (plugins, spaCy pipeline, model, rules), then called many times.

Every entry point - the CLI, the Python API, the adapters - holds one Checker.
A call runs the stages in one direction: reader -> nlp -> classifier -> rules.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable

from goalcheck.config import Config, selects
from goalcheck.nlp import Analysis, get_pipeline
from goalcheck.plugins import Plugins, load_plugins
from goalcheck.readers import MAX_BYTES, Metadata, ReadError, Source
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
            data = _read_bytes(name)
        except ReadError as exc:
            return FileResult(name, error=exc.reason)
        return self.check_source(Source(name, data, metadata or Metadata()), input_format=input_format)

    def check_source(self, source: Source, *, input_format: str | None = None) -> FileResult:
        reader = self._reader(source, input_format)
        if reader is None:
            suffix = Path(source.path).suffix or "(none)"
            return FileResult(source.path, error=f"no reader for files ending {suffix}; use --input-format")
        error = None
        try:
            goals = reader.read(source)
        except ReadError as exc:
            goals, error = exc.goals, exc.reason
        except Exception as exc:  # a reader plugin's bug must not stop the run
            owner = reader.name
            return FileResult(source.path, error=f"reader {owner!r} failed: {type(exc).__name__}: {exc}")
        return FileResult(source.path, tuple(self.check_goals(goals)), error)

    def describe_model(self) -> dict:
        return self.classifier.describe()

    # -- stages --------------------------------------------------------------
    def _reader(self, source: Source, input_format: str | None):
        if input_format:
            return self.plugins.readers.get(input_format)
        if source.path == "-":
            return self.plugins.readers.get("jsonl" if source.data.lstrip()[:1] == b"{" else "markdown")
        return self.plugins.reader_for(Path(source.path).suffix)

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


def _read_bytes(name: str) -> bytes:
    """The bytes of a file or of standard input, or a one-line ReadError."""
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
