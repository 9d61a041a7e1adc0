"""The Word adapter: reading goals from .docx, `goalcheck annotate`, bad input, LibreOffice.

Fixtures are built with python-docx (tests/word_fixtures.py), with the XML Word
writes for what python-docx cannot make: tracked changes, content controls and
text boxes.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from lxml import etree

import word_fixtures as fx
from conftest import run_cli
from goalcheck.readers import Metadata, ReadError, Source
from goalcheck.plugins import AUTOLOAD_ENV
from goalcheck_word import annotate, plugin, reader
from goalcheck_word.package import COMMENTS, CONTENT_TYPES, PKG_RELS, W

# The word plugin comes in through its entry point, whatever the caller's environment says.
AUTOLOAD = {AUTOLOAD_ENV: ""}


@pytest.fixture(autouse=True)
def _autoload(monkeypatch):
    monkeypatch.setenv(AUTOLOAD_ENV, "")


def run(*args):
    """The real `goalcheck` in a subprocess: slow (a second or three), so used sparingly."""
    return run_cli(*args, env=AUTOLOAD)


def invoke(*args):
    """The same command line in this process, with the session's warm spaCy pipeline."""
    from click.testing import CliRunner

    from goalcheck.cli import cli

    if "annotate" not in cli.commands:
        plugin.goalcheck_register_commands(cli)
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def draft() -> bytes:
    return fx.iep_draft()


@pytest.fixture(scope="module")
def goals(draft):
    return {g.text: g for g in reader.read(Source("iep.docx", draft))}


@pytest.fixture(scope="module")
def annotated(draft, checker):
    copy, tally = annotate.annotate_bytes(draft, Metadata(), checker.check_goals)
    return copy, tally


def comments_of(data: bytes) -> list:
    import docx

    return [c for c in docx.Document(io.BytesIO(data)).comments]


# --- reading ---------------------------------------------------------------------


def test_paragraph_goals_with_their_paragraph_number(goals):
    writing = goals[fx.GOAL_WRITING]
    assert writing.location.extra["paragraph"] == writing.location.line == 6
    assert writing.location.extra["where"] == "paragraph 6"
    grip = goals[fx.GOAL_GRIP]  # "Annual Goal 3: ..." - the label is not the goal
    assert grip.location.column == len("Annual Goal 3: ") + 1


def test_what_is_not_a_goal_is_left_out(goals):
    texts = " ".join(goals)
    assert "Objective 1a" not in texts  # an objective under goal 1
    assert "time and a half" not in texts  # under "Accommodations"
    assert "Click or tap here" not in texts  # an empty form field's prompt
    assert fx.NOT_A_GOAL not in goals  # the "Measured by" column of the goal table
    assert "legible words" not in texts  # present levels


def test_tracked_insertion_is_read_as_the_final_text(draft, goals):
    import docx

    assert fx.GOAL_TYPING in goals  # inserted measure and hyperlinked text in, deleted "faster" out
    # Why the XML is read: python-docx's paragraph.text drops the insertion and the hyperlink.
    paragraph_texts = [p.text for p in docx.Document(io.BytesIO(draft)).paragraphs]
    assert not any("15 words per minute" in t for t in paragraph_texts)


def test_block_and_inline_content_controls(draft, goals):
    import docx

    assert fx.GOAL_SDT in goals and fx.GOAL_INLINE_SDT in goals
    assert fx.GOAL_SDT not in [p.text for p in docx.Document(io.BytesIO(draft)).paragraphs]


def test_goal_table_one_goal_per_row_in_the_goal_column(goals):
    first, second = goals[fx.GOAL_TABLE_1], goals[fx.GOAL_TABLE_2]
    assert {k: first.location.extra[k] for k in ("table", "row", "table_column", "header")} == \
        {"table": 1, "row": 2, "table_column": 2, "header": "Goal"}
    assert second.location.extra["row"] == 3
    assert second.location.extra["where"] == 'table 1, row 3, column 2 ("Goal")'


def test_nested_goal_table(goals):
    nested = goals[fx.GOAL_NESTED]
    assert nested.location.extra["table"] == 3 and nested.location.extra["header"] == "Annual goal"
    assert nested.location.extra["in"] == "table 2, row 1, column 2"


def test_text_box_read_once(draft):
    found = [g for g in reader.read(Source("iep.docx", draft)) if g.text == fx.GOAL_TEXT_BOX]
    assert len(found) == 1  # the DrawingML box and its VML fallback copy are one text box
    assert found[0].location.extra["where"] == "text box at paragraph 15"


def test_goals_carry_the_header_metadata_tables_too(goals):
    assert {(g.age, g.grade) for g in goals.values()} == {(9, 3)}


