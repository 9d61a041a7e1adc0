"""The goalcheck language server (pygls 2): diagnostics, hover and code actions for goal drafts.

Markdown and plain-text documents are checked with one warm Checker on one
checking thread, so the server keeps answering while a check runs and checks
never pile up. Diagnostics are pushed (``textDocument/publishDiagnostics``) to
clients that cannot pull them, and served on request (LSP 3.17
``textDocument/diagnostic``, with result ids) to clients that can; the
``pushDiagnostics`` setting overrides the choice.

A failure while checking one document is logged as one line (exception type
and place, never goal text) and the server goes on serving.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from goalcheck import __version__
from goalcheck_lsp import actions, hover
from goalcheck_lsp.debounce import Debouncer
from goalcheck_lsp.diagnostics import to_diagnostics
from goalcheck_lsp.engine import Engine, Report, Snapshot, input_format
from goalcheck_lsp.logs import configure as configure_logging
from goalcheck_lsp.ruledocs import RuleDocs
from goalcheck_lsp.settings import Settings, parse_settings

log = logging.getLogger("goalcheck_lsp")
SECTION = "goalcheck"
CONFIGURATION_TIMEOUT = 5.0  # seconds to wait for the client's answer to workspace/configuration
CONFIG_GLOBS = ("**/.goalcheck.toml", "**/goalcheck.toml", "**/pyproject.toml")


class GoalcheckServer(LanguageServer):
    """Holds the settings, the last report per document and the checking thread."""

    def __init__(self, engine_factory=Engine) -> None:
        super().__init__("goalcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.settings = Settings()
        self.reports: dict[str, Report] = {}
        self.docs: RuleDocs | None = None
        self._engine: Engine | None = None
        self._engine_factory = engine_factory
        # One thread: the Checker is not shared between threads, and checks queue at most one deep per document.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="goalcheck-check")
        self.debouncer = Debouncer(self._push, lambda: self.settings.debounce_ms / 1000)
        self._logged: dict[str, str] = {}
        self._pending_problems: list[str] = []
        # Set once the client's settings are known (initialized + workspace/configuration):
        # a document opened right after initialization waits for them rather than being checked twice.
        self.configured = asyncio.Event()

    # -- client facts ----------------------------------------------------------
    def _cap(self, path: str) -> Any:
        node: Any = self.client_capabilities
        for name in path.split("."):
            node = getattr(node, name, None)
            if node is None:
                return None
        return node

    @property
    def client_pulls(self) -> bool:
        return self._cap("text_document.diagnostic") is not None

    @property
    def pushing(self) -> bool:
        mode = self.settings.push_diagnostics
        return mode is True or (mode == "auto" and not self.client_pulls)

    @property
    def encoding(self) -> str:
        value = self.workspace.position_encoding or "utf-16"
        return getattr(value, "value", value)

    # -- settings -------------------------------------------------------------
    def apply_settings(self, data: Any, origin: str) -> None:
        settings, problems = parse_settings(data)
        was_pushing = self.pushing
        self.settings = settings
        self.docs = RuleDocs(self._engine.rules(), settings.rule_docs_url) if self._engine else None
        for problem in problems:
            self.notify_log(f"{origin}: {problem}", types.MessageType.Warning)
        if was_pushing and not self.pushing:
            for uri in list(self.workspace.text_documents):
                self._publish_empty(uri)

    # -- documents --------------------------------------------------------------
    def snapshot(self, uri: str) -> Snapshot | None:
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        path = to_fs_path(uri) if uri.startswith("file:") else None
        fmt = input_format(doc.language_id, path or uri)
        if fmt is None:
            return None
        return Snapshot(uri, path, doc.source, doc.version, fmt, self.encoding, self.folder_for(path))

    def containing_folder(self, path: str) -> str | None:
        """The deepest workspace folder that holds ``path``, if any."""
        folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        if self.workspace.root_path:
            folders.append(self.workspace.root_path)
        target = Path(path).resolve()
        inside = [f for f in folders if f and target.is_relative_to(Path(f).resolve())]
        return max(inside, key=len) if inside else None

    def folder_for(self, path: str | None) -> str | None:
        """Where a document's configuration is looked for when it has no path: its folder, else the root."""
        if path and (folder := self.containing_folder(path)):
            return folder
        folders = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        return self.workspace.root_path or (folders[0] if folders else None)

    async def report(self, snap: Snapshot) -> Report:
        """Check a snapshot on the checking thread (or reuse the report of the same text)."""
        if not self.configured.is_set():  # a client that never says "initialized" still gets answers
            try:
                await asyncio.wait_for(self.configured.wait(), CONFIGURATION_TIMEOUT)
            except asyncio.TimeoutError:
                self.configured.set()
        cached = self.reports.get(snap.uri)
        if cached and cached.snapshot.version == snap.version and cached.snapshot.text == snap.text:
            return cached
        loop = asyncio.get_running_loop()
        report = await loop.run_in_executor(self._pool, self._check, snap, self.settings)
        self._log_outcome(snap.uri, report)
        if snap.uri in self.workspace.text_documents:
            self.reports[snap.uri] = report
        return report

    async def current_report(self, uri: str) -> Report | None:
        snap = self.snapshot(uri)
        return await self.report(snap) if snap else None

    def _check(self, snap: Snapshot, settings: Settings) -> Report:
        """Runs on the checking thread."""
        if self._engine is None:
            self._warm()
        return self._engine.check(snap, settings)

    def _warm(self) -> None:
        """Runs on the checking thread: load plugins, build the Checker."""
        if self._engine is None:
            engine = self._engine_factory()
            engine.warm()
            docs = self.docs or RuleDocs(engine.rules(), self.settings.rule_docs_url)
            for rule in engine.rules()[:1]:
                docs.href(rule.id)  # writes the explanation pages here, not on the event loop
            self.docs = docs
            self._engine = engine

    def rules(self) -> dict:
        return {r.id: r for r in self._engine.rules()} if self._engine else {}

    # -- push -------------------------------------------------------------------
    def changed(self, uri: str) -> None:
        self.reports.pop(uri, None)
        if self.pushing:
            self.debouncer.touch(uri)

    async def _push(self, uri: str) -> None:
        snap = self.snapshot(uri)
        if snap is None or not self.pushing:
            return
        report = await self.report(snap)
        doc = self.workspace.text_documents.get(uri)
        if doc is None or doc.version != snap.version or not self.pushing:
            return  # closed, or a newer version is on its way
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=self.diagnostics(report), version=snap.version))

    def diagnostics(self, report: Report) -> list[types.Diagnostic]:
        if not self.settings.enable:
            return []
        docs = self.docs or RuleDocs([], "")
        return to_diagnostics(report, self.settings, docs)

    def _publish_empty(self, uri: str) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def recheck_all(self) -> None:
        """After a settings or configuration change: push again, or ask pulling clients to pull."""
        self.reports.clear()
        if self._engine:
            self._engine.forget_configs()
        if self.pushing:
            for uri in list(self.workspace.text_documents):
                self.debouncer.touch(uri)
        elif self._cap("workspace.diagnostics.refresh_support"):
            self.workspace_diagnostic_refresh(None)

    # -- logging ------------------------------------------------------------------
    def notify_log(self, message: str, kind=types.MessageType.Info) -> None:
        level = {types.MessageType.Error: logging.ERROR, types.MessageType.Warning: logging.WARNING}.get(kind, logging.INFO)
        log.log(level, "%s", message)
        self.window_log_message(types.LogMessageParams(type=kind, message=f"goalcheck: {message}"))

    def _log_outcome(self, uri: str, report: Report) -> None:
        """Log a document's read problem or failure once (the reasons never quote goal text)."""
        message = report.error or report.problem
        if message and self._logged.get(uri) != message:
            kind = types.MessageType.Error if message.startswith("checking failed") else types.MessageType.Warning
            suffix = "; the server goes on" if kind == types.MessageType.Error else ""
            self.notify_log(f"{uri}: {message}{suffix}", kind)
        if message:
            self._logged[uri] = message
        else:
            self._logged.pop(uri, None)

    def report_server_error(self, error: Exception, source) -> None:
        # pygls would show str(error), which can quote a document; say only what failed.
        log.error("server error: %s (%s)", type(error).__name__, getattr(source, "__name__", source))

    def close(self) -> None:
        self.debouncer.close()
        self._pool.shutdown(wait=False, cancel_futures=True)


