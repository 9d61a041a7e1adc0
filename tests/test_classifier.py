"""The classifier: LABELS.md's decision rules, robustness, and the shipped model's integrity."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import CASES, ROOT
from goalcheck.classifier import Model, ModelError
from goalcheck.types import Goal


def _rows(name):
    return [json.loads(line) for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _goal(row, text_key="text"):
    return Goal(text=row[text_key], age=row.get("age"), transition=row.get("transition"))


def test_contrast_pairs_get_the_labels_labels_md_gives(checker):
    """Pairs written apart from the training data, differing only in setting, purpose or age."""
    rows = _rows("contrast_pairs.jsonl")
    results = checker.check_goals([_goal(r) for r in rows])
    pairs: dict[str, list[bool]] = {}
    wrong = []
    for row, result in zip(rows, results):
        ok = result.verdict.label == row["label"]
        pairs.setdefault(row["pair"], []).append(ok)
        if not ok:
            wrong.append(f"{row['pair']} want {row['label']} got {result.verdict.label}: {row['text']}")
    right = sum(all(v) for v in pairs.values())
    assert len(pairs) >= 40
    assert right >= 40 and right / len(pairs) >= 0.85, "\n".join(wrong)


def test_independent_holdout_is_labelled_as_labels_md_says(checker):
    """Goals by writers who never saw the training data (models/data/holdout). The floor sits well
    under the figure in the model card: it catches a broken model or feature change, not noise."""
    from goalcheck.training import holdout_files, load_examples, score

    examples = load_examples(holdout_files(ROOT / "models" / "data"))
    assert len(examples) >= 300
    results = checker.check_goals([e.goal() for e in examples])
    scores = score([e.label for e in examples], [r.verdict.label for r in results],
                   [r.verdict.confidence for r in results])
    assert scores.macro_f1 >= 0.9 and scores.confident_cross <= 0.01, scores.table("holdout")


def test_holdout_never_overlaps_the_training_data():
    from goalcheck.training import goal_files, holdout_files, load_examples

    data = ROOT / "models" / "data"
    norm = lambda t: " ".join(t.lower().split())  # noqa: E731
    train = {norm(e.text) for e in load_examples(goal_files(data))}
    assert not [e.text for e in load_examples(holdout_files(data)) if norm(e.text) in train]


def test_sloppy_rewrites_keep_their_label(checker):
    rows = _rows("sloppy_rewrites.jsonl")
    clean = checker.check_goals([r["clean"] for r in rows])
    sloppy = checker.check_goals([r["sloppy"] for r in rows])
    same = [c.verdict.label == s.verdict.label == r["label"] for r, c, s in zip(rows, clean, sloppy)]
    assert sum(same) / len(same) >= 0.9, [r["sloppy"] for r, ok in zip(rows, same) if not ok]


@pytest.mark.parametrize("age, transition, tied, label", [
    (17, True, True, "educational"),
    (9, None, False, "medical"),
])
def test_age_metadata_changes_the_verdict(checker, age, transition, tied, label):
    text = ("During community-based instruction, Luis will buy lunch at a restaurant using a debit card."
            if tied else "Luis will buy lunch at a restaurant using a debit card with his family.")
    (result,) = checker.check_goals([Goal(text=text, age=age, transition=transition)])
    assert result.verdict.label == label


def test_evidence_comes_from_the_goal_and_pushes_the_verdict(checker):
    (result,) = checker.check_goals(["Pt will increase R grip strength to 20 lb to open jars at home."])
    verdict = result.verdict
    assert verdict.label == "medical"
    assert 0 < len(verdict.evidence) <= 4
    for ev in verdict.evidence:
        assert result.goal.text[ev.start:ev.end] == ev.text
    assert any(ev.label == "medical" for ev in verdict.evidence)


@pytest.mark.parametrize("text, name", [
    ("Jordan (17) will buy groceries with a debit card with his mom on weekends.", "Jordan"),
    ("Maya will open her milk carton at lunch in the cafeteria.", "Maya"),
    ("During recess, Deshawn will zip his coat before going out.", "Deshawn"),
    ("Pt will practise buttoning with Keiko at home.", "Keiko"),
])
def test_a_name_is_never_evidence(checker, text, name):
    """A student's name must not decide a label, so it is never shown as a reason."""
    (result,) = checker.check_goals([text])
    assert result.verdict.evidence
    assert not [ev.text for ev in result.verdict.evidence if name in ev.text]


