"""``goalcheck check --jobs N``: check large inputs on N worker processes.

Why a plain worker pool and not spaCy's ``nlp.pipe(n_process=...)``: measured on
short goals, spaCy's own multiprocessing was 6-45x *slower* than one process,
because it ships whole ``Doc`` objects between processes. Here each worker
builds its own :class:`~goalcheck.checker.Checker` once (the pool initializer)
and receives only goal texts and metadata; it sends back
:class:`~goalcheck.types.GoalResult` objects, which are small frozen
dataclasses (labels, offsets, messages).

Files are read and their configuration resolved in the main process (cheap);
goals are cut into chunks across files; results are put back by (file,
position), so the output never depends on N. Small inputs are checked in this
process: starting a worker (importing spaCy, loading the model) costs about two
seconds, more than checking a few hundred goals.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Sequence

from goalcheck.types import FileResult, Goal, GoalResult

CHUNK = 128  # goals per task: big enough that pickling is noise, small enough to balance the workers
MIN_POOL_GOALS = 600  # below this, worker start-up costs more than it saves
PROGRESS_GOALS = 1000  # "long work": about five seconds on one process


@dataclass
class _File:
    """One input after reading: its goals (or why it could not be read) and its configuration."""

    path: str
    config: Any = None  # goalcheck.config.Config, or None when it could not be resolved
    goals: list[Goal] = field(default_factory=list)
    error: str | None = None


@dataclass
class BatchRun:
    """What a batch check returns: the results in input order, the model block, the processes used."""

    results: list[FileResult]
    model: dict
    processes: int


def check_paths(paths: Sequence[str], *, plugins, metadata=None, input_format: str | None = None,
                model_path: str | None = None, jobs: int = 1, progress: bool | None = None,
                progress_file=None) -> BatchRun:
    """Check files (already expanded, not folders) on up to ``jobs`` processes (0: one per CPU).

    ``progress`` None shows a bar on ``progress_file`` (standard error) only when
    it is a terminal and there are at least :data:`PROGRESS_GOALS` goals.
    """
    from goalcheck.readers import Metadata

    files = [_read(p, plugins, metadata or Metadata(), input_format, model_path) for p in paths]
    configs = _distinct_configs(files)
    tasks = _tasks(files, configs)
    total = sum(len(goals) for _, _, _, goals in tasks)
    jobs = jobs or os.cpu_count() or 1
    processes = min(jobs, len(tasks)) if total >= MIN_POOL_GOALS else 1
    out = progress_file or sys.stderr
    show = progress if progress is not None else (total >= PROGRESS_GOALS and _isatty(out))
    with _Progress(total, out, show) as bar:
        if processes > 1:
            done, model = _run_pool(tasks, configs, processes, bar)
        else:
            done, model = _run_here(tasks, configs, plugins, bar)
    return BatchRun(_assemble(files, done), model, processes)


# -- reading (main process) ---------------------------------------------------


def _read(path: str, plugins, metadata, input_format, model_path) -> _File:
    from goalcheck.config import ConfigError, resolve
    from goalcheck.readers import ReadError, Source, read_bytes, read_goals

    try:
        config = resolve(path, model=model_path)
    except ConfigError as exc:
        return _File(path, error=f"configuration error: {exc}")
    try:
        source = Source(path, read_bytes(path), metadata)
    except ReadError as exc:
        return _File(path, config, error=exc.reason)
    goals, error = read_goals(plugins, source, input_format)
    return _File(path, config, goals, error)


def _distinct_configs(files: list[_File]) -> list:
    configs: list = []
    for f in files:
        if f.config is not None and f.config not in configs:
            configs.append(f.config)
    return configs


def _tasks(files: list[_File], configs: list) -> list[tuple[int, int, int, list[Goal]]]:
    """(file index, position of the first goal, config index, goals), in input order."""
    tasks = []
    for i, f in enumerate(files):
        if f.config is None:
            continue
        ci = configs.index(f.config)
        for start in range(0, len(f.goals), CHUNK):
            tasks.append((i, start, ci, f.goals[start:start + CHUNK]))
    return tasks


# -- checking -------------------------------------------------------------------


class _Checkers:
    """One Checker per vocabulary and model (the slow part), re-aimed at each file's rules."""

    def __init__(self, configs: list, plugins=None) -> None:
        from goalcheck.checker import Checkers

        self.configs = configs
        self._pool = Checkers(plugins)
        self._errors: dict = {}

    def check(self, config_index: int, goals: list[Goal]) -> tuple[list[GoalResult] | str, dict]:
        """The results, or a one-line model error, and the model block."""
        from goalcheck.classifier import ModelError

        config = self.configs[config_index]
        key = self._pool.key(config)
        if key in self._errors:  # a model that failed once fails for every file that names it
            return self._errors[key], {}
        try:
            checker = self._pool.get(config)
        except ModelError as exc:
            self._errors[key] = f"model error: {exc}"
            return self._errors[key], {}
        return checker.check_goals(goals), checker.describe_model()


_worker: _Checkers | None = None


def _init_worker(configs: list) -> None:
    global _worker
    _worker = _Checkers(configs)


def _work(task):
    file_index, start, config_index, goals = task
    results, model = _worker.check(config_index, goals)
    return file_index, start, len(goals), results, model


def _run_here(tasks, configs, plugins, bar):
    checkers = _Checkers(configs, plugins)
    done, model = {}, {}
    for file_index, start, config_index, goals in tasks:
        results, model = checkers.check(config_index, goals) if goals else ([], model)
        done[(file_index, start)] = results
        bar.update(len(goals))
    return done, model


def _run_pool(tasks, configs, processes, bar):
    # "spawn" on every platform: the same behaviour as macOS and Windows, and no
    # fork of a process that may already hold BLAS threads.
    context = multiprocessing.get_context("spawn")
    done, model = {}, {}
    with context.Pool(processes, initializer=_init_worker, initargs=(configs,)) as pool:
        for file_index, start, count, results, got in pool.imap_unordered(_work, tasks):
            done[(file_index, start)] = results
            model = got or model
            bar.update(count)
    return done, model


def _assemble(files: list[_File], done: dict) -> list[FileResult]:
    out = []
    for i, f in enumerate(files):
        if f.config is None or (not f.goals and f.error):
            out.append(FileResult(f.path, error=f.error))
            continue
        chunks = [done[(i, s)] for s in range(0, len(f.goals), CHUNK)]
        model_error = next((c for c in chunks if isinstance(c, str)), None)
        if model_error:
            out.append(FileResult(f.path, error=model_error))
            continue
        out.append(FileResult(f.path, tuple(r for c in chunks for r in c), f.error))
    return out


# -- progress -------------------------------------------------------------------


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """click's progress bar when wanted, otherwise nothing at all (not even a label)."""

    def __init__(self, total: int, file, show: bool) -> None:
        self._bar = None
        if show:
            import click

            self._bar = click.progressbar(length=total, label="checking goals", file=file, show_pos=True,
                                          show_eta=True)

    def __enter__(self):
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)
