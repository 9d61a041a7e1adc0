"""Measurability rules (GC2xx): can the team tell whether the goal was met?

A measurable goal has a timeframe, a condition, an observable behaviour and a
criterion (see :mod:`goalcheck.facets`). The names of GC201-GC204 are a
contract: tools may select them by name.
"""

from __future__ import annotations

import re

from goalcheck.plugins import hookimpl
from goalcheck.rules import RuleContext, quote, rule
from goalcheck.types import Fix


@rule(
    "GC201", "no-timeframe", "warning", "No timeframe: by when will the goal be met?",
    what="A goal with no date, period or review point by which it is achieved (\"by the annual review\", "
         "\"within 36 instructional weeks\", \"by 6/2027\", \"in 3 months\").",
    why="Without a timeframe nobody can say when progress is due, and the goal cannot be reviewed. An IEP goal "
        "is written for one IEP year; a clinic plan of care states its own period.",
    example="Ella will write her first and last name legibly on classroom worksheets.",
    better="By the annual review, Ella will write her first and last name legibly on classroom worksheets in 4 "
           "of 5 opportunities.",
    fixable=True,
)
def no_timeframe(self, context: RuleContext):
    if context.facets.timeframe:
        return
    # Not safe: a timeframe is a commitment the team makes, so it is offered, not applied.
    fix = Fix(0, 0, "By the annual review, " if _starts_with_subject(context.text) else "", "add a timeframe", safe=False)
    yield self.finding("no timeframe: say by when the goal will be met (e.g. \"by the annual review\")", 0, 0,
                       fix if fix.replacement else None)


@rule(
    "GC202", "no-condition", "warning", "No condition: under what circumstances will the student do it?",
    what="A goal that gives no circumstances: no setting or activity (\"during writing tasks\", \"in the "
         "cafeteria\"), no materials (\"given a slant board\"), no cues or supports (\"with 2 verbal cues\").",
    why="The same skill is much easier with a model and adult help than alone in a busy classroom. Without the "
        "condition, two people can measure the same goal differently.",
    example="Omar will copy a sentence with correct spacing in 4 of 5 trials.",
    better="During morning work, given a sentence on a desk card, Omar will copy it with correct spacing in 4 "
           "of 5 trials.",
)
def no_condition(self, context: RuleContext):
    if not context.facets.condition:
        yield self.finding("no condition: say where, with what materials or with what support the student will do it", 0, 0)


@rule(
    "GC203", "no-criterion", "warning", "No criterion: how well, how often or how long?",
    what="A goal with no measurable degree: accuracy (\"with 80% accuracy\"), trials (\"in 4 of 5 trials\"), "
         "duration (\"for 10 minutes\"), frequency (\"3 times a day\") or rate (\"20 words per minute\").",
    why="Without a criterion there is no way to say the goal has been met, and progress reports turn into "
        "opinions.",
    example="By June 2027, Lily will cut out a circle during art class.",
    better="By June 2027, Lily will cut out a 4-inch circle during art class staying within 1/4 inch of the "
           "line in 4 of 5 trials.",
)
def no_criterion(self, context: RuleContext):
    if not context.facets.criterion:
        yield self.finding("no criterion: say how well, how often or how long (e.g. \"in 4 of 5 trials\")", 0, 0)


@rule(
    "GC204", "not-observable", "warning", "The behaviour is a vague verb, not an action someone can see and count.",
    what="Goals built on verbs nobody can observe or count: improve, develop, understand, demonstrate "
         "awareness, tolerate, increase ability, work on.",
    why="\"Improve fine motor skills\" cannot be measured; a teacher and a therapist will disagree about "
        "whether it happened. An observable verb (write, cut, open, button, type, stay seated) can be counted.",
    example="Mia will improve her fine motor skills for classroom tasks.",
    better="During art and writing tasks, Mia will cut along a 6-inch curved line within 1/4 inch in 4 of 5 "
           "trials.",
)
def not_observable(self, context: RuleContext):
    span = context.facets.vague_verb
    if span:
        verb = context.text[span[0]:span[1]]
        yield self.finding(f"{quote(verb)} is not observable: name the action someone can see and count", *span)


_SERVICE = re.compile(
    r"\b(?:will\s+)?(?:receive|be\s+seen\s+for|be\s+provided(?:\s+with)?|attend|participate\s+in)\s+(?:\w+\s+){0,3}?"
    r"(?:ot|occupational\s+therapy|therapy|services?|sessions?|consult(?:ation)?|minutes)\b"
    r"|\b\d+\s*(?:min(?:utes)?|x)\s*(?:/|per|a|each)\s*(?:wk|week|month|session)\b",
    re.I,
)


@rule(
    "GC205", "service-not-outcome", "warning", "The goal describes a service, not what the student will do.",
    what="Wording that describes the service delivered (\"will receive OT 30 min weekly\") instead of an "
         "outcome for the student.",
    why="Service minutes belong in the services section of the IEP. A goal must describe what the student "
        "will be able to do as a result.",
    example="Student will receive occupational therapy 30 minutes per week to address fine motor skills.",
    better="During writing tasks, the student will form all lowercase letters legibly in 4 of 5 samples by the "
           "annual review.",
)
def service_not_outcome(self, context: RuleContext):
    m = _SERVICE.search(context.text)
    if m:
        yield self.finding(f"describes a service ({quote(m.group())}), not an outcome for the student", *m.span())


