"""The client's settings (``initializationOptions``, ``workspace/didChangeConfiguration``).

Settings come as a JSON object, either flat or under a ``"goalcheck"`` key (the
section VS Code and Neovim send). Every key is optional::

    {"goalcheck": {
        "enable": true,                 # false: no diagnostics at all
        "select": ["GC1", "GC2"],       # replaces the project's select when given
        "ignore": ["reading-level"],    # added to the project's ignore
        "severity": {"GC203": "error"}, # over the project's severity
        "age": 8, "grade": 2, "transition": false,  # as goalcheck check --age ...
        "useConfigFile": true,          # read .goalcheck.toml / pyproject.toml as the CLI does
        "pushDiagnostics": "auto",      # "auto" (push unless the client pulls), true, false
        "debounceMs": 200,              # changes within this window are checked once
        "showSuggestions": true,        # the suggestion in GC101/GC102 diagnostics
        "ruleDocsUrl": null             # "https://example.org/rules/{id}"; "" for none
    }}

A bad value is skipped with a one-line problem; the other keys still apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from goalcheck.config import Config
from goalcheck.readers import Metadata
from goalcheck.types import SEVERITIES

DEFAULT_DEBOUNCE_MS = 200


@dataclass(frozen=True)
class Settings:
    enable: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    age: int | None = None
    grade: int | None = None
    transition: bool | None = None
    use_config_file: bool = True
    push_diagnostics: bool | str = "auto"
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    show_suggestions: bool = True
    rule_docs_url: str | None = None

    @property
    def metadata(self) -> Metadata:
        return Metadata(age=self.age, grade=self.grade, transition=self.transition)

    def apply(self, config: Config) -> Config:
        """The project's configuration with these settings on top."""
        return replace(
            config,
            select=self.select or config.select,
            ignore=config.ignore + self.ignore,
            severity={**config.severity, **self.severity},
        )

    def fingerprint(self) -> tuple:
        """What changes a check's result (not the transport or timing settings)."""
        return (self.select, self.ignore, tuple(sorted(self.severity.items())), self.age, self.grade,
                self.transition, self.use_config_file, self.show_suggestions, self.rule_docs_url, self.enable)


def _str_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


def _severity(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(v in SEVERITIES for v in value.values()):
        raise ValueError(f"must be a table of rule = {'|'.join(SEVERITIES)}")
    return {str(k): v for k, v in value.items()}


def _int_in(low: int, high: int):
    def check(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value
    return check


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _optional_bool(value: Any) -> bool | None:
    return None if value is None else _bool(value)


def _push(value: Any) -> bool | str:
    if value == "auto" or isinstance(value, bool):
        return value
    raise ValueError('must be "auto", true or false')


def _debounce(value: Any) -> int:
    checked = _int_in(0, 5000)(value)
    return DEFAULT_DEBOUNCE_MS if checked is None else checked


def _url(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("must be a URL pattern string such as https://example.org/rules/{id}")
    return value


# client key -> (Settings field, parser)
_KEYS = {
    "enable": ("enable", _bool),
    "select": ("select", _str_list),
    "ignore": ("ignore", _str_list),
    "severity": ("severity", _severity),
    "age": ("age", _int_in(0, 120)),
    "grade": ("grade", _int_in(-1, 13)),
    "transition": ("transition", _optional_bool),
    "useConfigFile": ("use_config_file", _bool),
    "pushDiagnostics": ("push_diagnostics", _push),
    "debounceMs": ("debounce_ms", _debounce),
    "showSuggestions": ("show_suggestions", _bool),
    "ruleDocsUrl": ("rule_docs_url", _url),
}


def parse_settings(data: Any) -> tuple[Settings, list[str]]:
    """Settings from the client's JSON, and one-line problems for what was skipped."""
    if isinstance(data, dict) and isinstance(data.get("goalcheck"), dict):
        data = data["goalcheck"]
    if data is None:
        return Settings(), []
    if not isinstance(data, dict):
        return Settings(), ["goalcheck settings must be an object; using the defaults"]
    values: dict[str, Any] = {}
    problems = []
    for key, value in data.items():
        if key not in _KEYS:
            problems.append(f"goalcheck setting {key!r} is unknown (known: {', '.join(_KEYS)})")
            continue
        name, parse = _KEYS[key]
        try:
            values[name] = parse(value)
        except ValueError as exc:
            problems.append(f"goalcheck setting {key!r} {exc}; ignored")
    return Settings(**values), problems
