"""goalcheck's spaCy pipeline: built once per process, shared by every stage.

The pipeline starts from ``spacy.blank("en")`` (nothing is downloaded, so it runs
offline): tokenizer, sentence boundaries, lower-case lookup lemmas (from
spacy-lookups-data) and one PhraseMatcher over the lexicon. :func:`analyse` turns
a :class:`~goalcheck.types.Goal` into an :class:`Analysis` that the classifier and
the rules both read, so a goal is tokenised and matched exactly once.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc

from goalcheck.lexicon import LEXICON
from goalcheck.resources import model_dir
from goalcheck.types import Goal


@dataclass(frozen=True)
class Hit:
    """A lexicon phrase found in a goal: its category and character offsets."""

    category: str
    start: int
    end: int
    text: str
    token_start: int
    token_end: int


@dataclass(frozen=True)
class Analysis:
    """A goal with its spaCy ``Doc`` and lexicon hits: what classifiers and rules read."""

    goal: Goal
    doc: Doc
    hits: tuple[Hit, ...] = field(default_factory=tuple)

    def has(self, category: str) -> bool:
        return any(h.category == category for h in self.hits)

    def of(self, category: str) -> list[Hit]:
        return [h for h in self.hits if h.category == category]


@Language.factory("goalcheck_lemmas")
def _make_lemmatizer(nlp: Language, name: str):
    return _LowerLemmatizer()


class _LowerLemmatizer:
    """Lookup lemmas on the lower-cased token.

    spaCy's lookup lemmatizer is case-sensitive ("Classrooms" stays as it is); goal
    drafts capitalise at random, so look up the lower-case form instead.
    """

    def __init__(self) -> None:
        self.table: dict[str, str] = {}  # set by Pipeline: the pruned or the full table

    def __call__(self, doc: Doc) -> Doc:
        get = self.table.get
        for token in doc:
            lower = token.lower_
            token.lemma_ = get(lower, lower)
        return doc


LEMMA_FILE = "lemmas.json"

# Clinical shorthand written with a slash is one word: spaCy's English tokenizer would
# split "d/c." into "d", "/", "c." and the lexicon would never see "d/c" (discharge).
SLASH_ABBREVIATIONS = ("d/c", "s/p", "w/c", "w/o", "b/l", "h/o", "c/o", "f/u", "n/a", "w/in", "w/out")


def full_lemma_table() -> dict[str, str]:
    """spacy-lookups-data's English lemma table, lower-cased (word -> lemma)."""
    import spacy_lookups_data

    # The Table spaCy builds keys its entries by hash; the words are needed here.
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    if not path.exists():  # pragma: no cover - a future layout of the package
        raise RuntimeError(f"spacy-lookups-data has no {path.name}; reinstall spacy-lookups-data")
    data = json.loads(gzip.decompress(path.read_bytes()))
    return {k.lower(): v.lower() for k, v in data.items() if k.lower() != v.lower()}


def prune_lemma_table(table: dict[str, str], lemmas: set[str]) -> dict[str, str]:
    """The entries whose lemma is one goalcheck knows (in the training data or the lexicon).

    Only those lemmas carry weight in the model or match the lexicon, so the
    pruned table gives the same features and hits as the full one while loading
    in milliseconds instead of a quarter of a second.
    """
    return {word: lemma for word, lemma in sorted(table.items()) if lemma in lemmas}


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """The pruned table written by ``goalcheck train``, or the full one if there is none."""
    path = model_dir() / LEMMA_FILE
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return full_lemma_table()


class Pipeline:
    """The shared spaCy pipeline and the lexicon matcher built for one vocabulary."""

    def __init__(self, vocabulary: Mapping[str, Iterable[str]] | None = None, *, full_lemmas: bool = False) -> None:
        nlp = spacy.blank("en")
        for abbreviation in {v for a in SLASH_ABBREVIATIONS for v in (a, a.upper(), a.capitalize())}:
            nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
            nlp.tokenizer.add_special_case(abbreviation + ".", [{ORTH: abbreviation}, {ORTH: "."}])
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("goalcheck_lemmas").table = full_lemma_table() if full_lemmas else lemma_table()
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        lexicon = {cat: set(phrases) for cat, phrases in LEXICON.items()}
        for category, phrases in (vocabulary or {}).items():
            lexicon.setdefault(category, set()).update(phrases)
        for category, phrases in lexicon.items():
            ordered = sorted({p.lower() for p in phrases})
            self.matcher.add(category, list(nlp.pipe(ordered)))

    def analyse(self, goal: Goal) -> Analysis:
        doc = self.nlp(goal.text)
        return Analysis(goal=goal, doc=doc, hits=self._hits(doc))

    def analyse_many(self, goals: Iterable[Goal], batch_size: int = 256) -> Iterable[Analysis]:
        goals = list(goals)
        for goal, doc in zip(goals, self.nlp.pipe((g.text for g in goals), batch_size=batch_size)):
            yield Analysis(goal=goal, doc=doc, hits=self._hits(doc))

    def _hits(self, doc: Doc) -> tuple[Hit, ...]:
        strings = self.nlp.vocab.strings
        hits = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            hits.append(Hit(strings[match_id], span.start_char, span.end_char, span.text, start, end))
        hits.sort(key=lambda h: (h.start, -h.end, h.category))
        return tuple(hits)


_pipelines: dict[tuple, Pipeline] = {}
_pipelines_lock = threading.Lock()


def get_pipeline(vocabulary: Mapping[str, Iterable[str]] | None = None, *, full_lemmas: bool = False) -> Pipeline:
    """Return the process-wide pipeline for this vocabulary, building it on first use.

    ``full_lemmas`` uses spacy-lookups-data's whole table instead of the pruned
    one shipped with the model: training needs it, to see every word's lemma.
    """
    key = (frozenset((cat, p) for cat, phrases in (vocabulary or {}).items() for p in phrases), full_lemmas)
    with _pipelines_lock:
        if key not in _pipelines:
            _pipelines[key] = Pipeline(vocabulary, full_lemmas=full_lemmas)
        return _pipelines[key]
