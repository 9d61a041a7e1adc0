"""The ``goalcheck`` command line.

Exit codes (:class:`goalcheck.types.ExitCode`): 0 nothing flagged at or above
``--fail-on``; 1 something was; 2 a file could not be read, or a usage error.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from goalcheck import __version__
from goalcheck.types import LABELS, SEVERITIES, ExitCode

FAIL_ON = ("never", "info", "warning", "error", "ambiguous", "medical")


@functools.lru_cache(maxsize=1)
def _plugins():
    """The plugins, loaded once per process: `main` needs their commands, the command their readers."""
    from goalcheck.plugins import load_plugins

    return load_plugins()


class _Group(click.Group):
    """Lists commands in the order they were added (check first), not alphabetically."""

    def list_commands(self, ctx):
        return list(self.commands)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="goalcheck")
def cli() -> None:
    """Check draft occupational-therapy goals before they reach an IEP meeting or a care plan.

    Each goal is labelled educational, medical or ambiguous (does it read as
    educationally relevant, as LABELS.md defines?) and checked for quality:
    timeframe, condition, criterion, observable behaviour, plain language.

    \b
    Start with:
      goalcheck check examples/iep-draft.md
      goalcheck explain GC201
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, dir_okay=True))
@click.option("--format", "fmt", default="text", show_default=True, help="Output format: text, json, sarif (and any a plugin adds).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding has this severity or worse, or a goal has this label "
                   "(ambiguous also counts medical).")
