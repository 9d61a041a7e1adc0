"""`goalcheck lsp`: positions, checking, code actions and whole sessions with a real LSP client.

The end-to-end tests start `python -m goalcheck lsp` as a subprocess and drive it
with pytest-lsp's client, initialised with the capabilities VS Code and Neovim
send. The others test the parts in-process.
"""

from __future__ import annotations

import re

import asyncio
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Union

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "plugins"))  # as the editable install does; explicit for clarity

from goalcheck_lsp import actions, suppression  # noqa: E402
from goalcheck_lsp.debounce import Debouncer  # noqa: E402
from goalcheck_lsp.engine import Engine, Snapshot  # noqa: E402
from goalcheck_lsp.logs import RedactThirdParty  # noqa: E402
from goalcheck_lsp.positions import LineIndex  # noqa: E402
from goalcheck_lsp.settings import Settings, parse_settings  # noqa: E402
from goalcheck_lsp.vocabulary import VocabularyError, add_term  # noqa: E402

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS

DOC = """# Annual goals 🎯

1. Zoë 💪 will increase grip strength to 15 lb as measured by dynamometer.
2. By the annual review, during classroom writing tasks and given a slant board, Zoë will copy a
   three-sentence passage 📝 w/ letters sized correctly in 4 of 5 work samples.
3. Zoë will button three buttons.
4. Zoë (café helper 😀) will open her milk carton w/ min A at lunch in the cafeteria on 4 of 5 days by June 2027.
"""
LINES = DOC.split("\n")


