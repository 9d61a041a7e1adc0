"""Goal extraction from realistic drafts (tests/cases/documents) and from JSONL."""

from __future__ import annotations

import json

import pytest

from conftest import CASES
from goalcheck.readers import Metadata, ReadError, Source
from goalcheck.readers import jsonl
from goalcheck.readers.text import find_goals

DOCUMENTS = sorted(p for p in (CASES / "documents").iterdir() if not p.name.endswith(".expected.json"))


def _expected(path):
    return json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_finds_exactly_the_goals_of_a_draft(path):
    expected = _expected(path)
    goals = find_goals(path.read_text(encoding="utf-8"))
    assert [g.text for g in goals] == expected["goals"]
    for objective in expected["objectives_not_goals"]:
        assert all(objective not in g.text for g in goals)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_locations_point_back_into_the_source(path):
    source = path.read_text(encoding="utf-8")
    lines = source.split("\n")
    for goal in find_goals(source):
        loc = goal.location
        assert " ".join(source[loc.start:loc.end].split()) == goal.text
        assert lines[loc.line - 1][loc.column - 1:].startswith(goal.text.split()[0])
        # Every offset inside the goal maps to the same character in the source.
        for i, ch in enumerate(goal.text):
            if not ch.isspace():
                assert source[loc.source_offset(i)] == ch


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_document_header_becomes_metadata(path):
    header = _expected(path)["header"]
    goals = find_goals(path.read_text(encoding="utf-8"))
    assert all(g.age == header.get("age") and g.grade == header.get("grade") for g in goals)


def test_labels_and_markers_are_not_part_of_the_goal():
    text = "Annual Goal 2: Ana will open her milk carton at lunch.\nSTG 1: pt will cut on a line in class.\nLTG: Ben will type 20 wpm in the computer lab.\n"
    assert [g.text for g in find_goals(text)] == [
        "Ana will open her milk carton at lunch.", "pt will cut on a line in class.", "Ben will type 20 wpm in the computer lab.",
    ]


def test_objectives_under_a_goal_are_not_goals():
    text = ("## Goals\n1. Leo will write his name on worksheets in 4/5 trials.\n"
            "   - Leo will write the first three letters.\n   - Leo will write all letters with a model.\n"
            "2. Leo will zip his coat before recess.\n")
    assert [g.text for g in find_goals(text)] == [
        "Leo will write his name on worksheets in 4/5 trials.", "Leo will zip his coat before recess.",
    ]


def test_accommodations_and_service_minutes_are_not_goals():
    text = ("Accommodations:\n- Student will use a slant board for all written work.\n\n"
            "Services:\nOT will provide 30 minutes per week.\n\nGoals:\n- Student will copy from the board in 4/5 trials.\n")
    assert [g.text for g in find_goals(text)] == ["Student will copy from the board in 4/5 trials."]


def test_cli_metadata_wins_over_the_header():
    goals = find_goals("Age: 9\n\nGoal: Kim will ride the city bus.\n", Metadata(age=17))
    assert goals[0].age == 17


def test_a_goal_that_mentions_an_age_or_cbi_does_not_speak_for_the_others():
    text = ("# Goals\n\n- Mia will accept 5 bites of a new food without gagging.\n"
            "- Jordan (17 y/o) will buy groceries during community-based instruction.\n")
    goals = find_goals(text)
    assert len(goals) == 2
    assert all(g.age is None and g.transition is None for g in goals)


def test_header_before_the_goals_still_applies_to_all():
    text = "Student: R.\nAge: 17\nTransition plan: yes\n\n# Goals\n\n- Will fold towels.\n- Will ride the bus.\n"
    goals = find_goals(text)
    assert [(g.age, g.transition) for g in goals] == [(17, True), (17, True)]


def _jsonl(data: bytes):
    return jsonl.read(Source("goals.jsonl", data))


def test_jsonl_one_goal_per_line_with_ids_and_metadata():
    goals = _jsonl(b'{"id": "a1", "text": "Sam will cut a circle.", "age": 8}\n\n{"text": "Pt will don shirt.", "transition": true}\n')
    assert [(g.id, g.text, g.age, g.transition, g.location.line) for g in goals] == [
        ("a1", "Sam will cut a circle.", 8, None, 1), (None, "Pt will don shirt.", None, True, 3),
    ]


@pytest.mark.parametrize("line, reason", [
    (b'["not", "an object"]', "expected a JSON object"),
    (b'{"id": 3}', 'no "text" string'),
    (b'{"text": 5}', 'no "text" string'),
    (b'{"text": "x", "age": "old"}', '"age" must be a whole number'),
    (b'{"text": "x", "transition": "yes"}', '"transition" must be true or false'),
    (b"{" * 100000, "not valid JSON"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
    (b"{nope", "not valid JSON"),
])
def test_jsonl_bad_line_is_reported_and_good_lines_kept(line, reason):
    data = b'{"text": "Ana will open her milk carton at lunch."}\n' + line + b"\n"
    with pytest.raises(ReadError) as err:
        _jsonl(data)
    assert err.value.reason.startswith("line 2: ")
    assert reason in err.value.reason
    assert [g.text for g in err.value.goals] == ["Ana will open her milk carton at lunch."]


@pytest.mark.parametrize("data, reason", [
    (b"", "file is empty"),
    (b"  \n\n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    (b"caf\xe9 goal will", "not valid UTF-8"),
])
def test_unreadable_text_gives_one_line_reason(data, reason):
    with pytest.raises(ReadError) as err:
        Source("x.txt", data).text()
    assert reason in err.value.reason
    assert "\n" not in err.value.reason


def test_utf8_bom_and_crlf_are_accepted():
    text = Source("x.txt", "\ufeffGoal: Zoë will type 10 wpm in class.\r\n".encode("utf-8")).text()
    assert [g.text for g in find_goals(text)] == ["Zoë will type 10 wpm in class."]