@click.option("--input-format", help="Read every PATH as this format (text, markdown, jsonl, ...) instead of by suffix.")
@click.option("--age", type=click.IntRange(0, 120), help="Student's age, for every goal that does not give one.")
@click.option("--grade", type=click.IntRange(-1, 13), help="Student's grade (0 = kindergarten).")
@click.option("--transition/--no-transition", default=None, help="Whether the student has a transition plan.")
@click.option("--model", "model_path", type=click.Path(exists=True), help="Use this model (.skops, or a folder with classifier.npz).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when writing to a terminal).")
@click.option("--no-suggestions", is_flag=True, help="Leave suggestions out of the text output.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Check large inputs on N processes (0: one per CPU). The output is the same for any N.")
@click.option("--column", help="CSV: the column that holds the goals (default: found by its header, such as \"goal\").")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff instead of the findings; change nothing.")
@click.option("--fix", "apply_fix", is_flag=True, help="Apply the safe fixes to Markdown and text files (atomically), then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --diff/--fix, also use fixes that change what a goal commits to (e.g. add a timeframe).")
def check(paths, fmt, fail_on, input_format, age, grade, transition, model_path, color, no_suggestions, jobs, column,
          show_diff, apply_fix, unsafe_fixes):
    """Check the goals in PATHS (files, folders, or - for standard input).

    Plain text and Markdown drafts, JSON Lines with one goal per line
    ({"text": ..., "id": ..., "age": ...}) and CSV with a goal column are read
    out of the box.
    """
    from goalcheck.formatters import FormatOptions
    from goalcheck.readers import Metadata
    from goalcheck.readers.csv import goal_column

    runner = _Runner(model_path)
    formatter = runner.plugins.formatters.get(fmt)
    if formatter is None:
        raise click.UsageError(f"unknown format {fmt!r}; choose from {', '.join(sorted(runner.plugins.formatters))}")
    if input_format and input_format not in runner.plugins.readers:
        raise click.UsageError(f"unknown input format {input_format!r}; choose from {', '.join(sorted(runner.plugins.readers))}")
    metadata = Metadata(age=age, grade=grade, transition=transition)
    if show_diff and apply_fix:
        raise click.UsageError("use --diff or --fix, not both")
    with goal_column(column):
        if show_diff or apply_fix:
            sys.exit(_fix(runner, _expand(paths, runner.plugins), metadata, input_format, show_diff, unsafe_fixes, fail_on))
        results, model = _check_all(runner, _expand(paths, runner.plugins), metadata, input_format, jobs)
    for problem in runner.plugins.problems:
        click.echo(f"goalcheck: warning: {problem}", err=True)
    color = sys.stdout.isatty() if color is None else color
    options = FormatOptions(color=color, model=model, version=__version__, show_suggestions=not no_suggestions,
                            rules=tuple(runner.plugins.rules))
    click.echo(formatter(results, options), nl=False)
    if any(r.error for r in results):
        sys.exit(ExitCode.ERROR)
    sys.exit(ExitCode.FLAGGED if _flagged(results, fail_on) else ExitCode.OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, dir_okay=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="The HTML file to write (- for standard output).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option("--title", default="Goal check report", show_default=True, help="The page's title.")
@click.option("--input-format", help="Read every PATH as this format (text, markdown, jsonl, csv, ...).")
@click.option("--column", help="CSV: the column that holds the goals.")
@click.option("--age", type=click.IntRange(0, 120), help="Student's age, for every goal that does not give one.")
@click.option("--grade", type=click.IntRange(-1, 13), help="Student's grade (0 = kindergarten).")
@click.option("--transition/--no-transition", default=None, help="Whether the student has a transition plan.")
def report(paths, output, force, title, input_format, column, age, grade, transition):
    """Write a one-page HTML report of the goals in PATHS, for the OT and the IEP team.

    A summary with a chart, then one card per goal: its label and confidence,
    the words behind it, the findings in plain words, the suggestion, and for
    goals that read as medical a note for the family on school-based and
    clinic-based OT. The page needs no network and prints to PDF from the
    browser. OUTPUT is never replaced unless --force; it is written atomically.
    """
    from goalcheck import report as html_report
    from goalcheck.readers import Metadata
    from goalcheck.readers.csv import goal_column

    runner = _Runner(None)
    if input_format and input_format not in runner.plugins.readers:
        raise click.UsageError(f"unknown input format {input_format!r}; choose from {', '.join(sorted(runner.plugins.readers))}")
    if output != "-" and not force and Path(output).exists():  # before the slow part
        click.echo(f"goalcheck report: {output} exists; use --force to replace it", err=True)
        sys.exit(ExitCode.ERROR)
    metadata = Metadata(age=age, grade=grade, transition=transition)
    with goal_column(column):
        results = [runner.check(p, metadata, input_format) for p in _expand(paths, runner.plugins)]
    page = html_report.render(results, rules=runner.plugins.rules, title=title, version=__version__,
                              model=runner.model_info())
    try:
        click.echo(page, nl=False) if output == "-" else html_report.write(output, page, force=force)
    except html_report.OutputExists as exc:
        click.echo(f"goalcheck report: {exc}", err=True)
        sys.exit(ExitCode.ERROR)
    except OSError as exc:
        click.echo(f"goalcheck report: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.ERROR)
    for r in results:
        if r.error:
            click.echo(f"{r.path}: error: {r.error}", err=True)
    if output != "-":
        click.echo(f"wrote {output}: {sum(len(r.goals) for r in results)} goal(s)", err=True)
    sys.exit(ExitCode.ERROR if any(r.error for r in results) else ExitCode.OK)


class _Runner:
    """One Checker per distinct config (vocabulary, model); rules are chosen per file."""

    def __init__(self, model_path: str | None) -> None:
        from goalcheck.checker import Checkers

        self.plugins = _plugins()
        self.model_path = model_path
        self._pool = Checkers(self.plugins)
        self._last = None

    def check(self, path: str, metadata, input_format, data: bytes | None = None):
        """Check one file; with ``data``, check exactly those bytes (what --fix will edit)."""
        from goalcheck.config import ConfigError, resolve
        from goalcheck.readers import Source
        from goalcheck.types import FileResult

        try:
            config = resolve(path, model=self.model_path)
        except ConfigError as exc:
            return FileResult(path, error=f"configuration error: {exc}")
        checker = self._checker(config)
        if checker is None:
            return FileResult(path, error=f"model error: {self._model_error}")
        if data is not None:
            return checker.check_source(Source(path, data, metadata), input_format=input_format)
        return checker.check_path(path, metadata=metadata, input_format=input_format)

    def _checker(self, config):
        from goalcheck.classifier import ModelError

        try:
            checker = self._pool.get(config)
        except ModelError as exc:
            self._model_error = str(exc)
            return None
        self._last = checker
        return checker

    def model_info(self) -> dict:
        return self._last.describe_model() if self._last else {}


def _fix(runner, paths, metadata, input_format, show_diff: bool, unsafe: bool, fail_on: str) -> int:
    """--diff and --fix: fixes for Markdown and text files; other files are left alone."""
    from goalcheck import fixes

    status = ExitCode.OK
    for path in paths:
        if Path(path).suffix.lower() not in fixes.FIXABLE_SUFFIXES:
            click.echo(f"{path}: skipped: only Markdown and text files can be fixed", err=True)
            continue
        try:
            original, text, newline = fixes.source_text(Path(path))
        except (OSError, UnicodeDecodeError) as exc:
            click.echo(f"{path}: error: cannot be read for fixing ({exc})", err=True)
            status = ExitCode.ERROR
            continue
        result = runner.check(path, metadata, input_format, data=original)
        if result.error:
            click.echo(f"{path}: error: {result.error}", err=True)
            status = ExitCode.ERROR
            continue
        edits = fixes.edits_for(result, unsafe=unsafe)
        if not edits:
            continue
        fixed = fixes.apply(text, edits)
        if show_diff:
            click.echo(fixes.diff(path, text, fixed), nl=False)
            continue
        try:
            fixes.write_fixed(Path(path), original, fixed, newline)
        except (fixes.FixError, OSError) as exc:
            click.echo(f"{path}: error: {exc}", err=True)
            status = ExitCode.ERROR
            continue
        click.echo(f"{path}: applied {len(edits)} fix(es)", err=True)
        remaining = runner.check(path, metadata, input_format)
        if status == ExitCode.OK and _flagged([remaining], fail_on):
            status = ExitCode.FLAGGED
    return status


def _check_all(runner, paths, metadata, input_format, jobs: int):
    """The results and the model block; with --jobs other than 1, on worker processes (goalcheck.batch)."""
    if jobs == 1:
        return [runner.check(p, metadata, input_format) for p in paths], runner.model_info()
    from goalcheck import batch

    run = batch.check_paths(paths, plugins=runner.plugins, metadata=metadata, input_format=input_format,
                            model_path=runner.model_path, jobs=jobs)
    return run.results, run.model


def _expand(paths, plugins) -> list[str]:
    """Files to check: folders are searched for files a reader claims."""
    out = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            # Skip hidden files and Word's lock files (~$name.docx): they are not drafts.
            found = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix and plugins.reader_for(f.name)
                           and not f.name.startswith("~$")
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            out.extend(str(f) for f in found)
        else:
            out.append(p)
    return out


def _flagged(results, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    goals = [g for r in results for g in r.goals]
    if fail_on in LABELS:
        wanted = {"medical"} if fail_on == "medical" else {"medical", "ambiguous"}
        return any(g.verdict.label in wanted for g in goals)
    threshold = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(f.severity) >= threshold for g in goals for f in g.findings)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(fmt):
    """List every rule: id, name, default severity and summary."""
    import json

    plugins = _plugins()
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in plugins.rules], indent=2))
        return
    for r in plugins.rules:
        fix = " (fix)" if r.fixable else ""
        click.echo(f"{r.id}  {r.name:<32} {r.severity:<8} {r.summary}{fix}")


