"""Training and evaluating the classifier (``goalcheck train``, ``goalcheck evaluate``).

Imported only by those commands: this is where scikit-learn, scipy and skops
come in. The data is ``models/data/goals/*.jsonl`` (see
``models/data/WRITING.md``). A fixed fifth of the contrast groups, chosen by a
hash of the group id, is the dev split: training never sees it.

Same data, same model: the folds are unshuffled, the solver deterministic, and
the artefact records the data's SHA-256 and the library versions.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from goalcheck import features as F
from goalcheck.classifier import Model, decide
from goalcheck.lexicon import LEXICON
from goalcheck.nlp import LEMMA_FILE, full_lemma_table, get_pipeline, lemma_table, prune_lemma_table
from goalcheck.types import LABELS, Goal

REPO_MODELS = Path(__file__).resolve().parent.parent / "models"
DEV_FRACTION = 5  # one group in five
# Both chosen by grouped 5-fold CV on the training split, never on dev (macro-F1 on 6,456 goals):
# LinearSVC C=1 0.933, C=2 0.936, C=3 0.936, C=5 0.935; LogisticRegression C=200 0.931.
C = 3.0
FOLDS = 5
CONFIDENT = 0.8
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.34, 0.81, 0.02))


class TrainingError(Exception):
    """Training data or a labelled file that cannot be used; one line for the user."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    group: str
    age: int | None = None
    grade: int | None = None
    transition: bool | None = None
    register: str = ""
    rule: str | None = None
    area: str = ""

    def goal(self) -> Goal:
        return Goal(text=self.text, age=self.age, grade=self.grade, transition=self.transition)


# -- data ---------------------------------------------------------------------


def _data_dir(path: str | Path | None = None) -> Path:
    return Path(path) if path else REPO_MODELS / "data"


def load_examples(files: Iterable[Path]) -> list[Example]:
    out = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TrainingError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or obj.get("label") not in LABELS:
                raise TrainingError(f"{path}:{n}: needs a \"text\" string and a \"label\" in {LABELS}")
            out.append(Example(
                text=obj["text"], label=obj["label"], group=str(obj.get("group") or f"{path.name}:{n}"),
                age=obj.get("age"), grade=obj.get("grade"), transition=obj.get("transition"),
                register=obj.get("register", ""), rule=obj.get("rule"), area=obj.get("area", ""),
            ))
    return out


def holdout_files(directory: Path) -> list[Path]:
    """The independent test set: goals by writers who never saw the training data; never trained on."""
    return sorted((directory / "holdout").glob("*.jsonl"))


def goal_files(directory: Path) -> list[Path]:
    files = sorted((directory / "goals").glob("*.jsonl"))
    if not files:
        raise TrainingError(f"{directory / 'goals'}: no *.jsonl training files")
    return files


