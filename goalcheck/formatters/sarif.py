"""``--format sarif``: SARIF 2.1.0, the format code-scanning tools read (GitHub, GitLab, IDEs).

Plain dicts, checked by a test against the official OASIS schema: the only
Python SARIF object model (``sarif-om``) has not been maintained for years and
would add nothing a schema test does not.

* Each rule is a ``reportingDescriptor`` in the tool component: id, name, short
  description (the rule's summary), full description and help (its explanation),
  default level.
* Each finding is a result with a physical location: the file's path relative to
  the current folder, and a region. A finding's ``start``/``end`` are offsets
  into the goal text; :meth:`goalcheck.types.Location.source_offset` maps them
  into the source, and the source text turns them into lines and columns
  (``columnKind`` is Unicode code points, as goalcheck counts). ``start == end
  == 0`` means the whole goal. When a reader's offsets do not map character by
  character (JSON Lines: the goal is inside a JSON string) or the source cannot
  be read again (standard input), the region is the whole goal.
* An unreadable file, or a plugin that failed on a goal, is a tool execution
  notification, not a result.
"""

from __future__ import annotations

import bisect
import hashlib
import os
from pathlib import Path
from urllib.parse import quote

from goalcheck.plugins import hookimpl

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def document(results, options, rules=None) -> dict:
    """The SARIF log as a dict. ``rules`` defaults to every loaded rule."""
    rules = _rules(rules if rules is not None else (options.rules or None), results)
    index = {r["id"]: i for i, r in enumerate(rules)}
    sources = _Sources()
    out, notes = [], []
    for file in results:
        uri = _uri(file.path)
        if file.error:
            notes.append(_note("error", f"{file.path}: {file.error}", uri))
        for goal in file.goals:
            for finding in goal.findings:
                out.append(_result(finding, goal, uri, index, sources.get(file.path)))
            for err in goal.plugin_errors:
                notes.append(_note("warning", f"plugin {err.plugin!r} failed in {err.hook}: {err.error}", uri))
    run = {
        "tool": {"driver": {
            "name": "goalcheck",
            "version": options.version or "0",
            "rules": rules,
        }},
        "invocations": [{"executionSuccessful": not any(f.error for f in results),
                         "toolExecutionNotifications": notes}],
        "columnKind": "unicodeCodePoints",
        "results": out,
    }
    if options.model:
        run["properties"] = {"model": options.model}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def format_results(results, options) -> str:
    import json

    return json.dumps(document(results, options), indent=2, ensure_ascii=False) + "\n"


# -- rules ------------------------------------------------------------------------


def _rules(rules, results) -> list[dict]:
    if rules is None:
        from goalcheck.plugins import load_plugins

        rules = load_plugins().rules
    out = [_descriptor(r) for r in sorted(rules, key=lambda r: r.id)]
    known = {r["id"] for r in out}
    # A finding from a rule that is not loaded here (a plugin given to the Checker only).
    for f in sorted({(f.rule, f.name, f.severity) for fr in results for g in fr.goals for f in g.findings}):
        if f[0] not in known:
            known.add(f[0])
            out.append({"id": f[0], "name": f[1], "defaultConfiguration": {"level": LEVELS.get(f[2], "warning")}})
    return out


def _descriptor(rule) -> dict:
    sections = rule.explanation.sections()
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation.what},
        "help": {
            "text": "\n\n".join(f"{title}: {body}" for title, body in sections),
            "markdown": "\n\n".join(f"**{title}**\n\n{body}" for title, body in sections),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.group]},
    }


# -- results ----------------------------------------------------------------------


def _result(finding, goal, uri: dict, index: dict, source: "_Source | None") -> dict:
    verdict = goal.verdict
    result = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(finding, goal, uri, source)}],
        # Stable across edits elsewhere in the file: the rule and the goal's own words.
        "partialFingerprints": {"goalcheck/v1": _fingerprint(finding.rule, goal.goal.text)},
        "properties": {"label": verdict.label, "confidence": round(verdict.confidence, 4)},
    }
    if goal.goal.id:
        result["properties"]["goalId"] = goal.goal.id
        result["locations"][0]["logicalLocations"] = [{"name": goal.goal.id, "kind": "object"}]
    return result


def _physical(finding, goal, uri: dict, source: "_Source | None") -> dict:
    physical = {"artifactLocation": dict(uri)}
    region = _region(finding, goal.goal, source)
    if region:
        physical["region"] = region
    return physical


def _region(finding, goal, source: "_Source | None") -> dict | None:
    loc = goal.location
    if loc.start is None or loc.end is None:
        if loc.line:
            return {"startLine": loc.line, "startColumn": loc.column or 1}
        return None
    whole = finding.start == finding.end == 0
    if source is None:
        return {"startLine": loc.line or 1, "startColumn": loc.column or 1}
    if whole or not _maps_exactly(goal, finding.start, finding.end, source.text):
        start, end = loc.start, loc.end
    else:
        start = loc.source_offset(finding.start)
        end = start if finding.end == finding.start else loc.source_offset(finding.end - 1) + 1
    if not 0 <= start <= end <= len(source.text):
        return {"startLine": loc.line or 1, "startColumn": loc.column or 1}
    (line, col), (end_line, end_col) = source.line_col(start), source.line_col(end)
    # No charOffset: offsets count the text as read (\r\n as \n), not the file's bytes.
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _maps_exactly(goal, start: int, end: int, text: str) -> bool:
    """Whether each character of the goal text in [start, end) stands at its mapped source offset."""
    if not 0 <= start <= end <= len(goal.text):
        return False
    # An insertion point (start == end) is checked by the character it stands before.
    indices = range(start, end) if end > start else range(start, min(start + 1, len(goal.text)))
    for i in indices:
        at = goal.location.source_offset(i)
        if at is None or at >= len(text):
            return False
        ch = goal.text[i]
        if not ch.isspace() and text[at] != ch:
            return False
    return True


def _fingerprint(rule: str, text: str) -> str:
    return hashlib.sha256(f"{rule}\0{' '.join(text.split())}".encode()).hexdigest()[:32]


def _note(level: str, message: str, uri: dict) -> dict:
    return {"level": level, "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": dict(uri)}}]}


def _uri(path: str) -> dict:
    """A relative URI under %SRCROOT% when the file is under the current folder, else a file: URI."""
    if path == "-":
        return {"uri": "stdin"}
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return {"uri": p.as_uri()}
    rel = os.path.normpath(p).replace(os.sep, "/")
    return {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}


# -- source text --------------------------------------------------------------------


class _Source:
    """The text a reader saw (UTF-8, no BOM, \\n line ends) and where its lines start."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class _Sources:
    """Sources read again (once each) to turn offsets into lines and columns."""

    def __init__(self) -> None:
        self._cache: dict[str, _Source | None] = {}

    def get(self, path: str) -> _Source | None:
        if path not in self._cache:
            self._cache[path] = self._load(path)
        return self._cache[path]

    @staticmethod
    def _load(path: str) -> _Source | None:
        from goalcheck.readers import MAX_BYTES

        p = Path(path)
        try:
            if path == "-" or not p.is_file() or p.stat().st_size > MAX_BYTES:
                return None
            data = p.read_bytes()
        except OSError:
            return None
        text = data.decode("utf-8-sig", errors="replace")
        return _Source(text.replace("\r\n", "\n").replace("\r", "\n"))


@hookimpl
def goalcheck_register_formatters(register):
    register("sarif", format_results)
