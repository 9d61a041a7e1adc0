"""goalcheck over HTTP: ``goalcheck serve`` (JSON API, web page, widget, CDS Hooks) and a FHIR reader.

The plugin module (:mod:`goalcheck_http.plugin`) is loaded with every
``goalcheck`` command, so it imports nothing heavy: Starlette, uvicorn and
jsonschema (the ``http`` extra) are imported only when ``goalcheck serve`` runs.
The FHIR reader needs only the standard library.
"""
