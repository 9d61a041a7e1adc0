"""The plugin engine: documented hooks, registration, isolation of failures."""

from __future__ import annotations

import inspect
import re
import sys
import types

import pytest

from conftest import ROOT
from goalcheck import hookimpl, hookspecs
from goalcheck.checker import Checker
from goalcheck.plugins import DEFAULT_PLUGINS, load_plugins
from goalcheck.rules import rule

HOOKS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("goalcheck_")]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook))
    assert doc and len(doc) > 80, f"{hook} needs a docstring: it is the reference documentation"
    assert hook in (ROOT / "README.md").read_text(encoding="utf-8"), f"{hook} is missing from the README"


def test_builtins_are_registered_like_any_plugin():
    plugins = load_plugins(autoload=False)
    names = [name for name, _ in plugins.pm.list_name_plugin()]
    assert names[: len(DEFAULT_PLUGINS)] == list(DEFAULT_PLUGINS)
    assert {"text", "markdown", "jsonl"} <= set(plugins.readers)
    assert {"text", "json"} <= set(plugins.formatters)


def _district_plugin():
    """A plugin module as a district would ship it: a rule and a vocabulary."""
    mod = types.ModuleType("district_plugin")

    @rule("DST101", "names-sdc", "info", "Mentions the SDC.", what="w", why="y", example="e", better="b")
    def names_sdc(self, context):
        if "SDC" in context.text:
            i = context.text.index("SDC")
            yield self.finding("mentions the SDC", i, i + 3)

    @hookimpl
    def goalcheck_register_rules(register):
        register(names_sdc)

    @hookimpl
    def goalcheck_register_vocabulary(register):
        register("school_setting", ["SDC", "life-skills lab"])

    mod.goalcheck_register_rules = goalcheck_register_rules
    mod.goalcheck_register_vocabulary = goalcheck_register_vocabulary
    return mod


def test_a_plugin_adds_a_rule_and_vocabulary():
    checker = Checker(plugins=load_plugins(autoload=False, extra=(_district_plugin(),)))
    (result,) = checker.check_goals(["Theo will wash the dishes in the SDC."])
    assert any(f.rule == "DST101" for f in result.findings)
    hits = [h.text for h in checker.pipeline.analyse(result.goal).hits if h.category == "school_setting"]
    assert "SDC" in hits


def test_a_plugin_found_through_the_entry_point_group(monkeypatch, tmp_path):
    pkg = tmp_path / "acme_goalcheck.py"
    pkg.write_text(
        "from goalcheck import hookimpl\n"
        "@hookimpl\n"
        "def goalcheck_register_formatters(register):\n"
        "    register('count', lambda results, options: f\"{sum(len(r.goals) for r in results)}\\n\")\n",
        encoding="utf-8",
    )
    dist = tmp_path / "acme_goalcheck-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-goalcheck\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[goalcheck]\nacme = acme_goalcheck\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins = load_plugins(autoload=True)
    assert "count" in plugins.formatters
    info = {i.name: i for i in plugins.info()}
    assert info["acme"].version == "acme-goalcheck 1.0" and not info["acme"].builtin
    monkeypatch.setenv("GOALCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert "count" not in load_plugins().formatters


def test_a_rule_that_raises_is_reported_by_name_and_skipped():
    mod = types.ModuleType("broken_plugin")

    @rule("BRK101", "always-breaks", "warning", "Breaks.", what="w", why="y", example="e", better="b")
    def breaks(self, context):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    @hookimpl
    def goalcheck_register_rules(register):
        register(breaks)

    mod.goalcheck_register_rules = goalcheck_register_rules
    checker = Checker(plugins=load_plugins(autoload=False, extra=(mod,)))
    first, second = checker.check_goals(["Ana will increase grip strength to 10 lb.", "Ana will cut a circle."])
    for result in (first, second):
        assert [(e.plugin, e.hook) for e in result.plugin_errors] == [("broken_plugin", "rule BRK101")]
        assert "boom" in result.plugin_errors[0].error
    assert any(f.rule == "GC101" for f in first.findings)  # the other rules still ran


def test_a_plugin_that_fails_to_register_is_reported_not_raised():
    mod = types.ModuleType("bad_register")

    @hookimpl
    def goalcheck_register_vocabulary(register):
        register("not_a_category", ["x"])

    mod.goalcheck_register_vocabulary = goalcheck_register_vocabulary
    plugins = load_plugins(autoload=False, extra=(mod,))
    assert any("bad_register" in p and "not_a_category" in p for p in plugins.problems)


def test_rule_ids_and_names_follow_the_contract():
    plugins = load_plugins(autoload=False)
    for r in plugins.rules:
        assert re.fullmatch(r"GC[123]\d\d", r.id)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name)
        assert all(body.strip() for _, body in r.explanation.sections())
    names = {r.name for r in plugins.rules}
    assert {"no-timeframe", "no-condition", "no-criterion", "not-observable"} <= names


def test_importing_goalcheck_does_not_import_scikit_learn():
    code = "import sys, goalcheck; from goalcheck import Checker; Checker().check_goals(['x will cut']); print('sklearn' in sys.modules, 'skops' in sys.modules, 'torch' in sys.modules)"
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False False"


def test_reader_choice_longest_suffix_then_content():
    from goalcheck.readers import Reader

    mod = types.ModuleType("json_readers")

    @hookimpl
    def goalcheck_register_readers(register):
        register(Reader("plain-json", (".json",), lambda s: [], "any JSON"))
        register(Reader("fancy-json", (".json",), lambda s: [], "JSON with a kind", sniff=lambda d: b'"kind"' in d))
        register(Reader("special", (".special.json",), lambda s: [], "two-part suffix"))

    mod.goalcheck_register_readers = goalcheck_register_readers
    plugins = load_plugins(autoload=False, extra=(mod,))
    assert plugins.reader_for("a.special.json", b"{}").name == "special"
    assert plugins.reader_for("a.json", b'{"kind": 1}').name == "fancy-json"
    assert plugins.reader_for("a.json", b"{}").name == "plain-json"
    assert plugins.reader_for("notes", b"x").name == "text"  # no suffix: plain text
    assert plugins.reader_for("a.unknown", b"x") is None
