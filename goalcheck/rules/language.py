"""Language rules (GC3xx): is the goal about the student, in words a parent can read?"""

from __future__ import annotations

import re

from goalcheck.plugins import hookimpl
from goalcheck.rules import RuleContext, quote, rule
from goalcheck.types import Fix

_THERAPIST = re.compile(
    r"\b(?:the\s+)?(?:ot|cota|ota|therapist|occupational\s+therapist|clinician|we|i|this\s+writer|provider)\s+"
    r"(?:will|shall|to)\s+(?:work\s+on|address|provide|target|focus\s+on|facilitate|teach|train|monitor|consult|"
    r"implement|introduce|use|continue|help|assist|support|collaborate|educate|instruct)\b"
    r"|\b(?:ot|therapy|services?)\s+will\s+(?:address|focus|target|work)\b"
    r"|^\s*(?:to\s+)?(?:address|work\s+on|facilitate|target)\b",
    re.I,
)


@rule(
    "GC301", "therapist-centred", "warning", "The goal is about what the therapist will do.",
    what="Goals whose subject is the therapist or the service (\"OT will work on...\", \"we will address...\", "
         "\"Therapist will provide...\").",
    why="A goal states what the student will be able to do. What the therapist does is the service or the "
        "intervention plan, and cannot be met or missed by the student.",
    example="OT will work on pencil grasp during handwriting.",
    better="During handwriting tasks, Ana will hold her pencil with a functional grasp for a 5-minute writing "
           "activity in 4 of 5 sessions.",
)
def therapist_centred(self, context: RuleContext):
    m = _THERAPIST.search(context.text)
    if m:
        yield self.finding(f"{quote(m.group().strip())} is about the therapist; write what the student will do", *m.span())


# Term -> plain-language replacement. Replacements are safe fixes: same meaning, plainer words.
JARGON: dict[str, str] = {
    "BUE": "both arms",
    "BLE": "both legs",
    "RUE": "right arm",
    "LUE": "left arm",
    "UE": "arm",
    "UEs": "arms",
    "FMC": "fine motor coordination (hand skills)",
    "VMI": "visual-motor integration (eye-hand coordination)",
    "AROM": "active range of motion (how far they can move the joint on their own)",
    "PROM": "passive range of motion",
    "ROM": "range of motion",
    "ADLs": "daily self-care tasks",
    "ADL": "daily self-care task",
    "IADLs": "daily living tasks such as cooking and shopping",
    "min A": "a little help",
    "mod A": "moderate help",
    "max A": "a lot of help",
    "CGA": "an adult's hand on them for safety",
    "SBA": "an adult standing by",
    "w/": "with",
    "pt": "the patient",
    "HEP": "home exercise program",
    "indep": "independently",
    "proprioceptive input": "deep-pressure and movement activities",
    "vestibular input": "movement activities",
    "proprioceptive": "body-awareness",
    "vestibular": "movement and balance",
    "bilateral coordination": "using both hands together",
    "in-hand manipulation": "moving small objects within one hand",
    "graphomotor": "handwriting",
    "visual-motor": "eye-hand",
    "praxis": "motor planning",
    "tripod grasp": "three-finger pencil grip",
    "WFL": "within the typical range",
    "x/wk": "times a week",
}
_JARGON = re.compile(
    r"(?<![\w/])(" + "|".join(re.escape(t) for t in sorted(JARGON, key=len, reverse=True)) + r")(?![\w/])"
)
_JARGON_CI = {t.lower(): t for t in JARGON}
_CASE_SENSITIVE = {"pt", "UE", "ROM", "SBA"}


