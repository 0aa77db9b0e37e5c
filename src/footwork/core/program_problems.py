"""What is wrong with a program file, in sentences a shell can say in any language.

A problem found by pydantic carries a type and its values (`ctx`); the sentence for each type
is here, marked for the catalogue, so that `explain_validation_error` returns `Message`s: the
English text as pydantic (or our validators) wrote it, and the template and values for the
terminal and the web pages to translate. No catalogue is read here.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from footwork.core.language import N_, Message, Plural

# pydantic's own wording of the problems a program file can have, by error type. Types not
# listed are shown in pydantic's English.
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "string_type": N_("Input should be a valid string"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "literal_error": N_("Input should be {expected}"),
    "list_type": N_("Input should be a valid list"),
    "tuple_type": N_("Input should be a valid tuple"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "union_tag_invalid": N_(
        "Input tag '{tag}' found using {discriminator} does not match any of the expected "
        "tags: {expected_tags}"
    ),
    "union_tag_not_found": N_("Unable to extract tag using discriminator {discriminator}"),
}
# Plural ones: (the message, the ctx value that counts).
PYDANTIC_PLURALS: dict[str, tuple[Plural, str]] = {
    "string_too_short": (
        Plural(
            "String should have at least {min_length} character",
            "String should have at least {min_length} characters",
        ),
        "min_length",
    ),
    "string_too_long": (
        Plural(
            "String should have at most {max_length} character",
            "String should have at most {max_length} characters",
        ),
        "max_length",
    ),
    "too_short": (
        Plural(
            "should have at least {min_length} item, not {actual_length}",
            "should have at least {min_length} items, not {actual_length}",
        ),
        "min_length",
    ),
    "too_long": (
        Plural(
            "should have at most {max_length} item, not {actual_length}",
            "should have at most {max_length} items, not {actual_length}",
        ),
        "max_length",
    ),
}

# Our own checks (raised with `invalid`), by error type.
OWN_MESSAGES: dict[str, str] = {
    "side_twice": N_("sides: each side may appear once"),
    "direction_twice": N_("directions: each direction may appear once"),
    "rest_needed": N_("rest_s: must be greater than 0 when there is more than one rep"),
    "times_range": N_("times_max: must not be less than times"),
    "assumed_unknown": N_("assumed: unknown field(s) {fields}"),
    "id_twice": N_("exercises: id '{id}' appears more than once"),
    "translation_language": N_("unknown language '{given}' (one of {known})"),
    "translation_lines": N_(
        "{code}.{field} has {given} line(s), the exercise has {own}: translate each line, in "
        "the same order"
    ),
}

_FREQUENCY_TAGS = frozenset({"per_day", "per_week", "every_n_days", "weekdays"})


def invalid(kind: str, **values: Any) -> PydanticCustomError:
    """The error a validator raises for one of OWN_MESSAGES."""
    return PydanticCustomError(kind, OWN_MESSAGES[kind], values)


def problem_message(problem: Any) -> Message:
    """One pydantic problem (an item of `ValidationError.errors()`) as a Message; its English
    is pydantic's own text."""
    kind, values = problem["type"], dict(problem.get("ctx") or {})
    english = problem["msg"]
    if kind in OWN_MESSAGES:
        return Message(OWN_MESSAGES[kind], values, english=english)
    if kind in PYDANTIC_MESSAGES:
        return Message(PYDANTIC_MESSAGES[kind], values, english=english)
    if kind in PYDANTIC_PLURALS and isinstance(values.get(PYDANTIC_PLURALS[kind][1]), int):
        plural, counted = PYDANTIC_PLURALS[kind]
        return Message(
            plural.one, values, plural=plural.many, number=values[counted], english=english
        )
    return Message(english, english=english)


def explain_validation_error(error: ValidationError, data: object) -> list[str]:
    """One line per problem, naming the exercise by id and the field by dotted path.

    `data` is the raw input that failed, used to turn list indexes into exercise ids. Each
    line is a Message (a str in English; `say` it for another language).
    """
    lines: list[str] = []
    for problem in error.errors():
        loc = list(problem["loc"])
        exercise = None
        if len(loc) >= 2 and loc[0] == "exercises" and isinstance(loc[1], int):
            exercise = _exercise_label(data, loc[1])
            loc = loc[2:]
        # Discriminated unions add the tag to the path ('frequency', 'per_day', 'times').
        field = ".".join(str(part) for part in loc if part not in _FREQUENCY_TAGS)
        value = problem.get("input")
        shown = problem["type"] != "missing" and not isinstance(value, dict | list)
        values: dict[str, object] = {
            "field": field or Message(N_("program")),
            "problem": problem_message(problem),
        }
        if shown:
            values["value"] = repr(value)
        if exercise is None:
            template = N_("{field}: {problem} (got {value})") if shown else N_("{field}: {problem}")
        else:
            values["exercise"] = exercise
            template = (
                N_("exercise {exercise}: {field}: {problem} (got {value})")
                if shown
                else N_("exercise {exercise}: {field}: {problem}")
            )
        lines.append(Message(template, values))
    return lines


def _exercise_label(data: object, index: int) -> str:
    try:
        exercise_id = data["exercises"][index]["id"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        exercise_id = None
    return repr(exercise_id) if isinstance(exercise_id, str) else f"#{index + 1}"
