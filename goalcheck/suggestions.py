"""Concrete suggestions for goals that read as medical or ambiguous.

A suggestion names the words that made the goal read that way and offers one
specific way to tie the same skill to a school task, or says that the need may
belong in a referral to clinic-based OT. Suggestions advise; they never rule
(LABELS.md, "What a verdict is, and is not").
"""

from __future__ import annotations

from goalcheck.features import ADULT_AGE, is_transition_age
from goalcheck.nlp import Analysis, Hit

# Body functions and the school tasks that commonly depend on them.
_SCHOOL_PURPOSE = (
    (("grip", "pinch", "grasp", "hand strength", "dynamometer", "lb", "#", "pound"),
     "so that the student can complete written classroom assignments without fatigue"),
    (("range of motion", "rom", "shoulder", "elbow", "wrist", "upper extremit", "ue", "bue", "rue", "lue"),
     "so that the student can reach for and manage materials at the desk"),
    (("endurance", "core", "postural", "activity tolerance", "balance"),
     "so that the student can stay seated and upright through a 20-minute lesson"),
    (("oculomotor", "ocular", "eye tracking", "saccade", "convergence"),
     "so that the student can copy from the board and keep their place when reading"),
    (("sensory", "tactile", "texture", "vestibular", "proprioceptive"),
     "so that the student can stay in class and take part in art, science and lunch"),
    (("tone", "reflex", "spastic", "hypoton", "hyperton", "coordination", "dexterity", "motor planning", "praxis"),
     "so that the student can manage classroom tools such as pencils, scissors and glue"),
)

# Home routines and the school-day routine that uses the same skill, if any.
_SCHOOL_ROUTINE = (
    (("dress", "pajama", "pyjama", "clothing", "coat", "jacket", "button", "zip"),
     "managing a coat and fasteners before recess and dismissal"),
    (("meal", "dinner", "breakfast", "feed", "eat", "utensil", "spoon", "fork", "cook"),
     "opening containers and eating independently at lunch in the cafeteria"),
    (("teeth", "tooth", "groom", "hair", "wash", "hygiene", "toilet"),
     "washing hands and managing clothing in the school bathroom"),
)


def missing_context(analysis: Analysis) -> tuple[str, ...]:
    """Which of setting and purpose an ambiguous goal leaves unsaid."""
    missing = []
    if not any(analysis.has(c) for c in ("school_setting", "home_setting", "community", "clinic_setting", "school_task")):
        missing.append("setting")
    if not any(analysis.has(c) for c in ("purpose", "school_task", "school_participation", "transition_tie")):
        missing.append("purpose")
    return tuple(missing)


def suggest(analysis: Analysis, label: str, missing: tuple[str, ...] = ()) -> str:
    """A one-paragraph, goal-specific suggestion for a medical or ambiguous verdict."""
    if label == "medical":
        return _medical(analysis)
    return _ambiguous(analysis, missing)


def _first(analysis: Analysis, *categories: str) -> Hit | None:
    hits = [h for c in categories for h in analysis.of(c)]
    return min(hits, key=lambda h: h.start) if hits else None


def _lookup(table, text: str) -> str | None:
    low = text.lower()
    for keys, value in table:
        if any(k in low for k in keys):
            return value
    return None