@rule(
    "GC302", "clinical-jargon", "info", "Clinical jargon or abbreviations a parent may not read.",
    what="Clinical abbreviations and terms (BUE, FMC, VMI, AROM, min A, proprioceptive, vestibular...) that a "
         "parent or teacher may not know. Each has a plain-language replacement offered as a fix.",
    why="The IEP is the family's document. Parents take part in writing the goals only if they can read them.",
    example="Pt will use BUE to manipulate classroom materials w/ min A.",
    better="The student will use both arms to handle classroom materials with a little help.",
    fixable=True,
)
def clinical_jargon(self, context: RuleContext):
    for m in _JARGON.finditer(context.text):
        term = m.group(1)
        key = term if term in JARGON else _JARGON_CI.get(term.lower())
        if key is None or (key in _CASE_SENSITIVE and term != key and term.lower() != "pt"):
            continue
        replacement = JARGON[key]
        if _starts_sentence(context.text, m.start(1)):
            replacement = replacement[0].upper() + replacement[1:]
        fix = Fix(m.start(1), m.end(1), replacement, f"replace {term!r} with plain words")
        yield self.finding(f"{quote(term)} is clinical shorthand; a parent may not read it (say {quote(replacement)})", m.start(1), m.end(1), fix)


_JARGON = re.compile(_JARGON.pattern, re.I)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before.endswith((".", ":", "!", "?"))


def _syllables(word: str) -> int:
    word = word.lower().strip(".,;:!?\"'()")
    groups = re.findall(r"[aeiouy]+", word)
    n = len(groups) - (1 if word.endswith("e") and len(groups) > 1 and not word.endswith(("le", "ee")) else 0)
    return max(1, n)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level, counting clauses as sentences.

    A goal is one long sentence by convention ("By ..., during ..., X will ..."),
    which plain Flesch-Kincaid scores as college level however simple the words.
    Readers take such a sentence clause by clause, so commas, semicolons and
    colons end a unit here as full stops do.
    """
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    if not words:
        return 0.0
    sentences = max(1, len(re.findall(r"[.!?;:,]+(?:\s|$)", text.strip() + " ")))
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


@rule(
    "GC303", "reading-level", "info", "Reading level above grade 8.",
    what="Goals whose Flesch-Kincaid grade level is above 8: long clauses and long words. Clauses "
         "(split at commas, semicolons and colons) count as sentences, since a goal is one sentence by convention.",
    why="Plain-language guidance for documents families read aims at grade 8 or below. A goal a parent cannot "
        "follow cannot be agreed to.",
    example="Student will demonstrate improved visual-perceptual integration capabilities facilitating "
            "independent participation within multidisciplinary educational environments.",
    better="During class, Sam will copy a 5-word sentence from the board without missing words in 4 of 5 tries.",
)
def reading_level(self, context: RuleContext):
    text = context.text
    if len(text.split()) < 8:
        return
    grade = reading_grade(text)
    if grade > 8.0:
        yield self.finding(f"reads at grade {grade:.0f} (Flesch-Kincaid, by clause); aim for grade 8 or below: shorter sentences, plainer words", 0, len(text))


_IMPAIRMENT = re.compile(
    r"\b(?:increase|improve|decrease|incr\.?|decr\.?|normali[sz]e|integrate|inhibit)\s+(?:\w+\s+){0,2}?"
    r"(?:strength|range\s+of\s+motion|rom|arom|prom|tone|reflex(?:es)?|endurance|muscle|grip|pinch|postural\s+control|"
    r"core\s+stability|proprioception|vestibular\s+processing|sensory\s+processing|ocular|oculomotor)\b",
    re.I,
)


@rule(
    "GC304", "impairment-level", "info", "Written at the level of an impairment, not of participation.",
    what="A goal whose target is a body function (increase strength, improve range of motion, normalise tone) "
         "rather than something the student does in school.",
    why="Families and teachers see participation, not grip force. Writing the goal at the level of the task it "
        "serves keeps the focus on what changes for the student; the impairment can stay in the present levels.",
    example="Student will increase grip strength by 5 lb.",
    better="Student will open all lunch containers independently in the cafeteria on 4 of 5 days.",
)
def impairment_level(self, context: RuleContext):
    analysis = context.analysis
    if any(analysis.has(c) for c in ("purpose", "school_task", "school_participation")):
        return
    m = _IMPAIRMENT.search(context.text)
    if m:
        yield self.finding(f"{quote(m.group())} targets an impairment; write the task it serves at school", *m.span())


@hookimpl
def goalcheck_register_rules(register):
    for r in (therapist_centred, clinical_jargon, reading_level, impairment_level):
        register(r)
