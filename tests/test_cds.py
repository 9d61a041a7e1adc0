"""CDS Hooks 2.0 services: discovery, order-sign and the goal-edit hook, prefetch, feedback.

Requests are shaped like the specification's examples (hookInstance, fhirServer,
fhirAuthorization, context, prefetch); every response is validated against the
card schema written from the specification (goalcheck_http/cds-hooks-response.schema.json).
"""

from __future__ import annotations

import asyncio
import copy
import json

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import ROOT
from goalcheck.rules.language import JARGON
from goalcheck_http.app import create_app
from goalcheck_http.schemas import cds_response_schema
from goalcheck_http.settings import Settings

FIXTURES = ROOT / "tests" / "fhir"
CARDS = Draft202012Validator(cds_response_schema(), format_checker=FormatChecker())
ORDER_SIGN = "/cds-services/goalcheck-order-sign"
GOAL_EDIT = "/cds-services/goalcheck-goal-edit"


def plain(term: str, first: bool = False) -> str:
    """The engine's plain words for ``term``, as the cards apply them (capitalised at the start of the goal)."""
    words = JARGON[term]
    return words[:1].upper() + words[1:] if first else words


def call(app, method, path, **kwargs) -> httpx.Response:
    async def go():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
            return await client.request(method, path, **kwargs)
    return asyncio.run(go())


@pytest.fixture(scope="module")
def app(checker):
    return create_app(checker, Settings(max_goals=4))


def bundle(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def order_sign_request(draft_orders: dict, patient_id: str, prefetch: dict | None = None) -> dict:
    """An order-sign call as in the specification's example: hookInstance, fhirServer, fhirAuthorization."""
    request = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": "https://ehr.example.org/fhir",
        "hook": "order-sign",
        "fhirAuthorization": {"access_token": "some-opaque-fhir-access-token", "token_type": "Bearer",
                              "expires_in": 300, "scope": "patient/Patient.read patient/Goal.read",
                              "subject": "goalcheck-cds"},
        "context": {"userId": "PractitionerRole/123", "patientId": patient_id, "encounterId": "89284",
                    "draftOrders": draft_orders},
    }
    if prefetch is not None:
        request["prefetch"] = prefetch
    return request


def cards_of(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    body = response.json()
    errors = sorted(CARDS.iter_errors(body), key=str)
    assert not errors, errors[0]
    return body["cards"]


def patient(bundle_: dict) -> dict:
    return next(e["resource"] for e in bundle_["entry"] if e["resource"]["resourceType"] == "Patient")


def test_discovery_lists_both_services_with_their_prefetch(app):
    services = call(app, "GET", "/cds-services").json()["services"]
    assert [(s["id"], s["hook"]) for s in services] == [
        ("goalcheck-order-sign", "order-sign"), ("goalcheck-goal-edit", "org.goalcheck.goal-edit")]
    for service in services:
        assert service["title"] and service["description"]
        assert service["prefetch"] == {"patient": "Patient/{{context.patientId}}"}


def test_order_sign_reviews_draft_goals_and_careplan_goals_among_other_orders(app):
    draft = bundle("pediatric-outpatient.bundle.json")
    draft["entry"].append({"resource": {  # other draft orders are not goalcheck's business
        "resourceType": "MedicationRequest", "id": "smart-MedicationRequest-103", "status": "draft", "intent": "order",
        "medicationCodeableConcept": {"text": "Amoxicillin 120 MG/ML oral suspension"},
        "subject": {"reference": "Patient/pt-mia"}}})
    request = order_sign_request(draft, "pt-mia", prefetch={"patient": patient(draft)})

    cards = cards_of(call(app, "POST", ORDER_SIGN, json=request))

    assert len(cards) == 3
    grip, jacket, motor = cards
    assert grip["summary"].startswith('Goal "Mia will increase grip strength') and "reads as medical" in grip["summary"]
    assert all(len(c["summary"]) < 140 and c["indicator"] == "warning" for c in cards)
    assert "**Goal/mia-grip** reads as **medical" in grip["detail"]
    assert "- GC103 clinic-setting (warning)" in grip["detail"]
    assert "age was not available" not in grip["detail"]
    assert "reads as ambiguous" in motor["summary"] and "GC204 not-observable" in motor["detail"]
    assert "suggestions" not in grip and "suggestions" not in motor  # nothing to reword safely

    (suggestion,) = jacket["suggestions"]
    assert jacket["selectionBehavior"] == "at-most-one" and suggestion["isRecommended"] is True
    (action,) = suggestion["actions"]
    assert action["type"] == "update"
    assert f'"Pt" → "{plain("pt", first=True)}"' in action["description"] and f'"min A" → "{plain("min A")}"' in action["description"]
    # The whole CarePlan, with only the contained goal's description changed.
    expected = copy.deepcopy(draft["entry"][2]["resource"])
    expected["contained"][0]["description"]["text"] = \
        f"{plain('pt', first=True)} will don/doff jacket {plain('w/')} {plain('min A')} at home."
    assert action["resource"] == expected


def test_without_prefetch_the_goals_are_still_reviewed_and_the_cards_say_so(app):
    draft = bundle("pediatric-outpatient.bundle.json")
    draft["entry"] = [e for e in draft["entry"] if e["resource"]["resourceType"] != "Patient"]
    for prefetch in (None, {"patient": None}, {}):
        cards = cards_of(call(app, "POST", ORDER_SIGN, json=order_sign_request(draft, "pt-mia", prefetch)))
        assert len(cards) == 3
        assert all("age was not available" in c["detail"] for c in cards)
        text = cards[1]["suggestions"][0]["actions"][0]["resource"]["contained"][0]["description"]["text"]
        assert text == f"{plain('pt', first=True)} will don/doff jacket {plain('w/')} {plain('min A')} at home."


def test_prefetch_may_be_a_searchset_bundle(app):
    draft = bundle("pediatric-outpatient.bundle.json")
    mia = patient(draft)
    draft["entry"] = [e for e in draft["entry"] if e["resource"]["resourceType"] != "Patient"]
    prefetch = {"patient": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": mia}]}}
    cards = cards_of(call(app, "POST", ORDER_SIGN, json=order_sign_request(draft, "pt-mia", prefetch)))
    assert not any("age was not available" in c["detail"] for c in cards)


def test_adult_rehab_goals_are_not_reworded_as_a_students(app):
    lines = (FIXTURES / "adult-rehab.ndjson").read_text(encoding="utf-8").splitlines()
    resources = []
    for line in lines:
        try:
            resources.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    walt = resources[0]
    draft = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources[1:]]}
    cards = cards_of(call(app, "POST", ORDER_SIGN, json=order_sign_request(draft, "pt-walt", {"patient": walt})))

    by_goal = {c["detail"].split("**")[1]: c for c in cards if c["detail"].startswith("**")}
    shirt = by_goal["Goal/walt-shirt"]
    updated = shirt["suggestions"][0]["actions"][0]["resource"]
    assert updated["description"]["text"] == \
        f"{plain('pt', first=True)} will don shirt {plain('w/')} {plain('min A')} within 2 weeks."
    assert {k: v for k, v in updated.items() if k != "description"} == {k: v for k, v in resources[1].items() if k != "description"}
    assert by_goal["Goal/walt-bathe"]["suggestions"][0]["actions"][0]["resource"]["description"]["text"] == \
        f"Walter will complete tub transfers with {plain('SBA')} using a tub bench by discharge."
    # Per-resource problems are cards of their own; the rest was reviewed.
    assert any(c["summary"] == "goalcheck could not review Goal/walt-empty: description.text is empty" for c in cards)


