"""``goalcheck.addToVocabulary``: the server edits the project's configuration file itself.

The server writes the file (as Harper's "add to dictionary" does) rather than
sending the client a workspace edit: an edit the client applies may stay unsaved
in a buffer (Neovim), and goalcheck reads its configuration from disk, so the
term would not count until the user found and saved that buffer. After writing,
every open document is checked again with the new vocabulary.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import to_fs_path

from goalcheck.config import find_config_file
from goalcheck_lsp.vocabulary import CATEGORY, VocabularyError, add_term, clean_term, target_file, write_atomically

if TYPE_CHECKING:
    from goalcheck_lsp.server import GoalcheckServer


async def add_to_vocabulary(ls: "GoalcheckServer", uri: str, term: str) -> dict | None:
    try:
        term = clean_term(term)
        target = _target(ls, uri)
        text = target.read_text(encoding="utf-8") if target.is_file() else ""
        new_text = add_term(text, term, pyproject=target.name == "pyproject.toml")
    except (VocabularyError, OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        _show(ls, f"goalcheck: cannot add the term to the vocabulary: {reason}", types.MessageType.Error)
        return None
    if new_text is None:
        _show(ls, f'goalcheck: "{term}" is already in {CATEGORY} in {target}', types.MessageType.Info)
        return {"file": str(target), "added": False}
    try:
        write_atomically(target, new_text)
    except OSError as exc:
        _show(ls, f"goalcheck: cannot write {target}: {exc.strerror or type(exc).__name__}", types.MessageType.Error)
        return None
    _show(ls, f'goalcheck: added "{term}" to [vocabulary] {CATEGORY} in {target}', types.MessageType.Info)
    ls.recheck_all()
    return {"file": str(target), "added": True}


def _target(ls: "GoalcheckServer", uri: str) -> Path:
    """The project's config file for this document, or a new .goalcheck.toml in its workspace folder."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path:
        start = Path(path)
        home = Path(ls.containing_folder(path) or start.parent)
    else:
        root = ls.folder_for(None)
        if root is None:
            raise VocabularyError("save the document in a project folder first")
        start = home = Path(root)
    found = find_config_file(start)
    return target_file(str(found) if found else None, home)


def _show(ls: "GoalcheckServer", message: str, kind: types.MessageType) -> None:
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
