"""A suggested rewording: the goal with its safe fixes applied.

A *safe* fix rewords words already in the goal (a fix whose span is not empty,
such as clinical shorthand replaced by plain words). A fix that inserts new
content, such as "By the annual review, ", is not applied: it states something
(a timeframe) that only the team can decide, and "annual review" is wrong for a
clinic plan of care. The web page (``static/core.js``) applies the same rule.

The built-in plain-language replacements are written for IEPs ("Pt" becomes "the
student"); for someone who is not a student (an adult in rehab, or an EHR
patient of unknown age) a replacement that says "student" is not applied.
"""

from __future__ import annotations

import re

from goalcheck.types import Finding


_STUDENT = re.compile(r"\bstudents?\b", re.I)


def safe_fixes(findings, student: bool = True) -> list[Finding]:
    """The findings whose fix rewords existing text, in order, without overlaps."""
    out: list[Finding] = []
    last_end = -1
    usable = (f for f in findings if f.fix and f.fix.end > f.fix.start
              and (student or not _STUDENT.search(f.fix.replacement)))
    for f in sorted(usable, key=lambda f: f.fix.start):
        if f.fix.start >= last_end:
            out.append(f)
            last_end = f.fix.end
    return out


def reword(text: str, findings, student: bool = True) -> tuple[str, list[Finding]]:
    """``text`` with the safe fixes applied, and the findings whose fixes were applied."""
    applied = safe_fixes(findings, student)
    out = text
    for f in reversed(applied):
        replacement = f.fix.replacement
        if f.fix.start == 0 and text[:1].isupper() and replacement[:1].islower():
            replacement = replacement[:1].upper() + replacement[1:]  # keep the sentence capitalised
        out = out[: f.fix.start] + replacement + out[f.fix.end:]
    return out, applied