def test_a_structured_due_date_counts_as_the_timeframe(app):
    goal = {"resourceType": "Goal", "id": "g-due", "lifecycleStatus": "proposed",
            "description": {"text": "Pt will don shirt w/ min A."}, "target": [{"dueDate": "2026-03-01"}]}
    draft = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": goal}]}
    (card,) = cards_of(call(app, "POST", ORDER_SIGN, json=order_sign_request(draft, "p1")))
    assert "GC201" not in card["detail"].split("**Findings**")[1].split("\n\n")[0]
    assert "target due date gives the timeframe" in card["detail"]


def test_school_age_bundle_bad_resources_become_cards_and_the_rest_is_reviewed(app):
    draft = bundle("school-age.bundle.json")
    cards = cards_of(call(app, "POST", ORDER_SIGN, json=order_sign_request(draft, "stu-leo")))
    summaries = [c["summary"] for c in cards]
    assert summaries[0].startswith('Goal "Leo will improve FMC and use a tripod grasp w/ min A during art class."')
    assert "goalcheck could not review Goal/leo-no-text: no description.text: goalcheck checks the goal's wording" in summaries
    assert any(s.startswith("goalcheck could not review Goal/leo-bad-status: lifecycleStatus 'draft'") for s in summaries)
    assert any(s.startswith("goalcheck could not review Gaol/typo-1: unknown resourceType") for s in summaries)
    # leo-writing is educational with nothing to flag: no card (no guidance is an empty answer, not noise).
    assert not any("leo-writing" in c["detail"] for c in cards)
    fmc = cards[0]
    text = fmc["suggestions"][0]["actions"][0]["resource"]["description"]["text"]
    assert text == (f"Leo will improve {plain('FMC')} and use a {plain('tripod grasp')} {plain('w/')} "
                    f"{plain('min A')} during art class.")