def build_server(engine_factory=Engine) -> GoalcheckServer:
    """A server with every feature registered (tests build one in-process too)."""
    server = GoalcheckServer(engine_factory)
    _register_lifecycle(server)
    _register_documents(server)
    _register_features(server)
    return server


def _register_lifecycle(server: GoalcheckServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: GoalcheckServer, params: types.InitializeParams):
        settings, problems = parse_settings(params.initialization_options)
        ls.settings = settings
        ls._pending_problems = [f"initializationOptions: {p}" for p in problems]

    @server.feature(types.INITIALIZED)
    async def initialized(ls: GoalcheckServer, params: types.InitializedParams):
        for problem in ls._pending_problems:
            ls.notify_log(problem, types.MessageType.Warning)
        loop = asyncio.get_running_loop()
        warming = loop.run_in_executor(ls._pool, ls._warm)
        try:
            await _fetch_configuration(ls, "workspace/configuration")
        finally:
            ls.configured.set()
        await _register_watchers(ls)
        try:
            await warming
        except Exception as exc:  # reported once; each check will say what is wrong
            ls.notify_log(f"could not build the checker: {type(exc).__name__}", types.MessageType.Error)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: GoalcheckServer, params: None):
        ls.close()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: GoalcheckServer, params: types.DidChangeConfigurationParams):
        data = params.settings
        if isinstance(data, dict) and data:
            ls.apply_settings(data, "workspace/didChangeConfiguration")
        else:
            await _fetch_configuration(ls, "workspace/configuration")
        ls.recheck_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: GoalcheckServer, params: types.DidChangeWatchedFilesParams):
        ls.recheck_all()