def test_row_labelled_table():
    doc = fx.Document()
    table = doc.add_table(rows=3, cols=2)
    for row, (label, text) in zip(table.rows, [("Area", "Self-care"), ("Annual goal", fx.GOAL_SDT),
                                                ("Baseline", "Jordan will ask an adult to open every container.")]):
        row.cells[0].text, row.cells[1].text = label, text
    (goal,) = reader.read(Source("form.docx", fx.to_bytes(doc)))
    assert goal.text == fx.GOAL_SDT and goal.location.extra["where"] == 'table 1, row 2, column 2 ("Annual goal")'


def test_locations_point_into_the_documents_plain_text(draft):
    from goalcheck_word.package import open_package

    package = open_package(draft)
    found = reader.locate_goals(package.xml(package.document), package.xml(package.styles))
    for f in found:
        para = f.paragraph
        start = f.goal.location.start - para.offset
        assert para.text[start:start + len(f.goal.text)].replace("\t", " ") == f.goal.text


# --- check --------------------------------------------------------------------------


def test_check_docx_json_locations(tmp_path, draft):
    path = tmp_path / "iep.docx"
    path.write_bytes(draft)
    result = run("check", "--format", "json", "--fail-on", "never", str(path))
    assert result.returncode == 0, result.stderr.decode()
    goals = {g["text"]: g for g in json.loads(result.stdout)["files"][0]["goals"]}
    assert goals[fx.GOAL_TABLE_1]["location"]["where"] == 'table 1, row 2, column 2 ("Goal")'
    assert goals[fx.GOAL_WRITING]["location"]["paragraph"] == 6
    assert goals[fx.GOAL_GRIP]["label"] == "medical"


def test_check_docx_text_output_names_the_place(tmp_path, draft, checker):
    path = tmp_path / "iep.docx"
    path.write_bytes(draft)
    out = invoke("check", "--no-color", str(path)).stdout
    assert f'{path}:22:1: (table 1, row 3, column 2 ("Goal")) GC' in out
    assert f"{path}:9:16: (paragraph 9) GC101" in out  # "grip strength" alone reads as medical


# --- bad input ----------------------------------------------------------------------

