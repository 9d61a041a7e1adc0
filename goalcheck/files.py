"""Writing files safely: every file goalcheck writes goes through :func:`write_atomic`.

The data goes to a temporary file in the target's folder and is then moved into
place, so nobody ever sees half a file, and a failure leaves the old file as it
was. Used by ``check --fix``, ``report``, ``annotate`` and the language server.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically.

    A replaced file keeps its permissions; a new file gets the usual ones (mkstemp's
    private 0600 would hide a report or an annotated copy from colleagues). With
    ``overwrite=False`` the move is a hard link, which fails with
    :class:`FileExistsError` if the name exists: no window between a check and the write.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: str, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links: check, then move
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(tmp, target)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
