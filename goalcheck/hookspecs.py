"""Every hook goalcheck calls, grouped by the stage of a check that calls it.

This module is the reference documentation for plugin authors: each hook's
docstring says when it is called, what it receives and what it must do. A test
(``tests/test_plugins.py``) fails if a hook here has no docstring or is missing
from the README's plugin section.

A plugin is a module (or object) with functions marked ``@goalcheck.hookimpl``
whose names match the hooks below. Ship it in a package with an entry point::

    [project.entry-points.goalcheck]
    my_district = "my_district_goalcheck.plugin"

goalcheck's own readers, rules, formatters and classifier are registered through
exactly the same path (see ``goalcheck.plugins.DEFAULT_PLUGINS``).

The ``register_*`` hooks follow one pattern: goalcheck passes a ``register``
callback, the plugin calls it once per thing it provides, and goalcheck owns the
registry (duplicate names, config, ``goalcheck plugins``). A plugin that raises
while registering, reading or checking is reported by name; goalcheck skips it
for that file or goal and carries on.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("goalcheck")


# --- start-up: what the plugin provides -------------------------------------


@hookspec
def goalcheck_register_readers(register):
    """Provide readers: the code that finds goals in a kind of source.

    Call ``register(reader)`` with a :class:`goalcheck.readers.Reader` for each
    format: its ``name`` (used by ``--input-format``), the file ``suffixes`` it
    claims (``(".md", ".markdown")``) and a ``read(source)`` function that takes a
    :class:`goalcheck.readers.Source` and returns a list of
    :class:`goalcheck.types.Goal`. ``read`` raises
    :class:`goalcheck.readers.ReadError` with a one-line reason for input it cannot
    read (the reason is shown to the user next to the file name); any other
    exception is reported as a failure of the plugin.

    A file goes to the reader whose suffix is the longest match (``".fhir.json"``
    before ``".json"``). Readers that share a suffix can pass ``sniff(data) ->
    bool`` to claim only the content they understand; readers without ``sniff``
    are the fallback, and among equals the one registered last wins, so a plugin
    can replace a built-in reader.
    """


@hookspec
def goalcheck_register_rules(register):
    """Provide rules: checks that turn an analysed goal into findings.

    Call ``register(rule)`` with a :class:`goalcheck.rules.Rule` for each rule.
    A rule has an ``id`` (``GC`` + three digits for built-ins: 1xx relevance,
    2xx measurability, 3xx language; plugins use their own prefix such as
    ``DST101``), a kebab-case ``name``, a default ``severity``, an
    ``explanation`` in four sections (what it flags / why it matters / example /
    better) shown by ``goalcheck explain``, and a ``check(context)`` function
    that yields :class:`goalcheck.types.Finding` objects (``rule.finding(...)``
    builds one). ``context`` is a :class:`goalcheck.rules.RuleContext`: the goal,
    its spaCy ``Doc``, the matcher hits, the classifier's verdict and the
    resolved configuration. Ids and names must be unique.
    """


@hookspec
def goalcheck_register_formatters(register):
    """Provide output formats for ``goalcheck check --format NAME``.

    Call ``register(name, format_results)`` where ``format_results(results,
    options)`` receives the list of :class:`goalcheck.types.FileResult` and a
    :class:`goalcheck.formatters.FormatOptions` and returns the whole output as a
    string.
    """


@hookspec
def goalcheck_register_vocabulary(register):
    """Add phrases to goalcheck's lexicon, such as a district's own names.

    Call ``register(category, phrases)`` with a category from
    :data:`goalcheck.lexicon.CATEGORIES` (for example ``"school_setting"`` for
    "resource room", "SDC", "life-skills lab", or ``"transition_tie"`` for the
    name of a district's transition programme) and an iterable of phrases. The
    phrases are matched case-insensitively on lemmas and feed both the
    classifier's features and the rules, exactly like the built-in lexicon.
    """


@hookspec
def goalcheck_register_commands(cli):
    """Add subcommands to the ``goalcheck`` command line.

    ``cli`` is the :class:`click.Group` behind ``goalcheck``; decorate new
    commands with ``@cli.command()``. This is how the adapters add
    ``goalcheck lsp``, ``goalcheck serve`` and ``goalcheck annotate``. Import
    heavy dependencies inside the command, not at module level, so that
    ``goalcheck check`` stays fast.
    """


# --- classification ---------------------------------------------------------


@hookspec(firstresult=True)
def goalcheck_classifier(config):
    """Return the classifier that labels goals; the first non-``None`` answer wins.

    ``config`` is the resolved :class:`goalcheck.config.Config`. Return an object
    with ``classify(analysis) -> Verdict`` (``analysis`` is a
    :class:`goalcheck.nlp.Analysis`: the goal, its spaCy ``Doc`` and matcher
    hits) and a ``describe() -> dict`` used for the ``"model"`` block of the JSON
    output. goalcheck's own classifier is registered with ``trylast=True``, so a
    vendor's plugin that returns a classifier replaces it.
    """
