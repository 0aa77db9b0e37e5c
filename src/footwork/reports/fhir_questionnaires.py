"""The function questionnaires in the FHIR export: a Questionnaire for the PSFS and one for the
Global Rating of Change (our own wording, our own canonical URLs), and for each answer a
QuestionnaireResponse to the PSFS and, when the GROC was asked, one to the GROC. Plain FHIR
JSON; reports.fhir puts them in the Bundle, which validates them with fhir.resources.

The texts (titles, descriptions, questions, anchors) are in the export's language; names,
link ids, canonical URLs and versions are the same in every language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from footwork.core import questionnaires as q
from footwork.core.language import UNTRANSLATED, Translator

Json = dict[str, Any]

PSFS_VERSION = "1"
GROC_VERSION = "1"


def questionnaire_resources(
    answers: Sequence[q.QuestionnaireAnswer],
    patient_url: str,
    *,
    base: str,
    make_id: Any,
    text: Translator = UNTRANSLATED,
) -> list[Json]:
    """The two Questionnaires (only when there are answers) and the responses, oldest first.
    `make_id(*parts)` gives stable resource ids, `base` our canonical URL prefix, `text` the
    export's language."""
    if not answers:
        return []
    psfs = _psfs_questionnaire(base, make_id, text)
    groc = _groc_questionnaire(base, make_id, text)
    found: list[Json] = [psfs, groc]
    for answer in sorted(answers, key=lambda a: (a.answered_at, a.id)):
        found.append(_psfs_response(answer, patient_url, psfs, make_id))
        if answer.groc is not None:
            found.append(_groc_response(answer, patient_url, groc, make_id))
    return found


def _canonical(resource: Json) -> str:
    return f"{resource['url']}|{resource['version']}"


def _psfs_questionnaire(base: str, make_id: Any, text: Translator) -> Json:
    _ = text.gettext
    return {
        "resourceType": "Questionnaire",
        "id": make_id("Questionnaire", "psfs", PSFS_VERSION),
        "url": f"{base}/Questionnaire/psfs",
        "version": PSFS_VERSION,
        "name": "PatientSpecificFunctionalScale",
        "title": _("Patient-Specific Functional Scale (Footwork's wording)"),
        "status": "active",
        "subjectType": ["Patient"],
        "description": _(
            "Up to five activities the patient names, each scored 0 (cannot do it at all) "
            "to 10 (as well as before the problem); the score is the mean. After Stratford "
            "et al., Physiotherapy Canada 1995."
        ),
        "item": [
            {
                "linkId": "activity",
                "type": "group",
                "text": _(q.PSFS_QUESTION),
                "repeats": True,
                "required": True,
                "item": [
                    {
                        "linkId": "activity-name",
                        "type": "string",
                        "text": _("The activity, in the patient's own words"),
                        "required": True,
                        "maxLength": q.MAX_ACTIVITY_CHARS,
                    },
                    {
                        "linkId": "activity-score",
                        "type": "integer",
                        "text": _("How well the patient can do it today: {anchors}").format(
                            anchors="; ".join(map(_, q.PSFS_ANCHORS))
                        ),
                        "required": True,
                    },
                ],
            },
            {
                "linkId": "psfs-mean",
                "type": "decimal",
                "text": _("PSFS score: the mean of the activity scores"),
                "readOnly": True,
            },
        ],
    }


def _groc_questionnaire(base: str, make_id: Any, text: Translator) -> Json:
    _ = text.gettext
    return {
        "resourceType": "Questionnaire",
        "id": make_id("Questionnaire", "groc", GROC_VERSION),
        "url": f"{base}/Questionnaire/groc",
        "version": GROC_VERSION,
        "name": "GlobalRatingOfChange",
        "title": _("Global Rating of Change, 11 points (Footwork's wording)"),
        "status": "active",
        "subjectType": ["Patient"],
        "description": _(
            "One question on the overall change since the exercises started, from -5 "
            "(very much worse) to +5 (very much better). See Kamper et al., J Man Manip "
            "Ther 2009. Asked from the second questionnaire on."
        ),
        "item": [
            {
                "linkId": "groc",
                "type": "integer",
                "text": " ".join([_(q.GROC_QUESTION), "; ".join(map(_, q.GROC_ANCHORS))]),
                "required": True,
            }
        ],
    }


def _response(
    kind: str, answer: q.QuestionnaireAnswer, patient_url: str, questionnaire: Json, make_id: Any
) -> Json:
    return {
        "resourceType": "QuestionnaireResponse",
        "id": make_id("QuestionnaireResponse", kind, answer.id),
        "identifier": {"system": f"{questionnaire['url']}/answers", "value": answer.id},
        "questionnaire": _canonical(questionnaire),
        "status": "completed",
        "subject": {"reference": patient_url},
        "authored": answer.answered_at.isoformat(),
        "author": {"reference": patient_url},
        "source": {"reference": patient_url},
    }


def _psfs_response(
    answer: q.QuestionnaireAnswer, patient_url: str, questionnaire: Json, make_id: Any
) -> Json:
    response = _response("psfs", answer, patient_url, questionnaire, make_id)
    response["item"] = [
        {
            "linkId": "activity",
            "item": [
                {"linkId": "activity-name", "answer": [{"valueString": item.activity}]},
                {"linkId": "activity-score", "answer": [{"valueInteger": item.score}]},
            ],
        }
        for item in answer.psfs
    ] + [{"linkId": "psfs-mean", "answer": [{"valueDecimal": round(answer.mean, 2)}]}]
    return response


def _groc_response(
    answer: q.QuestionnaireAnswer, patient_url: str, questionnaire: Json, make_id: Any
) -> Json:
    response = _response("groc", answer, patient_url, questionnaire, make_id)
    response["item"] = [{"linkId": "groc", "answer": [{"valueInteger": answer.groc}]}]
    return response