async def _register_watchers(ls: GoalcheckServer) -> None:
    """Watch the configuration files, where the client lets a server ask for it."""
    if not ls._cap("workspace.did_change_watched_files.dynamic_registration"):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
    registration = types.Registration(
        id="goalcheck-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as exc:
        log.info("client refused to watch configuration files: %s", type(exc).__name__)


async def _fetch_configuration(ls: GoalcheckServer, origin: str) -> None:
    """Ask the client for the "goalcheck" section, where it answers workspace/configuration."""
    if not ls._cap("workspace.configuration"):
        log.debug("client does not answer workspace/configuration")
        return
    try:
        answer = await asyncio.wait_for(ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])), CONFIGURATION_TIMEOUT)
    except Exception as exc:
        log.info("workspace/configuration failed: %s", type(exc).__name__)
        return
    if answer and isinstance(answer[0], dict) and answer[0]:
        ls.apply_settings(answer[0], origin)
    else:
        log.debug("no goalcheck section in the client's configuration")


def _register_documents(server: GoalcheckServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GoalcheckServer, params: types.DidOpenTextDocumentParams):
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GoalcheckServer, params: types.DidChangeTextDocumentParams):
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: GoalcheckServer, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if Path(to_fs_path(uri) or uri).name in (".goalcheck.toml", "goalcheck.toml", "pyproject.toml"):
            ls.recheck_all()
        else:
            ls.changed(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GoalcheckServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.debouncer.forget(uri)
        ls.reports.pop(uri, None)
        if ls.pushing:
            ls._publish_empty(uri)


def _register_features(server: GoalcheckServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
        identifier=SECTION, inter_file_dependencies=False, workspace_diagnostics=False))
    async def pull(ls: GoalcheckServer, params: types.DocumentDiagnosticParams):
        report = await ls.current_report(params.text_document.uri)
        if report is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = report.result_id
        if params.previous_result_id and params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=ls.diagnostics(report), result_id=result_id or None)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: GoalcheckServer, params: types.HoverParams):
        report = await ls.current_report(params.text_document.uri)
        if report is None or not ls.settings.enable:
            return None
        offset = report.index.offset(params.position.line, params.position.character)
        formats = ls._cap("text_document.hover.content_format") or [types.MarkupKind.Markdown]
        return hover.hover(report, offset, ls.rules(), markdown=types.MarkupKind.Markdown in formats)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_action(ls: GoalcheckServer, params: types.CodeActionParams):
        report = await ls.current_report(params.text_document.uri)
        if report is None or not ls.settings.enable:
            return None
        index, rng = report.index, params.range
        request = actions.Request(
            start=index.offset(rng.start.line, rng.start.character),
            end=index.offset(rng.end.line, rng.end.character),
            diagnostics=tuple(params.context.diagnostics or ()),
            only=tuple(str(getattr(k, "value", k)) for k in (params.context.only or ())),
            markdown=report.snapshot.input_format == "markdown",
            document_changes=bool(ls._cap("workspace.workspace_edit.document_changes")),
        )
        return actions.code_actions(report, request) or None

    @server.command(actions.ADD_TO_VOCABULARY)
    async def add_to_vocabulary(ls: GoalcheckServer, uri: str, term: str):
        from goalcheck_lsp.commands import add_to_vocabulary as run

        return await run(ls, uri, term)


def serve(transport: str = "stdio", host: str = "127.0.0.1", port: int = 2087,
          log_file: str | None = None, log_level: str = "warning") -> None:
    """Run the server until the client says exit (stdio) or disconnects (tcp, ws)."""
    configure_logging(log_file, log_level)
    server = build_server()
    if transport == "tcp":
        print(f"goalcheck lsp: listening on tcp://{host}:{port}", file=sys.stderr, flush=True)
        server.start_tcp(host, port)
    elif transport == "ws":
        print(f"goalcheck lsp: listening on ws://{host}:{port}", file=sys.stderr, flush=True)
        server.start_ws(host, port)
    else:
        server.start_io()
