"""goalcheck_lsp: ``goalcheck lsp``, a language server for goal drafts (Markdown and plain text).

Installed with the ``lsp`` extra (``pip install "goalcheck[lsp]"``, which brings
pygls 2 and lsprotocol) and registered through the ``goalcheck`` entry-point
group (``goalcheck_lsp.plugin``). Modules, one job each:

* ``plugin`` - the ``goalcheck lsp`` command (imports pygls only when run);
* ``server`` - the pygls server: features, push and pull diagnostics;
* ``engine`` - checking a document with a warm Checker and a per-goal cache;
* ``debounce`` - when a changing document is checked;
* ``positions`` - engine offsets <-> LSP positions (UTF-16, or what was agreed);
* ``diagnostics``, ``hover``, ``actions`` - what the editor shows and offers;
* ``suppression``, ``vocabulary``, ``commands`` - comments and config-file edits;
* ``settings``, ``ruledocs``, ``logs`` - client settings, rule links, logging.
"""
