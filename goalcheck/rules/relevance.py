"""Relevance rules (GC1xx): does the goal read as educationally relevant?

They read the classifier's verdict and the lexicon hits; LABELS.md is the
reference for every judgement here. Messages say "reads as" and suggest: the
label is advice on wording, never an eligibility decision.
"""

from __future__ import annotations

from goalcheck.features import is_transition_age
from goalcheck.plugins import hookimpl
from goalcheck.rules import RuleContext, quote, rule


def _evidence_for(context: RuleContext, label: str):
    spans = [e for e in context.verdict.evidence if e.label == label]
    return max(spans, key=lambda e: e.weight) if spans else None


@rule(
    "GC101", "reads-as-medical", "warning", "The goal reads as medical, home or community-focused.",
    what="Goals the classifier reads as `medical`: a body function worked on for its own sake, medical "
         "recovery, a home or family routine, community life outside the school program, or a clinic as the "
         "place of performance.",
    why="School-based OT is a related service: an IEP goal must serve the student's participation in school. "
        "A clinic or home goal in an IEP confuses families, invites disputes at the meeting and can hide a "
        "needed referral to clinic-based OT.",
    example="Maya will increase grip strength to 15 lb on the dynamometer.",
    better="Maya will complete a one-page written assignment in class without resting her hand, in 4 of 5 "
           "opportunities, by the annual review. (If grip strength itself is the aim, refer to clinic-based OT.)",
)
def reads_as_medical(self, context: RuleContext):
    verdict = context.verdict
    if verdict.label != "medical":
        return
    ev = _evidence_for(context, "medical")
    words = f" ({quote(ev.text)})" if ev else ""
    start, end = (ev.start, ev.end) if ev else (0, len(context.text))
    yield self.finding(f"reads as medical, home or community-focused{words}; see the suggestion", start, end)


@rule(
    "GC102", "ambiguous-relevance", "info", "The goal does not say where or why the skill is needed.",
    what="Goals the classifier reads as `ambiguous`: a generic skill with no setting or purpose, settings of "
         "both kinds weighed equally, or wording too short or vague to tell.",
    why="An ambiguous goal is not an error, but the team cannot tell whether it serves school participation. "
        "Saying where and why makes the goal defensible and the service clear.",
    example="Leo will button three buttons.",
    better="Leo will button his coat independently before going out to recess, in 4 of 5 opportunities, by "
           "the end of the IEP year.",
)
def ambiguous_relevance(self, context: RuleContext):
    verdict = context.verdict
    if verdict.label != "ambiguous":
        return
    missing = verdict.missing
    if missing == ("setting", "purpose"):
        detail = "no school setting and no purpose"
    elif missing == ("setting",):
        detail = "no school setting"
    elif missing == ("purpose",):
        detail = "no school purpose"
    else:
        detail = "setting and purpose point different ways"
    yield self.finding(f"reads as ambiguous: {detail}; say where and why the skill is needed at school", 0, len(context.text))


@rule(
    "GC103", "clinic-setting", "warning", "The skill is placed in a clinic setting.",
    what="A clinic or medical setting named as the place of performance (\"in the therapy gym\", \"during "
         "clinic sessions\", \"outpatient\") with no school setting.",
    why="An IEP goal describes what the student will do in school. Performance in a clinic shows progress in "
        "therapy, not participation in the school day (LABELS.md rule 2: setting beats skill).",
    example="In the therapy gym, Sam will copy 5 shapes with correct formation.",
    better="During morning work in the classroom, Sam will copy 5 shapes from a model with correct formation in "
           "4 of 5 trials.",
)
def clinic_setting(self, context: RuleContext):
    analysis = context.analysis
    if analysis.has("school_setting"):
        return
    for hit in analysis.of("clinic_setting")[:1]:
        yield self.finding(f"places the skill in a clinic setting: {quote(hit.text)}; name where it is used at school", hit.start, hit.end)


@rule(
    "GC104", "home-setting", "warning", "The goal is set at home or in a home routine.",
    what="A home setting or home routine (bathing, bedtime, chores, dressing at home, family meals) with no "
         "school setting or school task.",
    why="Home routines belong to family training or clinic-based OT. If the student needs the same skill at "
        "school, the goal should name the school routine (LABELS.md rule 3).",
    example="Ava will put on her pyjamas independently at bedtime.",
    better="Ava will put on and zip her coat independently before recess, in 4 of 5 opportunities.",
)
def home_setting(self, context: RuleContext):
    analysis = context.analysis
    if any(analysis.has(c) for c in ("school_setting", "school_task", "transition_tie")):
        return
    hits = analysis.of("home_setting") + analysis.of("home_routine")
    if hits:
        hit = min(hits, key=lambda h: h.start)
        yield self.finding(f"set at home or in a home routine: {quote(hit.text)}", hit.start, hit.end)


@rule(
    "GC105", "mixed-settings", "info", "The goal names school and home or community settings together.",
    what="A goal that places the skill both at school and at home or in the community (\"at home and at "
         "school\") with no school purpose.",
    why="When settings of both kinds are weighed equally, the team cannot tell what the school is responsible "
        "for; progress at home is not measured by school staff.",
    example="Noah will tie his shoes at home and at school.",
    better="Noah will tie his shoes after PE class with no more than one verbal cue, in 4 of 5 opportunities.",
)
def mixed_settings(self, context: RuleContext):
    analysis = context.analysis
    school = analysis.of("school_setting")
    other = analysis.of("home_setting") + analysis.of("community")
    if school and other and not analysis.has("purpose"):
        first = min(other, key=lambda h: h.start)
        yield self.finding(f"names both {quote(school[0].text)} and {quote(first.text)}; say which one the IEP goal is for",
                           min(school[0].start, first.start), max(school[0].end, first.end))


@rule(
    "GC106", "transition-not-tied", "warning", "A transition-age goal is not tied to the transition programme.",
    what="For a student of transition age (16 or older, grade 11 or above, or with a transition plan), a "
         "community or daily-living goal that does not name the school's transition programme.",
    why="Transition services in an IEP are part of the education (LABELS.md rule 5) only when delivered by the "
        "school's programme; otherwise the goal reads as a family or community goal.",
    example="Jordan (17) will ride the city bus to the grocery store and buy three items from a list.",
    better="During weekly community-based instruction, Jordan will ride the city bus to the grocery store and "
           "buy three items from a list with no more than 2 prompts.",
)
def transition_not_tied(self, context: RuleContext):
    analysis = context.analysis
    if is_transition_age(analysis) is not True or analysis.has("transition_tie"):
        return
    if analysis.has("private_placement") or analysis.has("home_setting"):
        return  # placed with family or a private job: reads as medical (GC101), not untied
    hits = analysis.of("daily_living") + analysis.of("community")
    if hits:
        hit = min(hits, key=lambda h: h.start)
        yield self.finding(f"transition-age goal about {quote(hit.text)} is not tied to the transition programme", hit.start, hit.end)


@hookimpl
def goalcheck_register_rules(register):
    for r in (reads_as_medical, ambiguous_relevance, clinic_setting, home_setting, mixed_settings, transition_not_tied):
        register(r)
