"""Configuration: ``[tool.goalcheck]`` in ``pyproject.toml`` or a ``.goalcheck.toml``.

The file is found by walking up from the *checked file* (as Vale does), not from
the working directory, so a district's goal bank carries its own settings.
Keys::

    select = ["GC1", "GC201"]         # ids, names or id prefixes; default: all
    ignore = ["reading-level"]
    [severity]                         # per rule id or name
    GC203 = "error"
    [vocabulary]                       # lexicon categories -> phrases
    school_setting = ["resource room", "SDC", "life-skills lab"]
    [[overrides]]                      # per-file-pattern settings
    files = ["clinic/*.md"]
    ignore = ["GC1"]
    model = "path/to/model.skops"      # a swapped-in model (optional)
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from goalcheck.lexicon import CATEGORIES
from goalcheck.types import SEVERITIES, Finding

CONFIG_NAMES = (".goalcheck.toml", "goalcheck.toml", "pyproject.toml")
_KEYS = {"select", "ignore", "severity", "vocabulary", "overrides", "model", "fail-on", "fail_on"}


class ConfigError(Exception):
    """A configuration file that cannot be used: names the file, the key and the problem."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    overrides: tuple[dict[str, Any], ...] = ()
    model: str | None = None
    path: str | None = None  # the file the configuration came from
    sources: dict[str, str] = field(default_factory=dict)  # key -> where its value came from
    rule_options: dict[str, Any] = field(default_factory=dict)

    def is_enabled(self, rule) -> bool:
        if self.select and not any(_matches(rule, s) for s in self.select):
            return False
        return not any(_matches(rule, s) for s in self.ignore)

    def apply_severity(self, finding: Finding) -> Finding:
        level = self.severity.get(finding.rule) or self.severity.get(finding.name)
        return replace(finding, severity=level) if level else finding

    def for_file(self, path: str) -> "Config":
        """This configuration with the overrides whose ``files`` patterns match ``path``."""
        result = self
        candidates = [path, Path(path).name]
        if self.path:
            try:  # patterns are relative to the folder the config file is in
                candidates.append(Path(path).resolve().relative_to(Path(self.path).resolve().parent).as_posix())
            except ValueError:
                pass
        for override in self.overrides:
            if any(fnmatch.fnmatch(c, pat) for c in candidates for pat in override["files"]):
                result = replace(
                    result,
                    select=tuple(override.get("select", result.select)),
                    ignore=result.ignore + tuple(override.get("ignore", ())),
                    severity={**result.severity, **override.get("severity", {})},
                )
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": dict(self.severity),
            "vocabulary": {k: list(v) for k, v in self.vocabulary.items()},
            "overrides": list(self.overrides),
            "model": self.model,
            "sources": dict(self.sources),
        }


def _matches(rule, selector: str) -> bool:
    return selects(selector, rule.id, rule.name)


def selects(selector: str, rule_id: str, name: str) -> bool:
    """Does ``selector`` (an id, a name, an id prefix such as ``GC2``, or ``*``) pick this rule?"""
    s = selector.strip()
    return s == "*" or rule_id == s or name == s or (s.isupper() and rule_id.startswith(s))


def find_config_file(start: str | Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file or directory)."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "goalcheck" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return "[tool.goalcheck" in path.read_text(encoding="utf-8", errors="replace")


def load_config(path: Path) -> Config:
    """Parse and validate one config file; raises :class:`ConfigError` with a one-line reason."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("goalcheck", {})
    return config_from_dict(data, str(path))


def config_from_dict(data: dict[str, Any], origin: str) -> Config:
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_KEYS - {'fail_on'}))})")
    select = _str_list(data, "select", origin)
    ignore = _str_list(data, "ignore", origin)
    severity = _severity(data.get("severity", {}), origin, "severity")
    vocabulary = {}
    vocab = data.get("vocabulary", {})
    if not isinstance(vocab, dict):
        raise ConfigError(f"{origin}: key 'vocabulary' must be a table of category = [phrases]")
    for category, phrases in vocab.items():
        if category not in CATEGORIES:
            raise ConfigError(f"{origin}: vocabulary category {category!r} is unknown (known: {', '.join(CATEGORIES)})")
        vocabulary[category] = tuple(_str_list(vocab, category, origin, f"vocabulary.{category}"))
    overrides = data.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, dict) and isinstance(o.get("files"), list) for o in overrides):
        raise ConfigError(f"{origin}: key 'overrides' must be a list of tables, each with a 'files' list")
    for i, o in enumerate(overrides):
        _severity(o.get("severity", {}), origin, f"overrides[{i}].severity")
        for key in ("select", "ignore"):
            _str_list(o, key, origin, f"overrides[{i}].{key}")
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise ConfigError(f"{origin}: key 'model' must be a path string")
    if model:
        model = str((Path(origin).parent / model).resolve()) if not Path(model).is_absolute() else model
    sources = {k: origin for k in data}
    return Config(tuple(select), tuple(ignore), severity, vocabulary, tuple(overrides), model, origin, sources)


def _str_list(data: dict, key: str, origin: str, label: str | None = None) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{origin}: key '{label or key}' must be a list of strings")
    return value


def _severity(value: Any, origin: str, label: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: key '{label}' must be a table of rule = severity")
    for rule_key, level in value.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{origin}: {label}.{rule_key} = {level!r} is not one of {', '.join(SEVERITIES)}")
    return dict(value)


def resolve(path: str | None, *, model: str | None = None) -> Config:
    """The configuration that applies to ``path`` (default when there is no file).

    ``model`` (``--model``) overrides the model the file names.
    """
    if path is None or path == "-":
        found = find_config_file(Path.cwd())
    else:
        found = find_config_file(path)
    config = Config() if found is None else \
        load_config(found).for_file(str(Path(path).resolve()) if path and path != "-" else "")
    return replace(config, model=model) if model else config
