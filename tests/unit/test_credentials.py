"""The user-name and password rules (footwork.core.credentials): pure, no database."""

from __future__ import annotations

import pytest

from footwork.core.credentials import CredentialError, check_password, normalise_username


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Ana", "ana"),
        ("  dr-Lee ", "dr-lee"),
        ("\uff41\uff4e\uff41", "ana"),  # full-width letters fold to the plain name
        ("STRASSE", "strasse"),
        ("Stra\u00dfe", "strasse"),  # case-folding, not just lower()
        ("jos\u00e9", "jos\u00e9"),
        ("jose\u0301", "jos\u00e9"),  # a combining accent composes
        ("\u043c\u0430\u0440\u0438\u044f", "\u043c\u0430\u0440\u0438\u044f"),  # all Cyrillic
        ("\u3055\u304f\u3089\u5c71", "\u3055\u304f\u3089\u5c71"),  # hiragana with kanji
        ("pat.o_neil+1@x", "pat.o_neil+1@x"),
    ],
)
def test_names_are_normalised(raw: str, stored: str) -> None:
    assert normalise_username(raw) == stored


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("", "1 to 80"),
        ("   ", "1 to 80"),
        ("a" * 81, "1 to 80"),
        ("an\u200ba", "invisible"),  # zero-width space
        ("an\u00ada", "invisible"),  # soft hyphen
        ("ana\u202e", "invisible"),  # right-to-left override
        ("an a", "invisible or blank"),
        ("a\tna", "invisible"),
        ("p\u0430t", "Cyrillic"),  # a Cyrillic a among Latin letters
        ("\u0440aypal", "Latin"),
        ("ana\u2764", "letters, digits"),
        ("<ana>", "letters, digits"),
    ],
)
def test_invisible_mixed_and_odd_names_are_refused(raw: str, why: str) -> None:
    with pytest.raises(CredentialError, match="user name") as error:
        normalise_username(raw)
    assert why in str(error.value)


@pytest.mark.parametrize(
    "password",
    [" " * 10, "aaaaaaaaaa", "password123", "1234567890", "qwertyuiop", "abcabcabcabc", "short"],
)
def test_common_and_trivial_passwords_are_refused_with_a_reason(password: str) -> None:
    with pytest.raises(CredentialError, match=r"^password: ") as error:
        check_password(password)
    assert len(str(error.value)) > len("password: ") + 10


def test_a_password_built_on_the_user_name_is_refused() -> None:
    check_password("florbiquant1")
    with pytest.raises(CredentialError, match="too easy"):
        check_password("florbiquant1", user_inputs=["florbiquant"])


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "tulip orbit 42 lantern", "Zebra-Quilt-Marmalade", "ñandú verde mar"],
)
def test_good_passwords_pass_with_no_composition_rules(password: str) -> None:
    check_password(password)


def test_a_very_long_password_is_refused_by_length_and_estimated_quickly() -> None:
    check_password("kettle drum lantern " + "x" * 400)
    with pytest.raises(CredentialError, match="too easy"):
        check_password("a" * 400)
    with pytest.raises(CredentialError, match="at most"):
        check_password("x" * 501)


def test_the_rules_module_is_pure() -> None:
    import footwork.core.credentials as module

    with open(module.__file__, encoding="utf-8") as file:
        source = file.read()
    assert "sqlalchemy" not in source and "fastapi" not in source and "datetime" not in source


@pytest.mark.parametrize("length", [1, 80])
def test_a_user_name_of_1_to_80_characters_is_taken(length: int):
    assert normalise_username("a" * length) == "a" * length


@pytest.mark.parametrize("raw", ["", "   ", "a" * 81])
def test_a_user_name_outside_1_to_80_characters_is_refused_in_these_words(raw: str):
    with pytest.raises(CredentialError) as error:
        normalise_username(raw)
    assert str(error.value) == "user name: give 1 to 80 characters"


def test_combining_marks_digits_and_symbols_pass_and_every_character_is_checked():
    assert normalise_username("e\u0301-9.x") == "\u00e9-9.x"  # NFKC composes e + acute
    assert normalise_username("a\u0308\u0301") == "\u00e4\u0301"  # a mark left combining
    with pytest.raises(CredentialError, match="not '!'"):
        normalise_username("a.b-1!")  # the bad character comes after symbols and digits


