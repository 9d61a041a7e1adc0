"""FHIR R4 Goal resources: find them, check their shape, and find the patient's age.

fhir.resources was considered and not used: it validates R4B/R5 rather than R4,
does not check code values (a ``lifecycleStatus`` of "bogus" passes), rejects a
whole resource for an unrelated element, and adds 27 MB. goalcheck reads only a
few elements, so it checks exactly those itself: the resource type, the id, the
``lifecycleStatus`` code and ``description.text``, and the birth date of a
Patient. Each problem is reported against its resource; the other resources are
still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from goalcheck.readers import MAX_GOAL_CHARS

GOAL_LIFECYCLE = ("proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
                  "entered-in-error", "rejected")
CAREPLAN_STATUS = ("draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown")
BUNDLE_TYPES = ("document", "message", "transaction", "transaction-response", "batch", "batch-response",
                "history", "searchset", "collection")
_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")

# Every resource type of FHIR R4 (4.0.1): a resourceType outside this list is reported.
R4_RESOURCE_TYPES = frozenset("""
Account ActivityDefinition AdverseEvent AllergyIntolerance Appointment AppointmentResponse AuditEvent Basic
Binary BiologicallyDerivedProduct BodyStructure Bundle CapabilityStatement CarePlan CareTeam CatalogEntry
ChargeItem ChargeItemDefinition Claim ClaimResponse ClinicalImpression CodeSystem Communication
CommunicationRequest CompartmentDefinition Composition ConceptMap Condition Consent Contract Coverage
CoverageEligibilityRequest CoverageEligibilityResponse DetectedIssue Device DeviceDefinition DeviceMetric
DeviceRequest DeviceUseStatement DiagnosticReport DocumentManifest DocumentReference EffectEvidenceSynthesis
Encounter Endpoint EnrollmentRequest EnrollmentResponse EpisodeOfCare EventDefinition Evidence
EvidenceVariable ExampleScenario ExplanationOfBenefit FamilyMemberHistory Flag Goal GraphDefinition Group
GuidanceResponse HealthcareService ImagingStudy Immunization ImmunizationEvaluation
ImmunizationRecommendation ImplementationGuide InsurancePlan Invoice Library Linkage List Location Measure
MeasureReport Media Medication MedicationAdministration MedicationDispense MedicationKnowledge
MedicationRequest MedicationStatement MedicinalProduct MedicinalProductAuthorization
MedicinalProductContraindication MedicinalProductIndication MedicinalProductIngredient
MedicinalProductInteraction MedicinalProductManufactured MedicinalProductPackaged
MedicinalProductPharmaceutical MedicinalProductUndesirableEffect MessageDefinition MessageHeader
MolecularSequence NamingSystem NutritionOrder Observation ObservationDefinition OperationDefinition
OperationOutcome Organization OrganizationAffiliation Parameters Patient PaymentNotice PaymentReconciliation
Person PlanDefinition Practitioner PractitionerRole Procedure Provenance Questionnaire QuestionnaireResponse
RelatedPerson RequestGroup ResearchDefinition ResearchElementDefinition ResearchStudy ResearchSubject
RiskAssessment RiskEvidenceSynthesis Schedule SearchParameter ServiceRequest Slot Specimen
SpecimenDefinition StructureDefinition StructureMap Subscription Substance SubstanceNucleicAcid
SubstancePolymer SubstanceProtein SubstanceReferenceInformation SubstanceSourceMaterial
SubstanceSpecification SupplyDelivery SupplyRequest Task TerminologyCapabilities TestReport TestScript
ValueSet VerificationResult VisionPrescription
""".split())


class ResourceProblem(ValueError):
    """One resource that cannot be read; the message names the problem, not the resource."""


@dataclass
class FoundGoal:
    """A Goal resource with a usable description, and where it was found.

    ``ref`` names it for people and in locations: ``Goal/g1``, or
    ``CarePlan/cp1#g1`` for a Goal contained in a CarePlan (``container``).
    """

    resource: dict
    ref: str
    text: str
    where: str
    entry: int | None = None
    line: int | None = None
    container: dict | None = None
    contained_index: int | None = None

    @property
    def id(self) -> str | None:
        return self.resource.get("id")

    @property
    def subject(self) -> str | None:
        subject = self.resource.get("subject")
        return subject.get("reference") if isinstance(subject, dict) else None

    @property
    def has_due_date(self) -> bool:
        """Whether a target gives a due date or duration: the structured timeframe."""
        targets = self.resource.get("target")
        return isinstance(targets, list) and any(
            isinstance(t, dict) and ("dueDate" in t or "dueDuration" in t) for t in targets)


@dataclass
class Scan:
    """What a set of resources holds for goalcheck: goals, patients' birth dates, problems."""

    goals: list[FoundGoal] = field(default_factory=list)
    birth_dates: dict[str, date] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def age_of(self, goal: FoundGoal, today: date | None = None) -> int | None:
        """The age of the goal's patient: its subject, else the only Patient there is."""
        born = _lookup(self.birth_dates, goal.subject)
        if born is None and len(set(self.birth_dates.values())) == 1:
            born = next(iter(self.birth_dates.values()))
        return age_on(born, today or date.today()) if born else None


