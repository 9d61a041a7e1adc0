"""CDS Hooks 2.0: discovery, two services that review draft goals, and feedback counts.

* ``goalcheck-order-sign`` listens on ``order-sign``: the Goal resources in
  ``context.draftOrders``, and the Goals contained in its CarePlans.
* ``goalcheck-goal-edit`` listens on ``org.goalcheck.goal-edit``, a hook of this
  project's own (reverse-domain named, as the specification asks of custom
  hooks): ``context.goal`` is the Goal being edited.

Both ask for ``patient: Patient/{{context.patientId}}`` to be prefetched, for the
age. Without it (the key missing or ``null``) the goals are still reviewed and
the cards say the age was not known; the service never calls the client's FHIR
server. Feedback is counted per service and outcome; nothing else is kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from goalcheck.types import Goal, Location

from goalcheck_http import fhir, schemas
from goalcheck_http.bodies import read_json, validator
from goalcheck_http.cards import goal_card, problem_card

PREFETCH = {"patient": "Patient/{{context.patientId}}"}
CUSTOM_HOOK = "org.goalcheck.goal-edit"


@dataclass(frozen=True)
class CdsService:
    id: str
    hook: str
    title: str
    description: str
    context: dict

    def discovery(self) -> dict:
        return {"hook": self.hook, "title": self.title, "description": self.description, "id": self.id,
                "prefetch": dict(PREFETCH)}

    def resources(self, context: dict) -> list:
        """The resources to review, as :func:`fhir.scan` input."""
        if self.hook == "order-sign":
            try:
                return fhir.bundle_entries(context["draftOrders"])
            except fhir.ResourceProblem as exc:
                return [("context.draftOrders", exc, {})]
        return [("context.goal", context["goal"], {})]


SERVICES = (
    CdsService("goalcheck-order-sign", "order-sign", "goalcheck: draft goals at signing",
               "Reviews the wording of draft Goal resources (and Goals contained in CarePlans) in the orders being "
               "signed: educationally relevant, medical or ambiguous, and measurable.", schemas.ORDER_SIGN_CONTEXT),
    CdsService("goalcheck-goal-edit", CUSTOM_HOOK, "goalcheck: a goal being edited",
               "Reviews the wording of the Goal resource being edited (context.goal) as the clinician writes it.",
               schemas.GOAL_EDIT_CONTEXT),
)


class FeedbackCounts:
    """Counts of feedback per service: accepted cards, overridden cards, accepted suggestions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts = {s.id: {"accepted": 0, "overridden": 0, "acceptedSuggestions": 0} for s in SERVICES}

    def record(self, service_id: str, items: list[dict]) -> int:
        with self._lock:
            counts = self.counts[service_id]
            for item in items:
                counts[item["outcome"]] += 1
                counts["acceptedSuggestions"] += len(item.get("acceptedSuggestions", []))
        return len(items)

    def snapshot(self) -> dict:
        with self._lock:
            return {k: dict(v) for k, v in self.counts.items()}


def review(check_service, resources: list, prefetch: dict | None, max_goals: int, today: date | None = None) -> dict:
    """The cards for one hook call."""
    found = fhir.scan(resources)
    _add_prefetched_patient(found, prefetch)
    goals = found.goals[:max_goals]
    ages = [found.age_of(g, today) for g in goals]
    items = [Goal(g.text, g.id, Location(extra={"resource": g.ref}), age=a) for g, a in zip(goals, ages)]
    results = check_service.results(items) if items else []
    cards = [goal_card(r, g, age=a) for r, g, a in zip(results, goals, ages)]
    cards = [c for c in cards if c] + [problem_card(p) for p in found.problems]
    if len(found.goals) > max_goals:
        cards.append(problem_card(f"{len(found.goals) - max_goals} more goals: at most {max_goals} are reviewed per call"))
    return {"cards": cards}


def _add_prefetched_patient(found: fhir.Scan, prefetch: dict | None) -> None:
    """Birth dates from ``prefetch.patient``: a Patient, a searchset Bundle, or null/missing."""
    patient = (prefetch or {}).get("patient")
    if not isinstance(patient, dict):
        return
    try:
        entries = fhir.bundle_entries(patient) if patient.get("resourceType") == "Bundle" else [("prefetch", patient, {})]
    except fhir.ResourceProblem:
        return
    extra = fhir.scan(entries)  # a malformed prefetched Patient only costs the age
    found.birth_dates.update(extra.birth_dates)


def routes(check_service, feedback: FeedbackCounts, max_body: int, max_goals: int) -> list[Route]:
    out = [Route("/cds-services", discovery, methods=["GET"])]
    for service in SERVICES:
        out.append(Route(f"/cds-services/{service.id}", _service_endpoint(service, check_service, max_body, max_goals),
                         methods=["POST"]))
        out.append(Route(f"/cds-services/{service.id}/feedback", _feedback_endpoint(service, feedback, max_body),
                         methods=["POST"]))
    return out


async def discovery(request: Request) -> JSONResponse:
    return JSONResponse({"services": [s.discovery() for s in SERVICES]})


def _service_endpoint(service: CdsService, check_service, max_body: int, max_goals: int):
    request_validator = validator(schemas.cds_request(service.hook, service.context))

    async def call(request: Request) -> JSONResponse:
        body = await read_json(request, request_validator, max_body)
        resources = service.resources(body["context"])
        return JSONResponse(await run_in_threadpool(review, check_service, resources, body.get("prefetch"), max_goals))

    return call


def _feedback_endpoint(service: CdsService, feedback: FeedbackCounts, max_body: int):
    feedback_validator = validator(schemas.FEEDBACK_REQUEST)

    async def receive(request: Request) -> JSONResponse:
        body = await read_json(request, feedback_validator, max_body)
        return JSONResponse({"recorded": feedback.record(service.id, body["feedback"])})

    return receive
