"""Features of an analysed goal, for the classifier, each tied to the words it came from.

A feature is a name (``"lem:cafeteria"``, ``"cat:school_setting"``,
``"pair:body_function|purpose"``, ``"meta:transition_age&daily_living"``) with a
value and the character spans that produced it. The spans are how evidence is
derived from the model: a feature's weight in the trained model is credited to
the words it came from. Names are hashed into a fixed number of columns
(:func:`column`), so the model stores no vocabulary and loads in milliseconds.

Groups are normalised separately (each to unit length, then scaled), so that the
many character n-grams of a long goal do not drown the few lexicon features
that carry LABELS.md's decision rules.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from goalcheck.nlp import Analysis

FEATURE_VERSION = 7
N_COLUMNS = 1 << 18

# Relative weight of each feature group after per-group normalisation.
GROUP_WEIGHTS = {"lem": 1.0, "bi": 0.7, "chr": 0.8, "cat": 1.0, "pair": 0.8, "meta": 1.0, "shape": 0.5}

SETTING_CATEGORIES = ("school_setting", "home_setting", "community", "clinic_setting")
SCHOOL_CATEGORIES = ("school_setting", "school_task", "school_participation")
TRANSITION_AGE = 16
TRANSITION_GRADE = 11
ADULT_AGE = 22  # past the school years: IDEA services end at 21


@dataclass(frozen=True)
class Feature:
    """One feature, or (``names``) all character n-grams of one word, which share its span."""

    name: str
    group: str
    spans: tuple[tuple[int, int], ...] = ()
    names: tuple[str, ...] = ()


def is_transition_age(analysis: Analysis) -> bool | None:
    """LABELS.md rule 5: 16 or older, grade 11 or above, a transition plan, or the text names one.

    Returns None when nothing is known about the student's age.
    """
    goal = analysis.goal
    if goal.transition or analysis.has("transition_tie"):
        return True
    if goal.age is not None:
        return goal.age >= TRANSITION_AGE
    if goal.grade is not None:
        return goal.grade >= TRANSITION_GRADE
    if goal.transition is False:
        return False
    return None


def extract(analysis: Analysis, names: set[int] | None = None) -> list[Feature]:
    """All features of one goal, in a stable order (``names``: :func:`names_in`, if known)."""
    doc = analysis.doc
    feats: list[Feature] = []
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    names = names_in(analysis) if names is None else names
    norm = {t.i: "<name>" if t.i in names else _norm(t) for t in words}
    for t in words:
        span = ((t.idx, t.idx + len(t.text)),)
        feats.append(Feature("lem:" + norm[t.i], "lem", span))
    for a, b in zip(words, words[1:]):
        feats.append(Feature(f"bi:{norm[a.i]}_{norm[b.i]}", "bi", ((a.idx, a.idx + len(a.text)), (b.idx, b.idx + len(b.text)))))
    for t in words:
        text = t.lower_
        if len(text) < 3 or not text.isalpha() or t.i in names:
            continue
        span = ((t.idx, t.idx + len(t.text)),)
        feats.append(Feature("chr:" + text, "chr", span, _char_ngrams(text)))
    feats.extend(_lexicon_features(analysis))
    feats.extend(_subject_features(analysis))
    feats.extend(_meta_features(analysis))
    n_words = len(words)
    length = "short" if n_words <= 5 else "medium" if n_words <= 15 else "long"
    feats.append(Feature("shape:len_" + length, "shape"))
    return feats


# Subjects that are not names; "Student will" is not a person called Student.
_SUBJECT_WORDS = {"student", "students", "child", "children", "patient", "client", "resident", "learner", "teacher",
                  "parent", "therapist", "stu", "pt", "kid", "staff", "team", "given", "during", "using", "when",
                  "within", "by", "in", "with", "after", "before", "at", "on", "improve", "increase", "goal", "ltg",
                  "stg", "will", "the", "a", "an", "to", "he", "she", "they", "his", "her", "their", "and",
                  "january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                  "saturday", "sunday", "english", "spanish", "pe", "ot", "iep"}


def names_in(analysis: Analysis) -> set[int]:
    """Token indices that read as a person's name ("Maya", "Mrs. K").

    A name is a capitalised word that is not a lexicon phrase or a common
    subject word, standing before "will", "'s", "to" or "(" ("Jordan (17) will"),
    or inside a sentence.
    Names are one feature (``<name>``) and never evidence: a student's name
    must not decide a label.
    """
    covered = {i for h in analysis.hits for i in range(h.token_start, h.token_end)}
    doc = analysis.doc
    out = set()
    for t in doc:
        if not t.is_title or t.i in covered or t.lower_ in _SUBJECT_WORDS or not t.is_alpha:
            continue
        following = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        if following in ("will", "'s", "’s", "to", "can", "is", "(") or not t.is_sent_start:
            out.add(t.i)
    return out


# A goal whose subject is an adult (a parent, the teacher, the OT) is not a student goal.
_ADULT_SUBJECT = re.compile(
    r"^\W*(?:\w+['’]s\s+)?(?:the\s+)?(?:parents?|caregivers?|mom|dad|mother|father|grandparents?|guardians?|family|"
    r"teachers?|staff|para(?:professional)?s?|aides?|ot|cota|ota|therapists?|clinicians?|case\s+manager|we|i)\b"
    r"(?:\s+and\s+\w+)?\s+(?:will|to|shall|should)\b"
    r"|\b(?:completed|carried\s+out|done|implemented|performed)\s+by\s+(?:the\s+)?(?:parents?|caregivers?|family|staff|teachers?)\b",
    re.I,
)


def _subject_features(analysis: Analysis) -> list[Feature]:
    m = _ADULT_SUBJECT.search(analysis.goal.text)
    return [Feature("subj:adult", "cat", (m.span(),))] if m else []


@lru_cache(maxsize=65536)
def _char_ngrams(word: str) -> tuple[str, ...]:
    """Character 3-5-grams of a word padded with spaces (robust to typos: "handwritting")."""
    padded = f" {word} "
    return tuple("chr:" + padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def _norm(token) -> str:
    if any(c.isdigit() for c in token.text):
        return "<num>"
    return token.lemma_


def _lexicon_features(analysis: Analysis) -> list[Feature]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for hit in analysis.hits:
        spans.setdefault(hit.category, []).append((hit.start, hit.end))
    feats = [Feature("cat:" + cat, "cat", tuple(s)) for cat, s in sorted(spans.items())]
    for a, b in combinations(sorted(spans), 2):
        feats.append(Feature(f"pair:{a}|{b}", "pair", tuple(spans[a] + spans[b])))
    present = set(spans)
    if not present & set(SETTING_CATEGORIES):
        feats.append(Feature("cat:no_setting", "cat"))
    if "purpose" not in present:
        feats.append(Feature("cat:no_purpose", "cat"))
    if not present & set(SCHOOL_CATEGORIES):
        feats.append(Feature("cat:no_school", "cat"))
        for cat in sorted(present):
            feats.append(Feature(f"pair:{cat}|no_school", "pair", tuple(spans[cat])))
    return feats


def _meta_features(analysis: Analysis) -> list[Feature]:
    status = is_transition_age(analysis)
    name = {True: "transition_age", False: "younger", None: "age_unknown"}[status]
    age = analysis.goal.age
    if age is not None and age >= ADULT_AGE:
        name = "adult"
    feats = [Feature("meta:" + name, "meta")]
    # Crossed for unknown age too: a community skill with no age given is ambiguous (rule 5 cannot apply).
    for hit in analysis.hits:
        if hit.category in ("daily_living", "community", "home_routine", "transition_tie", "private_placement", "home_setting", "clinic_setting", "school_setting"):
            feats.append(Feature(f"meta:{name}&{hit.category}", "meta", ((hit.start, hit.end),)))
    return _dedupe(feats)


def _dedupe(feats: list[Feature]) -> list[Feature]:
    merged: dict[str, Feature] = {}
    for f in feats:
        if f.name in merged:
            old = merged[f.name]
            merged[f.name] = Feature(f.name, f.group, old.spans + f.spans)
        else:
            merged[f.name] = f
    return list(merged.values())


_columns: dict[str, int] = {}


def column(name: str) -> int:
    """The model column of a feature name: a stable hash, the same on every machine."""
    col = _columns.get(name)
    if col is None:
        if len(_columns) > 1_000_000:  # a long-running server sees endless new words
            _columns.clear()
        col = _columns[name] = zlib.crc32(name.encode("utf-8")) % N_COLUMNS
    return col


@lru_cache(maxsize=65536)
def columns_of(names: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(column(n) for n in names)


def vectorise(features: list[Feature]) -> dict[int, float]:
    """Sparse feature vector: column -> value, each group normalised to its weight."""
    distinct: dict[str, dict[str, None]] = {}
    for f in features:
        group = distinct.setdefault(f.group, {})
        if f.names:
            group.update(dict.fromkeys(f.names))
        else:
            group[f.name] = None
    vector: dict[int, float] = {}
    for group, names in distinct.items():
        value = GROUP_WEIGHTS[group] / math.sqrt(len(names))
        for name in names:
            col = column(name)
            vector[col] = vector.get(col, 0.0) + value
    return vector