def _lookup(birth_dates: dict[str, date], reference: str | None) -> date | None:
    if not reference:
        return None
    if reference in birth_dates:
        return birth_dates[reference]
    # An absolute reference (https://ehr.example/fhir/Patient/7) ends with the relative one.
    tail = "/".join(reference.rstrip("/").split("/")[-2:])
    return birth_dates.get(tail)


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def parse_birth_date(value: Any) -> date | None:
    """A FHIR date (YYYY, YYYY-MM or YYYY-MM-DD); a partial date counts from its first day."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:  # 2019-02-30
        return None


def scan(resources: Iterable[tuple[str, dict | Any, dict]]) -> Scan:
    """Read ``(where, resource, position)`` triples: ``where`` names the place for messages
    ("entry 3", "line 4"), ``position`` holds ``entry``/``line``/``fullUrl``."""
    out = Scan()
    for where, resource, position in resources:
        try:
            _scan_one(out, where, resource, position)
        except ResourceProblem as exc:
            out.problems.append(f"{_name(resource, where)}: {exc}")
    return out


def _scan_one(out: Scan, where: str, resource: Any, position: dict) -> None:
    if isinstance(resource, ResourceProblem):  # the reader could not even parse it
        raise resource
    if resource is None:
        raise ResourceProblem("no resource")
    kind = resource_type(resource)
    if kind == "Goal":
        out.goals.append(found_goal(resource, where, position))
    elif kind == "Patient":
        _add_patient(out, resource, position.get("fullUrl"))
    elif kind == "CarePlan":
        out.goals.extend(careplan_goals(resource, where, position, out.problems))
    else:
        out.skipped[kind] = out.skipped.get(kind, 0) + 1


def resource_type(resource: Any) -> str:
    """The resource's type, or a :class:`ResourceProblem` when it is not an R4 resource."""
    if not isinstance(resource, dict):
        raise ResourceProblem(f"expected a FHIR resource (a JSON object), got {_json_type(resource)}")
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or not kind:
        raise ResourceProblem("no resourceType")
    if kind not in R4_RESOURCE_TYPES:
        raise ResourceProblem(f"unknown resourceType {kind[:40]!r} (not a FHIR R4 resource type)")
    if "id" in resource and not (isinstance(resource["id"], str) and _ID.match(resource["id"])):
        raise ResourceProblem("id must be 1-64 letters, digits, '-' or '.'")
    return kind


