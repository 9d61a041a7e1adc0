"""JSON Schemas (2020-12) of what the API takes and returns.

The request schemas are the validation: ``bodies.read_json`` checks every body
against the same schema the OpenAPI document shows, so the document and the
behaviour cannot drift apart. The response schemas describe the CLI's JSON
contract (README, "JSON output") and are checked by the schemathesis run.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from goalcheck.readers import MAX_GOAL_CHARS
from goalcheck.types import LABELS, SEVERITIES

# A goal must have a character other than ASCII white space. Spelled out rather than
# ``\S``, whose meaning differs between regex engines (Python counts \x1c as space,
# ECMA-262 does not), so every validator of this schema agrees on what "empty" is.
NOT_BLANK = r"[^ \t\n\r\f\v]"

AGE = {"type": "integer", "minimum": 0, "maximum": 120, "description": "The student's age in years."}
GRADE = {"type": "integer", "minimum": -1, "maximum": 13, "description": "Grade: 0 is kindergarten, -1 pre-K."}
TRANSITION = {"type": "boolean", "description": "Whether the student has a transition plan (LABELS.md rule 5)."}
GOAL_TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_GOAL_CHARS, "pattern": NOT_BLANK,
             "description": "One goal, as written."}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status, repeated."},
                "code": {"type": "string", "description": "A stable machine-readable code, e.g. invalid_json."},
                "message": {"type": "string", "description": "One line for a person."},
            },
        }
    },
}


def check_text_request(max_chars: int) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["text"],
        "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": max_chars, "pattern": NOT_BLANK,
                     "description": "A draft (plain text or Markdown); goalcheck finds the goals in it."},
            "format": {"enum": ["markdown", "text"], "default": "markdown",
                       "description": "How to read the draft."},
            "age": AGE, "grade": GRADE, "transition": TRANSITION,
        },
    }


def check_goals_request(max_goals: int) -> dict:
    goal_object = {
        "type": "object",
        "additionalProperties": False,
        "required": ["text"],
        "properties": {
            "text": GOAL_TEXT,
            "id": {"type": ["string", "integer"], "description": "Echoed in the result's id."},
            "age": AGE, "grade": GRADE, "transition": TRANSITION,
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["goals"],
        "properties": {
            "goals": {"type": "array", "minItems": 1, "maxItems": max_goals,
                      "items": {"anyOf": [GOAL_TEXT, goal_object]},
                      "description": "Goals checked one by one, in order: strings or objects."},
            "age": AGE, "grade": GRADE, "transition": TRANSITION,
        },
        "description": "age, grade and transition at the top apply to every goal that does not give its own.",
    }


FHIR_REQUEST = {
    "type": "object",
    "required": ["resourceType"],
    "properties": {"resourceType": {"type": "string", "minLength": 1}},
    "description": "A FHIR R4 Goal, CarePlan or Bundle. Resources that cannot be read are named in files[0].error.",
}

# --- responses: the CLI's JSON contract ------------------------------------------
_INT_OR_NULL = {"type": ["integer", "null"]}
FIX = {
    "type": "object",
    "required": ["start", "end", "replacement", "description"],
    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"},
                   "replacement": {"type": "string"}, "description": {"type": "string"}},
}
FINDING = {
    "type": "object",
    "required": ["rule", "name", "severity", "message", "start", "end", "fix"],
    "properties": {
        "rule": {"type": "string"}, "name": {"type": "string"}, "severity": {"enum": list(SEVERITIES)},
        "message": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
        "fix": {"anyOf": [{"type": "null"}, FIX]},
    },
}
GOAL_RESULT = {
    "type": "object",
    "required": ["id", "text", "location", "metadata", "label", "confidence", "probabilities", "evidence",
                 "suggestion", "findings", "plugin_errors"],
    "properties": {
        "id": {"type": ["string", "null"]},
        "text": {"type": "string"},
        "location": {"type": "object", "description": "line/column/start/end where known, and reader keys such as index or resource."},
        "metadata": {"type": "object", "properties": {"age": {"type": "integer"}, "grade": {"type": "integer"},
                                                      "transition": {"type": "boolean"}}},
        "label": {"enum": list(LABELS)},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "probabilities": {"type": "object", "additionalProperties": {"type": "number"}},
        "evidence": {"type": "array", "items": {
            "type": "object", "required": ["start", "end", "text", "label"],
            "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"},
                           "label": {"type": "string"}}}},
        "suggestion": {"type": ["string", "null"]},
        "findings": {"type": "array", "items": FINDING},
        "plugin_errors": {"type": "array", "items": {
            "type": "object", "required": ["plugin", "hook", "error"],
            "properties": {"plugin": {"type": "string"}, "hook": {"type": "string"}, "error": {"type": "string"}}}},
    },
}
CHECK_RESULT = {
    "type": "object",
    "required": ["goalcheck", "schema", "model", "files", "summary"],
    "properties": {
        "goalcheck": {"type": "string"},
        "schema": {"type": "integer"},
        "model": {"type": "object"},
        "files": {"type": "array", "items": {
            "type": "object", "required": ["path", "error", "goals"],
            "properties": {"path": {"type": "string"}, "error": {"type": ["string", "null"]},
                           "goals": {"type": "array", "items": GOAL_RESULT}}}},
        "summary": {
            "type": "object",
            "required": ["files", "files_with_errors", "goals", "labels", "findings"],
            "properties": {
                "files": {"type": "integer"}, "files_with_errors": {"type": "integer"}, "goals": {"type": "integer"},
                "labels": {"type": "object", "additionalProperties": {"type": "integer"}},
                "findings": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
        },
    },
}
RULE = {
    "type": "object",
    "required": ["id", "name", "group", "severity", "summary", "fixable", "explanation"],
    "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "group": {"type": "string"},
        "severity": {"enum": list(SEVERITIES)}, "summary": {"type": "string"}, "fixable": {"type": "boolean"},
        "explanation": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
HEALTH = {
    "type": "object",
    "required": ["status", "goalcheck", "model", "limits", "feedback"],
    "properties": {
        "status": {"const": "ok"},
        "goalcheck": {"type": "string"},
        "model": {"type": "object"},
        "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
        "feedback": {"type": "object", "description": "CDS Hooks feedback received: counts only, per service."},
    },
}


# --- CDS Hooks ---------------------------------------------------------------------
@lru_cache(maxsize=None)
def cds_response_schema() -> dict:
    """The card format, written from the CDS Hooks 2.0 specification (the JSON file beside this module)."""
    text = resources.files("goalcheck_http").joinpath("cds-hooks-response.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def cds_request(hook: str, context: dict) -> dict:
    return {
        "type": "object",
        "required": ["hook", "hookInstance", "context"],
        "properties": {
            "hook": {"const": hook},
            "hookInstance": {"type": "string", "minLength": 1},
            "fhirServer": {"type": "string"},
            "fhirAuthorization": {"type": "object"},
            "context": context,
            "prefetch": {"type": "object", "description": "Prefetched data by key; a key may be null or missing."},
            "extension": {"type": "object"},
        },
    }


_BUNDLE = {
    "type": "object",
    "required": ["resourceType"],
    "properties": {
        "resourceType": {"const": "Bundle"},
        "entry": {"type": "array", "items": {"type": "object"}},
    },
}
ORDER_SIGN_CONTEXT = {
    "type": "object",
    "required": ["userId", "patientId", "draftOrders"],
    "properties": {
        "userId": {"type": "string"}, "patientId": {"type": "string"}, "encounterId": {"type": "string"},
        "draftOrders": {**_BUNDLE, "description": "R4 Bundle of the draft orders: Goal and CarePlan resources are reviewed."},
    },
}
GOAL_EDIT_CONTEXT = {
    "type": "object",
    "required": ["userId", "patientId", "goal"],
    "properties": {
        "userId": {"type": "string"}, "patientId": {"type": "string"}, "encounterId": {"type": "string"},
        "goal": {"type": "object", "required": ["resourceType"],
                 "properties": {"resourceType": {"const": "Goal"}},
                 "description": "The Goal resource being edited, as it stands."},
    },
}
FEEDBACK_REQUEST = {
    "type": "object",
    "required": ["feedback"],
    "properties": {
        "feedback": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["card", "outcome", "outcomeTimestamp"],
                "properties": {
                    "card": {"type": "string"},
                    "outcome": {"enum": ["accepted", "overridden"]},
                    "acceptedSuggestions": {"type": "array", "items": {
                        "type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}},
                    "overrideReason": {"type": "object"},
                    "outcomeTimestamp": {"type": "string"},
                },
                "if": {"properties": {"outcome": {"const": "accepted"}}},
                "then": {"required": ["acceptedSuggestions"]},
            },
        }
    },
}
FEEDBACK_RESPONSE = {
    "type": "object",
    "required": ["recorded"],
    "properties": {"recorded": {"type": "integer", "description": "How many feedback items were counted."}},
}
DISCOVERY = {
    "type": "object",
    "required": ["services"],
    "properties": {"services": {"type": "array", "items": {
        "type": "object", "required": ["hook", "description", "id"],
        "properties": {"hook": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
                       "id": {"type": "string"}, "prefetch": {"type": "object",
                                                              "additionalProperties": {"type": "string"}}}}}},
}
