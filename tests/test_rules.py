"""Every rule against the cases in tests/cases/rules.toml: what it must flag and must not."""

from __future__ import annotations

import re

import tomllib

import pytest

from conftest import CASES
from goalcheck.plugins import load_plugins
from goalcheck.types import Goal

CASE_TABLE = tomllib.loads((CASES / "rules.toml").read_text(encoding="utf-8"))
RULES = load_plugins(autoload=False).rules


def _cases(kind):
    for rule_id, table in CASE_TABLE.items():
        for text in table.get(kind, []):
            yield pytest.param(rule_id, text, table.get("age"), id=f"{rule_id}-{text[:40]}")


def _flagged(checker, rule_id, text, age):
    (result,) = checker.check_goals([Goal(text=text, age=age)])
    return [f for f in result.findings if f.rule == rule_id]


def test_every_rule_has_flag_and_pass_cases():
    for r in RULES:
        assert CASE_TABLE.get(r.id, {}).get("flag"), f"{r.id} has no must-flag case"
        assert CASE_TABLE.get(r.id, {}).get("pass"), f"{r.id} has no must-not-flag case"


@pytest.mark.parametrize("rule_id, text, age", list(_cases("flag")))
def test_rule_flags(checker, rule_id, text, age):
    found = _flagged(checker, rule_id, text, age)
    assert found, f"{rule_id} should flag: {text}"
    for f in found:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.message and "\n" not in f.message


@pytest.mark.parametrize("rule_id, text, age", list(_cases("pass")))
def test_rule_passes(checker, rule_id, text, age):
    assert not _flagged(checker, rule_id, text, age), f"{rule_id} should not flag: {text}"


def test_messages_quote_the_words_at_fault(checker):
    (result,) = checker.check_goals(["OT will work on FMC w/ min A."])
    messages = [(f.rule, f.message) for f in result.findings]
    assert any(rule == "GC301" and '"OT will work on"' in m for rule, m in messages)
    assert any(rule == "GC302" and '"FMC"' in m for rule, m in messages)


def test_jargon_fix_spells_the_term_out(checker):
    (result,) = checker.check_goals(["Pt will use BUE."])
    fixes = {result.goal.text[f.fix.start:f.fix.end]: f.fix.replacement for f in result.findings if f.rule == "GC302"}
    assert fixes == {"Pt": "The patient", "BUE": "both arms"}


def test_jargon_plain_words_fit_an_adult_patient_too():
    """The same rewording goes into IEPs and adult plans of care (the CDS cards apply it), so no
    replacement may call the person a student."""
    from goalcheck.rules.language import JARGON

    assert not [term for term, words in JARGON.items() if re.search(r"\bstudents?\b", words, re.I)]