def units(text: str, encoding: str) -> int:
    """Code units of ``text``, counted independently of the server's code."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


def expected_range(line: int, phrase: str, encoding: str, nth: int = 0) -> types.Range:
    text = LINES[line]
    col = -1
    for _ in range(nth + 1):
        col = text.index(phrase, col + 1)
    start = units(text[:col], encoding)
    return types.Range(start=types.Position(line=line, character=start),
                       end=types.Position(line=line, character=start + units(phrase, encoding)))


def apply_edits(text: str, edits, encoding: str) -> str:
    index = LineIndex(text, encoding)
    spans = sorted(((index.offset(e.range.start.line, e.range.start.character),
                     index.offset(e.range.end.line, e.range.end.character), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


# -- positions ----------------------------------------------------------------
def test_positions_count_utf16_utf8_or_utf32_units():
    text = "a 😀 é\nZoë 💪 grip"
    for encoding, col in (("utf-16", 5), ("utf-8", 7), ("utf-32", 4)):
        index = LineIndex(text, encoding)
        assert index.position(text.index("é")) == (0, col)
        assert index.offset(0, col) == text.index("é")
    index = LineIndex(text, "utf-16")
    assert index.position(text.index("grip")) == (1, len("Zoë ") + 2 + 1)
    assert index.offset(1, 99) == len(text)  # past the end of a line: clamped to it


def test_positions_handle_crlf_bom_and_only_lsp_line_breaks():
    text = "\ufeffGoal one\r\nline\u2028same line\rlast"
    index = LineIndex(text)
    normalised = text[1:].replace("\r\n", "\n").replace("\r", "\n")  # what the engine reads
    assert index.line_count == 3  # U+2028 is not a line break in LSP
    for word in ("line", "same", "last"):
        at = index.from_engine(normalised.index(word))
        assert text[at:at + len(word)] == word
    assert index.position(text.index("last")) == (2, 0)
    assert index.line_break(0) == "\r\n"


# -- checking -------------------------------------------------------------------
@pytest.fixture(scope="module")
def engine(checker):
    return Engine(checker=checker)


def flagged_words(message: str) -> str:
    """The words a GC101 message quotes: the strongest medical evidence, which depends on the model."""
    return re.search(r'\("([^"]+)"\)', message).group(1)


def snapshot(text: str, version: int = 1, encoding: str = "utf-16", path: str | None = None) -> Snapshot:
    return Snapshot("file:///project/draft.md", path, text, version, "markdown", encoding, None)


def test_engine_places_findings_in_the_document(engine):
    report = engine.check(snapshot(DOC), Settings(use_config_file=False))
    assert report.error is None and len(report.goals) == 4
    by_rule = {(fv.finding.rule, DOC[fv.start:fv.end]) for g in report.goals for fv in g.findings}
    [gc101] = [fv for g in report.goals for fv in g.findings if fv.finding.rule == "GC101"]
    assert DOC[gc101.start:gc101.end] == flagged_words(gc101.finding.message)
    assert flagged_words(gc101.finding.message) in DOC.splitlines()[2]
    assert ("GC302", "min A") in by_rule
    assert ("GC302", "w/") in by_rule  # on the second line of a wrapped goal
    wrapped = report.goals[1]
    [w] = [fv for fv in wrapped.findings if fv.finding.rule == "GC302"]
    assert report.index.position(w.start)[0] == 4
    whole = [fv for fv in report.goals[2].findings if fv.finding.rule == "GC201"][0]
    assert DOC[whole.start:whole.end] == "Zoë will button three buttons."


def test_engine_checks_again_only_the_goal_that_changed(engine, monkeypatch):
    from goalcheck.checker import Checker

    settings = Settings(use_config_file=False)
    engine.check(snapshot(DOC), settings)
    checked = []
    real = Checker.check_goals
    monkeypatch.setattr(Checker, "check_goals", lambda self, goals: checked.append([g.text for g in goals]) or real(self, goals))
    edited = DOC.replace("three buttons", "four buttons")
    engine.check(snapshot(edited, 2), settings)
    assert checked == [["Zoë will button four buttons."]]
    moved = "Draft for the team.\n\n" + edited  # every goal moves down; none changes
    report = engine.check(snapshot(moved, 3), settings)
    assert len(checked) == 1
    grip = next(fv for g in report.goals for fv in g.findings if fv.finding.rule == "GC101")
    assert moved[grip.start:grip.end] == flagged_words(grip.finding.message)


def test_a_suppression_comment_hides_that_rule_for_that_goal_only(engine):
    text = DOC.replace("3. Zoë will button", "<!-- goalcheck: ignore GC201, no-condition -->\n3. Zoë will button")
    report = engine.check(snapshot(text), Settings(use_config_file=False))
    rules = {g.result.goal.text[:10]: {fv.finding.rule for fv in g.findings} for g in report.goals}
    assert "GC201" not in rules["Zoë will b"] and "GC202" not in rules["Zoë will b"]
    assert "GC203" in rules["Zoë will b"]
    assert "GC201" in rules["Zoë 💪 will"]
    assert suppression.merged_comment("  <!-- goalcheck: ignore GC201 -->", "GC203") == (
        2, 34, "<!-- goalcheck: ignore GC201, GC203 -->")


def test_a_check_that_fails_is_one_line_without_goal_text(engine, monkeypatch):
    def explode(*_):
        raise ValueError("Zoë will increase grip strength")

    monkeypatch.setattr(engine, "_read", explode)
    report = engine.check(snapshot(DOC), Settings(use_config_file=False))
    assert report.error.startswith("checking failed: ValueError at test_lsp.py:")
    assert "Zoë" not in report.error and not report.goals


def test_a_bad_configuration_file_is_one_diagnostic_at_the_top(engine, tmp_path):
    from goalcheck_lsp.diagnostics import to_diagnostics
    from goalcheck_lsp.ruledocs import RuleDocs

    (tmp_path / ".goalcheck.toml").write_text('[severity]\nGC203 = "fatal"\n', encoding="utf-8")
    report = engine.check(snapshot(DOC, path=str(tmp_path / "draft.md")), Settings())
    [diagnostic] = to_diagnostics(report, Settings(), RuleDocs([], ""))
    assert diagnostic.code == "config" and diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.message.startswith("configuration error: ") and "GC203" in diagnostic.message
    assert diagnostic.range.start.line == 0 and report.goals == ()


def test_code_actions_fix_ignore_note_and_vocabulary(engine):
    report = engine.check(snapshot(DOC), Settings(use_config_file=False))
    line4 = DOC.index("4. Zoë")
    at = DOC.index("min A")
    found = actions.code_actions(report, actions.Request(at, at + 5))
    titles = [a.title for a in found]
    assert titles[0] == "Replace 'min A' with plain words (GC302)" and found[0].is_preferred
    assert "Ignore GC302 (clinical-jargon) for this goal" in titles
    assert any(t == 'Add "min A" to the project\'s school-setting vocabulary' for t in titles)
    fixed = apply_edits(DOC, found[0].edit.document_changes[0].edits, "utf-16")
    assert "w/ a little help at lunch" in fixed
    ignore = next(a for a in found if a.title.startswith("Ignore GC302"))
    ignored = apply_edits(DOC, ignore.edit.document_changes[0].edits, "utf-16")
    assert ignored == DOC[:line4] + "<!-- goalcheck: ignore GC302 -->\n" + DOC[line4:]
    # The suggestion note is offered where the GC101 finding is (on the model's strongest evidence).
    grip = next(fv.start for g in report.goals for fv in g.findings if fv.finding.rule == "GC101")
    notes = [a for a in actions.code_actions(report, actions.Request(grip, grip)) if "note" in a.title]
    noted = apply_edits(DOC, notes[0].edit.document_changes[0].edits, "utf-16")
    assert "<!-- goalcheck suggestion: \"grip strength\" reads as a body function" in noted
    assert actions.code_actions(report, actions.Request(grip, grip, only=("refactor",))) == []


# -- configuration --------------------------------------------------------------
def test_settings_accept_a_section_and_skip_bad_values():
    settings, problems = parse_settings({"goalcheck": {"ignore": "GC201", "severity": {"GC203": "fatal"},
                                                       "age": 8, "debounceMs": 50, "colour": True}})
    assert settings.ignore == ("GC201",) and settings.age == 8 and settings.debounce_ms == 50
    assert settings.severity == {}
    assert len(problems) == 2 and any("'colour' is unknown" in p for p in problems)
    assert parse_settings(None) == (Settings(), [])


@pytest.mark.parametrize("before, after", [
    ("", '[vocabulary]\nschool_setting = ["life-skills lab"]\n'),
    ('select = ["GC1"]\n', 'select = ["GC1"]\n\n[vocabulary]\nschool_setting = ["life-skills lab"]\n'),
    ('[vocabulary]\nschool_setting = [\n  "SDC",  # district name\n]\n[severity]\nGC203 = "error"\n',
     '[vocabulary]\nschool_setting = [\n  "SDC", "life-skills lab",  # district name\n]\n[severity]\nGC203 = "error"\n'),
    ('[vocabulary]\ntransition_tie = ["Bridges"]\n', '[vocabulary]\nschool_setting = ["life-skills lab"]\ntransition_tie = ["Bridges"]\n'),
])
def test_adding_a_vocabulary_term_keeps_the_file_as_written(before, after):
    assert add_term(before, "life-skills lab", pyproject=False) == after
    assert add_term(after, "Life-Skills Lab", pyproject=False) is None  # already there


def test_adding_a_vocabulary_term_refuses_what_it_cannot_edit_safely():
    assert add_term("[project]\nname = 'x'\n[tool.goalcheck]\nignore = []\n", "SDC", pyproject=True).endswith(
        '[tool.goalcheck.vocabulary]\nschool_setting = ["SDC"]\n')
    with pytest.raises(VocabularyError):
        add_term("[tool.goalcheck]\nvocabulary = {school_setting = ['a']}\n", "SDC", pyproject=True)
    with pytest.raises(VocabularyError):
        add_term("[vocabulary\n", "SDC", pyproject=False)


# -- scheduling and logging ---------------------------------------------------------
@pytest.mark.asyncio
async def test_fast_typing_costs_one_check_per_window_not_one_per_keystroke():
    runs = []

    async def run(key):
        runs.append(time.monotonic())
        await asyncio.sleep(0.01)

    debouncer = Debouncer(run, lambda: 0.1)
    debouncer.touch("doc")
    await asyncio.sleep(0.02)
    assert len(runs) == 1  # the first change after a pause is checked at once
    for _ in range(10):  # 10 keystrokes in 0.2 s
        debouncer.touch("doc")
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.25)
    assert 2 <= len(runs) <= 4
    assert all(b - a >= 0.09 for a, b in zip(runs, runs[1:]))
    assert not debouncer.busy("doc")
    debouncer.close()


def test_third_party_log_records_lose_arguments_that_could_be_goal_text():
    record = logging.LogRecord("pygls.protocol", logging.ERROR, __file__, 1, "Failed to handle %s: %s",
                               ("didOpen", "Zoë will increase grip strength"), None)
    RedactThirdParty().filter(record)
    assert record.getMessage() == "Failed to handle didOpen: <withheld>"
    own = logging.LogRecord("goalcheck_lsp", logging.INFO, __file__, 1, "%s", ("file:///a.md",), None)
    RedactThirdParty().filter(own)
    assert own.getMessage() == "file:///a.md"


def test_lsp_without_pygls_says_which_extra_to_install(tmp_path):
    shadow = tmp_path / "pygls"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
           "GOALCHECK_DISABLE_PLUGIN_AUTOLOAD": ""}
    result = run_cli("lsp", env=env)
    assert result.returncode == 2
    assert result.stderr.decode().strip().splitlines()[-1].endswith('install goalcheck[lsp] (pip install "goalcheck[lsp]")')
    assert "--tcp" in run_cli("lsp", "--help", env={"GOALCHECK_DISABLE_PLUGIN_AUTOLOAD": ""}).stdout.decode()


# -- end to end --------------------------------------------------------------------
def record_publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def register_capability(client: LanguageClient, params: types.RegistrationParams):
    client.registrations.extend(r.method for r in params.registrations)


def client_converter():
    """pygls' converter, except that a CodeAction carrying a command stays a CodeAction.

    lsprotocol reads any code action with a "command" key as a Command (its
    command then a string made of the dict); editors tell them apart by the
    type of "command", as this does.
    """
    converter = default_converter()

    def structure(obj, _):
        kind = types.Command if isinstance(obj.get("command"), str) else types.CodeAction
        return converter.structure(obj, kind)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], structure)
    return converter


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=client_converter)
    client.published = []
    client.registrations = []
    features = {**DEFAULT_CLIENT_FEATURES, PUBLISH: record_publish,
                types.CLIENT_REGISTER_CAPABILITY: register_capability}
    register_lsp_features(client, features)
    return client


@pytest_asyncio.fixture
async def start_server(tmp_path):
    started = []

    async def start(*args: str) -> LanguageClient:
        env = {**os.environ, "GOALCHECK_DISABLE_PLUGIN_AUTOLOAD": "", "XDG_CACHE_HOME": str(tmp_path / "cache")}
        config = ClientServerConfig(server_command=[sys.executable, "-m", "goalcheck", "lsp", *args],
                                    client_factory=make_client, server_env=env)
        client = await config.start()
        started.append(client)
        return client

    yield start
    for client in started:  # a test that failed half-way leaves its server running: stop it
        server = client._server
        if server is not None and server.returncode is None:
            try:
                await asyncio.wait_for(client.shutdown_session(), 10)
            except Exception:
                pass
            if server.returncode is None:
                server.kill()
        await asyncio.wait_for(client.stop(), 30)


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / ".goalcheck.toml").write_text('[severity]\nGC202 = "error"\n', encoding="utf-8")
    draft = root / "draft.md"
    draft.write_text(DOC, encoding="utf-8")
    return root, draft.as_uri()


async def initialize(client, root: Path, profile: str, options: dict | None = None) -> types.InitializeResult:
    return await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(profile),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options,
    ))


def open_doc(client, uri: str, text: str, language: str = "markdown") -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))


def change_doc(client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def published(client, uri: str, version: int, after: int = 0, timeout: float = 60):
    """The diagnostics pushed for this version of the document (waits for them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for params in client.published[after:]:
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics published for version {version}")


async def _cleared(client, uri: str, after: int) -> None:
    while not any(p.uri == uri and not p.diagnostics for p in client.published[after:]):
        await asyncio.sleep(0.02)


async def pull(client, uri: str, previous: str | None = None):
    return await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous))