_BARE_PERCENT = re.compile(r"\b\d{1,3}\s*%(?:\s+accuracy)?")
_DENOMINATOR = re.compile(r"\b(?:of|across|over|in|on)\s+(?:\d+|two|three|four|five|six|ten)\b|\bconsecutive\b|\btrials?\b|\bopportunit|\bsessions?\b|\bdata\s+days?\b|\bprobes?\b|\bweeks?\b", re.I)


@rule(
    "GC206", "criterion-without-denominator", "info", "A percentage with no count of trials, sessions or days.",
    what="A criterion such as \"80%\" or \"with 80% accuracy\" that does not say of what, or over how many "
         "trials, sessions or days it is measured.",
    why="80% of one worksheet on one good day is not the same as 80% across three sessions. The denominator "
        "makes the measure repeatable.",
    example="Kai will type sentences with 80% accuracy by the annual review.",
    better="Kai will type 3-sentence responses with 80% accuracy across 3 consecutive sessions by the annual "
           "review.",
)
def criterion_without_denominator(self, context: RuleContext):
    text = context.text
    m = _BARE_PERCENT.search(text)
    if m and not _DENOMINATOR.search(text[m.end():m.end() + 60]) and not _DENOMINATOR.search(text[max(0, m.start() - 40):m.start()]):
        yield self.finding(f"{quote(m.group())} of what? Say over how many trials, sessions or days", *m.span())


_LONG_TIMEFRAME = re.compile(r"\b(?:within|in|over)\s+(?:(?:1[3-9]|[2-9]\d)\s+months?|(?:[4-9]\d)\s+(?:instructional\s+)?weeks|(?:two|three|2|3)\s+years?)\b", re.I)


@rule(
    "GC207", "timeframe-too-long", "warning", "The timeframe is longer than one IEP year.",
    what="A timeframe past one IEP year (\"within 18 months\", \"in two years\", \"within 52 weeks\").",
    why="IEP goals are written to be met within the year the IEP covers; a longer horizon cannot be reviewed "
        "at the annual meeting.",
    example="Within 18 months, Theo will type 20 words per minute.",
    better="By the annual review, Theo will type 15 words per minute on a 3-minute timed typing task.",
)
def timeframe_too_long(self, context: RuleContext):
    m = _LONG_TIMEFRAME.search(context.text)
    if m:
        yield self.finding(f"{quote(m.group())} is longer than one IEP year", *m.span())


_SKILL_VERBS = re.compile(
    r"\b(?:write|copy|cut|type|button|zip|tie|open|carry|manage|organi[sz]e|complete|form|trace|draw|color|colour|"
    r"glue|fold|stay|remain|follow|use|put|take|wash|eat|feed|dress|don|doff|catch|throw|sit|transition|request|"
    r"pour|spread|navigate|ride|purchase|buy|prepare|cook|count|sort|fasten|unfasten|lace|clean|hang|locate|find)\b",
    re.I,
)


@rule(
    "GC208", "several-skills", "info", "Several skills in one goal.",
    what="A goal that joins three or more separate skills with \"and\" (write, cut and button), so that it can "
         "be half met.",
    why="When one goal holds several skills, progress on one hides lack of progress on another. One skill per "
        "goal keeps the data honest.",
    example="Ben will write his name, cut on a line, button his coat and open his milk carton.",
    better="Split into separate goals, each with its own condition and criterion.",
)
def several_skills(self, context: RuleContext):
    verbs = {m.group().lower() for m in _SKILL_VERBS.finditer(context.text)}
    if len(verbs) >= 3 and re.search(r"\band\b|,", context.text):
        yield self.finding(f"joins {len(verbs)} skills ({', '.join(sorted(verbs))}); consider one goal per skill", 0, len(context.text))


_METHOD = re.compile(
    r"\b(?:as\s+)?(?:measured|documented|recorded|tracked|assessed|observed|monitored)\s+(?:by|through|with|on|using|via)\b"
    r"|\bdata\s+(?:collection|sheet|sheets|days?)\b|\bwork\s+samples?\b|\bprobes?\b|\bchecklist\b|\brubric\b|\bobservation\b|\bper\s+(?:teacher|ot|therapist)\b",
    re.I,
)


@rule(
    "GC209", "no-measurement-method", "info", "The goal does not say how progress will be measured.",
    what="A goal with a criterion but no word on how it is measured: work samples, data sheets, observation, "
         "a checklist, a timed probe.",
    why="Saying how progress is measured lets a teacher, a parent and the therapist read the same data.",
    example="Zoe will type 15 words per minute by the annual review.",
    better="Zoe will type 15 words per minute on a 3-minute typing probe, as measured by weekly probe data, by "
           "the annual review.",
)
def no_measurement_method(self, context: RuleContext):
    if context.facets.criterion and not _METHOD.search(context.text):
        yield self.finding("does not say how progress will be measured (work samples, data sheets, observation)", 0, 0)


def _starts_with_subject(text: str) -> bool:
    return bool(re.match(r"^[A-Z][a-z]+\s+will\b|^(?:the\s+)?(?:student|child|patient|client)\s+will\b", text, re.I))


@hookimpl
def goalcheck_register_rules(register):
    for r in (no_timeframe, no_condition, no_criterion, not_observable, service_not_outcome,
              criterion_without_denominator, timeframe_too_long, several_skills, no_measurement_method):
        register(r)
