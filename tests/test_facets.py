"""Facet detection (goalcheck.facets): what each facet must find and must not find.

Every case is written for this file, in the three registers drafts come in: formal IEP sentences, terse
clinic shorthand and sloppy lowercase with typos. A "find" case names the phrase a facet span must cover;
a "miss" case must produce no span for that facet at all (or none covering the named phrase).
"""

from __future__ import annotations

import time

import pytest

from goalcheck.facets import find_facets
from goalcheck.nlp import get_pipeline
from goalcheck.types import Goal


def facets(text: str):
    return find_facets(get_pipeline().analyse(Goal(text=text)))


def covered(text: str, spans, phrase: str) -> bool:
    start = text.lower().index(phrase.lower())
    end = start + len(phrase)
    return any(s < end and start < e for s, e in spans)


# --- timeframe ---------------------------------------------------------------------------------------

TIMEFRAME_FINDS = [
    # formal
    ("By the annual review, Priya will fasten the buttons on her cardigan in 4 of 5 trials.", "By the annual review"),
    ("Within 36 instructional weeks, Tomas will type a paragraph of 5 sentences.", "Within 36 instructional weeks"),
    ("Marco will zip his jacket before recess by 6/2027.", "by 6/2027"),
    ("In 3 months, the client will open a jar lid using a rubber grip.", "In 3 months"),
    ("By the end of the third grading period, Hana will cut along a curved line.", "By the end of the third grading period"),
    ("By March 15, 2027, Owen will copy five words from the board.", "By March 15, 2027"),
    ("By the 1st of June, Owen will tie a bow.", "By the 1st of June"),
    ("Prior to the next IEP meeting, Lucy will pack her bag independently.", "Prior to the next IEP meeting"),
    ("Over the next 6 weeks, Ravi will don his splint each morning.", "Over the next 6 weeks"),
    ("Felix will wear his resting splint for 1 month.", "for 1 month"),
    ("Before the start of first grade, Zane will hold scissors correctly.", "Before the start of first grade"),
    ("By the conclusion of the school year, Ana will open her locker.", "the school year"),
    ("Within the current IEP year, Ines will button her coat at dismissal.", "Within the current IEP year"),
    ("Nell will manage her lunch containers by Christmas break.", "by Christmas break"),
    ("By the eight-week progress check, Dev will stack 10 blocks.", "By the eight-week progress check"),
    ("By the time she is discharged home, Mrs. P will transfer to the tub bench with supervision.", "By the time she is discharged"),
    ("Target date: 05/30/2027. Leo will write his address.", "05/30/2027"),
    # terse
    ("Grip R 20# x 10 wks.", "x 10 wks"),
    ("LTG (6 mo): pt to don socks w/ sock aid.", "6 mo"),
    ("Tub transfer SBA by d/c.", "by d/c"),
    ("Don shirt mod I by 2nd qtr.", "by 2nd qtr"),
    ("Copy 5 wds far-point, 4/5 trials, 16 wks.", "16 wks"),
    ("STG: ↑ pinch to 6 lb w/in 4 wks", "w/in 4 wks"),
    ("Type 12 wpm by wk 10.", "by wk 10"),
    ("Pt will cut food w/ rocker knife by re-eval.", "by re-eval"),
    ("Self-feed w/ spoon, 75% of meal, by EOY.", "by EOY"),
    # sloppy
    ("by the anual reveiw sam will tie his shoes", "by the anual reveiw"),
    ("kayla will write her name by end of 3rd trimster", "by end of 3rd trimster"),
    ("by sprng break stu will open his milk", "by sprng break"),
    ("by next yr he will button his coat", "by next yr"),
    ("he will zip his coat by thanksgiving", "by thanksgiving"),
    ("by 4/27 stu will cut a circle", "by 4/27"),
    ("by dec she will put on her shoes on the right feet", "by dec"),
    ("with in 8 weeks maria will hold her pencil right", "with in 8 weeks"),
    ("by febuary stu will wipe his table after snack", "by febuary"),
    ("jo will put her boots on by herself by the end of novmber", "by the end of novmber"),
]


