"""`footwork export --format fhir` as a person runs it."""

from __future__ import annotations

import json

from fhir.resources.R4B.bundle import Bundle

from tests.e2e.test_history_cli import run  # noqa: F401


def test_export_fhir_writes_a_bundle_that_validates(run, tmp_path):  # noqa: F811
    assert run("log", "pain", "--back", "4", "--foot-left", "2").returncode == 0
    assert run("log", "balance", "--left", "23", "--eyes-closed").returncode == 0
    target = tmp_path / "history.fhir.json"

    result = run("export", "--format", "fhir", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert "Exported to" in result.stderr
    bundle = Bundle.model_validate_json(target.read_text(encoding="utf-8"))
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Patient") == 1 and kinds.count("CarePlan") == 1
    assert kinds.count("ActivityDefinition") == 5
    assert kinds.count("Observation") == 3  # two pain scores, one balance test
    pain = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Observation"][:2]
    assert {(o.bodySite.text, o.valueInteger) for o in pain} == {("low back", 4), ("left foot", 2)}


def test_export_fhir_prints_the_bundle_without_output(run):  # noqa: F811
    result = run("export", "--format", "fhir")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["resourceType"], data["type"]) == ("Bundle", "collection")
    plan = next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "CarePlan")
    presses = plan["activity"][0]["detail"]
    assert presses["scheduledTiming"]["repeat"] == {"frequency": 3, "period": 1, "periodUnit": "d"}


def test_an_unknown_format_names_the_choices(run):  # noqa: F811
    result = run("export", "--format", "xml")
    assert result.returncode == 2
    assert "json, csv or fhir" in result.stderr
