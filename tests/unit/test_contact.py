"""Contact details and the links made from them: core.contact."""

from __future__ import annotations

import pytest

from footwork.core.contact import email_problem, mailto_href, phone_problem, tel_href


@pytest.mark.parametrize("phone", ["+49 30 1234567", "(030) 123-456", "0301234567", "112"])
def test_phone_numbers_people_write_pass(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize(
    "phone",
    [
        "",
        "12",
        "call me",
        "+49 30 123;x",
        "javascript:alert(1)",
        "1" * 31,
        '123" onclick="x',
        "+-()",
    ],
)
def test_anything_else_is_named_as_wrong(phone):
    assert phone_problem(phone) is not None
    assert tel_href(phone) is None


def test_the_tel_link_keeps_digits_and_a_leading_plus_only():
    assert tel_href("+49 (30) 123-4567") == "tel:+49301234567"
    assert tel_href("030 123") == "tel:030123"
    assert tel_href(None) is None


@pytest.mark.parametrize("email", ["mae@example.org", "a.b+c@mail.example.co.uk"])
def test_e_mail_addresses_pass_and_make_a_mailto_link(email):
    assert email_problem(email) is None
    assert mailto_href(email) == "mailto:" + email


@pytest.mark.parametrize(
    "email",
    ["", "mae", "mae@", "@example.org", "mae@example", "m ae@example.org",
     "mae@example.org?cc=x@y.z", "javascript:x@y.z", '"><script>@x.org', "a" * 250 + "@x.org"],
)  # fmt: skip
def test_other_e_mail_values_are_refused_and_never_linked(email):
    assert email_problem(email) is not None
    assert mailto_href(email) is None


def test_an_e_mail_address_of_254_characters_passes_and_255_is_refused():
    longest = "a" * 64 + "@" + "b" * 185 + ".org"
    assert len(longest) == 254
    assert email_problem(longest) is None
    assert email_problem("a" * 64 + "@" + "b" * 186 + ".org") == (
        "E-mail: give an address such as name@example.org."
    )


def test_a_phone_number_is_refused_in_these_words():
    assert phone_problem("12a") == (
        "Phone: use digits, spaces, +, ( ) and - only (e.g. +49 30 1234567)."
    )