async def code_actions(client, uri: str, rng: types.Range, diagnostics) -> list:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
        context=types.CodeActionContext(diagnostics=diagnostics)))
    return list(found or [])


async def hover_at(client, uri: str, line: int, character: int):
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character)))


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


@pytest.mark.asyncio
async def test_vscode_session_push_pull_hover_fix_ignore_configure_shutdown(start_server, project):
    root, uri = project
    client = await start_server()
    result = await initialize(client, root, "visual-studio-code", {"goalcheck": {"debounceMs": 50}})
    caps = result.capabilities
    assert caps.position_encoding in (None, types.PositionEncodingKind.Utf16)
    assert caps.diagnostic_provider.identifier == "goalcheck"
    assert "goalcheck.addToVocabulary" in caps.execute_command_provider.commands

    open_doc(client, uri, DOC)  # VS Code 1.65 cannot pull, so the server pushes
    diagnostics = await published(client, uri, 1)
    [grip] = [d for d in diagnostics if d.code == "GC101"]
    word = flagged_words(grip.message)
    assert grip.range == expected_range(2, word, "utf-16")
    assert grip.source == "goalcheck" and grip.severity == types.DiagnosticSeverity.Warning
    assert "[medical " in grip.message and "\nsuggestion: " in grip.message
    page = Path(grip.code_description.href.removeprefix("file://"))
    assert page.name == "GC101.md" and "## Why it matters" in page.read_text(encoding="utf-8")
    assert [d.range for d in diagnostics if d.code == "GC302"] == [
        expected_range(4, "w/", "utf-16"), expected_range(6, "w/", "utf-16"), expected_range(6, "min A", "utf-16")]
    assert {d.severity for d in diagnostics if d.code == "GC202"} == {types.DiagnosticSeverity.Error}  # .goalcheck.toml
    assert "workspace/didChangeWatchedFiles" in client.registrations

    full = await pull(client, uri)
    assert full.kind == "full" and full.result_id
    assert [(d.code, d.range) for d in full.items] == [(d.code, d.range) for d in diagnostics]
    assert (await pull(client, uri, full.result_id)).kind == "unchanged"

    hover = await hover_at(client, uri, 2, expected_range(2, word, "utf-16").start.character + 2)
    text = hover.contents.value
    assert "reads as **medical** (confidence 0." in text and f'"{word}" → medical' in text
    assert "Suggestion:" in text and "*What it flags.*" in text and "**GC101** reads-as-medical" in text
    assert await hover_at(client, uri, 0, 3) is None  # the heading is not a goal

    min_a = expected_range(6, "min A", "utf-16")
    found = await code_actions(client, uri, min_a, [d for d in diagnostics if d.range == min_a])
    fix = next(a for a in found if a.title == "Replace 'min A' with plain words (GC302)")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred and fix.diagnostics[0].code == "GC302"
    edit = fix.edit.document_changes[0]
    assert edit.text_document.version == 1
    text = apply_edits(DOC, edit.edits, "utf-16")
    assert "w/ a little help at lunch" in text
    change_doc(client, uri, 2, text)
    after = await published(client, uri, 2)
    assert [d.range for d in after if d.code == "GC302"] == [expected_range(4, "w/", "utf-16"), expected_range(6, "w/", "utf-16")]

    buttons = next(d for d in after if d.code == "GC102")
    found = await code_actions(client, uri, buttons.range, [buttons])
    ignore = next(a for a in found if a.title == "Ignore GC102 (ambiguous-relevance) for this goal")
    text = apply_edits(text, ignore.edit.document_changes[0].edits, "utf-16")
    assert "<!-- goalcheck: ignore GC102 -->\n3. Zoë will button" in text
    change_doc(client, uri, 3, text)
    after = await published(client, uri, 3)
    assert "GC102" not in codes(after) and "GC201" in codes(after)

    seen = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"goalcheck": {"ignore": ["GC201"], "severity": {"GC203": "error"}, "debounceMs": 50}}))
    configured = await published(client, uri, 3, after=seen)
    assert "GC201" not in codes(configured)
    assert {d.severity for d in configured if d.code == "GC203"} == {types.DiagnosticSeverity.Error}

    (root / ".goalcheck.toml").write_text('[severity]\nGC202 = "info"\n', encoding="utf-8")
    seen = len(client.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
        uri=(root / ".goalcheck.toml").as_uri(), type=types.FileChangeType.Changed)]))
    watched = await published(client, uri, 3, after=seen)
    assert {d.severity for d in watched if d.code == "GC202"} == {types.DiagnosticSeverity.Information}

    seen = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await asyncio.wait_for(_cleared(client, uri, seen), 30)

    await client.shutdown_session()
    assert client._server.returncode == 0


