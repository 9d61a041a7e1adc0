"""The CSV reader: the goal column found by its header or --column, metadata columns, exact offsets, bad CSV."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from goalcheck.readers import Metadata, ReadError, Source
from goalcheck.readers import csv as csv_reader


def _read(text: str, metadata: Metadata | None = None, column: str | None = None):
    with csv_reader.goal_column(column):
        return csv_reader.read(Source("bank.csv", text.encode("utf-8"), metadata or Metadata()))


BANK = (
    "ID,Student,Goal,Age,Grade,Transition,School\n"
    "g-1,R.M.,Rosa will increase grip strength to 15 lb.,8,2,no,Lincoln\n"
    'g-2,A.B.,"By the annual review, during lunch in the cafeteria, Ava will open her containers, '
    'with ""one"" prompt, in 4 of 5 days.",7,K,,Lincoln\n'
    "\n"
    "g-3,D.V.,Devon will buy three items during community-based instruction.,17,11,yes,\n"
)


def test_goal_column_found_by_header_and_metadata_columns_kept():
    goals = _read(BANK)
    assert [g.id for g in goals] == ["g-1", "g-2", "g-3"]
    assert goals[0].text == "Rosa will increase grip strength to 15 lb."
    assert goals[1].text.startswith("By the annual review, during lunch") and 'with "one" prompt' in goals[1].text
    assert [(g.age, g.grade, g.transition) for g in goals] == [(8, 2, False), (7, 0, None), (17, 11, True)]
    # Other columns are kept, with the spreadsheet row (the header is row 1; the blank line is row 4).
    assert [g.location.extra["row"] for g in goals] == [2, 3, 5]
    assert goals[0].location.extra["fields"] == {"Student": "R.M.", "School": "Lincoln"}
    assert goals[2].location.extra["fields"] == {"Student": "D.V."}


def test_metadata_given_for_the_file_fills_empty_cells():
    goals = _read("goal,grade\nKai will put on his coat before recess.,\n", Metadata(age=6, grade=1, transition=False))
    assert (goals[0].age, goals[0].grade, goals[0].transition) == (6, 1, False)


def test_offsets_map_every_character_back_into_the_csv():
    text = ('id,goal\n'
            'x,"  Ava will copy the ""tall""\n   letters,  from the board  "\n'
            'y, Kai will zip his coat before recess.\n')
    goals = _read(text)
    assert goals[0].text == 'Ava will copy the "tall" letters, from the board'
    assert goals[1].text == "Kai will zip his coat before recess."
    for goal in goals:
        loc = goal.location
        lines = text.split("\n")
        assert lines[loc.line - 1][loc.column - 1:].startswith(goal.text.split()[0])
        for i, ch in enumerate(goal.text):
            if not ch.isspace():
                assert text[loc.source_offset(i)] == ch, (goal.text, i)
        assert text[loc.end - 1] == goal.text[-1]
    assert (goals[0].location.line, goals[0].location.column) == (2, 6)


@pytest.mark.parametrize("header, column", [
    ("Goal Text;Area", "Goal Text"),
    ("annual goal\tdomain", "annual goal"),
    ("Goal statement,Goal area", "Goal statement"),
    ("Area,Measurable goal,Goal ID", "Measurable goal"),
])
def test_header_variants_and_delimiters(header, column):
    delim = ";" if ";" in header else "\t" if "\t" in header else ","
    names = header.split(delim)
    row = delim.join("Ava will open her lunch containers." if n == column else "fine motor" for n in names)
    (goal,) = _read(f"{header}\n{row}\n")
    assert goal.text == "Ava will open her lunch containers."


def test_column_option_picks_the_goal_column():
    text = "goal,revised wording\nold text here,Kai will zip his coat before recess.\n"
    assert _read(text)[0].text == "old text here"
    assert _read(text, column="Revised Wording")[0].text == "Kai will zip his coat before recess."


@pytest.mark.parametrize("text, reason", [
    ('goal\n"Ava will copy\n', 'line 2: a quoted cell is never closed'),
    ('goal\n"Ava will" copy\n', "line 2: unexpected text after a closing quote"),
    ("student,area\nR.M.,fine motor\n", "no goal column in the header (columns: 'student', 'area')"),
    ("goal 1,goal 2\na,b\n", "several columns could hold the goals ('goal 1', 'goal 2'); choose one with --column"),
    ("\n\n", "file is empty"),
    ("Rosa will copy a three-sentence passage from the board,8\n",
     "no goal column in the header (columns: 'Rosa will copy a three-senten…', '8')"),
])
def test_bad_csv_is_one_line(text, reason):
    with pytest.raises(ReadError) as info:
        _read(text)
    assert info.value.reason.startswith(reason)
    assert "\n" not in info.value.reason


def test_missing_named_column_is_one_line():
    with pytest.raises(ReadError, match=r"^no column 'text' in the header \(columns: 'goal'\)$"):
        _read("goal\nx\n", column="text")


def test_bad_rows_are_reported_and_good_rows_kept():
    text = ("id,goal,grade\n"
            "a,Rosa will copy from the board.,2\n"
            "b,Ava will write, then read,3\n"
            "c,Kai will zip his coat.,14\n"
            "d,Devon will sort mail.,11\n")
    with pytest.raises(ReadError) as info:
        _read(text)
    assert info.value.reason == ("row 3: 4 cells but the header has 3 (a comma in an unquoted goal? put the goal "
                                 "in double quotes) (and 1 more)")
    assert [g.id for g in info.value.goals] == ["a", "d"]


def test_cli_reads_csv_with_column_option_and_reports_bad_csv(tmp_path):
    good = tmp_path / "bank.csv"
    good.write_bytes(b"\xef\xbb\xbfid,notes,wording\r\nk1,x,Kai will put on his coat before recess.\r\n")
    result = run_cli("check", "--format", "json", "--column", "wording", str(good))
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)
    (goal,) = doc["files"][0]["goals"]
    assert goal["id"] == "k1" and goal["text"] == "Kai will put on his coat before recess."
    assert goal["location"]["row"] == 2 and goal["location"]["fields"] == {"notes": "x"}

    bad = tmp_path / "bad.csv"
    bad.write_text('goal\n"never closed\n', encoding="utf-8")
    result = run_cli("check", str(bad), str(good), "--column", "wording")
    assert result.returncode == 2
    lines = [l for l in result.stdout.decode().splitlines() if "error" in l]
    assert lines == [f"{bad}: error: line 2: a quoted cell is never closed (a stray \" ?)"]
    assert "Traceback" not in result.stderr.decode()
