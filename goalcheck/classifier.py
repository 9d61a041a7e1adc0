"""goalcheck's built-in classifier: the trained model applied to an analysed goal.

The model is trained with scikit-learn (``goalcheck train``, see
:mod:`goalcheck.training`) and stored twice in ``models/``: ``classifier.skops``,
the scikit-learn estimator itself, and ``classifier.npz`` + ``classifier.json``,
its weights exported as plain arrays. ``goalcheck check`` reads the arrays with
``numpy.load(allow_pickle=False)`` - no code can be loaded that way - so a check
does not import scikit-learn or skops (1.7 s on this project's CI machine, more
than spaCy itself). A ``.skops`` model given with ``--model`` is loaded through
skops with an explicit list of trusted types and exported the same way; tests
check that both forms give the same probabilities.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from goalcheck import features as F
from goalcheck.nlp import Analysis
from goalcheck.plugins import hookimpl
from goalcheck.resources import model_dir
from goalcheck.suggestions import missing_context, suggest
from goalcheck.types import Evidence, Verdict

MODEL_FORMAT = 1
MAX_EVIDENCE = 4

# Exactly the types a goalcheck .skops file may contain; anything else is refused.
TRUSTED_SKOPS_TYPES = [
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._TemperatureScaling",
    "sklearn.svm._classes.LinearSVC",
    "numpy.dtype",
    "numpy.ndarray",
    "numpy.float64",
    "numpy.int64",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.str",
    "builtins.int",
    "builtins.float",
    "builtins.bool",
    "builtins.NoneType",
]


class ModelError(Exception):
    """The model file is missing, unreadable or not a goalcheck model."""


@dataclass
class Model:
    """A trained linear model over hashed features, with temperature calibration."""

    classes: tuple[str, ...]
    weights: np.ndarray  # shape (N_COLUMNS, n_classes), float32
    intercept: np.ndarray  # shape (n_classes,)
    temperature: float
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def logits(self, vector: dict[int, float]) -> np.ndarray:
        if not vector:
            return self.intercept.astype(np.float64)
        cols = np.fromiter(vector.keys(), dtype=np.int64, count=len(vector))
        vals = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
        return self.intercept + vals @ self.weights[cols]

    def probabilities(self, vector: dict[int, float]) -> np.ndarray:
        z = self.logits(vector) / self.temperature
        z = np.exp(z - z.max())
        return z / z.sum()

    @classmethod
    def load(cls, path: Path | str | None = None) -> "Model":
        """Load ``classifier.npz``/``.json`` (a directory or the .npz) or a ``.skops`` file."""
        path = Path(path) if path else model_dir()
        if path.suffix == ".skops":
            return cls.from_skops(path)
        npz = path / "classifier.npz" if path.is_dir() else path
        meta_path = npz.with_suffix(".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(npz, allow_pickle=False) as arrays:
                weights, intercept = arrays["weights"], arrays["intercept"]
        except FileNotFoundError as exc:
            raise ModelError(f"{exc.filename}: model file not found (run `goalcheck train`)") from None
        except (ValueError, KeyError, OSError) as exc:
            raise ModelError(f"{npz}: not a goalcheck model ({exc})") from None
        if meta.get("format") != MODEL_FORMAT or meta.get("feature_version") != F.FEATURE_VERSION:
            raise ModelError(f"{meta_path}: model format {meta.get('format')}/{meta.get('feature_version')} "
                             f"does not match this goalcheck ({MODEL_FORMAT}/{F.FEATURE_VERSION}); run `goalcheck train`")
        if weights.shape != (F.N_COLUMNS, len(meta["classes"])):
            raise ModelError(f"{npz}: weights have shape {weights.shape}, expected ({F.N_COLUMNS}, {len(meta['classes'])})")
        return cls(tuple(meta["classes"]), weights, intercept, float(meta["temperature"]), float(meta["threshold"]), meta)

    @classmethod
    def from_skops(cls, path: Path) -> "Model":
        """Load a scikit-learn model saved with skops, trusting only goalcheck's own types."""
        import skops.io as sio  # heavy: imports scikit-learn

        untrusted = set(_skops_types(path)) - set(TRUSTED_SKOPS_TYPES)
        if untrusted:
            raise ModelError(f"{path}: refusing to load a model that contains untrusted types: {', '.join(sorted(untrusted))}")
        try:
            bundle = sio.load(path, trusted=TRUSTED_SKOPS_TYPES)
        except Exception as exc:
            raise ModelError(f"{path}: could not load the model ({exc})") from None
        if not isinstance(bundle, dict) or "estimator" not in bundle:
            raise ModelError(f"{path}: not a goalcheck model (expected a dict with an 'estimator')")
        return cls.from_estimator(bundle["estimator"], bundle.get("meta", {}))

    @classmethod
    def from_estimator(cls, estimator, meta: dict[str, Any]) -> "Model":
        """Export a fitted ``CalibratedClassifierCV(<linear classifier>, method="temperature")``.

        Any linear model with ``coef_`` and ``intercept_`` works: the calibrated probabilities are a
        softmax of its decision function divided by the temperature.
        """
        calibrated = estimator.calibrated_classifiers_[0]
        base = calibrated.estimator
        # sklearn's temperature scaling stores the inverse temperature, beta.
        temperature = 1.0 / float(calibrated.calibrators[0].beta_)
        classes = tuple(str(c) for c in estimator.classes_)
        weights = np.ascontiguousarray(base.coef_.T, dtype=np.float32)
        intercept = base.intercept_.astype(np.float64)
        threshold = float(meta.get("threshold", 0.0))
        return cls(classes, weights, intercept, temperature, threshold, dict(meta, classes=list(classes), temperature=temperature))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(directory / "classifier.npz", weights=self.weights, intercept=self.intercept)
        meta = dict(self.meta, format=MODEL_FORMAT, feature_version=F.FEATURE_VERSION, classes=list(self.classes),
                    temperature=self.temperature, threshold=self.threshold)
        (directory / "classifier.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _skops_types(path: Path) -> list[str]:
    """Every type named in a .skops file's schema.

    skops trusts many scikit-learn types by default (``get_untrusted_types`` does
    not list them); goalcheck trusts only its own list, so it reads the schema
    itself and refuses anything else - a swapped-in Pipeline or function included.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelError(f"{path}: not a readable .skops file ({exc})") from None
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("__class__"), str) and isinstance(node.get("__module__"), str):
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(found)


class Classifier:
    """Labels analysed goals with a :class:`Model`; what ``goalcheck_classifier`` returns."""

    def __init__(self, model: Model) -> None:
        self.model = model

    def describe(self) -> dict[str, Any]:
        meta = self.model.meta
        return {
            "name": meta.get("name", "goalcheck-linear"),
            "version": meta.get("version"),
            "data_sha256": meta.get("data_sha256"),
            "threshold": self.model.threshold,
        }

    def classify(self, analysis: Analysis) -> Verdict:
        names = F.names_in(analysis)
        feats = F.extract(analysis, names)
        vector = F.vectorise(feats)
        probs = self.model.probabilities(vector)
        probabilities = {c: float(p) for c, p in zip(self.model.classes, probs)}
        label, confidence = decide(probabilities, self.model.threshold)
        evidence = self._evidence(analysis, feats, vector, names)
        missing = missing_context(analysis) if label == "ambiguous" else ()
        suggestion = suggest(analysis, label, missing) if label != "educational" else None
        return Verdict(label, confidence, probabilities, evidence, suggestion, missing)

    def _evidence(self, analysis: Analysis, feats: list[F.Feature], vector: dict[int, float],
                  names: set[int]) -> tuple[Evidence, ...]:
        """Credit each feature's pull on the decision to the words it came from.

        Features that share the same source spans (a word's lemma and all its
        character n-grams) are summed first, so the cost grows with the number
        of distinct spans, not of features.
        """
        classes = self.model.classes
        units = _evidence_units(analysis, names)
        if not units:
            return ()
        span_ids: dict[tuple, int] = {}
        rows, cols = [], []
        for f in feats:
            if f.spans:
                sid = span_ids.setdefault(f.spans, len(span_ids))
                if f.names:
                    many = F.columns_of(f.names)
                    rows.extend([sid] * len(many))
                    cols.extend(many)
                else:
                    rows.append(sid)
                    cols.append(F.column(f.name))
        if not rows:
            return ()
        cols_arr = np.asarray(cols)
        values = np.asarray([vector[c] for c in cols])
        per_span = np.zeros((len(span_ids), len(classes)))
        np.add.at(per_span, np.asarray(rows), self.model.weights[cols_arr].astype(np.float64) * values[:, None])
        unit_of_char = [-1] * (len(analysis.goal.text) + 1)
        for i, (s, e) in enumerate(units):
            unit_of_char[s:e] = [i] * (e - s)
        scores = np.zeros((len(units), len(classes)))
        for spans, sid in span_ids.items():
            touched = {unit_of_char[c] for s, e in spans for c in range(s, e)} - {-1}
            for i in touched:
                scores[i] += per_span[sid] / len(touched)
        # Pull toward each class relative to the mean of the others.
        pull = scores - (scores.sum(axis=1, keepdims=True) - scores) / (len(classes) - 1)
        best = pull.max(axis=1)
        order = np.argsort(-best)
        top = best[order[0]] if len(order) else 0.0
        chosen = []
        for i in order[:MAX_EVIDENCE * 2]:
            if best[i] <= 0.05 or best[i] < 0.25 * top:
                break
            chosen.append(i)
            if len(chosen) == MAX_EVIDENCE:
                break
        text = analysis.goal.text
        out = []
        for i in sorted(chosen, key=lambda i: units[i][0]):
            s, e = units[i]
            out.append(Evidence(s, e, text[s:e], classes[int(np.argmax(pull[i]))], float(best[i])))
        return tuple(out)


def _evidence_units(analysis: Analysis, names: set[int]) -> list[tuple[int, int]]:
    """Candidate evidence spans: lexicon phrases, plus content words outside them."""
    units: list[tuple[int, int]] = []
    covered: set[int] = set(names)  # a name is never evidence
    for hit in sorted(analysis.hits, key=lambda h: (h.start, -(h.end - h.start))):
        if any(i in covered for i in range(hit.token_start, hit.token_end)):
            continue
        units.append((hit.start, hit.end))
        covered.update(range(hit.token_start, hit.token_end))
    for t in analysis.doc:
        if t.i in covered or t.is_punct or t.is_space or t.is_stop or t.like_num:
            continue
        units.append((t.idx, t.idx + len(t.text)))
    return units


def decide(probabilities: dict[str, float], threshold: float) -> tuple[str, float]:
    """The label and its confidence; an unsure top label becomes ``ambiguous``.

    When the most probable label is educational or medical but below
    ``threshold``, the goal is called ambiguous and the confidence is the
    probability that it is *not* that label.
    """
    label = max(probabilities, key=probabilities.get)
    p = probabilities[label]
    if label != "ambiguous" and p < threshold:
        return "ambiguous", max(probabilities.get("ambiguous", 0.0), 1.0 - p)
    return label, p


@hookimpl(trylast=True)
def goalcheck_classifier(config):
    """goalcheck's own model, from ``--model``/config ``model`` or the packaged one."""
    return Classifier(Model.load(getattr(config, "model", None)))