@pytest.mark.asyncio
async def test_neovim_session_pulls_in_utf8_and_adds_vocabulary(start_server, project):
    root, uri = project
    client = await start_server()
    client.set_configuration({"goalcheck": {"ignore": ["GC303"]}})
    result = await initialize(client, root, "neovim")  # 0.11 prefers UTF-8 positions and can pull
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8

    open_doc(client, uri, DOC)
    report = await pull(client, uri)
    assert uri not in client.diagnostics  # a client that pulls is not also pushed to
    [grip] = [d for d in report.items if d.code == "GC101"]
    assert grip.range == expected_range(2, flagged_words(grip.message), "utf-8")
    assert expected_range(6, "min A", "utf-8") in [d.range for d in report.items]
    assert "GC303" not in codes(report.items)  # from workspace/configuration

    hover = await hover_at(client, uri, 6, expected_range(6, "min A", "utf-8").start.character)
    assert "**GC302** clinical-jargon" in hover.contents.value

    selection = expected_range(6, "milk carton", "utf-8")
    found = await code_actions(client, uri, selection, [])
    add = next(a for a in found if a.title == 'Add "milk carton" to the project\'s school-setting vocabulary')
    assert add.kind == types.CodeActionKind.QuickFix and add.edit is None
    answer = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=add.command.command, arguments=add.command.arguments))
    assert answer == {"file": str(root / ".goalcheck.toml"), "added": True}
    assert (root / ".goalcheck.toml").read_text() == \
        '[severity]\nGC202 = "error"\n\n[vocabulary]\nschool_setting = ["milk carton"]\n'
    assert any("added \"milk carton\"" in m.message for m in client.messages)

    again = await pull(client, uri, report.result_id)
    assert again.kind == "full" and again.result_id != report.result_id  # the configuration changed

    client.set_configuration({"goalcheck": {"enable": False}})
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await asyncio.sleep(0.3)
    assert list((await pull(client, uri)).items) == []

    await client.shutdown_session()
    assert client._server.returncode == 0