@pytest.mark.parametrize("text,phrase", TIMEFRAME_FINDS)
def test_timeframe_found(text, phrase):
    found = facets(text)
    assert covered(text, found.timeframe, phrase), (text, [text[s:e] for s, e in found.timeframe])


TIMEFRAME_MISSES = [
    # durations, rates and counts are criteria, not deadlines
    "Jonah will stay seated at circle time for 10 minutes.",
    "Pt will complete wall push-ups 3 times per day.",
    "Ella will type 20 wpm on 3 consecutive weekly probes.",
    "stu will wash hands before lunch every day for a week",
    "Mia will pack her backpack 4 days per week across 2 consecutive weeks.",
    "Theo will brush his teeth for 2 minutes in 4 of 5 sessions.",
    # settings and times of day that are conditions
    "During morning work, Sam will copy the date from the board.",
    "Lena will put on her snow boots for recess in winter.",
    "In therapy, the child will thread 6 beads on a pipe cleaner.",
    "In kindergarten, Ivy will use a glue stick to attach shapes.",
    "At the end of each lesson, Omar will put his supplies away.",
    "Kai will brush his teeth at night before bed.",
    # numbers that are not dates
    "Pt will write name 4/5 trials.",
    "Stu to cut within 1/4 inch of line 3/4 trials.",
    "Nia will hold a 2 lb weight at 90 degrees.",
    # unreadable enough that nothing should be guessed
    "in 2 monts he will use his grip",
    "Ben will write his name.",
]


@pytest.mark.parametrize("text", TIMEFRAME_MISSES)
def test_timeframe_not_found(text):
    found = facets(text)
    assert not found.timeframe, (text, [text[s:e] for s, e in found.timeframe])


# --- condition ---------------------------------------------------------------------------------------

CONDITION_FINDS = [
    # formal
    ("Given a slant board, Nora will write her spelling words legibly.", "Given a slant board"),
    ("Tariq will button his shirt with 2 verbal cues.", "with 2 verbal cues"),
    ("When presented with a visual schedule, Ada will move to her next activity.", "When presented with a visual schedule"),
    ("During cafeteria lunch, Ruben will open his thermos.", "During cafeteria lunch"),
    ("Using a built-up spoon, the child will feed herself yogurt.", "Using a built-up spoon"),
    ("Emma will transfer from bed to chair with minimal assistance from one caregiver.", "with minimal assistance"),
    ("After a teacher demonstration, Luis will fold a paper in half.", "After a teacher demonstration"),
    ("While seated at his desk, Adam will copy from a near-point model.", "While seated at his desk"),
    ("Mila will put on her coat in the hallway before dismissal.", "in the hallway"),
    ("When frustrated during math, Kofi will ask for a break card.", "When frustrated during math"),
    ("The patient will don a pullover shirt in sitting with contact guard assistance.", "in sitting"),
    ("Jin will stand at the kitchen counter without UE support while stirring batter.", "without UE support"),
    ("Aria will copy the homework from the whiteboard.", "from the whiteboard"),
    ("Dylan will pay for his snack at the school store.", "at the school store"),
    ("Provided with graph paper, Quinn will align numbers in columns.", "Provided with graph paper"),
    ("Mo will complete a 6-step routine with no more than 1 prompt.", "with no more than 1 prompt"),
    ("With a peer buddy, Zoe will walk to the library.", "With a peer buddy"),
    # terse
    ("Pt will don pants w/ min A seated EOB.", "w/ min A"),
    ("UB dressing CGA, 3/4 trials.", "CGA"),
    ("Toilet transfer w/ grab bar, SBA, 4/5.", "w/ grab bar"),
    ("Keyboarding 15 wpm w/ keyguard.", "w/ keyguard"),
    ("Cut 4\" circle w/ loop scissors, 4/5 trials.", "w/ loop scissors"),
    ("Stu to copy sentence near-point 4/5.", "near-point"),
    ("Handwriting: 80% legible on lined paper.", "on lined paper"),
    ("Pay @ register, 3/3 outings.", "@ register"),
    ("Zip coat indep, dismissal, 4/5 days.", "dismissal"),
    ("Pt to brush teeth standing at sink, 5/5 days.", "standing at sink"),
    ("Sort 10 coins given a coin tray, 90% acc.", "given a coin tray"),
    ("Follow 3-step directions w/ 1 visual cue, 80% opps.", "w/ 1 visual cue"),
    # sloppy
    ("durring snack time stu will open his chips", "durring snack time"),
    ("w/ a pencil grip jon will write his name", "w/ a pencil grip"),
    ("she will put her shoes on at home befor school", "at home"),
    ("in the cafateria he will carry his tray", "in the cafateria"),
    ("wen given a timer he will clean up his desk", "given a timer"),
    ("stu will cut out shapes when its art time 3/4 trys", "when its art time"),
    ("jay will write his name with 1 or less reminders", "with 1 or less reminders"),
]