BAD = {
    "corrupt.docx": (fx.corrupt_zip, "zip container is damaged"),
    "locked.docx": (fx.password_protected, "password-protected"),
    "old.docx": (fx.legacy_doc, "Word 97-2003 (.doc)"),
    "bomb.docx": (fx.zip_bomb, "zip bomb"),
    "notes.docx": (fx.not_word_zip, "not a Word document"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    for name, (build, _) in BAD.items():
        (folder / name).write_bytes(build())
    return folder


@pytest.mark.parametrize("name", BAD)
def test_reader_refuses_bad_input_in_one_line(name):
    build, reason = BAD[name]
    with pytest.raises(ReadError) as err:
        reader.read(Source(name, build()))
    assert reason in err.value.reason and "\n" not in err.value.reason


def test_check_exits_2_on_bad_input(bad_files):
    paths = [str(bad_files / name) for name in BAD]
    result = run("check", *paths)
    assert result.returncode == 2
    errors = [line for line in result.stdout.decode().splitlines() if ": error: " in line]
    assert len(errors) == len(BAD)
    for path, line in zip(paths, errors):
        assert line.startswith(f"{path}: error: ") and BAD[path.rsplit("/", 1)[1]][1] in line


@pytest.mark.parametrize("name", BAD)
def test_annotate_exits_2_and_writes_nothing(bad_files, name, checker):
    before = sorted(p.name for p in bad_files.iterdir())
    result = invoke("annotate", str(bad_files / name))
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and BAD[name][1] in err
    assert sorted(p.name for p in bad_files.iterdir()) == before


def test_no_goals(tmp_path, checker):
    path = tmp_path / "notes.docx"
    path.write_bytes(fx.no_goals())
    result = invoke("annotate", str(path))
    assert result.exit_code == 0 and "no goals found; nothing written" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.docx"]
    check = invoke("check", str(path))
    assert check.exit_code == 0 and "0 goal(s) in 1 file(s)" in check.stdout


def test_check_of_other_files_never_imports_python_docx(tmp_path):
    code = ("import sys; from goalcheck.plugins import load_plugins; from goalcheck.readers import Source; "
            "p = load_plugins(); p.reader_for('g.md').read(Source('g.md', b'Goal: Ava will zip her coat.')); "
            "assert 'docx' in p.readers; print('docx' in sys.modules, 'lxml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env={**os.environ, **AUTOLOAD}, timeout=60)
    assert done.stdout.decode().split() == ["False", "False"], done.stderr.decode()


def test_missing_python_docx_is_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "lxml", None)
    with pytest.raises(ReadError) as err:
        reader.read(Source("iep.docx", fx.no_goals()))
    assert "install goalcheck[word]" in err.value.reason


# --- annotate -------------------------------------------------------------------------


def test_one_comment_per_flagged_goal(draft, annotated, checker):
    copy, tally = annotated
    results = checker.check_goals(reader.read(Source("iep.docx", draft)))
    flagged = [r for r in results if annotate.is_flagged(r)]
    comments = comments_of(copy)
    assert tally.flagged == tally.added == len(comments) == len(flagged) > 0
    assert {c.author for c in comments} == {"goalcheck"}
    assert sorted(c.text for c in comments) == sorted(annotate.comment_text(r) for r in flagged)


def test_comment_says_verdict_findings_and_wording(annotated):
    grip = next(c.text for c in comments_of(annotated[0]) if "will increase grip strength" in c.text)
    lines = grip.split("\n")
    assert lines[0].startswith("This goal reads as medical rather than educationally relevant (")
    assert any(line.startswith("GC201 no-timeframe (") for line in lines)
    assert any(line.startswith("Suggestion: ") for line in lines)
    assert "Suggested wording: By the annual review, Jordan will increase grip strength" in grip


def test_comments_are_anchored_on_their_goals(annotated):
    document = etree.fromstring(zipfile.ZipFile(io.BytesIO(annotated[0])).read("word/document.xml"))
    texts = {c.comment_id: c.text for c in comments_of(annotated[0])}
    for start in document.iter(f"{{{W}}}commentRangeStart"):
        paragraph = start.getparent()
        anchored = "".join(paragraph.itertext())
        ref = paragraph.find(f"{{{W}}}r/{{{W}}}commentReference")
        assert ref is not None and ref.get(f"{{{W}}}id") == start.get(f"{{{W}}}id")
        assert paragraph.find(f"{{{W}}}commentRangeEnd") is not None
        if "grip strength" in anchored:
            assert "medical rather than" in texts[int(start.get(f"{{{W}}}id"))]


def test_annotate_cli_writes_a_copy_and_never_touches_the_input(tmp_path, draft):
    path = tmp_path / "iep.docx"
    path.write_bytes(draft)
    result = run("annotate", str(path))
    assert result.returncode == 0, result.stderr.decode()
    out = tmp_path / "iep.goalcheck.docx"
    assert f"wrote {out}" in result.stdout.decode()
    assert path.read_bytes() == draft
    assert comments_of(out.read_bytes())


def test_annotate_cli_options(tmp_path, draft, checker):
    path = tmp_path / "iep.docx"
    path.write_bytes(draft)
    first = invoke("annotate", str(path), "-o", str(tmp_path / "out.docx"))
    added = int(re.search(r"(\d+) comment\(s\) added", first.stdout).group(1))
    assert added > 0
    again = invoke("annotate", str(tmp_path / "out.docx"), "-o", str(tmp_path / "again.docx"))
    assert f"0 comment(s) added, 0 updated, {added} already there" in again.stdout
    refused = invoke("annotate", str(path), "-o", str(path))
    assert refused.exit_code == 2 and "would overwrite the input" in refused.stderr
    assert path.read_bytes() == draft


def test_running_again_on_its_own_output_adds_nothing(annotated, checker):
    copy, first = annotated
    again, tally = annotate.annotate_bytes(copy, Metadata(), checker.check_goals)
    assert tally.added == tally.updated == 0 and tally.unchanged == first.added
    assert again == copy  # nothing to change: the copy is the file itself


def test_an_edited_goal_gets_its_comment_updated_not_a_second_one(annotated, checker):
    copy = annotated[0]
    with zipfile.ZipFile(io.BytesIO(copy)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"Jordan will increase grip strength to 15 lb.",
        b"Jordan will increase grip strength to 15 lb during handwriting.")
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    again, tally = annotate.annotate_bytes(edited.getvalue(), Metadata(), checker.check_goals)
    assert tally.added == 0 and tally.updated == 1
    assert len(comments_of(again)) == len(comments_of(copy))


def test_everything_but_comments_is_preserved(draft, annotated):
    before, after = zipfile.ZipFile(io.BytesIO(draft)), zipfile.ZipFile(io.BytesIO(annotated[0]))
    changed = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
    assert after.namelist() == before.namelist() + ["word/comments.xml"]
    for info in before.infolist():
        if info.filename not in changed:
            assert after.read(info.filename) == before.read(info), info.filename
            assert after.getinfo(info.filename).date_time == info.date_time
    assert _without_comments(after.read("word/document.xml")) == _c14n(before.read("word/document.xml"))
    assert _rels(after) - _rels(before) == {("comments.xml", COMMENTS)}
    assert _rels(before) <= _rels(after)
    assert _overrides(after) - _overrides(before) == {"/word/comments.xml"}


def test_a_colleagues_comments_are_kept(checker):
    draft = fx.with_reviewer_comment()
    copy, tally = annotate.annotate_bytes(draft, Metadata(), checker.check_goals)
    comments = comments_of(copy)
    assert [c.author for c in comments] == ["R. Alvarez"] + ["goalcheck"] * tally.added
    assert comments[0].text == "Is this for handwriting?"
    before, after = zipfile.ZipFile(io.BytesIO(draft)), zipfile.ZipFile(io.BytesIO(copy))
    assert after.namelist() == before.namelist()
    changed = [n for n in before.namelist() if after.read(n) != before.read(n)]
    assert changed == ["word/document.xml", "word/comments.xml"]  # rels and content types untouched


def _c14n(xml: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser), method="c14n")


def _without_comments(xml: bytes) -> bytes:
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            el.getparent().remove(el)
    for ref in list(root.iter(f"{{{W}}}commentReference")):
        run = ref.getparent()
        run.getparent().remove(run)
    return etree.tostring(root, method="c14n")


def _rels(zf) -> set:
    root = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
    return {(r.get("Target"), r.get("Type")) for r in root.iter(f"{{{PKG_RELS}}}Relationship")}


def _overrides(zf) -> set:
    root = etree.fromstring(zf.read("[Content_Types].xml"))
    return {o.get("PartName") for o in root.iter(f"{{{CONTENT_TYPES}}}Override")}


# --- end to end: LibreOffice ------------------------------------------------------------

# LibreOffice 7.4 (Debian 12) puts comments in the PDF's margin when Writer's print setting
# says "comments in margins"; newer releases also take the ExportNotesInMargin filter option. Both need
# the Writer UI files, which the -nogui packages leave out: install libreoffice-writer.
_MARGIN_COMMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Writer/Print/Content"><prop oor:name="Note" oor:op="fuse"><value>4</value></prop></item>
</oor:items>
"""
_PDF_FILTER = ('pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},'
               '"ExportNotesInMargin":{"type":"boolean","value":"true"}}')


def to_pdf(docx_path, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer poppler-utils"
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_MARGIN_COMMENTS, encoding="utf-8")
    pdf = tmp_path / (docx_path.stem + ".pdf")
    for _ in range(2):  # a fresh profile's first start occasionally fails; LibreOffice still exits 0
        done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                               "--convert-to", _PDF_FILTER, "--outdir", str(tmp_path), str(docx_path)],
                              capture_output=True, timeout=60)
        if pdf.exists():
            return pdf
    raise AssertionError("LibreOffice wrote no PDF (the -nogui packages cannot draw comments: install "
                         f"libreoffice-writer): {done.stdout.decode()} {done.stderr.decode()}")


def pdf_text(pdf) -> str:
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, timeout=60).stdout.decode()


def pdf_annotations(pdf) -> list[tuple[str, str]]:
    """(author, text) of each comment LibreOffice exported as a PDF note."""
    data = pdf.read_bytes()
    found = []
    for obj in re.findall(rb"/Subtype\s*/Text\b.*?>>", data, re.S):
        fields = dict(re.findall(rb"/(Contents|T)\s*<([0-9A-Fa-f\s]*)>", obj))
        found.append(tuple(bytes.fromhex(fields.get(k, b"").decode()).decode("utf-16") for k in (b"T", b"Contents")))
    return found


def squash(text: str) -> str:
    # pdftotext wraps the narrow margin and joins "ambiguous-relevance" across lines as "ambiguousrelevance".
    return re.sub(r"[\s\-]+", "", text)


def in_block_control(data: bytes) -> set[int]:
    """Ids of the comments anchored in a paragraph inside a block content control."""
    document = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return {int(start.get(f"{{{W}}}id")) for start in document.iter(f"{{{W}}}commentRangeStart")
            if start.getparent().getparent().tag == f"{{{W}}}sdtContent"}


def test_libreoffice_shows_every_comment(tmp_path, annotated):
    path = tmp_path / "iep.goalcheck.docx"
    path.write_bytes(annotated[0])
    pdf = to_pdf(path, tmp_path)
    comments = comments_of(annotated[0])
    # LibreOffice 7.4 drops the first paragraph of a comment on text in a block content control
    # (Word writes such comments the same way); everything after it must still be there.
    cut = in_block_control(annotated[0])
    expected = [c.text.split("\n", 1)[1] if c.comment_id in cut else c.text for c in comments]
    shown = squash(pdf_text(pdf))
    for text in expected:
        first = text.strip().split("\n")[0]  # the margin cuts a long comment short: its first line shows
        assert squash(first) in shown, first
    assert shown.count("goalcheck") >= len(comments)  # each margin comment names its author
    notes = pdf_annotations(pdf)
    assert sorted(squash(text) for _, text in notes) == sorted(squash(text) for text in expected)
    assert {author.split(",")[0] for author, _ in notes} == {"goalcheck"}
    assert squash(fx.GOAL_TABLE_2) in shown  # and the document itself is still there
