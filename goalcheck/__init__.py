"""goalcheck: checks draft occupational-therapy goals before they reach an IEP meeting.

``from goalcheck import Checker`` is the Python API; see :class:`goalcheck.checker.Checker`.
"""

from __future__ import annotations

from goalcheck.plugins import hookimpl

__version__ = "0.1.0"
__all__ = ["Checker", "hookimpl", "__version__"]


def __getattr__(name: str):
    # Importing the Checker imports spaCy; keep `import goalcheck` cheap for plugins.
    if name == "Checker":
        from goalcheck.checker import Checker

        return Checker
    raise AttributeError(name)
