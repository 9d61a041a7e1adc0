"""Logging for the server: to standard error (never standard output, the LSP channel) or a file.

goalcheck never logs goal text. The server's own messages name documents and
exception types only; pygls, at some levels and on some errors, logs whole
messages (a didOpen carries the document), so its records lose every argument
that could be prose (anything with a space) and their exception text here,
before they are written.
"""

from __future__ import annotations

import logging
import re
import sys

LEVELS = ("error", "warning", "info", "debug")
# An argument that cannot be prose: a method name, a URI, a number. Goal text has spaces.
_SAFE = re.compile(r"^[\w.:/%@+-]{0,120}$")


def _safe(arg) -> bool:
    return arg is None or isinstance(arg, (bool, int, float)) or (isinstance(arg, str) and bool(_SAFE.match(arg)))


class RedactThirdParty(logging.Filter):
    """Withhold the arguments that could be prose, and the exception text, of records not written by goalcheck."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("goalcheck"):
            if record.args:
                self._redact_args(record)
            if record.exc_info:
                record.msg = f"{record.msg} ({record.exc_info[0].__name__})"
                record.exc_info = None
                record.exc_text = None
        return True

    @staticmethod
    def _redact_args(record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        kept = tuple(a if _safe(a) else "<withheld>" for a in args)
        try:
            record.msg = str(record.msg) % kept
        except (TypeError, ValueError):
            record.msg = f"{record.msg} [arguments withheld]"
        record.args = None


def configure(log_file: str | None = None, level: str = "warning") -> None:
    handler: logging.Handler
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactThirdParty())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.WARNING))