@pytest.mark.parametrize("text,phrase", CONDITION_FINDS)
def test_condition_found(text, phrase):
    found = facets(text)
    assert covered(text, found.condition, phrase), (text, [text[s:e] for s, e in found.condition])


CONDITION_MISSES = [
    # help levels that are the absence of help: never a condition
    "Max will button his coat independently in 4 of 5 trials.",
    "Pt will don socks mod I in 6 wks.",
    "Sara will pack her bag without reminders on 4 of 5 days.",
    "Ben will tie his shoes by himself.",
    "stu will zip his coat w/o help 4/5 times",
    # the skill named after "with", "at" or "in", not circumstances
    "Pt to incr indep w/ ADLs.",
    "Jack will get better at buttoning.",
    "Pia will participate in group games.",
    # an awareness of when, not the circumstances of the act
    "Eli will tell an adult when he needs a break.",
    # criteria that look like settings
    "Noah will catch a ball in 4 of 5 sessions.",
    "Will type 20 wpm with 90% accuracy.",
    # no condition at all
    "Student will write in complete sentences.",
    "Pt will achieve 90 degrees of shoulder flexion.",
    "Lina will tie a bow.",
    "will use scissors to cut a straight line",
    "OT services will be provided 30 minutes per week.",
]


@pytest.mark.parametrize("text", CONDITION_MISSES)
def test_condition_not_found(text):
    found = facets(text)
    assert not found.condition, (text, [text[s:e] for s, e in found.condition])


# --- criterion ---------------------------------------------------------------------------------------

