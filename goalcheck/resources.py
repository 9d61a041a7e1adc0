"""Where goalcheck's data files live: inside an installed wheel, or in a checkout.

``goalcheck/_model/`` exists in a built wheel (hatch copies ``models/`` there);
in a source checkout or an editable install the files are read from
``models/`` beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def model_dir() -> Path:
    packaged = _PACKAGE / "_model"
    if (packaged / "classifier.npz").exists():
        return packaged
    return _PACKAGE.parent / "models"