def test_our_catalogue_holds_every_hint_zxcvbn_gives():
    """zxcvbn ships no catalogue for our domain: its feedback texts are listed in ours."""
    import ast

    import zxcvbn.feedback

    from footwork.core.credentials import ZXCVBN_FEEDBACK

    with open(zxcvbn.feedback.__file__, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    given = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
    }
    assert given and given == set(ZXCVBN_FEEDBACK)


def test_a_refusal_is_english_as_written_and_said_in_a_language():
    from footwork.i18n import translator

    with pytest.raises(CredentialError) as short:
        check_password("kurz")
    assert str(short.value) == "password: give at least 10 characters"
    assert short.value.said(translator("de")) == "Passwort: mindestens 10 Zeichen angeben"
    with pytest.raises(CredentialError) as easy:
        check_password("aaaaaaaaaaaa")
    assert str(easy.value).startswith('password: too easy to guess. Repeats like "aaa"')
    assert easy.value.said(translator("es")).startswith(
        "contraseña: demasiado fácil de adivinar. Las repeticiones como «aaa»"
    )


@pytest.mark.parametrize(
    "raw",
    ["ana\ue000", "ana\u0378", "ana\ud800"],  # private use (Co), unassigned (Cn), surrogate (Cs)
)
def test_private_unassigned_and_surrogate_characters_count_as_invisible(raw: str):
    with pytest.raises(CredentialError) as error:
        normalise_username(raw)
    code = f"{ord(raw[-1]):04X}"
    assert str(error.value) == (
        f"user name: invisible or blank characters are not allowed (U+{code})"
    )


def test_mixed_alphabets_are_named_in_order_in_these_words():
    with pytest.raises(CredentialError) as error:
        normalise_username("p\u0430t")
    assert str(error.value) == (
        "user name: mix no alphabets (e.g. Latin with Cyrillic letters that look alike): "
        "Cyrillic, Latin"
    )


def test_letters_without_a_unicode_name_are_one_unknown_script():
    """Tangut ideographs are letters that Python's unicodedata gives no name: a name of them
    alone is taken, and beside Latin letters they are a second alphabet called Unknown."""
    tangut = "\U00017000\U00017001"
    assert normalise_username(tangut) == tangut
    with pytest.raises(CredentialError) as error:
        normalise_username("a" + tangut)
    assert str(error.value).endswith(": Latin, Unknown")


def test_a_password_of_exactly_10_or_500_characters_is_long_enough_and_not_too_long():
    check_password("kT9#vq2!Lp")  # 10 characters, which zxcvbn scores exactly 3
    check_password("kettle drum lantern " + "x" * 480)
    with pytest.raises(CredentialError) as error:
        check_password("kT9#vq2!L")
    assert str(error.value) == "password: give at least 10 characters"
    with pytest.raises(CredentialError) as error:
        check_password("kettle drum lantern " + "x" * 481)
    assert str(error.value) == "password: give at most 500 characters"


def test_a_password_scored_3_passes_and_2_is_refused():
    from zxcvbn import zxcvbn

    assert zxcvbn("kT9#vq2!Lp")["score"] == 3
    check_password("kT9#vq2!Lp")
    assert zxcvbn("zebrakayak")["score"] == 2
    with pytest.raises(CredentialError, match="too easy"):
        check_password("zebrakayak")


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "Tr0ub4dour&3"])
def test_a_weak_password_is_refused_with_zxcvbns_warning_and_every_suggestion(password: str):
    """The warning (or, where zxcvbn gives none, a plain one) and all its suggestions."""
    from zxcvbn import zxcvbn

    feedback = zxcvbn(password)["feedback"]
    assert len(feedback["suggestions"]) >= 2
    warning = feedback["warning"] or "It would be easy to guess."
    with pytest.raises(CredentialError) as error:
        check_password(password)
    assert str(error.value) == " ".join(
        ["password: too easy to guess.", warning, *feedback["suggestions"]]
    )