CRITERION_FINDS = [
    # formal
    ("Given a model, Ivy will copy a triangle in 4/5 trials.", "4/5 trials"),
    ("Kim will sort coins with 80% accuracy across 3 sessions.", "80% accuracy"),
    ("Kim will sort coins with 80% accuracy across 3 sessions.", "across 3 sessions"),
    ("Yara will clean up her materials within 2 minutes.", "within 2 minutes"),
    ("Leo will type 20 wpm on a timed probe.", "20 wpm"),
    ("Jonah will stay seated at circle time for 10 minutes.", "for 10 minutes"),
    ("Pia will open her thermos on four out of five days.", "four out of five days"),
    ("Ravi will form letters with no more than two reversals per page.", "no more than two reversals"),
    ("Ella will pour juice without spilling on 3 consecutive days.", "without spilling"),
    ("Eli will write his spelling list with no backwards letters.", "with no backwards letters"),
    ("Sam will use his stretching routine twice daily.", "twice daily"),
    ("Anya will walk 150 feet with her walker.", "150 feet"),
    ("The patient will increase grip strength to 25 pounds.", "to 25 pounds"),
    ("Amir will flex his elbow to 120 degrees.", "120 degrees"),
    ("Hugo will check in at each class before the bell every school day for 2 weeks.", "every school day"),
    ("Zara will remain in the lunchroom for the entire lunch period.", "for the entire lunch period"),
    ("Finn will write 12 letters per minute when copying.", "12 letters per minute"),
    ("Bea will hop on one foot 10 times in a row.", "10 times in a row"),
    ("Noor will hang up her coat on most days.", "most days"),
    ("Sami will assemble 20 kits at a rate of one kit every 4 minutes.", "at a rate of"),
    # terse
    ("Don shirt indep 3/3 trials.", "3/3 trials"),
    ("Theraputty squeeze x15 reps, 2 sets.", "x15 reps"),
    ("Stand at sink 5 min for grooming.", "5 min"),
    ("Sit on ball x30 sec w/o UE support.", "x30 sec"),
    ("Keyboarding ≥25 wpm, <2 errors.", "<2 errors"),
    ("Pinch 8# R hand.", "8#"),
    ("HEP 2x/day.", "2x/day"),
    ("9HPT < 30 sec L hand.", "< 30 sec"),
    ("Donning AFO ≤3 min.", "≤3 min"),
    ("Copy far-point ≥ 90% legible.", "90% legible"),
    # sloppy
    ("stu will write his name 4 out of 5 tims", "4 out of 5"),
    ("she will cut on the line in under 2 minuts", "in under 2 minuts"),
    ("he will tie his shoes 3/4 trys", "3/4 trys"),
    ("kyle will carry his tray w/o spills", "w/o spills"),
    ("jo will write 3 sentances w/ 2 or less errors", "2 or less errors"),
    ("mia will stay in her seat for the hole lesson", "for the hole lesson"),
]


@pytest.mark.parametrize("text,phrase", CRITERION_FINDS)
def test_criterion_found(text, phrase):
    found = facets(text)
    assert covered(text, found.criterion, phrase), (text, [text[s:e] for s, e in found.criterion])


CRITERION_MISSES = [
    "By 6/2027, Lee will write her first and last name.",
    "In 3 months, Ari will open his lunch box.",
    "Within 36 instructional weeks, Mo will put on his coat.",
    "During a 30-minute art class, Eva will use a glue stick.",
    "Given a one-minute warning, Kai will clean up his toys.",
    "Using a 4-inch stencil, Ada will trace a star.",
    "The student will improve fine motor skills.",
    "Pt will don AFO.",
    "Cate will use a 2 lb weighted pencil when writing.",
    "Ben will follow 2-step directions during PE.",
    "As measured with a Jamar dynamometer, grip strength will be reassessed.",
    "stu will get his lunch from his cubby",
    "Grip R: pos 2 on Jamar.",
]


@pytest.mark.parametrize("text", CRITERION_MISSES)
def test_criterion_not_found(text):
    found = facets(text)
    assert not found.criterion, (text, [text[s:e] for s, e in found.criterion])


def test_duration_is_criterion_not_timeframe():
    text = "Sophie will work at her desk for 10 minutes by the annual review."
    found = facets(text)
    assert covered(text, found.criterion, "for 10 minutes")
    assert not covered(text, found.timeframe, "for 10 minutes")
    assert covered(text, found.timeframe, "by the annual review")


def test_help_cap_is_condition_and_criterion():
    text = "Ryan will brush his teeth with no more than 2 verbal prompts."
    found = facets(text)
    assert covered(text, found.condition, "no more than 2 verbal prompts")
    assert covered(text, found.criterion, "no more than 2 verbal prompts")


def test_date_is_not_a_trial_count():
    text = "Copy name + date on all work by 1/2027."
    found = facets(text)
    assert covered(text, found.timeframe, "by 1/2027")
    assert not found.criterion


# --- observable behaviour ----------------------------------------------------------------------------

