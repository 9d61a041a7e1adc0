"""Formatters turn the list of FileResults into output text.

Registered with the ``goalcheck_register_formatters`` hook; built in: ``text``
and ``json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FormatOptions:
    """What every formatter may use besides the results."""

    color: bool = False
    model: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    show_suggestions: bool = True
    rules: tuple = ()  # every loaded Rule, for formats that describe them (SARIF)