def found_goal(resource: dict, where: str, position: dict, container: dict | None = None,
               contained_index: int | None = None) -> FoundGoal:
    """Check a Goal's shape and take its ``description.text``."""
    status = resource.get("lifecycleStatus")
    if status is None:
        raise ResourceProblem("no lifecycleStatus (required in R4)")
    if status not in GOAL_LIFECYCLE:
        raise ResourceProblem(f"lifecycleStatus {str(status)[:40]!r} is not an R4 code ({', '.join(GOAL_LIFECYCLE)})")
    for key in ("target", "category", "addresses", "note"):
        if key in resource and not isinstance(resource[key], list):
            raise ResourceProblem(f"{key} must be a list")
    if "subject" in resource and not isinstance(resource["subject"], dict):
        raise ResourceProblem("subject must be a Reference (a JSON object)")
    text = _description(resource)
    ref = f"Goal/{resource['id']}" if resource.get("id") else f"Goal ({where})"
    if container is not None:
        ref = f"{_name(container, where)}#{resource.get('id') or f'contained[{contained_index}]'}"
    return FoundGoal(resource, ref, text, where, position.get("entry"), position.get("line"), container,
                     contained_index)


def _description(resource: dict) -> str:
    description = resource.get("description")
    if description is None:
        raise ResourceProblem("no description (required in R4)")
    if not isinstance(description, dict):
        raise ResourceProblem("description must be a CodeableConcept (a JSON object)")
    text = description.get("text")
    if text is None:
        raise ResourceProblem("no description.text: goalcheck checks the goal's wording")
    if not isinstance(text, str) or not text.strip():
        raise ResourceProblem("description.text is empty")
    if len(text) > MAX_GOAL_CHARS:
        raise ResourceProblem(f"description.text is {len(text)} characters; a goal may have at most {MAX_GOAL_CHARS}")
    return text


def careplan_goals(plan: dict, where: str, position: dict, problems: list[str]) -> list[FoundGoal]:
    """The Goals contained in a CarePlan (``contained`` + ``goal: [{"reference": "#g1"}]``).

    Goals the plan references by id (``Goal/g1``) are separate resources: they are
    read where they appear, not through the plan.
    """
    status = plan.get("status")
    if status not in CAREPLAN_STATUS:
        raise ResourceProblem(f"status {str(status)[:40]!r} is not an R4 CarePlan code ({', '.join(CAREPLAN_STATUS)})")
    contained = plan.get("contained", [])
    if not isinstance(contained, list):
        raise ResourceProblem("contained must be a list")
    goals = []
    for i, inner in enumerate(contained):
        inner_where = f"{where}, contained[{i}]"
        try:
            if resource_type(inner) == "Goal":
                goals.append(found_goal(inner, inner_where, position, container=plan, contained_index=i))
        except ResourceProblem as exc:
            problems.append(f"{_name(plan, where)}, contained[{i}]: {exc}")
    return goals


def _add_patient(out: Scan, patient: dict, full_url: str | None) -> None:
    born = parse_birth_date(patient.get("birthDate"))
    if "birthDate" in patient and born is None:
        raise ResourceProblem("birthDate is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if born is None:
        return
    if patient.get("id"):
        out.birth_dates[f"Patient/{patient['id']}"] = born
    if isinstance(full_url, str) and full_url:
        out.birth_dates[full_url] = born


def bundle_entries(bundle: dict) -> list[tuple[str, Any, dict]]:
    """A Bundle's resources as ``scan`` input; a Bundle that is not one is a ResourceProblem."""
    if bundle.get("type") is not None and bundle.get("type") not in BUNDLE_TYPES:
        raise ResourceProblem(f"type {str(bundle.get('type'))[:40]!r} is not an R4 Bundle type")
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise ResourceProblem("entry must be a list")
    out = []
    for i, entry in enumerate(entries):
        where = f"entry {i}"
        if not isinstance(entry, dict):
            out.append((where, entry, {"entry": i}))
            continue
        out.append((where, entry.get("resource"), {"entry": i, "fullUrl": entry.get("fullUrl")}))
    return out


def _name(resource: Any, where: str) -> str:
    if isinstance(resource, dict) and isinstance(resource.get("resourceType"), str) and resource["resourceType"]:
        rid = resource.get("id")
        kind = resource["resourceType"][:40]
        return f"{kind}/{rid}" if isinstance(rid, str) and rid else f"{kind} ({where})"
    return where


def _json_type(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(type(value), "a number")
