"""The hooks: the ``serve`` command and the ``fhir`` reader.

Everything here is cheap to import; the web stack is imported inside the command.
"""

from __future__ import annotations

from goalcheck.plugins import hookimpl
from goalcheck.readers import Reader

FHIR_SUFFIXES = (".fhir.json", ".ndjson")


def _read_fhir(source):
    from goalcheck_http.reader import read

    return read(source)


def _is_fhir(data: bytes) -> bool:
    """A plain .json file is read as FHIR when it is an object that names a resourceType."""
    head = data.lstrip()[:4096]
    return head[:1] == b"{" and b'"resourceType"' in head


@hookimpl
def goalcheck_register_readers(register):
    register(Reader("fhir", FHIR_SUFFIXES, _read_fhir,
                    "FHIR R4 Goal resources: a Goal, a Bundle, or NDJSON (bulk export); description.text is the goal"))
    register(Reader("fhir-json", (".json",), _read_fhir, "a .json file holding a FHIR Goal or Bundle", sniff=_is_fhir))


@hookimpl
def goalcheck_register_commands(cli):
    from goalcheck_http.command import serve

    cli.add_command(serve)
