"""The hooks: a ``docx`` reader and the ``goalcheck annotate`` command.

Nothing here imports python-docx or lxml: ``goalcheck check notes.md`` loads this
module through the entry point and must not pay for them.
"""

from __future__ import annotations

import sys

import click

from goalcheck.plugins import hookimpl
from goalcheck.readers import Reader, Source


def _read(source: Source):
    from goalcheck_word.reader import read

    return read(source)


@hookimpl
def goalcheck_register_readers(register):
    register(Reader("docx", (".docx",), _read, "Word documents (.docx): paragraphs, tables, text boxes"))


@hookimpl
def goalcheck_register_commands(cli):
    @cli.command()
    @click.argument("path", type=click.Path(dir_okay=False))
    @click.option("-o", "--output", type=click.Path(dir_okay=False),
                  help="Where to write the annotated copy (default: IN.goalcheck.docx next to IN).")
    @click.option("--age", type=click.IntRange(0, 120), help="Student's age, when the document does not say.")
    @click.option("--grade", type=click.IntRange(-1, 13), help="Student's grade (0 = kindergarten).")
    @click.option("--transition/--no-transition", default=None, help="Whether the student has a transition plan.")
    @click.option("--model", "model_path", type=click.Path(exists=True), help="Use this model (.skops, or a folder).")
    def annotate(path, output, age, grade, transition, model_path):
        """Check a .docx and write a copy with a Word comment on each flagged goal.

        Each comment (author "goalcheck") gives the verdict in a sentence, the
        findings and the suggested wording. The input is never modified; running
        annotate on its own output adds no second comment to a goal. Exit codes:
        0 written (or no goals found: nothing written), 2 unreadable input or
        unwritable output.
        """
        from goalcheck.readers import Metadata
        from goalcheck_word.annotate import AnnotateError, run

        try:
            report = run(path, output, Metadata(age=age, grade=grade, transition=transition), model_path)
        except AnnotateError as exc:
            click.echo(f"goalcheck annotate: {path}: error: {exc}", err=True)
            sys.exit(2)
        click.echo(report)