@cli.command()
@click.argument("rule")
def explain(rule):
    """Explain a rule, by id (GC201) or name (no-timeframe)."""
    plugins = _plugins()
    key = rule.strip()
    found = [r for r in plugins.rules if r.id.lower() == key.lower() or r.name == key.lower()]
    if not found:
        raise click.UsageError(f"no rule {rule!r}; `goalcheck rules` lists them")
    r = found[0]
    click.echo(f"{r.id} {r.name} ({r.severity}, {r.group})\n\n{r.summary}\n")
    for title, body in r.explanation.sections():
        click.echo(f"## {title}\n{body}\n")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def plugins(fmt):
    """List the loaded plugins: name, version and the hooks each implements."""
    import json

    loaded = _plugins()
    infos = loaded.info()
    if fmt == "json":
        click.echo(json.dumps([i.to_dict() for i in infos], indent=2))
    else:
        for i in infos:
            kind = "built-in" if i.builtin else "plugin"
            click.echo(f"{i.name}  ({kind}, {i.version})\n    hooks: {', '.join(i.hooks) or '-'}")
    for problem in loaded.problems:
        click.echo(f"goalcheck: warning: {problem}", err=True)


@cli.command()
@click.argument("path", required=False, type=click.Path())
def config(path):
    """Show the configuration that applies to PATH, and where each value came from."""
    import json

    from goalcheck.config import ConfigError, resolve

    try:
        resolved = resolve(path or ".")
    except ConfigError as exc:
        click.echo(f"goalcheck: {exc}", err=True)
        sys.exit(ExitCode.ERROR)
    data = resolved.to_dict()
    if not resolved.path:
        click.echo("no configuration file found; using defaults (all rules, default severities)")
    click.echo(json.dumps(data, indent=2))