def _medical(analysis: Analysis) -> str:
    age = analysis.goal.age
    if age is not None and age >= ADULT_AGE:
        return ("This goal is for an adult, past school age: it belongs to clinic-based or medical OT, and the "
                "school-relevance check does not apply. The quality findings still do.")
    transition = is_transition_age(analysis)
    clinic = _first(analysis, "clinic_setting")
    if clinic:
        return (f"The skill is placed \"{clinic.text}\", a clinic setting. If the student needs it at school, "
                "say where it is used in the school day (for example \"during classroom writing tasks\"); "
                "if the work is clinic-based, it may belong in a referral to clinic-based OT.")
    recovery = _first(analysis, "medical_recovery")
    if recovery and not analysis.has("body_function"):
        return (f"\"{recovery.text}\" points to medical recovery, equipment or a diagnosis. If the student needs "
                "support for this at school, name the school task or routine it affects (for example \"carrying "
                "a lunch tray in the cafeteria\"); otherwise it may belong in a referral to clinic-based OT.")
    feeding = _first(analysis, "feeding_therapy")
    if feeding and not analysis.has("school_setting"):
        return (f"\"{feeding.text}\" reads as feeding therapy (food acceptance or oral-motor work), which is usually "
                "clinic-based. If the student needs support to eat at school, write it for the school meal, e.g. "
                "\"opening containers and eating independently at lunch in the cafeteria\"; otherwise it may belong "
                "in a referral to a feeding clinic or clinic-based OT.")
    body = _first(analysis, "body_function", "medical_recovery", "sensory")
    if body:
        purpose = _lookup(_SCHOOL_PURPOSE, analysis.goal.text) or "so that the student can take part in a named classroom task"
        return (f"\"{body.text}\" reads as a body function targeted for its own sake. To make it educationally "
                f"relevant, add the school task it serves, e.g. \"... {purpose}\". If the aim is recovery or "
                "the function itself, it may belong in a referral to clinic-based OT.")
    community = _first(analysis, "community", "daily_living", "private_placement")
    if community:
        if transition:
            return (f"\"{community.text}\" is community life. For a student of transition age, tie it to the "
                    "school's transition programme (for example \"during weekly community-based instruction\"); "
                    "if it is a family or private goal, it may belong outside the IEP.")
        return (f"\"{community.text}\" is community life outside the school program. It may belong in a "
                "referral to clinic-based OT or a family goal; if the skill is needed at school, name the school "
                "activity instead.")
    routine = _first(analysis, "home_routine", "home_setting", "self_care")
    if routine:
        school = _lookup(_SCHOOL_ROUTINE, analysis.goal.text)
        if school:
            return (f"\"{routine.text}\" is a home routine. If the student needs the same skill during the school "
                    f"day, write it for the school routine, e.g. \"{school}\"; otherwise consider family training "
                    "or a referral to clinic-based OT.")
        return (f"\"{routine.text}\" is a home routine that school-based OT does not usually train. It may "
                "belong in a referral to clinic-based OT or in family training.")
    return ("This goal reads as medical or home-focused. Name the school task or routine the skill serves, "
            "or consider a referral to clinic-based OT.")


def _ambiguous(analysis: Analysis, missing: tuple[str, ...]) -> str:
    age = analysis.goal.age
    if age is not None and age >= ADULT_AGE:
        return ("This goal is for an adult, past school age: say where the skill will be used (home, a facility, "
                "the community) and what it is for; the school-relevance check does not apply.")
    home = _first(analysis, "home_setting", "home_routine")
    school = _first(analysis, "school_setting")
    if home and school and not analysis.has("purpose"):
        return (f"The goal names both \"{home.text}\" and \"{school.text}\" without a school purpose. Say which "
                "school task or routine the skill serves; the home part may belong in a family or clinic goal.")
    if is_transition_age(analysis) and (analysis.has("daily_living") or analysis.has("community")):
        return ("The student is of transition age: tie the skill to the school's transition programme (for "
                "example \"during community-based instruction\" or \"at the school-arranged job site\"), or say "
                "if it is a family goal, which may belong outside the IEP.")
    self_care = _first(analysis, "self_care")
    if self_care:
        return (f"Say where \"{self_care.text}\" happens: at school (for example \"before recess\" or \"in the "
                "school bathroom\") it is educational; at home it belongs with family or clinic-based OT.")
    what = " and ".join(missing) if missing else "setting or purpose"
    skill = _first(analysis, "generic_skill", "body_function")
    subject = f"\"{skill.text}\"" if skill else "the skill"
    return (f"The goal does not say its {what}. Name where and why {subject} is needed in the school day, "
            "e.g. \"... during classroom writing tasks so that the student can complete written work\".")