def test_suggestion_is_specific_to_the_goal(checker):
    medical, ambiguous = checker.check_goals(["Ben will increase pinch strength to 8 lb.", "Ben will zip a zipper."])
    assert "pinch strength" in medical.verdict.suggestion and "clinic-based OT" in medical.verdict.suggestion
    assert "zip" in ambiguous.verdict.suggestion and "recess" in ambiguous.verdict.suggestion
    assert ambiguous.verdict.missing == ("setting", "purpose")


def test_feeding_therapy_goal_gets_a_feeding_referral_note(checker):
    (result,) = checker.check_goals(["Mia will accept 5 bites of a new food without gagging."])
    assert result.verdict.label == "medical"
    assert "feeding" in result.verdict.suggestion and "cafeteria" in result.verdict.suggestion


def test_shipped_model_was_trained_on_the_data_in_models():
    from goalcheck.training import data_hash, goal_files

    meta = json.loads((ROOT / "models" / "classifier.json").read_text(encoding="utf-8"))
    assert meta["data_sha256"] == data_hash(goal_files(ROOT / "models" / "data")), \
        "models/data changed since the model was trained: run `goalcheck train`"


def test_skops_model_and_exported_arrays_agree():
    from goalcheck import features as F
    from goalcheck.nlp import get_pipeline

    arrays = Model.load(ROOT / "models")
    skops = Model.load(ROOT / "models" / "classifier.skops")
    analyses = get_pipeline().analyse_many(Goal(text=t) for t in (
        "Kim will open her milk carton at lunch.", "pt to incr AROM R shoulder flex to 150 deg", "Kim will cut."))
    for a in analyses:
        vec = F.vectorise(F.extract(a))
        assert np.allclose(arrays.probabilities(vec), skops.probabilities(vec), atol=1e-6)


def test_a_skops_file_with_untrusted_types_is_refused(tmp_path):
    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    bad = tmp_path / "bad.skops"
    sio.dump({"estimator": Pipeline([("f", FunctionTransformer(np.exp))]), "meta": {}}, bad)
    with pytest.raises(ModelError, match="untrusted types"):
        Model.load(bad)


def test_a_corrupt_model_is_a_clear_error(tmp_path):
    (tmp_path / "classifier.npz").write_bytes(b"not a zip")
    (tmp_path / "classifier.json").write_text('{"format": 1}', encoding="utf-8")
    with pytest.raises(ModelError, match="not a goalcheck model|does not match"):
        Model.load(tmp_path)


def test_training_is_deterministic():
    from goalcheck.training import fit, load_examples, goal_files, split

    train, _ = split(load_examples(goal_files(ROOT / "models" / "data")))
    subset = train[::8]
    a, b = fit(subset), fit(subset)
    wa = Model.from_estimator(a, {}).weights
    wb = Model.from_estimator(b, {}).weights
    assert np.array_equal(wa, wb)


def test_adult_goals_get_no_school_advice(checker):
    goals = [Goal(text="Pt will increase R grip strength to 20 lb.", age=67), Goal(text="pt will don socks", age=70)]
    for result in checker.check_goals(goals):
        if result.verdict.suggestion:
            assert "adult" in result.verdict.suggestion and "recess" not in result.verdict.suggestion


def test_slash_shorthand_is_one_word_the_lexicon_sees(checker):
    """"by d/c." (discharge) places a goal in a hospital (docs/DECISIONS.md); the tokenizer must
    not break it into "d", "/", "c.", and the word must push the verdict toward medical."""
    from goalcheck.nlp import get_pipeline

    (analysis,) = get_pipeline().analyse_many([Goal(text="S/P ORIF, pt will don shirt w/ min A by D/C.")])
    assert [(h.category, h.text) for h in analysis.hits if "/" in h.text] == [("medical_recovery", "S/P"), ("medical_recovery", "D/C")]
    plain, discharge = checker.check_goals(["Pt will don shirt w/ min A.", "Pt will don shirt w/ min A by d/c."])
    assert discharge.verdict.probabilities["medical"] > plain.verdict.probabilities["medical"] + 0.1
    assert "d/c" in [ev.text for ev in discharge.verdict.evidence]