@cli.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Folder of training data (default: models/data).")
@click.option("--output", type=click.Path(file_okay=False), help="Folder to write the model to (default: models/).")
@click.option("--card/--no-card", default=True, show_default=True, help="Regenerate models/MODEL_CARD.md.")
def train(data_dir, output, card):
    """Train the classifier from the labelled goals in models/data (same data, same model)."""
    from goalcheck import training

    try:
        report = training.train(data_dir=data_dir, output=output, write_card=card, progress=lambda m: click.echo(m, err=True))
    except training.TrainingError as exc:
        click.echo(f"goalcheck train: {exc}", err=True)
        sys.exit(ExitCode.ERROR)
    click.echo(report)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--dev", is_flag=True, help="Evaluate on the dev split of the training data (never used in training).")
@click.option("--holdout", is_flag=True, help="Evaluate on the independent holdout (models/data/holdout).")
@click.option("--cv", "folds", type=int, default=0, help="Also run K-fold cross-validation on the training split (a minute).")
@click.option("--facets", "facets_file", type=click.Path(exists=True, dir_okay=False), help="Evaluate facet detection on a labelled facet set.")
@click.option("--model", "model_path", type=click.Path(exists=True), help="Model to evaluate (default: the packaged one).")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False), help="Folder of training data (default: models/data).")
def evaluate(files, dev, holdout, folds, facets_file, model_path, data_dir):
    """Score the classifier on labelled JSONL (FILES with "text" and "label"), the dev split, the holdout, or facets.

    Prints per-class precision, recall and F1, macro-F1, a confusion matrix,
    expected calibration error and the rate of confident cross errors.
    """
    from goalcheck import training

    if not (files or dev or holdout or folds or facets_file):
        raise click.UsageError("give labelled JSONL FILES, --dev, --holdout, --cv K or --facets FILE")
    if folds == 1 or folds < 0:
        raise click.BadParameter("needs at least 2 folds", param_hint="--cv")
    try:
        if facets_file:
            click.echo(training.evaluate_facets(Path(facets_file)))
        if dev or holdout or files:
            click.echo(training.evaluate_files([Path(f) for f in files], dev=dev, model_path=model_path,
                                               data_dir=data_dir, holdout=holdout))
        if folds:
            click.echo(f"cross-validating ({folds} folds) ...", err=True)
            scores = training.cross_validate(folds, data_dir=data_dir)
            click.echo(scores.table(f"{folds}-fold cross-validation on the training split"))
    except training.TrainingError as exc:
        click.echo(f"goalcheck evaluate: {exc}", err=True)
        sys.exit(ExitCode.ERROR)


def main() -> None:
    try:
        _plugins().register_commands(cli)
    except Exception as exc:  # pragma: no cover - a broken plugin must not break the CLI
        click.echo(f"goalcheck: warning: plugin commands unavailable: {exc}", err=True)
    cli(prog_name="goalcheck")
