"""goalcheck report: a self-contained HTML page, rendered by headless Chromium, written atomically."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from markupsafe import escape

from conftest import ROOT, run_cli
from goalcheck import report
from goalcheck.types import FileResult, Goal, Location

DRAFT = ROOT / "examples" / "iep-draft.md"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")


@pytest.fixture(scope="module")
def results(checker):
    draft = checker.check_path(DRAFT)
    text = "Mia will <script>alert(1)</script> increase grip strength & pinch."
    hostile = FileResult("x.jsonl", tuple(checker.check_goals([Goal(text, id="<b>x</b>", location=Location(1, 1, 0, 70))])))
    return [draft, hostile]


@pytest.fixture(scope="module")
def page(results, checker):
    return report.render(results, rules=checker.plugins.rules, version="0.1.0", model=checker.describe_model())


def _cards(page: str) -> list[str]:
    return re.findall(r'<article class="card (\w+)" id="goal-\d+">(.*?)</article>', page, re.S)


def test_summary_counts_and_chart(results, page):
    goals = [g for r in results for g in r.goals]
    for label in ("educational", "medical", "ambiguous"):
        n = sum(1 for g in goals if g.verdict.label == label)
        assert re.search(rf'<div class="tile {label}"><div class="n">{n}</div>', page)
    total = sum(len(g.findings) for g in goals)
    assert f'<div class="n">{total}</div><div>Quality findings</div>' in page
    # One row per kind of finding, with its count.
    kinds = {f.rule for g in goals for f in g.findings}
    for rule in kinds:
        n = sum(1 for g in goals for f in g.findings if f.rule == rule)
        assert re.search(rf'<span class="rule">{rule}</span></td>\s*<td[^>]*><div class="minibar"[^>]*></div></td>\s*'
                         rf'<td class="count">{n}</td>', page)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group()
    assert svg.count("<rect") == 3 and "<title" in svg


def test_one_card_per_goal_with_label_evidence_findings_suggestion(results, page):
    goals = [g for r in results for g in r.goals]
    cards = _cards(page)
    assert [label for label, _ in cards] == [g.verdict.label for g in goals]
    for (label, body), goal in zip(cards, goals):
        v = goal.verdict
        assert f"reads as {v.label} &middot; {round(100 * v.confidence)}%" in body
        for ev in v.evidence:
            assert f'<mark class="{ev.label}">{escape(goal.goal.text[ev.start:ev.end])}</mark>' in body
        assert len(re.findall(r'<span class="sev', body)) == len(goal.findings)
        if v.suggestion:
            assert str(escape(v.suggestion)) in body
        has_note = "For the family: school-based and clinic-based OT" in body
        assert has_note == (label == "medical" or any(f.rule == "GC106" for f in goal.findings))


def test_quick_fixes_are_applied_to_the_wording(page):
    # The draft's grip-strength goal gets a timeframe; the jargon goal gets plain words.
    assert "By the annual review, Rosa will increase grip strength to 15 lb as measured by dynamometer." in page
    assert "a little help" in page


def test_family_note_names_what_the_goal_is_about():
    from goalcheck.types import Finding, Goal, GoalResult, Verdict

    home = GoalResult(Goal("Kai will bathe at home."), Verdict("medical", 0.9),
                      (Finding("GC104", "home-setting", "warning", "home", 0, 0),))
    school = GoalResult(Goal("Kai will zip his coat before recess."), Verdict("educational", 0.9))
    assert "a home or family routine" in report.family_note(home)
    assert report.family_note(school) is None


def test_goal_text_is_escaped_and_nothing_external_is_loaded(page):
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "grip strength &amp; pinch" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""\b(?:src|href)\s*=|url\(|@import|<link\b""", page, re.I)
    assert re.findall(r"https?://[^\s\"'<>)]+", page) == ["http://www.w3.org/2000/svg"]
    scripts = re.findall(r"<script\b", page)
    assert scripts == []  # the only script is the print button's onclick
    assert 'onclick="window.print()"' in page and "@media print" in page


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "headless Chromium is needed for this test: apt-get install chromium"
    return found


def test_renders_in_headless_chromium_and_prints_to_pdf(tmp_path):
    out = tmp_path / "report.html"
    result = run_cli("report", str(DRAFT), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    browser = _chromium()
    dom = subprocess.run([browser, *CHROMIUM_FLAGS, "--dump-dom", out.as_uri()], capture_output=True, timeout=90,
                         cwd=tmp_path)
    rendered = dom.stdout.decode()
    # The browser parsed the page: 8 cards, the chart, and the title, as the DOM it built.
    assert rendered.count('<article class="card') == 8
    assert "<svg" in rendered and "<title>Goal check report</title>" in rendered
    pdf = tmp_path / "report.pdf"
    subprocess.run([browser, *CHROMIUM_FLAGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri()],
                   capture_output=True, timeout=90, cwd=tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 2


def test_never_overwrites_without_force_and_writes_atomically(tmp_path):
    out = tmp_path / "report.html"
    out.write_text("keep me", encoding="utf-8")
    refused = run_cli("report", str(DRAFT), "-o", str(out))
    assert refused.returncode == 2 and out.read_text(encoding="utf-8") == "keep me"
    assert refused.stderr.decode().splitlines() == [f"goalcheck report: {out} exists; use --force to replace it"]
    forced = run_cli("report", str(DRAFT), "-o", str(out), "--force")
    assert forced.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary file left
    missing = run_cli("report", str(DRAFT), "-o", str(tmp_path / "no" / "such" / "dir.html"))
    assert missing.returncode == 2
    assert missing.stderr.decode().strip().splitlines() == [
        f"goalcheck report: cannot write {tmp_path / 'no' / 'such' / 'dir.html'}: No such file or directory"]


def test_write_keeps_the_old_file_when_the_move_fails(tmp_path, monkeypatch):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        report.write(out, "<html>new</html>", force=True)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_write_refuses_an_existing_file_even_if_it_appears_late(tmp_path, monkeypatch):
    # The final step is a hard link, which fails if the name exists by then.
    out = tmp_path / "r.html"
    real_link = os.link

    def link_after_someone_else(src, dst):
        out.write_text("theirs", encoding="utf-8")
        return real_link(src, dst)

    monkeypatch.setattr(os, "link", link_after_someone_else)
    with pytest.raises(report.OutputExists):
        report.write(out, "<html>mine</html>")
    assert out.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_unreadable_file_is_listed_and_exit_2(tmp_path):
    out = tmp_path / "r.html"
    result = run_cli("report", str(DRAFT), str(tmp_path / "missing.md"), "-o", str(out))
    assert result.returncode == 2
    assert f"{tmp_path / 'missing.md'}: error: no such file" in result.stderr.decode()
    assert "could not be read: no such file" in out.read_text(encoding="utf-8")
