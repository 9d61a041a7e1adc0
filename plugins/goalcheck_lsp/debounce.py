"""When to check a document that changes: at most once per window, never a queue.

The first change after a pause is checked at once (so a single edit shows its
diagnostics in the time of one check); changes that follow within the window
(``debounceMs``) are gathered into one check at its end; a change made while a
check runs leaves one more check to do, not one per keystroke. Fast typing
therefore costs one check per window whatever the number of keystrokes.
"""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from typing import Awaitable, Callable

log = logging.getLogger("goalcheck_lsp")


@dataclass
class _State:
    timer: asyncio.TimerHandle | None = None
    task: asyncio.Task | None = None
    dirty: bool = False
    last_start: float = -math.inf


class Debouncer:
    """Runs ``run(key)`` for keys that were touched, throttled per key."""

    def __init__(self, run: Callable[[str], Awaitable[None]], window: Callable[[], float]) -> None:
        self._run = run
        self._window = window  # seconds, read at each change so a new setting applies at once
        self._states: dict[str, _State] = {}

    def touch(self, key: str) -> None:
        state = self._states.setdefault(key, _State())
        state.dirty = True
        self._arm(key, state)

    def forget(self, key: str) -> None:
        state = self._states.pop(key, None)
        if state and state.timer:
            state.timer.cancel()

    def close(self) -> None:
        for key in list(self._states):
            state = self._states[key]
            if state.task:
                state.task.cancel()
            self.forget(key)

    def busy(self, key: str) -> bool:
        state = self._states.get(key)
        return bool(state and (state.dirty or state.task or state.timer))

    # -- internals -----------------------------------------------------------
    def _arm(self, key: str, state: _State) -> None:
        if state.timer is not None or state.task is not None:
            return  # the pending timer, or the end of the running check, picks the change up
        loop = asyncio.get_running_loop()
        wait = state.last_start + self._window() - loop.time()
        if wait <= 0:
            self._start(key, state)
        else:
            state.timer = loop.call_later(wait, self._fire, key, state)

    def _fire(self, key: str, state: _State) -> None:
        state.timer = None
        if self._states.get(key) is state:
            self._start(key, state)

    def _start(self, key: str, state: _State) -> None:
        if not state.dirty:
            return
        loop = asyncio.get_running_loop()
        state.dirty = False
        state.last_start = loop.time()
        state.task = loop.create_task(self._run(key))
        state.task.add_done_callback(lambda task: self._done(key, state, task))

    def _done(self, key: str, state: _State, task: asyncio.Task) -> None:
        state.task = None
        if not task.cancelled() and task.exception() is not None:
            log.error("a scheduled check failed: %s", type(task.exception()).__name__)
        if self._states.get(key) is state and state.dirty:
            self._arm(key, state)