@pytest.mark.asyncio
async def test_a_bad_document_is_logged_and_the_server_goes_on(start_server, project):
    root, uri = project
    client = await start_server()
    await initialize(client, root, "visual-studio-code", {"pushDiagnostics": True, "debounceMs": 0})
    bad = (root / "notes.txt").as_uri()
    open_doc(client, bad, "Zoë will \x00 increase grip strength", language="plaintext")
    assert await published(client, bad, 1) == []
    open_doc(client, uri, DOC)
    assert "GC101" in codes(await published(client, uri, 1))
    logged = [m.message for m in client.log_messages]
    assert any("notes.txt: binary file" in m for m in logged)
    assert not any("Zoë" in m or "grip" in m for m in logged)
    other = (root / "script.py").as_uri()
    open_doc(client, other, "print('Zoë will increase grip strength')", language="python")
    assert list((await pull(client, other)).items) == []  # not a document goalcheck reads
    await client.shutdown_session()
    assert client._server.returncode == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def connect(client, how: str, port: int, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await getattr(client, f"start_{how}")("127.0.0.1", port)
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


@pytest.mark.asyncio
@pytest.mark.parametrize("how", ["tcp", "ws"])
async def test_tcp_and_websocket_transports_listen_on_loopback(how, project, tmp_path):
    root, uri = project
    port = free_port()
    env = {**os.environ, "GOALCHECK_DISABLE_PLUGIN_AUTOLOAD": "", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    server = subprocess.Popen([sys.executable, "-m", "goalcheck", "lsp", f"--{how}", "--port", str(port)],
                              stderr=subprocess.PIPE, env=env)
    client = make_client()
    try:
        await connect(client, how, port)
        await initialize(client, root, "neovim", {"pushDiagnostics": True, "debounceMs": 0})
        open_doc(client, uri, DOC)
        assert "GC101" in codes(await published(client, uri, 1))
        await client.shutdown_session()
        assert await asyncio.to_thread(server.wait, 30) == 0  # the loop must run to send "exit" over ws
        assert f"listening on {how}://127.0.0.1:{port}" in server.stderr.read().decode()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        await client.stop()
