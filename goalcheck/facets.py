"""The parts of a measurable goal: timeframe, condition, criterion and behaviour.

A well-written goal says *by when* (timeframe), *under what circumstances*
(condition: setting or activity, materials, cues or supports), *how well*
(criterion: accuracy, trials, duration, frequency, rate) and *what the student
will do* (an observable behaviour). :func:`find_facets` finds each in a goal's
text; the 2xx rules report what is missing. Patterns are regular expressions
over the text because these facets are shapes of numbers and dates more than
words; each facet keeps the spans it matched so messages and fixes can point at
them. ``goalcheck evaluate --facets`` measures them on ``models/data/facets``.

Each facet is a list of phrasing *families* (a date, a review point, a span of
weeks; a fraction, a percentage, a duration, a rate...) rather than a list of
remembered goals: drafts come from many writers, in formal IEP prose, clinic
shorthand and hurried lowercase with typos, so most families tolerate the
common misspellings ("durring", "minuts", "trimster") and abbreviations
("w/", "wks", "d/c").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goalcheck.nlp import Analysis

_WORD_NUM = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
             r"eighteen|twenty|twenty-four|thirty|thirty-two|thirty-six|forty|fifty|sixty|ninety")
# The lookahead lets the engine reject most positions on one character before trying every number word.
_NUM = rf"(?=[\dotfsen])(?:\d+(?:\.\d+)?|{_WORD_NUM})"
# Spans of time are also written as ranges ("2-3 weeks") or loosely ("the next few weeks").
_NUM_OR_A = rf"(?:{_NUM}(?:\s*(?:-|–|to)\s*{_NUM})?|a|an|few|several|a\s+few|couple(?:\s+of)?|a\s+couple(?:\s+of)?)"
_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|final|last|1st|2nd|3rd|4th|5th|6th)"
# Full names, abbreviations and the usual misspellings ("febuary", "decmber").
_MONTH = (r"(?:jan(?:uary|urary|uary|uray)?|feb(?:ruary|uary|urary|ruery)?|mar(?:ch)?|apr(?:il|l)?|may|june?|july?|"
          r"aug(?:ust|st)?|sept?(?:ember|mber|emeber)?|oct(?:ober|obr)?|nov(?:ember|mber|emeber|emebr)?|"
          r"dec(?:ember|mber|emebr|embr)?)\b\.?")
_DAY_OF_MONTH = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2})"
# "June", "June 5th", "June 2027", "5 June 2027", "the 5th of June": the shapes a written-out date takes.
_MONTH_DATE = rf"(?:(?:the\s+)?{_DAY_OF_MONTH}\s+(?:of\s+)?)?{_MONTH}(?:\s+{_DAY_OF_MONTH}\b)?(?:,?\s+(?:of\s+)?{_YEAR})?"
# Numeric dates: 6/2027, 05/2027, 2/28/27, 2026-06-01. Two-part "6/27" is only a date after "by" and the
# like, because "4/5" is a trial count; see _NUMERIC_SHORT below.
_NUMERIC_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,2}[/-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{1,2}(?:-\d{1,2})?)(?![\d/])"
_NUMERIC_SHORT = r"\d{1,2}[/-]\d{2}(?![\d/])"

_SPAN_UNIT = (r"(?:(?:instructional|school|calendar|academic|treatment|therapy|intervention)\s+)?"
              r"(?:weeks?|wks?|months?|mos?|mths?|years?|yrs?|quarters?|semesters?|trimesters?|terms?|seasons?)\b")
_SPAN_UNIT_SHORT = r"(?:days?|sessions?|visits?|treatments?|tx)\b"
# Points in the school or clinic calendar a goal is reviewed at. Several tolerate the usual typos and
# truncations ("trimster", "2nd tri", "yr", "the annual").
_REVIEW = (
    r"(?:(?:annual|anual|yearly)(?:\s+(?:iep\s+)?(?:review|reveiw|meeting|iep|date|goal\s+date))?"
    r"|(?:iep|ifsp|isp|itp)(?:\s+(?:year|yr|review|reveiw|meeting|period|date|cycle|term|end|annual\s+date))?"
    r"|(?:transition\s+)?iep|triennial(?:\s+\w+)?|tri-?annual(?:\s+\w+)?"
    r"|(?:\d+|two|three|four|six|eight|ten|twelve)[-\s](?:week|wk|month|mo)\s+(?:re-?eval\w*|review|re-?assessment|"
    r"progress\s+(?:check|report|note)|mark|reassessment|follow-?up|check)"
    r"|review\s+date|re-?eval\w*|re-?assess\w*|re-?cert\w*|(?:certification|cert|authori[sz]ation|auth|plan)\s+period"
    r"|progress\s+(?:report(?:ing)?(?:\s+period)?|note|review)|(?:grading|marking|reporting)\s+period"
    r"|(?:school|academic|calendar|iep|program|programme)\s+y(?:ea)?rs?|school\s+term"
    r"|y(?:ea)?r|semm?e?st\w*|sem|tri(?:m\w*)?|quart\w*|qtr|q[1-4]|term|season|unit"
    r"|plan\s+of\s+care|poc|episode\s+of\s+care|discharge|d/c|authori[sz]ation|auth|graduation|eoy|eosy|sy)"
)
# Points that are only deadlines after "by", "before" or "the end of": "in therapy" and "in kindergarten" are
# settings, "by the end of therapy" and "before kindergarten" are not.
_END_POINT = (
    r"(?:therapy|treatment|tx|services|dc|(?:next\s+)?(?:visit|session|appointment|appt)|kindergarten|pre-?k|preschool|"
    r"(?:\w+|\d+(?:st|nd|rd|th))\s+grade|grade\s+\d+|(?:middle|high|elementary)\s+school|(?:the\s+)?(?:iep|program|programme|block|course|unit)"
    r"|(?:\w+\s+)?break|(?:\w+\s+)?(?:vacation|holidays?))"
)
_SEASON = r"(?:spring|fall|autumn|winter|summer)"
_HOLIDAY = (r"(?:thanksgiving|christmas|xmas|halloween|easter|hanukkah|diwali|ramadan|new\s+year'?s?|the\s+holidays|"
            rf"(?:{_SEASON}|winter|holiday|christmas|thanksgiving|mid-?winter|half-?term|february|feb|october)\s+(?:break|brake|vacation|holidays?|recess))")
_BY = r"(?:by|before|prior\s+to|until|till|til|through|thru|no\s+later\s+than|on\s+or\s+before|not\s+later\s+than)"

TIMEFRAME = re.compile(
    rf"""(?<!\w)(?:\b(?:
        # A review point: "by the annual review", "before the end of kindergarten", "by 2nd tri",
        # "within the current IEP cycle", "at d/c", "by the date of the next IEP".
        (?:{_BY}|within|w/in|at|upon|during|over|throughout|in)\s+
            (?:(?:the\s+)?(?:end|close|completion|conclusion|finish|start|beginning|middle|date|time)\s+of\s+)?
            (?:the\s+|this\s+|that\s+|his\s+|her\s+|their\s+)?
            (?:(?:next|current|upcoming|coming|following|present|\d{{4}}[-–/]\d{{2,4}}|{_ORDINAL})\s+)*
            (?:{_REVIEW})
      | (?:{_BY}|at|within)\s+(?:the\s+)?(?:end|close|completion|conclusion|finish|start|beginning)\s+of\s+(?:the\s+|this\s+|his\s+|her\s+|their\s+)?(?:{_ORDINAL}\s+)?(?:{_REVIEW}|{_END_POINT})
      | (?:{_BY})\s+(?:the\s+)?(?:next\s+|entering\s+|starting\s+)?(?:{_END_POINT})
      | (?:end\s+of|eo)\s*(?:y(?:ea)?r|sy|school\s+year|iep|poc|quarter|semester|term)
      | (?:within|over|during|throughout|for)\s+(?:the\s+)?(?:course|remainder|rest|duration|life|length)\s+of\s+(?:the\s+|this\s+)?(?:current\s+)?(?:iep|school|academic|plan|treatment|poc|year|semester|term)
      | (?:{_BY}|in|within|w/in|at)\s+(?:the\s+)?mid-?(?:year|term|semester|{_MONTH})
      # Dates: "by May 2027", "in June", "before the 5th of June", "by 6/2027", "by 2/28/27", "by 6/27".
      | (?:{_BY}|in|within|at|on|around|starting|beginning|from)\s+(?:the\s+)?(?:end\s+of\s+|early\s+|late\s+|mid-?)?(?:next\s+|this\s+)?{_MONTH_DATE}
      | {_MONTH}\s+{_DAY_OF_MONTH}?,?\s*{_YEAR}
      | {_NUMERIC_DATE}
      | (?:{_BY}|due|date:?|target:?)\s+{_NUMERIC_SHORT}
      | (?:{_BY}|end\s+of)\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:{_SEASON}|(?:the\s+)?fall)(?:\s+(?:of\s+)?{_YEAR})?|{_YEAR})
      # "In winter" is when a skill is done ("snow pants in winter"); with a year or "the end of" it is a deadline.
      | (?:in|during|within)\s+(?:the\s+)?(?:(?:end|close)\s+of\s+(?:the\s+)?{_SEASON}|{_SEASON}\s+(?:of\s+)?{_YEAR}|{_YEAR})
      | (?:{_BY}|in)\s+(?:the\s+)?(?:next|this|coming)\s+(?:{_SEASON}|y(?:ea)?r|school\s+year|{_MONTH}|week|month|term|semester|quarter)
      | (?:{_BY}|before|at)\s+(?:the\s+)?(?:next|this)\s+(?:(?:iep|progress|annual|team)\s+)?(?:visit|session|appointment|appt|review|meeting|report|authori[sz]ation|auth|re-?eval\w*|re-?cert\w*)
      | {_BY}\s+(?:the\s+)?(?:{_SEASON}(?:\s+(?:season|term|semester|session|break|brake))?|{_HOLIDAY})
      | (?:{_BY}|at|in)\s+(?:the\s+)?(?:{_HOLIDAY})
      # A span of time from now: "within 36 instructional weeks", "in 3 months", "by 6 wks", "over the next
      # 9 weeks", "for 1 month", "x 8 wks", "within 10 sessions".
      | (?:within|w/in|with\s+in|in|over|after|by|during|inside\s+of)\s+(?:the\s+)?(?:next\s+|first\s+|coming\s+|following\s+)?{_NUM_OR_A}[-\s]*(?:\+\s*)?{_SPAN_UNIT}(?!\s+(?:per|a|each|every)\b)
      | (?:within|w/in|by|after)\s+(?:the\s+)?(?:next\s+|first\s+)?{_NUM_OR_A}[-\s]*{_SPAN_UNIT_SHORT}(?!\s+(?:per|a|each|every|of)\b)
      | (?:in|over)\s+the\s+(?:next|coming|following)\s+{_NUM_OR_A}[-\s]*{_SPAN_UNIT_SHORT}
      | (?:for|over)\s+(?:the\s+)?(?:next|coming|following)\s+{_NUM_OR_A}[-\s]*(?:{_SPAN_UNIT}|{_SPAN_UNIT_SHORT})
      | for\s+{_NUM_OR_A}[-\s]+(?:(?:more|additional)\s+)?(?:weeks?|wks?|months?|mos?|years?|yrs?)\b(?!\s+(?:per|a|each|every|of|in\s+a\s+row)\b)
      | (?:by|at|in)\s+(?:the\s+)?(?:week|wk|month|visit|session)\s*\#?\d+
      | (?:by|at|after)\s+(?:the\s+)?(?:\d+(?:st|nd|rd|th)|{_ORDINAL}|tenth|twelfth)\s+(?:week|visit|session|treatment|month)
      | {_NUM_OR_A}[-\s]*(?:y(?:ea)?r|wk|week|mo|month|session|visit)\s+(?:goal|timeframe|time\s+frame|plan|stg|ltg|objective)
      | (?:^|(?<=[,;:]\s))(?:this|the\s+current|during\s+this)\s+(?:iep|school|academic|treatment)\s+(?:year|yr|cycle|period|term)
      | (?:by|before|at|upon|prior\s+to)\s+(?:the\s+)?time\s+(?:of\s+|that\s+|when\s+)?(?:he|she|they|the\s+\w+|\w+)\s+(?:\w+\s+)?(?:goes|leaves|is|are|returns|graduates|transitions|moves|starts|enters|begins|exits|turns)\b
    )(?!\w)
    | (?<![\w/])x\s*{_NUM}\s*(?:wks?|weeks?|mos?|months?|mths?|yrs?|years?)\b
    | (?:^|(?<=[(\[:;,–-])|(?<=[(\[:;,–-]\s))\s*{_NUM}\+?\s*(?:wks?|weeks?|mos?|months?|mths?|yrs?|years?)\b\.?(?=\s*(?:[:;,)\]]|$|-\s|–))
    | \b(?=\d)(?<!\bof\s)(?<!\bper\s)(?<!\bacross\s)(?<!\bover\s)(?<!consecutive\s)(?<!\bevery\s)(?<!\beach\s)(?<!\bfor\s)(?<!\bx\s)(?<![x\d])\d+\s*(?:wks?|weeks?|mos?|months?|mths?)\b\.?(?=\s*$)
    | \b(?:stg|ltg|short[-\s]term(?:\s+goal)?|long[-\s]term(?:\s+goal)?)\s*\#?\d*\s*[:(-]?\s*\(?\s*{_NUM}\s*{_SPAN_UNIT}
    | \b(?:target|goal|due|review|end|completion|achievement|projected)\s+(?:date|by)\s*[:\-]?\s*(?:{_NUMERIC_DATE}|{_NUMERIC_SHORT}|{_MONTH_DATE})
    )""",
    re.I | re.X,
)

# "every day for a week" and "daily for 2 weeks" make the weeks part of the criterion, not a deadline.
_FREQUENCY_BEFORE = re.compile(r"\b(?:every|each|a|per)\s+(?:day|night|morning|school\s+day)\s*$|\b(?:daily|nightly|a\s+day|/day|/wk|a\s+week|per\s+week)\s*$", re.I)

_TIME_UNIT = r"(?:minutes?|mins?|minuts?|minuets?|mintues?|seconds?|secs?|seconds|hours?|hrs?|h)\b"
_ERROR_NOUN = (r"(?:errors?|mistakes?|reversals?|spills?|drops?|falls?|losses?\s+of\s+balance|lob|omissions?|"
               r"meltdowns?|outbursts?|incidents?|refusals?|misses|miscues|tears?|rips?)")
_ERROR_GERUND = (r"(?:spilling|spillage|dropping|falling|tearing|ripping|crossing|erasing|overlapping|going\s+(?:outside|over|off)|"
                 r"losing\s+(?:balance|his\s+place|her\s+place|their\s+place|place|track)|loss\s+of\s+balance|bumping|"
                 r"skipping|missing|omitting|reversing|gagging|coughing|choking|a\s+meltdown|meltdowns?|crying|eloping|"
                 r"running|hitting|grabbing|getting\s+lost|leaving|touching)")
_CAP = r"(?:no\s+more\s+than|not\s+more\s+than|fewer\s+than|less\s+than|under|at\s+most|a\s+maximum\s+of|a\s+max\s+of|max(?:imum)?\.?\s+(?:of\s+)?|≤|<=?|=<)"

CRITERION = re.compile(
    rf"""(?<!\w)(?:
        # Trials and opportunities: "4/5 trials", "in 3 of 4 opportunities", "four out of five days",
        # "4 days out of 5", "3/4 trys".
        \b\d{{1,3}}\s*(?:/|out\s+of|of)\s*\d{{1,3}}(?![\d/])(?:\s*(?:consecutive\s+)?[a-z]+)?
      | \b(?=[otfsen])(?:{_WORD_NUM})\s+(?:\w+\s+)?(?:out\s+)?of\s+(?:{_WORD_NUM}|\d+)\b(?:\s+[a-z]+)?
      | \b(?:{_NUM})\s+[a-z]+(?:\s+[a-z]+)?\s+out\s+of\s+(?:{_NUM})\b
      # Accuracy: "80%", "with 90% accuracy", "ninety percent", ">=80%".
      | (?:[<>≥≤]=?\s*)?\b\d+(?:\.\d+)?\s*(?:%|percent|pct)(?:\s+(?:accuracy|acc|of\s+(?:the\s+)?\w+))?
      | \b(?:fifty|sixty|seventy|seventy-five|eighty|eighty-five|ninety|ninety-five|one\s+hundred|a\s+hundred)\s+percent\b
      # Runs and repetitions: "on 3 consecutive days", "5 consecutive times", "10 times in a row", "across 3
      # sessions", "x10 reps", "3 sets of 10", "5 times".
      | \b{_NUM}\s+(?:consecutive|consec\.?|straight)\s+[a-z]+
      | (?:≥|≤|>=|<=|=<|=>|[<>])\s*\d+
      | \b[a-z][\w-]*\s*(?:≤|<=|<)\s*\d+
      | \b(?:on|across|over|in|for)\s+{_NUM}\s+(?:(?:consecutive|separate|different|weekly|daily|data)\s+)?(?:trials?|sessions?|days?|data\s+days|weeks?|probes?|observations?|settings?|opportunities|occasions?|attempts?|visits?|trips?|outings?|meals?|assignments?|samples?|work\s+samples?|lessons?|classes|periods?)\b
      | \b{_NUM}\s+(?:[a-z]+\s+)?in\s+a\s+row\b
      | \b{_NUM}\s+times\b
      | (?<![\w/])(?:x\s?\d+|\d+\s?x)(?:\s*(?:reps?|repetitions|sets?|trials?|each))?(?![\w/])
      | \b\d+\s*(?:reps?|repetitions|sets)\b
      | \b{_NUM}\s+(?:[\w-]+\s+)?(?:push-?ups|sit-?ups|pull-?ups|squats|laps|jumping\s+jacks|lunges|crunches|bridges)\b
      | \b(?:once|twice|thrice)\b
      # Durations and speed: "for 10 minutes", "within 2 minutes", "in under 3 minuts", "<2 min", "10 sec",
      # "for the whole ride", "20 wpm", "15 letters per minute", "at a rate of".
      | \b(?:for|within|w/in|with\s+in|in|under|over|in\s+under|in\s+less\s+than|for\s+at\s+least|at\s+least|up\s+to|for\s+up\s+to)\s+(?:{_NUM}|a|an|half\s+an?)(?:\s*-\s*|\s+(?:and\s+a\s+half\s+)?|)(?:consecutive\s+|full\s+)?{_TIME_UNIT}(?!-)
      # A bare "10 min" is a duration; a hyphenated "45-minute session" describes the activity.
      | (?:[<>≤≥]=?\s*|(?<![\w-]))\d+(?:\.\d+)?(?:\s+|)(?:consecutive\s+|full\s+)?{_TIME_UNIT}(?!-)
      | \bfor\s+(?:the\s+|a\s+|an\s+)?(?:full|whole|hole|entire|complete|duration\s+of|length\s+of)\b(?:\s+[\w-]+){{1,2}}
      | \b(?:all|the\s+whole)\s+(?:day|class|period|lesson|session|ride|meal|morning|afternoon)\b
      | \b\d+(?:\.\d+)?\s*(?:wpm|cwpm|wcpm|words\s+per\s+minute|(?:correct\s+)?words?\s+(?:a|per|/)\s*min(?:ute)?|lpm|letters\s+per\s+minute)\b
      | \bat\s+a\s+(?:rate|pace|speed)\s+of(?:\s+[\w-]+){{1,6}}
      | \b(?:{_NUM})\s*(?:[\w-]+\s*?){{0,3}}?(?:\s(?:per|a|an|each|every)\s+|\s*/\s*)(?:minute|min|hour|hr|day|week|wk|session|page|paragraph|line|lesson|class|period|meal|night|visit|mile)\b
      | \bevery\s+{_NUM}\s+{_TIME_UNIT}
      # Frequency: "3 times a day", "5 nights a week", "twice daily", "each time", "every day", "most days".
      | \b(?:{_NUM}\s*x|{_NUM}\s+times?|once|twice)\s*(?:/|a|per|each|every|in\s+a)?\s*(?:day|daily|week|weekly|wk|d|session|class|period|hour|visit|night)\b
      | (?<!\bof\s)(?<!\bat\s)(?<!\bin\s)(?<!during\s)(?<!before\s)(?<!after\s)(?<!\bfor\s)\b(?:each|every)\s+(?:single\s+)?(?:day|night|morning|afternoon|time|opportunity|session|school\s+day|meal|visit|class|period|trial|attempt|lesson|week)\b
      | \b(?:daily|nightly|weekly)\b(?=\s*(?:for|across|over|on|x|in|during|at|with|w/|[,;.)]|\d|$))
      | \b(?:on\s+)?(?:most|the\s+majority\s+of|all|nearly\s+all|almost\s+all)\s+(?:days|of\s+the\s+time|occasions|opportunities|trials|mornings|afternoons|school\s+days|sessions|weeks|observations)\b
      # Help and error caps: "with no more than 2 errors", "with fewer than 3 strokes outside the line",
      # "2 or fewer prompts", "w/ <=1 error", "with no backwards letters", "without spilling", "w/o spills".
      | (?:\b(?:with\b|w/|needing\b|requiring\b|making\b)\s*)?{_CAP}\s*{_NUM}\s+(?:[\w-]+\s+){{0,3}}?[\w-]+
      | \b{_NUM}\s+or\s+(?:fewer|less|under)\s+[\w-]+(?:\s+(?:for\s+)?\w+)?
      | \b{_NUM}\s+(?:[\w-]+\s+)?[\w-]+\s+(?:max(?:imum)?|or\s+(?:fewer|less))\b
      | \b(?:with\b|w/)\s*(?:no|zero|0|minimal|few)\s+(?:[\w-]+\s+){{0,2}}?{_ERROR_NOUN}
      | (?:\bwithout|\bw/o|\bwith\s+out|\bwith\s+no)\s+(?:any\s+)?(?:{_ERROR_GERUND}|{_ERROR_NOUN})
      | \b(?:with\b|w/)\s*(?:no|zero|0)\s+(?:reversed|backwards?|missing|misspelled|extra|incorrect|wrong|illegible|skipped|dropped|mis-?formed|floating|crossed-?out|unreadable|spilled)\s+[\w-]+
      # Amounts: "to 15 lb", "90 degrees", "by 1 cm", "for 20 feet", "within 1/4 inch", "score of at least 50".
      | \b(?:to|of|at|by|within|w/in|for|over|from|≥|>=|>|<|≤|at\s+least|up\s+to)\s*(?:\d+(?:\.\d+)?|\d/\d|{_WORD_NUM})\s*(?:-\s*)?(?:lbs?|\#|pounds?|kgs?|kilograms?|oz|ounces?|degrees?|deg|°|cm|mm|centimet(?:er|re)s?|km|kilomet(?:er|re)s?|inch(?:es)?|in\.|"|ft|feet|foot|yards?|yds?|met(?:er|re)s?|m|blocks?|miles?|steps?|ml|mls)(?=\W|$)
      | \b\d+(?:\.\d+)?\s*(?:degrees?|°)
      | \b\d+(?:\.\d+)?\s*(?:lbs?|\#|pounds?|kg|ft|feet|cm|inch(?:es)?)(?=\s*(?:$|[.,;)]|\bx\b|with\b|w/|in\b|on\b|by\b|each\b|both\b|bilat|(?:l|r|left|right)\b))
      # Clinic shorthand writes a target force as "8#"; "1# wrist weights" is the equipment.
      | \b\d+(?:\.\d+)?\s*\#(?!\s*(?:wrist\s+|ankle\s+|cuff\s+|hand\s+)?(?:weights?|dumbbells?|cuffs?|balls?|bars?|bands?|theraband))
      | \b(?:score|scoring|standard\s+score|raw\s+score|t-score|scaled\s+score|percentile)\s+(?:of\s+)?(?:at\s+least\s+|≥\s*|>=\s*)?\d+
      | \b\d+(?:st|nd|rd|th)\s+percentile\b
    )""",
    re.I | re.X,
)

_CUE = (r"(?:cues?|cueing|cuing|vcs?|prompts?|prompting|assist(?:ance)?|support|supports|reminders?|models?|modell?ing|"
        r"demonstrations?|supervision|set-?up|redirections?|redirects?|hand-over-hand|hoh|help|guidance|requests?(?:\s+for\s+help)?|"
        r"checks?|check-ins?|(?-i:A)|a\.)")
_HELPER = (r"(?:aide|para(?:professional|pro|educator)?|adult|teacher|therapist|ot|pt|coach|job\s+coach|staff|peers?|"
           r"partner|buddy|classmates?|friends?|family|parents?|caregivers?|cg|mom|mum|dad|mother|father|grand(?:ma|pa|mother|father|parents?)|"
           r"sibling|siblings|brother|sister|wife|husband|spouse|teammates?|helper|nurse|cna|one\s+caregiver|spotter|"
           r"interpreter|mentor|kids|children|students|group\s+members)")
_BODY = (r"(?:(?:dominant|non-?dominant|nondominant|affected|unaffected|involved|uninvolved|hurt|weak|strong|preferred|helper|"
         r"left|right|l|r|other|each|both|one|two|2)\s+(?:hand|hands|arm|arms|ue|ues|leg|legs|foot|feet)|"
         r"(?:his|her|their)\s+(?:hand|hands|arm|arms|finger|fingers|fingertips|thumb|feet|foot)|"
         r"(?:his|her|their)\s+(?:\w+\s+)?(?:hand|arm)|finger|fingertips?|index\s+finger|bue|rue|lue|bilat(?:eral)?\s+ue)")
# Things a student is given or uses: the materials, devices and adaptations a condition names.
_MATERIAL = (
    r"(?:extended\s+time|extra\s+time|preferential\s+seating|paper|pencil|pen|marker|crayons?|grips?|pencil\s+grip|slant\s+board|board|whiteboard|chalkboard|smartboard|"
    r"model|timer|schedule|checklist|list|card|cards|chart|template|guide|guides|stencil|ruler|boundary|boundaries|lines|"
    r"highlighter|scissors|sisors|sissors|spoon|fork|knife|utensils?|cup|straw|plate|bowl|tray|placemat|dycem|splint|"
    r"brace|orthosis|aid|equipment|equip|ae|device|devices|technology|app|software|tablet|ipad|chromebook|laptop|"
    r"computer|keyboard|cover|mouse|stylus|headphones|ear\s+defenders|earmuffs|fidgets?|seat|cushion|chair|stool|"
    r"wedge|walker|cane|rail|rails|handrail|grab\s+bars?|bar|bench|reacher|sock\s+aid|sponge|brush|toothbrush|"
    r"technique|method|strategy|strategies|massage|glove|gloves|wrap|compression|theraputty|putty|band|weights?|"
    r"ball|backpack|binder|folder|planner|organi[sz]er|calculator|visuals?|pictures?|photos?|icons?|symbols?|"
    r"sequence|steps|recipe|script|story|social\s+story|video|countdown|warning|choice|choices|break|breaks|"
    r"adaptations?|accommodations?|modifications?|tools?|materials?|supplies|kit|mirror|lighting|noise|"
    r"aac|communication\s+board|first-then|first/then|token\s+board|reward|tokens?|strap|belt|harness|"
    r"loop\s+scissors|tongs|tweezers|clothespins?|pegs?|pegboard|beads?|lacing\s+card|playdough|play-doh|clay|"
    r"grid|graph\s+paper|highlighting|dots?|arrows?|starting\s+points?|color[-\s]coding|colour[-\s]coding|"
    r"bag|box|bin|basket|container|jar|lid|tape)s?"
)
# Activities and places of the day a skill happens in.
_ACTIVITY = (
    r"(?:class(?:room|es|work)?|clas+r?o+m|caf[ae]t[ae]?ria|lunchro+m|bathro+m|libr?ary|libary|rec+es+|hal+way|"
    r"lessons?|instruction|activit(?:y|ies)|tasks?|assignments?|worksheets?|work\s+time|"
    r"work|centers?|centres?|circle(?:\s+time)?|carpet(?:\s+time)?|recess|lunch|snack|breakfast|dinner|supper|"
    r"cafeteria|lunchroom|pe|p\.e\.|gym|physical\s+education|art|music|library|assembly|arrival|dismissal|"
    r"transitions?|routines?|sessions?|group|groups|meals?|mealtimes?|bath(?:ing)?|shower(?:ing)?|bedtime|"
    r"dressing|toileting|grooming|morning|mornings|afternoon|evening|night|day|school\s+day|therapy|clinic|"
    r"home|school|field\s+trips?|trips?|outings?|cbi|play|playtime|games?|writing|reading|math|maths|science|"
    r"social\s+studies|spelling|handwriting|journal(?:ing)?|copying|keyboarding|typing|cutting|coloring|"
    r"crafts?|projects?|time|periods?|program|programme|practice|labs?|hallway|halls?|bus|line|restroom|"
    r"bathroom|kitchen|bedroom|office|store|shop|mall|restaurant|park|playground|pool|community|job|job\s+site|"
    r"worksite|work\s+site|apartment|house|desk|table|tabletop|sink|counter|locker\s+room|locker|cubby|"
    r"car|van|church|appointments?|visits?|stations?|rotations?|specials|testing|tests?|quizzes|exams?|"
    r"drills?|rehearsals?|performances?|events?|parties|party|shifts?|programs?|makerspace|store|cafe)"
)
_PLACE_PREP = (r"(?:during|durring|durng|durin|duing|dureing|throughout|thru|at|@|in|inside|before|b4|after|"
               r"upon|following|while\s+(?:at|in|on)|around|outside)")

CONDITION = re.compile(
    rf"""(?<!\w)(?:
        # Given materials or a situation: "given a slant board", "when presented with a visual schedule",
        # "provided with raised-line paper", "using a visual timer", "with access to a keyboard". "Will be
        # provided 30 minutes" is a service, not a circumstance of the student's performance.
        \b(?:(?:when|if|once|after\s+being)\s+shown|(?:when\s+|if\s+|once\s+)?(?<!\bbe\s)(?<!\bare\s)(?<!\bis\s)(?:given|provided(?:\s+with)?|presented\s+with|offered|handed|allowed|permitted))\s+(?![\d$])
            (?!(?:the\s+)?(?:time|opportunity|chance)\b)[^,;.]{{2,60}}?(?=\s*[,;.]|\s+(?:\w+\s+)?will\b|\s+(?:and\s+)?(?:by|in|on|within|with|to|during|at|for)\s|$)
      | \b(?:using|with\s+the\s+use\s+of|with\s+access\s+to|by\s+using|via|through\s+use\s+of|after\s+being\s+given)\s+
            (?!(?:a|an|the|his|her|their)?\s*(?:\d|correct|proper|appropriate|good|safe)\b)[^,;.]{{2,50}}?(?=\s*[,;.]|\s+(?:\w+\s+)?will\b|\s+(?:and\s+)?(?:by|in|on|within|with|to|during|at|for|so|when|while|\d)\b|$)
      # Cue and help levels: "with 2 verbal cues", "w/ min A", "with standby assistance", "CGA", "with no more
      # than 1 prompt", "1 or fewer reminders", "with peer support", "with help from his wife".
      | \b(?:with\b|w/|w\s|needing\b|requiring\b|given\b|receiving\b)\s*(?:only\s+|no\s+more\s+than\s+|not\s+more\s+than\s+|fewer\s+than\s+|less\s+than\s+|up\s+to\s+|at\s+most\s+|a\s+maximum\s+of\s+|≤\s*|<=?\s*|the\s+)?
            (?:{_NUM}(?:\s*-\s*{_NUM})?|a|an|min(?:imal|imum)?\.?|mod(?:erate)?\.?|max(?:imal|imum)?\.?|verbal|visual|gestural|physical|
               tactile|indirect|direct|faded|occasional|intermittent|environmental|picture|written|adult|peer|teacher|
               para(?:professional)?|staff|standby|stand-by|contact\s+guard|hand-over-hand|partial|full|total|
               one-step|two-step|step-by-step|[\w]+-step|light|close|distant|initial|sba|cga|set-?up|moderate|some|
               help|support|supervision)\s*(?:[\w/-]+\s+){{0,2}}?{_CUE}\b
      | \b{_NUM}\s+or\s+(?:fewer|less|under)\s+(?:[\w-]+\s+)?{_CUE}
      | \b{_NUM}\s+(?:[\w-]+\s+)?{_CUE}\s+(?:max(?:imum)?|or\s+(?:fewer|less)|only)\b
      | \bfollowing\s+(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+){{0,2}}?{_MATERIAL}\b
      | \b(?:with\b|w/)\s*(?:{_CUE}|{_HELPER})\b(?:\s+(?:from|of|by)\s+(?:\w+\s+)?{_HELPER})?
      | \b(?:with\b|w/|w\s)\s*(?:the\s+|an?\s+|his\s+|her\s+|their\s+|one\s+|a\s+)?(?:(?!only\b)\w+\s+){{0,2}}?{_HELPER}\b(?:\s+(?:present|nearby|available|close\s+by|beside|next\s+to))?
      | \b(?:w/|with\b)\s*(?:min|mod|max|sba|cga|set-?up|supervision|sup|s)\b(?!\s*%)(?!\.?\s*(?:i\b|ind))
      | (?<!\d\s)(?<!\d)\b(?:min|mod|max|mx|mn)\.?\s*(?:\(?(?-i:A)\)?|assist|assistance|verbal|vc|vcs|cues?|prompts?|tactile|physical|phys)\b
      | \b(?:cga|sba|hoh|supervision|set-?up\s+(?:only|assist\w*)|standby\s+assist\w*|stand-by\s+assist\w*|contact\s+guard\s+assist\w*|hand-over-hand)\b
      | \b(?:verbal|visual|gestural|tactile|physical|picture|written|indirect|faded)\s+(?:cues?|prompts?|supports?|reminders?)\b
      | \bwith\s+(?:the\s+)?support\s+of\b
      # Materials and adaptations after "with"/"w/"/"on": "w/ adapted paper", "with a timer on his desk",
      # "w/ sock aid", "on the Chromebook", "w/o UE support".
      | \b(?:with\b|w/|w\s)\s*(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+|its\s+)?(?:[\w'’-]+\s+|\+\s+){{0,3}}?{_MATERIAL}\b(?:\s+(?:on|in|taped|attached|available|nearby|present|provided)\b[^,;.]{{0,30}}?(?=[,;.]|\s+\w+\s+will\b|$))?
      | \b(?:with\b|w/|using\b|use\s+of\b)\s*{_BODY}\b
      | \b(?:without|w/o|with\s+no)\s+(?:ue|bue|upper\s+extremity|arm|hand|back|trunk|external|physical|ad|assistive\s+device|device|walker|cane|rail|handrail|armrest)\s*(?:support|supports|assist\w*|use)?\b
      | \bon\s+(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:chromebook|ipad|tablet|computer|laptop|keyboard|screen|whiteboard|dry-erase\s+board|chalkboard|smartboard|easel|slant\s+board|
            vertical\s+surface|therapy\s+ball|ball|swing|trapeze|scooter\s+board|balance\s+beam|bike|tricycle|bus|playground|toilet|commode|tub\s+bench|
            carpet|mat|field|court|stairs|ramp|sidewalk|street|route|shift|job|playdate|worksheets?|wkshts?|
            (?:lined|graph|grid|raised-line|highlighted|adapted|bold-line|primary|wide-ruled)\s+paper|
            copy(?:ing)?\s+tasks?|writing\s+tasks?|typing\s+tasks?|community\s+outings?|outings?|field\s+trips?|job\s+site|the\s+job)\b
      # Where copying comes from: "from the whiteboard", "from a model", "far-point", "near-point".
      | \bfrom\s+(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:board|bord|whiteboard|smartboard|chalkboard|model|book|text|textbook|screen|sample|card|poster|chart|
            projector|overhead|copy|sheet|page|printout|handout|paper\s+model|agenda(?:\s+board)?|dictation|memory)\b
      | \b(?:far|near)[-\s]?point\b
      | (?<!\S)(?:l|r|left|right)\s+(?:hand|ue|arm)\s*\.?\s*$
      # Body position: "in sitting", "seated EOB", "sitting on the edge of the bed", "from w/c level".
      | \b(?:in|from)\s+(?:un)?(?:supported\s+)?(?:standing|sitting|supine|prone|side-?lying|kneeling|half-kneeling|tall[-\s]kneeling|quadruped|long[-\s]sitting|ring[-\s]sitting|w/c|wheelchair|a\s+chair|bed)\b
      | \b(?:seated|sitting|standing|kneeling)\s+(?:(?:up|unsupported|supported)\s+)?(?:eob|w/c|(?:on|at|in)\s+(?:the\s+|a\s+|his\s+|her\s+)?(?:edge\s+of\s+(?:the\s+)?)?(?:bed|mat|chair|bench|ball|stool|floor|wheelchair|w/c|table|desk|counter|sink|toilet|couch|tub|therapy\s+ball|physioball|peanut\s+ball|wiggle\s+seat|disc|cushion))\b
      | \b(?:eob|w/c\s+level|wheelchair\s+level|edge\s+of\s+(?:the\s+)?bed|at\s+(?:the\s+)?(?:sink|counter|tabletop|table\s*top|mirror))\b
      # Setting or activity: "during written classroom assignments", "at snack", "durring journal time", "in
      # the locker room before PE", "at the end of each lesson", "after dinner at home", "at night".
      | \b{_PLACE_PREP}\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+|each\s+|every\s+|all\s+|school\s+|start\s+of\s+|end\s+of\s+(?:the\s+|each\s+|every\s+)?|beginning\s+of\s+(?:the\s+|each\s+)?)*(?:[a-z][\w'’-]*\s+|\d+-[a-z][\w-]*\s+){{0,3}}?{_ACTIVITY}\b
      | \b(?:before|after|b4|upon|following)\s+(?:[a-z]+ing|school|work|lunch|recess|class|meals?|dinner|breakfast|snack)\b
      # Clinic shorthand: any "w/" aid or helper ("w/ tag gun", "w/ rail") and "@" a place ("@ register").
      | \bw/\s*(?!o\b)(?!(?:\d|no\b|zero\b|[<>≤≥=]|correct|good|proper|accura|acc\b|errors?\b|mistakes?\b|fewer\b|less\b|only\s+\d|all\b|each\b|every\b))[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?
      | (?<!\S)@\s*[\w'’-]+(?:\s+[\w'’-]+)?
      | \b(?:after|following)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+)?(?:model|demonstration|demo|visual\s+model|verbal\s+model|video|warning|reminder|instruction|direction)
      # "When the fire alarm rings", "when completing math worksheets", "while seated", "if frustrated".
      | (?:^|(?<=\s))(?:when(?:ever)?|while|if)\s+(?!(?:needed|necessary|appropriate|possible|required|indicated|able|well|much|many|soon|long|often|a\s+result)\b)[^,;.]{{3,70}}?(?=\s*[,;.]|\s+(?:\w+\s+){{0,2}}will\b|\s+(?:in|on|with|within|by)\s+\d|\s+\d|\s+(?:by|within)\s|$)
    )""",
    re.I | re.X,
)

# "When" after these introduces what the student knows or says, not the circumstances:
# "an awareness of when she needs the toilet", "tell an adult when he needs a break".
_WHEN_OBJECT = re.compile(
    r"\b(?:of|know|knows|recogni[sz]e|identify|notice|understand|aware|decide|determine|sense|feel|learn|predict|"
    r"judge|plan|remember|recall)\s*$"
    r"|\b(?:tell|tells|ask|asks|show|shows|signal|signals|indicate|indicates|communicate|communicates|say|state|"
    r"express|report|request|let|notify|inform|alert)\b(?:\s+[\w'’]+){0,3}\s*$",
    re.I,
)
# A phrase that names the skill rather than the circumstances: "indep w/ ADLs", "better at toileting",
# "participate in PE warm-up". ("Independently" and "mod I" are a level of help, never a condition.)
_SKILL_BEFORE = {
    "with": re.compile(r"\b(?:help|assist|difficulty|trouble|problems?|struggles?|better|faster|worse|slower)\s*$", re.I),
    "at": re.compile(r"\b(?:better|faster|worse|slower|good|bad|skilled|proficient|quicker|success(?:ful)?)\s*$", re.I),
    "in": re.compile(r"\b(?:participate|participates|participation|engage|engagement|take\s+part|join|involved|included|"
                     r"interest|difficulty|skills?|help|progress|gains?|growth|improvement|independence)\s*$", re.I),
}
# "Indep w/ ADLs", "independent with splint donning": after "independent" a "with" names the activity when
# one follows; "indep w/ visual" is a support.
_INDEPENDENT_BEFORE = re.compile(r"\b(?:indep|independen|indepnd|independant)(?!\w*ly\b)\w*\s*$", re.I)
_SKILL_AFTER = re.compile(r"[^,;.]*?(?:\b\w+ing\b|\b(?:i?adls?|self-?care|tasks?|routines?|skills?|hygiene|transfers?|"
                         r"mobility|ambulation|management|toileting|dressing|feeding|bathing|grooming|meals?|money|medications?)\b)", re.I)
_PREP_ALIAS = {"w/": "with", "w": "with", "@": "at"}
_LEADING_PREP = re.compile(r"with\b|w/|w\s|at\b|in\b|@", re.I)
_CUE_WORD = re.compile(r"\b(?:cues?|cueing|cuing|vcs?|prompts?|assist\w*|support|supports|reminders?|help|supervision|redirections?|redirects?|requests?)\b", re.I)
_LOCATIVE_BEFORE = re.compile(
    r"(?:(?<![\w/])(?P<prep>in|at|@|during|durring|durng|on|before|b4|after|from|with|w/|inside|around|throughout|alongside|near|"
    r"outside|across|upon|within|among|between|to\s+and\s+from|while\s+at)\s+(?:(?:the|a|an|his|her|their|its|my|our|each|every|all|[a-z][\w'’-]*)\s+){0,3})$",
    re.I,
)

# Clinic shorthand lists a setting as its own comma-separated field: "open folder indep, classroom, 4/5".
_SHORTHAND_FIELD = re.compile(r"(?:[,;]|\s-)\s*(?:in\s+|at\s+|@\s*)?(?:the\s+)?$")
_FIELD_END = re.compile(r"(?:\s+[\w'’-]+){0,2}\s*(?:[,;+(]|\s-|\.?\s*$)")

_VAGUE_OBJECTS = (r"(?:abilit(?:y|ies)|awareness|skills?|tolerance|understanding|independence|indep\w*|confidence|dexterity|"
                  r"participation|engagement|attention|attn|coordination|control|function(?:ing)?|fxn|performance|"
                  r"self-?esteem|self-?regulation|regulation|motivation|interest|endurance|strength|safety|balance|"
                  r"processing|integration|planning|awareness|knowledge|readiness|efficiency|accuracy|quality|success|"
                  r"comfort|range\s+of\s+motion|rom|use|mobility|skill|behaviou?rs?|focus)")
_IMPROVE = r"(?:improve|imporve|inprove|improv|impove|improove|imprve|imrpove|improves)"
_DEVELOP = r"(?:develope?|devlop|develp)"
_TOLERATE = r"(?:tol+[aeo]rate|tolerat)"
# "Increase grip strength" says nothing measurable; "increase grip strength to 15 lb" does (see _vague).
_CHANGE = r"(?:increase|increse|incease|incr\.?|inc\.|↑|boost|maximi[sz]e|decrease|decr\.?|reduce|↓|lessen|minimi[sz]e|go\s+up|go\s+down)"
_CHANGE_TARGET = re.compile(
    r"^[^.;]{0,60}?(?:(?:\b(?:to|by|from|within|w/in|of)\b|≥|>=|<|≤|>)\s*(?:[≤≥<>]=?\s*)?"
    r"(?:\d+(?:\.\d+)?(?!\s*(?:-\s*)?(?:weeks?|wks?|months?|mos?|days?|years?|yrs?|sessions?|visits?)\b)|wfl|wnl|full\b|normal\b|"
    r"age[-\s]appropriate|zero\b|none\b|no\s+more|fewer|less\s+than|under\b)"
    r"|\d+(?:\.\d+)?\s*(?:%|lbs?\b|#|pounds|kg|degrees|°|cm|mm|wpm|inch))",
    re.I,
)
# What a goal increases decides whether a target makes it measurable: "grip strength to 25 lb" is, "his ability
# to copy ... with 80% accuracy" is still not ("increase ability" is vague even with a criterion).
_ABSTRACT_OBJECT = re.compile(
    r"\s*(?:(?:his|her|their|the|overall|general|pt'?s|student'?s)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:abilit(?:y|ies)|awareness|skills?|understanding|independence|indep\w*|confidence|participation|engagement|"
    r"attention|attn|function(?:ing)?|fxn|performance|self-?esteem|self-?regulation|regulation|motivation|interest|"
    r"safety|processing|integration|planning|knowledge|readiness|efficiency|quality|success|comfort|use|behaviou?rs?|"
    r"focus|tolerance)\b",
    re.I,
)
_CHANGE_WORD = re.compile(rf"(?:(?:demonstrate|display|show|have|has)\s+)?(?:{_CHANGE}|increased|decreased|reduced)", re.I)
# A purpose clause ("... using a slant board to improve legibility") is not the goal's behaviour; "to" heads the
# behaviour only after a bare subject ("Pt to improve", "stu needs to develop").
_TO_SUBJECT = re.compile(
    r"(?:\b(?:needs?|pt|pts|stu|student|students|client|child|patient|s|cg|pt/cg|going|wants?|continue|begin|try|goal\s+is|is|are)\s*"
    r"|^\s*(?:[\w\s/&+-]{1,30}:\s*)?(?:[A-Z][\w.]*\s*){1,2})$"
)
_VAGUE_VERB = rf"""
        {_IMPROVE}|{_DEVELOP}|understand|know|learn|{_TOLERATE}|enhance|gain|explore|experience|appreciate|work\s+on|wrk\s+on|
        (?:promote|foster|facilitate|normali[sz]e)\s+(?:(?:his|her|their|the|overall|general|\w+)\s+){{0,2}}?{_VAGUE_OBJECTS}|
        {_CHANGE}(?=\s)|
        demonstrate\s+(?:an?\s+)?(?:\w+\s+)?(?:awareness|understanding|knowledge|improved|increased|improvement|progress|appreciation|readiness|better|greater|age-appropriate\s+skills)|
        be\s+aware|become\s+aware|be\s+more|become\s+more|be\s+less|become\s+less|be\s+better|get\s+better|do\s+better|
        get\s+(?:a\s+|an\s+)?(?:faster|quicker|stronger|neater|more|less|better|calmer|used\s+to)|be\s+(?:faster|stronger|calmer|neater|happier)|
        show\s+(?:\w+\s+)?(?:improvement|progress|awareness|understanding|interest|growth|gains)|display\s+(?:improved|increased|better)|
        have\s+(?:improved|increased|better|less|more|decreased|reduced|fewer|good)|make\s+(?:\w+\s+)?(?:progress|gains|improvements?)|
        (?:build|strengthen|refine|maximi[sz]e|normali[sz]e)\s+(?:(?:his|her|their|the|\w+)\s+){{0,2}}?{_VAGUE_OBJECTS}|
        (?:strengthen|refine|normali[sz]e)\b|feel\s+(?:more|less|better|comfortable|confident)|grow\s+(?:in|more)|
        benefit\s+from|be\s+exposed\s+to|engage\s+in\s+(?:\w+\s+)?(?:activities|therapy|tasks)\s+(?:to|that)\s+(?:improve|develop|address)
"""
VAGUE_VERBS = re.compile(
    rf"""\b(?P<aux>will|wil|to|shall|should|would|can|must|needs?\s+to|continue\s+to)\s+(?:continue\s+to\s+|be\s+able\s+to\s+|begin\s+to\s+|start\s+to\s+|try\s+to\s+|also\s+)?(?P<verb>{_VAGUE_VERB})(?![\w-])""",
    re.I | re.X,
)
# Shorthand drafts drop the subject: "Improve attn to task.", "FMC: incr dexterity BUE.", "get faster at typing".
_LEADING_VAGUE = re.compile(
    rf"""^\s*(?:[\w\s/&+()-]{{1,30}}?(?::|\s[-–])\s*)?(?:(?:pt|stu|student|client|child|patient|he|she|they|s)\s+)?(?:(?P<aux>to)\s+)?(?P<verb>{_VAGUE_VERB})(?![\w-])""",
    re.I | re.X,
)

_SETTING_CATEGORIES = ("school_setting", "home_setting", "community", "clinic_setting", "private_placement", "transition_tie")


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
    timeframe = tuple(s for s in _spans(TIMEFRAME, text) if not _frequency_run(text, s))
    criterion = tuple(s for s in _spans(CRITERION, text) if not _inside(s, timeframe))
    condition = [s for s in _spans(CONDITION, text) if _is_condition(text, s)]
    for hit in analysis.hits:
        if hit.category in _SETTING_CATEGORIES:
            window = text[max(0, hit.start - 40):hit.start]
            m = _LOCATIVE_BEFORE.search(window)
            in_phrase = bool(m) and not _names_skill(m.group("prep"), window[:m.start()], text[hit.start:])
            as_field = bool(_SHORTHAND_FIELD.search(window) and _FIELD_END.match(text, hit.end))
            if in_phrase or as_field:
                condition.append((hit.start, hit.end))
    # A help cap ("with no more than 1 prompt") is both a condition and, when nothing else measures, the
    # criterion; any other condition that lies inside a criterion ("in 4 of 5 sessions") is the criterion.
    condition = tuple(sorted(
        s for s in set(condition)
        if not _inside(s, timeframe) and (not _inside(s, criterion) or _CUE_WORD.search(text[s[0]:s[1]]))
    ))
    return Facets(timeframe, condition, criterion, _vague(text))


def _spans(pattern: re.Pattern, text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in pattern.finditer(text) if m.end() > m.start() and text[m.start():m.end()].strip())


def _inside(span: tuple[int, int], others) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in others)


def _frequency_run(text: str, span: tuple[int, int]) -> bool:
    phrase = text[span[0]:span[1]].lower()
    if not phrase.startswith("for ") or phrase.startswith(("for the next", "for the coming", "for next")):
        return False
    return bool(_FREQUENCY_BEFORE.search(text[max(0, span[0] - 30):span[0]]))


def _is_condition(text: str, span: tuple[int, int]) -> bool:
    start, end = span
    phrase = text[start:end].lower()
    before = text[max(0, start - 40):start]
    if phrase.startswith(("when", "while", "if ")) and _WHEN_OBJECT.search(before):
        return False
    first = _LEADING_PREP.match(phrase)
    return not (first and _names_skill(first.group().strip(), before, text[start + first.end():]))


def _names_skill(prep: str, before: str, after: str = "") -> bool:
    prep = prep.lower()
    prep = _PREP_ALIAS.get(prep, prep)
    pattern = _SKILL_BEFORE.get(prep)
    if pattern and pattern.search(before):
        return True
    return prep == "with" and bool(_INDEPENDENT_BEFORE.search(before) and _SKILL_AFTER.match(after))


def _vague(text: str) -> tuple[int, int] | None:
    for m in (*VAGUE_VERBS.finditer(text), *_LEADING_VAGUE.finditer(text)):
        start, end = m.span("verb")
        if (m.group("aux") or "").lower() == "to" and not _TO_SUBJECT.search(text[:m.start()]):
            continue
        change = _CHANGE_WORD.match(text, start)
        if change and _CHANGE_TARGET.search(text[end:]) and not _ABSTRACT_OBJECT.match(text, change.end()):
            continue
        return start, end
    return None