VAGUE = [
    # formal
    ("Jada will improve her handwriting legibility.", "improve"),
    ("The student will develop age-appropriate grasp patterns.", "develop"),
    ("Mateo will demonstrate an understanding of personal space.", "demonstrate an understanding"),
    ("Layla will be aware of her body position in line.", "be aware"),
    ("Omar will show awareness of his peers during play.", "show awareness"),
    ("Ada will tolerate the feel of sand on her hands for 5 minutes.", "tolerate"),
    ("Caleb will appreciate different textures in art.", "appreciate"),
    ("The student will increase his ability to attend to tasks.", "increase his ability"),
    ("Isla will demonstrate improved bilateral coordination in 4 of 5 trials.", "demonstrate improved"),
    ("Sam will work on his pencil grasp during centers.", "work on"),
    # terse
    ("Improve FM skills.", "Improve"),
    ("Pt to incr indep w/ IADLs.", "incr indep"),
    ("ADLs: ↑ independence in self-care.", "↑"),
    ("Sensory: tolerate tags in clothing.", "tolerate"),
    # sloppy
    ("he will get better at cutting", "get better"),
    ("stu needs to imporve his writting", "imporve"),
    ("she will tolarate her hair being brushed", "tolarate"),
    ("will be more indepndant at lunch", "be more"),
    ("get stronger hands for writing", "get stronger"),
    # a target does not rescue an abstract object, and a deadline is not a target
    ("Given a visual model, Tia will increase her ability to trace shapes with 90% accuracy.", "increase"),
    ("The patient will increase activity tolerance within 6 weeks.", "increase"),
]


@pytest.mark.parametrize("text,phrase", VAGUE)
def test_vague_verb_found(text, phrase):
    found = facets(text)
    assert not found.observable, text
    assert covered(text, [found.vague_verb], phrase), (text, found.vague_verb)


OBSERVABLE = [
    "By the annual review, Ari will cut out a 3-inch square within 1/4 inch of the line in 4 of 5 trials.",
    "Given a model, Nina will build a 5-block tower in 3 of 4 trials.",
    "Pt will increase grip strength to 20 lb in 6 wks.",
    "Decr edema L hand by 1 cm in 4 wks.",
    "↑ R shoulder flexion AROM to 150°.",
    "Using a slant board to improve legibility, Jo will copy a sentence with correct spacing.",
    "Mrs. T will demonstrate safe use of the tub bench with supervision.",
    "stu will write his name on his paper 4/5 times",
    "pt will be able to open a jar with his left hand",
    "Grip will go up to 15 pounds in both hands.",
]


@pytest.mark.parametrize("text", OBSERVABLE)
def test_observable(text):
    found = facets(text)
    assert found.observable, (text, found.vague_verb and text[found.vague_verb[0]:found.vague_verb[1]])


# --- shape of the API and cost ----------------------------------------------------------------------

def test_spans_are_character_offsets_into_the_text():
    text = "Within 12 weeks, given a pencil grip, Ana will write 3 sentences in 4 of 5 trials."
    found = facets(text)
    for spans in (found.timeframe, found.condition, found.criterion):
        assert spans and all(0 <= s < e <= len(text) for s, e in spans)
    assert found.vague_verb is None and found.observable


def test_empty_text():
    found = facets("")
    assert found.timeframe == found.condition == found.criterion == ()
    assert found.vague_verb is None


def test_fast_enough_to_run_on_every_goal():
    pipeline = get_pipeline()
    texts = [c[0] for c in TIMEFRAME_FINDS + CONDITION_FINDS + CRITERION_FINDS + VAGUE] * 5
    analyses = list(pipeline.analyse_many(Goal(text=t) for t in texts))
    start = time.perf_counter()
    for analysis in analyses:
        find_facets(analysis)
    per_goal = (time.perf_counter() - start) / len(analyses)
    assert per_goal < 0.005, f"{per_goal * 1000:.2f} ms per goal"
