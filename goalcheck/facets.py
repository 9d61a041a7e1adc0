"""The parts of a measurable goal: timeframe, condition, criterion and behaviour.

A well-written goal says *by when* (timeframe), *under what circumstances*
(condition: setting or activity, materials, cues or supports), *how well*
(criterion: accuracy, trials, duration, frequency, rate) and *what the student
will do* (an observable behaviour). :func:`find_facets` finds each in a goal's
text; the 2xx rules report what is missing. Patterns are regular expressions
over the text because these facets are shapes of numbers and dates more than
words; each facet keeps the spans it matched so messages and fixes can point at
them. ``goalcheck evaluate --facets`` measures them on ``models/data/facets``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goalcheck.nlp import Analysis

_NUM = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|thirty-six|a|an)"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_PERIOD = r"(?:instructional\s+|school\s+|calendar\s+|treatment\s+)?(?:weeks?|wks?|months?|mos?|days?|years?|yrs?|sessions?|visits?|quarters?|semesters?|trimesters?)"
_REVIEW = (r"(?:annual\s+(?:iep\s+)?review|annual\s+iep|iep\s+(?:year|review|meeting|period|date)|review\s+date|re-?evaluation|"
           r"re-?eval|reassessment|progress\s+report(?:ing)?(?:\s+period)?|grading\s+period|marking\s+period|school\s+year|"
           r"academic\s+year|year|semester|trimester|quarter|term|plan\s+of\s+care|poc|discharge|d/c|next\s+iep|"
           r"(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|trimester|semester|grading\s+period|marking\s+period))")

TIMEFRAME = re.compile(
    rf"""\b(?:
        (?:by|before|prior\s+to|at|until|through)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+|her\s+|his\s+|their\s+)?)?(?:next\s+|current\s+|this\s+|\d{{4}}[-–/]\d{{2,4}}\s+)?{_REVIEW}
      | (?:by|before|in|until)\s+(?:the\s+end\s+of\s+)?{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?
      | (?:by|before)\s+\d{{1,2}}[/-]\d{{1,2}}(?:[/-]\d{{2,4}})?
      | (?:by|before|in)\s+(?:the\s+)?(?:spring|fall|autumn|winter|summer)(?:\s+(?:of\s+)?\d{{4}}|\s+break|\s+semester)?
      | (?:within|in|over|after|during)\s+(?:the\s+)?(?:next\s+|first\s+|coming\s+)?{_NUM}[-\s]+{_PERIOD}(?!\s+(?:per|a|each)\b)
      | (?:for|over)\s+the\s+(?:next|coming)\s+{_NUM}[-\s]+{_PERIOD}
      | x\s?{_NUM}\s?(?:wks?|weeks|mos?|months)\b
      | (?:within|in)\s+(?:one|a|1)\s+(?:iep\s+)?year
      | (?:one|1)[-\s]year\s+(?:goal|timeframe)
      | (?:by|at)\s+(?:the\s+)?(?:\d+|six|twelve|eight)[-\s](?:week|month)\s+(?:re-?eval(?:uation)?|review|re-?assessment|progress\s+check|mark)
    )\b""",
    re.I | re.X,
)

CRITERION = re.compile(
    rf"""(?:
        \b\d+\s*(?:/|out\s+of|of)\s*\d+\s*(?:consecutive\s+)?(?:trials?|opportunities|opps?|attempts?|sessions?|days?|data\s+(?:days|points|collection\s+days)|probes?|occasions?|observations?|periods?|tries|times|weeks?|assignments?|samples?)?
      | \b(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:out\s+)?of\s+(?:two|three|four|five|six|seven|eight|nine|ten)\b(?:\s+(?:trials?|opportunities|attempts?|sessions?|days?|occasions?|observations?))?
      | \b\d+(?:\.\d+)?\s*(?:%|percent)(?:\s+(?:accuracy|of\s+(?:the\s+)?(?:time|trials|opportunities|intervals|observations|letters|words)))?
      | \b(?:on|across|over|in|for)\s+(?:\d+|two|three|four|five)\s+consecutive\s+(?:trials?|sessions?|days?|data\s+days|weeks?|probes?|observations?|opportunities)
      | \bacross\s+(?:\d+|two|three|four|five)\s+(?:sessions?|days?|data\s+days|weeks?|probes?|observations?|settings?)
      | \b(?:with\s+)?(?:no\s+more\s+than|fewer\s+than|less\s+than|at\s+most|≤|<)\s*{_NUM}\s+(?:errors?|mistakes?|reversals?|prompts?|cues?|reminders?|redirections?|verbal\s+(?:cues?|prompts?)|\w+\s+(?:cues?|prompts?|errors?))
      | \b{_NUM}\s+or\s+(?:fewer|less)\s+(?:errors?|prompts?|cues?|reminders?|redirections?|\w+\s+(?:cues?|prompts?))
      | \b(?:for|within|in|under|in\s+under|in\s+less\s+than|for\s+at\s+least|at\s+least)\s+{_NUM}[-\s]*(?:consecutive\s+)?(?:minutes?|mins?|seconds?|secs?|hours?|hrs?)\b
      | \b\d+(?:\.\d+)?\s*(?:wpm|cwpm|words\s+per\s+minute|letters\s+per\s+minute|lpm)\b
      | \b(?:at\s+least\s+)?{_NUM}\s+times?\s+(?:per|a|each|every|in\s+a)\s+(?:day|week|session|class|period|hour|visit)\b
      | \b(?:x\s?\d+|\d+\s?x)\s*(?:reps?|repetitions|sets?)?\b
      | \b\d+\s*(?:reps?|repetitions|sets)\b
      | \b(?:to|of|at|by|≥|>=)\s*\d+(?:\.\d+)?\s*(?:lbs?|\#|pounds|kg|degrees|deg|°)(?=\W|$)
      | \b\d+(?:\.\d+)?\s*(?:lbs?|pounds|degrees|deg)\b|\d+\s*°
      | \b(?:each|every)\s+(?:day|time|opportunity|session|school\s+day)\b
      | \b(?:daily|weekly)\b(?=[^.]*\b(?:for|across|over|on)\b)
      | \b(?:score|scoring|standard\s+score|raw\s+score)\s+(?:of\s+)?(?:at\s+least\s+)?\d+
      | \b\d+\s+(?:of|out\s+of)\s+(?:the\s+)?\d+\s+\w+
    )""",
    re.I | re.X,
)

_CUE = r"(?:cues?|cueing|prompts?|prompting|assist(?:ance)?|support|supports|reminders?|models?|modell?ing|demonstrations?|supervision|set-?up|redirection|hand-over-hand|a|A)"
CONDITION = re.compile(
    rf"""\b(?:
        (?:given|when\s+given|when\s+provided\s+(?:with\s+)?|when\s+presented\s+with|provided\s+(?:with\s+)?|presented\s+with|offered|after\s+being\s+given)\s+\S+(?:\s+\S+){{0,5}}?(?=[,;]|\s+(?:\w+\s+)?will\b|$)
      | (?:given|provided|using|with\s+the\s+use\s+of|using\s+a|with\s+access\s+to)\s+(?:a|an|the|his|her|their|adapted|adaptive|built-?up|modified|visual|verbal|written|picture|raised|highlighted|bold|slant|pencil|\d+)\b[\w\s\-]{{0,40}}?(?=[,;.]|\s+(?:and|to|in|during|with|within|by|so|for|at|on)\b|$)
      | (?:with|w/)\s*(?:no\s+more\s+than\s+|fewer\s+than\s+|up\s+to\s+)?(?:\d+|one|two|three|a|an|min(?:imal)?|mod(?:erate)?|max(?:imal)?|verbal|visual|gestural|physical|tactile|indirect|direct|faded|occasional|intermittent|environmental|picture|written|adult|peer|teacher|para(?:professional)?|staff|standby|stand-by|contact\s+guard|hand-over-hand|one-step|two-step|\w+-step)\s*(?:\w+\s+){{0,2}}?{_CUE}\b
      | w/\s*(?:min|mod|max|sba|cga|set-?up|supervision)\b
      | \b(?:min|mod|max)\.?\s*(?:a|assist|assistance|verbal|vc|cues?)\b
      | \b(?:cga|sba|vc|vcs)\b
      | (?:during|throughout|at|in|before|after|upon|following|while)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?(?:\w+[\s-]){{0,3}}?(?:class(?:room)?|lessons?|instruction|activities|activity|tasks?|assignments?|worksheets?|work\s+time|centers?|centres|circle\s+time|recess|lunch|snack|cafeteria|pe|gym|art|music|library|assembly|arrival|dismissal|transitions?|routines?|sessions?|group|meals?|bath(?:ing)?|bedtime|dressing|morning|therapy|clinic|home|school\s+day|field\s+trips?|outings?|cbi|play|games?|writing|reading|math|handwriting|journal(?:ing)?|copying|keyboarding|typing)\b
      | (?:after|following)\s+(?:a\s+|an\s+)?(?:model|demonstration|visual\s+model|verbal\s+model)
      | (?:when|while)\s+(?:\w+\s+){{0,3}}?(?:transitioning|writing|copying|cutting|typing|seated|sitting|standing|eating|dressing|presented|asked|given|directed|prompted|upset|frustrated|overwhelmed|working)\b
      | with\s+(?:a\s+|an\s+|the\s+)?(?:visual|picture|written|first-then|checklist|timer|schedule|slant\s+board|pencil\s+grip|adapted|weighted|fidget|sensory|noise|headphones|graphic\s+organizer|raised-line|highlighted|built-up|loop\s+scissors|splint|adaptive\s+equipment|ae)\b[\w\s\-]{{0,30}}?(?=[,;.]|\s+(?:and|to|in|during|within|by|so|for|at|on|will)\b|$)
    )""",
    re.I | re.X,
)

VAGUE_VERBS = re.compile(
    r"""\b(?:will|to|shall|should)\s+(?:continue\s+to\s+|be\s+able\s+to\s+|begin\s+to\s+)?(?P<verb>
        improve|develop|understand|know|learn|tolerate|enhance|gain|explore|experience|appreciate|work\s+on|
        increase\s+(?:\w+\s+)?(?:ability|awareness|skills?|tolerance|understanding|independence|confidence)|
        demonstrate\s+(?:an?\s+)?(?:awareness|understanding|knowledge|improved|increased|improvement|progress|appreciation|readiness)|
        be\s+aware|become\s+aware|show\s+(?:improvement|progress|awareness|understanding)|display\s+(?:improved|increased)|
        have\s+(?:improved|increased|better)|make\s+progress|strengthen|build|refine|be\s+more
    )\b""",
    re.I | re.X,
)
_LEADING_VAGUE = re.compile(r"^\s*(?P<verb>improve|develop|increase|enhance|tolerate|understand|work\s+on|strengthen|incr\.?|↑)\b", re.I)

_SETTING_CATEGORIES = ("school_setting", "home_setting", "community", "clinic_setting")


@dataclass(frozen=True)
class Facets:
    """What a goal says of each part of a measurable goal, as character spans."""

    timeframe: tuple[tuple[int, int], ...]
    condition: tuple[tuple[int, int], ...]
    criterion: tuple[tuple[int, int], ...]
    vague_verb: tuple[int, int] | None

    @property
    def observable(self) -> bool:
        return self.vague_verb is None


def find_facets(analysis: Analysis) -> Facets:
    text = analysis.goal.text
    timeframe = _spans(TIMEFRAME, text)
    criterion = tuple(s for s in _spans(CRITERION, text) if not _inside(s, timeframe))
    condition = list(_spans(CONDITION, text))
    for hit in analysis.hits:
        if hit.category in _SETTING_CATEGORIES and not _inside((hit.start, hit.end), timeframe):
            condition.append((hit.start, hit.end))
    condition = tuple(sorted(s for s in set(condition) if not _inside(s, timeframe) and not _inside(s, criterion)))
    return Facets(timeframe, condition, criterion, _vague(text))


def _spans(pattern: re.Pattern, text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in pattern.finditer(text) if m.end() > m.start())


def _inside(span: tuple[int, int], others) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in others)


def _vague(text: str) -> tuple[int, int] | None:
    m = VAGUE_VERBS.search(text) or _LEADING_VAGUE.search(text)
    return m.span("verb") if m else None
