"""The plugin manager, and the registries the ``register_*`` hooks fill.

Built-in plugins are listed in :data:`DEFAULT_PLUGINS` and registered through
:func:`_register_plugin`, the same function that registers every module found in
the ``goalcheck`` entry-point group. Set ``GOALCHECK_DISABLE_PLUGIN_AUTOLOAD=1``
to load only the built-ins (as pytest's ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``).

The rest of goalcheck never calls ``pm.hook`` directly: it asks a
:class:`Plugins` object (a small facade, as tox 4 does) for readers, rules,
formatters, vocabulary and the classifier.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING, Any, Callable

import pluggy

from goalcheck import hookspecs

if TYPE_CHECKING:
    from goalcheck.readers import Reader
    from goalcheck.rules import Rule

ENTRY_POINT_GROUP = "goalcheck"
AUTOLOAD_ENV = "GOALCHECK_DISABLE_PLUGIN_AUTOLOAD"

hookimpl = pluggy.HookimplMarker("goalcheck")

DEFAULT_PLUGINS = (
    "goalcheck.readers.text",
    "goalcheck.readers.jsonl",
    "goalcheck.readers.csv",
    "goalcheck.classifier",
    "goalcheck.rules.relevance",
    "goalcheck.rules.measurability",
    "goalcheck.rules.language",
    "goalcheck.formatters.text",
    "goalcheck.formatters.json",
    "goalcheck.formatters.sarif",
)


@dataclass(frozen=True)
class PluginInfo:
    """What ``goalcheck plugins`` shows about one registered plugin."""

    name: str
    version: str
    hooks: tuple[str, ...]
    builtin: bool

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "hooks": list(self.hooks), "builtin": self.builtin}


@dataclass
class Plugins:
    """The loaded plugins and what they registered.

    ``problems`` lists plugins that failed to import or register, as one-line
    messages naming the plugin; they are shown as warnings, never raised.
    """

    pm: pluggy.PluginManager
    readers: dict[str, "Reader"] = field(default_factory=dict)
    rules: list["Rule"] = field(default_factory=list)
    rule_owner: dict[str, str] = field(default_factory=dict)
    formatters: dict[str, Callable] = field(default_factory=dict)
    vocabulary: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    _dist_versions: dict[str, str] = field(default_factory=dict)

    def reader_for(self, name: str, data: bytes | None = None) -> "Reader | None":
        """The reader for a file name: the longest suffix claimed wins (".fhir.json" over ".json").

        Among readers claiming the same suffix, one whose ``sniff(data)`` accepts
        the content comes first; readers without ``sniff`` are the fallback. The
        last registered wins a tie, so a plugin can replace a built-in reader.
        """
        lower = name.lower()
        plain = "." not in lower.rsplit("/", 1)[-1].lstrip(".")
        best: list[tuple[int, int, "Reader"]] = []
        for order, reader in enumerate(self.readers.values()):
            for suffix in reader.suffixes:
                if (suffix and lower.endswith(suffix)) or (not suffix and plain):
                    best.append((len(suffix), order, reader))
        best.sort(key=lambda t: (t[0], t[1]), reverse=True)
        if not best:
            return None
        longest = best[0][0]
        tied = [r for n, _, r in best if n == longest]
        sniffers = [r for r in tied if r.sniff is not None]
        if data is not None:
            for reader in sniffers:
                if reader.sniff(data):
                    return reader
        fallback = [r for r in tied if r.sniff is None]
        if fallback:
            return fallback[0]
        return tied[0] if data is None else None

    def classifier(self, config) -> Any:
        return self.pm.hook.goalcheck_classifier(config=config)

    def register_commands(self, cli) -> None:
        for impl in self.pm.hook.goalcheck_register_commands.get_hookimpls():
            self._call(impl, "goalcheck_register_commands", cli=cli)

    def info(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            dist = self._dist_versions.get(name)
            builtin = name in DEFAULT_PLUGINS
            version = dist or _goalcheck_version()
            out.append(PluginInfo(name, version, hooks, builtin))
        return out

    # -- internals ---------------------------------------------------------
    def _call(self, impl, hook: str, **kwargs) -> None:
        try:
            impl.function(**{k: kwargs[k] for k in impl.argnames})
        except Exception as exc:  # a broken plugin must not take goalcheck down
            self.problems.append(f"plugin {impl.plugin_name!r} failed in {hook}: {type(exc).__name__}: {exc}")

    def _collect(self) -> None:
        for impl in self.pm.hook.goalcheck_register_readers.get_hookimpls():
            self._call(impl, "goalcheck_register_readers", register=self._add_reader)
        for impl in self.pm.hook.goalcheck_register_rules.get_hookimpls():
            owner = impl.plugin_name
            self._call(impl, "goalcheck_register_rules", register=lambda rule, _o=owner: self._add_rule(rule, _o))
        for impl in self.pm.hook.goalcheck_register_formatters.get_hookimpls():
            self._call(impl, "goalcheck_register_formatters", register=self._add_formatter)
        for impl in self.pm.hook.goalcheck_register_vocabulary.get_hookimpls():
            self._call(impl, "goalcheck_register_vocabulary", register=self.add_vocabulary)
        self.rules.sort(key=lambda r: r.id)

    def _add_reader(self, reader: "Reader") -> None:
        self.readers.pop(reader.name, None)
        self.readers[reader.name] = reader

    def _add_rule(self, rule: "Rule", owner: str) -> None:
        for existing in self.rules:
            if existing.id == rule.id or existing.name == rule.name:
                raise ValueError(f"rule {rule.id} ({rule.name}) is already registered by {self.rule_owner[existing.id]}")
        self.rules.append(rule)
        self.rule_owner[rule.id] = owner

    def _add_formatter(self, name: str, format_results: Callable) -> None:
        self.formatters[name] = format_results

    def add_vocabulary(self, category: str, phrases) -> None:
        from goalcheck.lexicon import CATEGORIES

        if category not in CATEGORIES:
            raise ValueError(f"unknown vocabulary category {category!r}; expected one of {', '.join(CATEGORIES)}")
        self.vocabulary.setdefault(category, set()).update(p.strip() for p in phrases if p.strip())


def _goalcheck_version() -> str:
    from goalcheck import __version__

    return __version__


def _register_plugin(pm: pluggy.PluginManager, name: str, plugin: Any) -> None:
    """Register one plugin module or object: the single path for built-ins and entry points."""
    if pm.is_registered(plugin) or pm.has_plugin(name):
        return
    pm.register(plugin, name=name)


def load_plugins(*, autoload: bool | None = None, extra: tuple[Any, ...] = ()) -> Plugins:
    """Build a plugin manager with the built-ins, entry-point plugins and ``extra``.

    ``extra`` plugins (objects or modules) are registered last, through the same
    path; tests and embedding applications use it.
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    plugins = Plugins(pm=pm)
    for module_name in DEFAULT_PLUGINS:
        _register_plugin(pm, module_name, importlib.import_module(module_name))
    if autoload is None:
        autoload = os.environ.get(AUTOLOAD_ENV, "").strip().lower() not in ("1", "true", "yes")
    if autoload:
        _load_entry_points(pm, plugins)
    for i, plugin in enumerate(extra):
        name = getattr(plugin, "__name__", None) or f"{type(plugin).__name__}-{i}"
        _register_plugin(pm, name, plugin)
    plugins._collect()
    return plugins


def _load_entry_points(pm: pluggy.PluginManager, plugins: Plugins) -> None:
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if pm.has_plugin(ep.name) or pm.has_plugin(ep.value):
            continue
        try:
            plugin = ep.load()
            _register_plugin(pm, ep.name, plugin)
        except Exception as exc:
            plugins.problems.append(f"plugin {ep.name!r} could not be loaded: {type(exc).__name__}: {exc}")
            continue
        if ep.dist is not None:
            plugins._dist_versions[ep.name] = f"{ep.dist.name} {ep.dist.version}"

