"""Writing inline suppression comments: ``<!-- goalcheck: ignore GC201 -->`` before a goal.

The engine reads these comments (goalcheck.readers.text) and drops the findings
they name; the server only writes them, for the "ignore" code action.
"""

from __future__ import annotations

import re

IGNORE = re.compile(r"<!--\s*goalcheck:\s*ignore\s+(?P<ids>[A-Za-z0-9_,\s-]*?)\s*-->")
# Any goalcheck comment line: a suppression or a note the server inserted.
GOALCHECK_COMMENT_LINE = re.compile(r"^\s*<!--\s*goalcheck[\s:].*-->\s*$")


def comment(ids: list[str]) -> str:
    return f"<!-- goalcheck: ignore {', '.join(ids)} -->"


def merged_comment(line: str, rule_id: str) -> tuple[int, int, str] | None:
    """Replace the suppression comment on ``line`` with one that also names ``rule_id``.

    Returns (start, end, new comment) within the line, or None when the line has
    no suppression comment.
    """
    match = IGNORE.search(line)
    if not match:
        return None
    ids = [part for part in re.split(r"[,\s]+", match.group("ids")) if part]
    if rule_id not in ids:
        ids.append(rule_id)
    return match.start(), match.end(), comment(ids)
