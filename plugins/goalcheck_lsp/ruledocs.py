"""Where a diagnostic's rule id links to (``codeDescription.href``).

goalcheck has no documentation website, and the server never calls the network.
By default each rule's explanation (what ``goalcheck explain`` prints) is written
once as Markdown to the user's cache folder,
``$XDG_CACHE_HOME/goalcheck/rules/<version>/GC201.md`` (``~/.cache`` when unset),
and the diagnostic links to that ``file:`` URI: clicking the rule id in VS Code
opens the explanation in the editor. A client that serves its own pages (a
browser editor) sets ``ruleDocsUrl`` to a pattern such as
``https://example.org/goalcheck/rules/{id}`` (``{id}`` and ``{name}`` are
filled in); ``""`` turns the links off.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("goalcheck_lsp")


def cache_folder() -> Path:
    from goalcheck import __version__

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "goalcheck" / "rules" / __version__


def render(rule) -> str:
    """A rule's explanation as a Markdown page."""
    parts = [f"# {rule.id} {rule.name}", "", f"{rule.summary}", "",
             f"Severity: {rule.severity}. Group: {rule.group}.", ""]
    for title, body in rule.explanation.sections():
        parts += [f"## {title}", "", body, ""]
    return "\n".join(parts)


class RuleDocs:
    """Links to rule explanations: a URL pattern, or Markdown files written on first use."""

    def __init__(self, rules, pattern: str | None = None, folder: Path | None = None) -> None:
        self._rules = {r.id: r for r in rules}
        self._pattern = pattern
        self._folder = folder
        self._written = False
        self._failed = False
        self._hrefs: dict[str, str | None] = {}

    def href(self, rule_id: str) -> str | None:
        if rule_id not in self._hrefs:
            self._hrefs[rule_id] = self._href(rule_id)
        return self._hrefs[rule_id]

    def _href(self, rule_id: str) -> str | None:
        rule = self._rules.get(rule_id)
        if rule is None or self._pattern == "":
            return None
        if self._pattern:
            return self._pattern.replace("{id}", rule.id).replace("{name}", rule.name)
        folder = self._ensure_files()
        return (folder / f"{rule.id}.md").resolve().as_uri() if folder else None

    def _ensure_files(self) -> Path | None:
        if self._failed:
            return None
        folder = self._folder or cache_folder()
        if not self._written:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                for rule in self._rules.values():
                    page = folder / f"{rule.id}.md"
                    text = render(rule)
                    if not page.is_file() or page.read_text(encoding="utf-8") != text:
                        page.write_text(text, encoding="utf-8")
            except OSError as exc:
                log.warning("cannot write rule explanations to %s (%s); diagnostics carry no links",
                            folder, exc.strerror or type(exc).__name__)
                self._failed = True
                return None
            self._written = True
        return folder