def data_hash(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def is_dev(example: Example) -> bool:
    return int(hashlib.sha256(example.group.encode()).hexdigest(), 16) % DEV_FRACTION == 0


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    train = [e for e in examples if not is_dev(e)]
    dev = [e for e in examples if is_dev(e)]
    return train, dev


# -- features -----------------------------------------------------------------


def matrix(examples: list[Example]):
    from scipy.sparse import csr_matrix

    pipeline = get_pipeline(full_lemmas=True)
    indptr, indices, values = [0], [], []
    for analysis in pipeline.analyse_many(e.goal() for e in examples):
        vec = F.vectorise(F.extract(analysis))
        indices.extend(vec.keys())
        values.extend(vec.values())
        indptr.append(len(indices))
    return csr_matrix((np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                      shape=(len(examples), F.N_COLUMNS))


def estimator():
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    # A linear SVM's margins, turned into probabilities by temperature scaling; random_state fixes
    # liblinear's coordinate order, so the same data gives the same model.
    base = LinearSVC(C=C, class_weight="balanced", max_iter=20000, random_state=0)
    return CalibratedClassifierCV(base, method="temperature", cv=FOLDS, ensemble=False)


# -- metrics ------------------------------------------------------------------


@dataclass
class Scores:
    n: int
    per_class: dict[str, tuple[float, float, float, int]]
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]
    ece: float
    confident_cross: float

    def table(self, title: str) -> str:
        lines = [f"### {title}", "", f"{self.n} goals; macro-F1 **{self.macro_f1:.3f}**, accuracy {self.accuracy:.3f}, "
                 f"expected calibration error {self.ece:.3f}, confident cross errors {self.confident_cross:.2%}", "",
                 "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for label, (p, r, f, s) in self.per_class.items():
            lines.append(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {s} |")
        lines += ["", "Confusion (rows: true, columns: predicted)", "", "| | " + " | ".join(LABELS) + " |",
                  "|---|" + "---|" * len(LABELS)]
        for label, row in zip(LABELS, self.confusion):
            lines.append(f"| {label} | " + " | ".join(str(x) for x in row) + " |")
        return "\n".join(lines) + "\n"


def score(truth: list[str], predicted: list[str], confidence: list[float]) -> Scores:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=list(LABELS), zero_division=0)
    per_class = {label: (float(p[i]), float(r[i]), float(f[i]), int(s[i])) for i, label in enumerate(LABELS)}
    cross = sum(1 for t, y, c in zip(truth, predicted, confidence)
                if {t, y} == {"educational", "medical"} and c >= CONFIDENT)
    return Scores(
        n=len(truth), per_class=per_class, macro_f1=float(np.mean(f)), accuracy=float(accuracy_score(truth, predicted)),
        confusion=confusion_matrix(truth, predicted, labels=list(LABELS)).tolist(),
        ece=expected_calibration_error(truth, predicted, confidence), confident_cross=cross / max(1, len(truth)),
    )


def expected_calibration_error(truth, predicted, confidence, bins: int = 10) -> float:
    """Mean gap between confidence and accuracy over equal-width confidence bins, weighted by bin size."""
    conf = np.asarray(confidence)
    correct = np.asarray([t == y for t, y in zip(truth, predicted)], dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return float(ece)


def predict(model: Model, examples: list[Example], threshold: float | None = None) -> tuple[list[str], list[float]]:
    """Labels and confidences exactly as ``goalcheck check`` gives them."""
    threshold = model.threshold if threshold is None else threshold
    labels, confs = [], []
    for probs in probabilities(model, examples):
        label, conf = decide(dict(zip(model.classes, probs)), threshold)
        labels.append(label)
        confs.append(conf)
    return labels, confs


def probabilities(model: Model, examples: list[Example]) -> list[np.ndarray]:
    pipeline = get_pipeline()
    return [model.probabilities(F.vectorise(F.extract(a))) for a in pipeline.analyse_many(e.goal() for e in examples)]


def choose_threshold(model: Model, dev: list[Example]) -> float:
    """The unsure-means-ambiguous threshold with the best dev macro-F1 (ties: the lowest)."""
    probs = probabilities(model, dev)
    truth = [e.label for e in dev]
    best, best_f1 = 0.0, -1.0
    for t in THRESHOLDS:
        pred, conf = zip(*(decide(dict(zip(model.classes, p)), t) for p in probs))
        s = score(truth, list(pred), list(conf))
        if s.macro_f1 > best_f1 + 1e-9 and s.confident_cross <= 0.01:
            best, best_f1 = t, s.macro_f1
    return best


def keyword_baseline(examples: list[Example]) -> list[str]:
    """A keyword vote over the lexicon: school words vs clinic/home/community words."""
    pipeline = get_pipeline()
    school = ("school_setting", "school_task", "school_participation", "transition_tie")
    other = ("home_setting", "home_routine", "community", "clinic_setting", "body_function", "medical_recovery")
    out = []
    for a in pipeline.analyse_many(e.goal() for e in examples):
        s = sum(a.has(c) for c in school)
        o = sum(a.has(c) for c in other)
        out.append("educational" if s > o else "medical" if o > s else "ambiguous")
    return out


# -- commands -----------------------------------------------------------------


def write_lemma_table(examples: list[Example], path: Path) -> None:
    """Ship only the lemma entries that matter: lemmas of the data and of the lexicon."""
    pipeline = get_pipeline(full_lemmas=True)
    lemmas = {t.lemma_ for a in pipeline.analyse_many(e.goal() for e in examples) for t in a.doc}
    for phrases in LEXICON.values():
        lemmas.update(t.lemma_ for doc in pipeline.nlp.pipe(p.lower() for p in phrases) for t in doc)
    table = prune_lemma_table(full_lemma_table(), lemmas)
    path.write_text(json.dumps(table, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    lemma_table.cache_clear()


def fit(train: list[Example], X=None):
    """The calibrated estimator for ``train`` (``X``: its feature matrix, if already built)."""
    est = estimator()
    est.fit(matrix(train) if X is None else X, [e.label for e in train])
    return est


def train(data_dir: str | Path | None = None, output: str | Path | None = None, write_card: bool = True,
          progress: Callable[[str], None] = lambda m: None) -> str:
    import sklearn
    import skops
    import skops.io as sio
    import spacy

    directory = _data_dir(data_dir)
    out_dir = Path(output) if output else REPO_MODELS
    files = goal_files(directory)
    examples = load_examples(files)
    train_set, dev_set = split(examples)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Written first: the threshold and the model card are measured as `check` runs.
    write_lemma_table(examples, out_dir / LEMMA_FILE)
    progress(f"training on {len(train_set)} goals ({len(dev_set)} held out as the dev split)")
    X_train = matrix(train_set)  # built once: the fit and the model card's cross-validation share it
    est = fit(train_set, X_train)
    meta = {
        "name": "goalcheck-linear",
        "version": 1,
        "data_sha256": data_hash(files),
        "n_train": len(train_set),
        "n_dev": len(dev_set),
        "C": C,
        "calibration": "temperature",
        "libraries": {"scikit-learn": sklearn.__version__, "skops": skops.__version__, "spacy": spacy.__version__,
                      "numpy": np.__version__, "python": platform.python_version()},
    }
    model = Model.from_estimator(est, meta)
    model.threshold = choose_threshold(model, dev_set)
    model.meta["threshold"] = model.threshold
    progress(f"threshold chosen on the dev split: {model.threshold}")
    sio.dump({"estimator": est, "meta": dict(model.meta)}, out_dir / "classifier.skops")
    model.save(out_dir)
    report = f"model written to {out_dir} (data sha256 {meta['data_sha256'][:12]}, threshold {model.threshold})"
    if write_card:
        progress("writing the model card (cross-validation takes a minute)")
        card = model_card(examples, train_set, dev_set, model, X_train, load_examples(holdout_files(directory)))
        (out_dir / "MODEL_CARD.md").write_text(card, encoding="utf-8")
        report += f"\nmodel card written to {out_dir / 'MODEL_CARD.md'}"
    return report


def cross_validate(folds: int = FOLDS, examples: list[Example] | None = None, threshold: float | None = None,
                   X=None, data_dir: str | Path | None = None) -> Scores:
    """k-fold CV over the training split, grouped so a contrast set stays in one fold.

    Uses the shipped model's threshold unless one is given, so the figures are
    comparable with the dev split's.
    """
    from sklearn.model_selection import GroupKFold

    if examples is None:
        examples, _ = split(load_examples(goal_files(_data_dir(data_dir))))
    if len({e.group for e in examples}) < folds:
        raise TrainingError(f"{folds}-fold cross-validation needs at least {folds} groups of goals in the training split")
    if threshold is None:
        threshold = Model.load().threshold
    X = matrix(examples) if X is None else X
    y = np.asarray([e.label for e in examples])
    truth, pred, conf = [], [], []
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(X, y, [e.group for e in examples]):
        model = Model.from_estimator(estimator().fit(X[train_idx], y[train_idx]), {})
        sub = [examples[i] for i in test_idx]
        labels, confs = predict(model, sub, threshold)
        truth += [e.label for e in sub]
        pred += labels
        conf += confs
    return score(truth, pred, conf)


def evaluate_files(files: list[Path], dev: bool = False, model_path: str | None = None,
                   data_dir: str | Path | None = None, holdout: bool = False) -> str:
    """Score tables for labelled files, and for the dev split and the holdout of ``data_dir``."""
    model = Model.load(model_path)
    out = []
    sets = []
    directory = _data_dir(data_dir)
    if dev:
        sets.append(("dev split", split(load_examples(goal_files(directory)))[1]))
    if holdout:
        sets.append(("independent holdout", load_examples(holdout_files(directory))))
    for f in files:
        try:
            sets.append((str(f), load_examples([f])))
        except (OSError, UnicodeDecodeError) as exc:
            raise TrainingError(f"{f}: cannot be read ({exc})") from None
    for name, examples in sets:
        if not examples:
            raise TrainingError(f"{name}: no labelled goals")
        labels, confs = predict(model, examples)
        out.append(score([e.label for e in examples], labels, confs).table(name))
    return "\n".join(out)


def evaluate_facets(path: Path) -> str:
    from goalcheck.facets import find_facets

    pipeline = get_pipeline()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = {k: [0, 0, 0] for k in ("timeframe", "condition", "criterion", "not_observable")}  # tp, fp, fn
    for row, analysis in zip(rows, pipeline.analyse_many(Goal(text=r["text"]) for r in rows)):
        found = find_facets(analysis)
        pairs = {
            "timeframe": (bool(row.get("timeframe")), bool(found.timeframe)),
            "condition": (bool(row.get("condition")), bool(found.condition)),
            "criterion": (bool(row.get("criterion")), bool(found.criterion)),
            "not_observable": (row.get("observable") is False, not found.observable),
        }
        for k, (gold, got) in pairs.items():
            counts[k][0] += gold and got
            counts[k][1] += got and not gold
            counts[k][2] += gold and not got
    lines = [f"### Facet detection ({len(rows)} goals, {path.name})", "", "| facet | precision | recall | F1 |",
             "|---|---|---|---|"]
    for k, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"| {k} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return "\n".join(lines) + "\n"


def _holdout_table(model: Model, holdout: list[Example]) -> str:
    if not holdout:
        return "No holdout set in `models/data/holdout/`.\n"
    labels, confs = predict(model, holdout)
    return score([e.label for e in holdout], labels, confs).table("Independent holdout (model)")


def accuracy_by_prefix(examples: list[Example], predicted: list[str]) -> str:
    """A Markdown table of accuracy per writing round (the group id's prefix, e.g. ``r5c`` in ``r5c-0012``)."""
    rounds: dict[str, list[int]] = {}
    for e, p in zip(examples, predicted):
        counts = rounds.setdefault(e.group.split("-")[0], [0, 0])
        counts[0] += 1
        counts[1] += e.label == p
    lines = ["| round | goals | accuracy |", "|---|---|---|"]
    lines += [f"| {r} | {n} | {ok / n:.3f} |" for r, (n, ok) in sorted(rounds.items())]
    return "\n".join(lines) + "\n"


def model_card(examples, train_set, dev_set, model: Model, X_train=None, holdout: list[Example] = ()) -> str:
    from collections import Counter

    labels, confs = predict(model, dev_set)
    dev_scores = score([e.label for e in dev_set], labels, confs)
    by_round = accuracy_by_prefix(dev_set, labels)
    cv_scores = cross_validate(FOLDS, train_set, model.threshold, X_train)
    base = keyword_baseline(dev_set)
    base_scores = score([e.label for e in dev_set], base, [1.0] * len(base))
    counts = Counter(e.label for e in examples)
    registers = Counter(e.register for e in examples)
    hard = sum(1 for e in examples if e.rule)
    groups = Counter(e.group for e in examples)
    pairs = sum(1 for g, n in groups.items() if n > 1)
    template = (REPO_MODELS / "MODEL_CARD.template.md").read_text(encoding="utf-8")
    return template.format(
        n=len(examples), n_train=len(train_set), n_dev=len(dev_set),
        counts=", ".join(f"{counts[label]} {label}" for label in LABELS),
        registers=", ".join(f"{n} {r or 'unmarked'}" for r, n in registers.most_common()),
        hard=hard, hard_pct=hard / len(examples), pairs=pairs,
        threshold=model.threshold, temperature=model.temperature,
        threshold_note=(" At this threshold the rule fires only in a near three-way tie: on this data the "
                        "`ambiguous` class itself carries the model's uncertainty better than a cut-off does."
                        if model.threshold <= 0.36 else ""), data_sha256=model.meta["data_sha256"],
        libraries=", ".join(f"{k} {v}" for k, v in model.meta["libraries"].items()),
        dev=dev_scores.table("Dev split (model)"), by_round=by_round, cv=cv_scores.table(f"{FOLDS}-fold cross-validation on the training split"),
        baseline=base_scores.table("Dev split (keyword baseline)"), holdout=_holdout_table(model, holdout),
        dev_f1=dev_scores.macro_f1, cv_f1=cv_scores.macro_f1, base_f1=base_scores.macro_f1,
        gap=abs(dev_scores.macro_f1 - cv_scores.macro_f1), C=C, folds=FOLDS,
    )