def test_the_custom_goal_edit_hook_reviews_the_goal_being_edited(app):
    goal = {"resourceType": "Goal", "id": "draft-1", "lifecycleStatus": "proposed",
            "description": {"text": "Ella will *improve* her handwriting_skills."}, "subject": {"reference": "Patient/p9"}}
    request = {"hookInstance": "2f1c0c9e-6f3a-4a8e-9b3d-1d8e4a0c5b77", "hook": "org.goalcheck.goal-edit",
               "context": {"userId": "Practitioner/example", "patientId": "p9", "goal": goal},
               "prefetch": {"patient": {"resourceType": "Patient", "id": "p9", "birthDate": "2017-05-20"}}}
    (card,) = cards_of(call(app, "POST", GOAL_EDIT, json=request))
    assert "Ella will \\*improve\\* her handwriting\\_skills" in card["detail"]  # Markdown shows it as written


def test_more_goals_than_the_limit_are_named_in_a_card(app):
    goals = [{"resource": {"resourceType": "Goal", "id": f"g{i}", "lifecycleStatus": "proposed",
                           "description": {"text": f"Pt will stack {i} blocks w/ min A."}}} for i in range(6)]
    draft = {"resourceType": "Bundle", "type": "collection", "entry": goals}
    cards = cards_of(call(app, "POST", ORDER_SIGN, json=order_sign_request(draft, "p1")))
    assert len(cards) == 5
    assert cards[-1]["summary"] == "goalcheck could not review 2 more goals: at most 4 are reviewed per call"


@pytest.mark.parametrize("change,status", [
    (lambda r: r.update(hook="patient-view"), 422),
    (lambda r: r["context"].pop("draftOrders"), 422),
    (lambda r: r.pop("hookInstance"), 422),
    (lambda r: r["context"].update(draftOrders={"resourceType": "Goal"}), 422),
    (lambda r: r["context"]["draftOrders"].update(entry="not a list"), 422),
])
def test_requests_that_break_the_hook_contract_are_4xx_json(app, change, status):
    request = order_sign_request(bundle("pediatric-outpatient.bundle.json"), "pt-mia")
    change(request)
    response = call(app, "POST", ORDER_SIGN, json=request)
    assert response.status_code == status
    assert response.json()["error"]["code"] == "invalid_request"


def test_an_unknown_bundle_type_is_a_card_not_an_error(app):
    request = order_sign_request({"resourceType": "Bundle", "type": "pile", "entry": []}, "p1")
    (card,) = cards_of(call(app, "POST", ORDER_SIGN, json=request))
    assert card["summary"].startswith("goalcheck could not review context.draftOrders: type 'pile'")


def test_feedback_is_counted_and_nothing_else_is_kept(checker):
    app = create_app(checker, Settings())
    feedback = {"feedback": [
        {"card": "4e0a3a1e-3283-4575-ab82-028d55fe2719", "outcome": "accepted",
         "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}], "outcomeTimestamp": "2020-12-11T00:00:00Z"},
        {"card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "overridden",
         "overrideReason": {"reason": {"code": "d7ecf885", "system": "https://example.com/cds-hooks/override-reason-system"},
                            "userComment": "A comment entered by the clinician."},
         "outcomeTimestamp": "2020-12-11T00:00:00Z"},
    ]}
    response = call(app, "POST", ORDER_SIGN + "/feedback", json=feedback)
    assert response.status_code == 200 and response.json() == {"recorded": 2}
    assert app.state.feedback.counts == {
        "goalcheck-order-sign": {"accepted": 1, "overridden": 1, "acceptedSuggestions": 1},
        "goalcheck-goal-edit": {"accepted": 0, "overridden": 0, "acceptedSuggestions": 0},
    }
    assert call(app, "GET", "/v1/health").json()["feedback"]["goalcheck-order-sign"]["accepted"] == 1
    kept = json.dumps(vars(app.state.feedback), default=str)
    assert "4e0a3a1e" not in kept and "comment" not in kept


def test_accepted_feedback_needs_its_suggestions(app):
    bad = {"feedback": [{"card": "c1", "outcome": "accepted", "outcomeTimestamp": "2020-12-11T00:00:00Z"}]}
    response = call(app, "POST", GOAL_EDIT + "/feedback", json=bad)
    assert response.status_code == 422
    assert "acceptedSuggestions" in response.json()["error"]["message"]


@pytest.mark.parametrize("card", [
    {"summary": "x" * 140, "indicator": "info", "source": {"label": "s"}},
    {"summary": "ok", "indicator": "urgent", "source": {"label": "s"}},
    {"summary": "ok", "indicator": "info"},
    {"summary": "ok", "indicator": "info", "source": {"label": "s"},
     "suggestions": [{"label": "do it", "actions": [{"type": "update", "description": "d"}]}], "selectionBehavior": "any"},
    {"summary": "ok", "indicator": "info", "source": {"label": "s"}, "suggestions": [{"label": "do it"}]},
    {"summary": "ok", "indicator": "info", "source": {"label": "s"}, "detail": ""},
    {"summary": "ok", "indicator": "info", "source": {"label": "s"}, "links": [{"label": "l", "url": "x", "type": "absolute"}]},
])
def test_the_card_schema_rejects_what_the_specification_forbids(card):
    assert not CARDS.is_valid({"cards": [card]})
