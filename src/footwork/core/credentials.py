"""The rules for user names and passwords, as pure functions (no I/O).

User names are normalised (Unicode NFKC, then case-folded), so full-width letters and other
compatibility forms fold into the plain name and cannot stand for a second account. What is
left must be letters, digits and `.`, `_`, `-`, `@`, `+`, with no invisible or control
characters, and all letters in one script: a Cyrillic a (U+0430) inside a Latin name is
refused, as it would look like someone else's name.

Passwords follow NIST SP 800-63B: a minimum length, a check against common and trivial
passwords (zxcvbn's estimate of how many guesses it takes), no composition rules, and any
characters, spaces included.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from footwork.core.language import N_, Refusal

MIN_PASSWORD = 10
MAX_PASSWORD = 500
MIN_SCORE = 3
"""zxcvbn's score from 0 to 4; 3 means about 10^8 guesses or more ("safely unguessable")."""
ESTIMATE_CHARS = 72
"""zxcvbn refuses longer input (its time grows with length): the first 72 characters tell."""
MAX_USERNAME = 80
USERNAME_SYMBOLS = frozenset("._-@+")
# Scripts that are written together: Japanese mixes kanji, hiragana and katakana.
SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "CJK": "CJK"}


class CredentialError(Refusal):
    """A user name or password that the rules refuse; the message says why (`said` in a
    reader's language)."""


# zxcvbn's feedback (zxcvbn/feedback.py), so that our catalogue translates the reasons it
# gives: the package ships no catalogue of its own. tests/unit/test_credentials.py checks
# the list against the installed zxcvbn.
ZXCVBN_FEEDBACK = (
    N_("Add another word or two. Uncommon words are better."),
    N_("Capitalization doesn't help very much."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("This is a top-10 common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Dates are often easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Avoid dates and years that are associated with you."),
)


def _script(ch: str) -> str:
    """A letter's script, from its Unicode name ('LATIN SMALL LETTER A' -> 'LATIN')."""
    first = unicodedata.name(ch, "UNKNOWN").split()[0]
    return SCRIPT_FAMILIES.get(first, first)


def normalise_username(raw: str) -> str:
    """The user name as stored and compared: NFKC, case-folded, trimmed; or CredentialError."""
    name = unicodedata.normalize("NFKC", raw).casefold().strip()
    name = unicodedata.normalize("NFKC", name)  # case-folding can undo NFKC (e.g. 'ẞ')
    if not 1 <= len(name) <= MAX_USERNAME:
        raise CredentialError(N_("user name: give 1 to {count} characters"), count=MAX_USERNAME)
    scripts = set()
    for ch in name:
        category = unicodedata.category(ch)
        if category.startswith("L"):
            scripts.add(_script(ch))
        elif category.startswith("M") or category == "Nd" or ch in USERNAME_SYMBOLS:
            continue
        elif category in ("Cf", "Cc", "Co", "Cn", "Cs") or category.startswith("Z"):
            raise CredentialError(
                N_("user name: invisible or blank characters are not allowed ({code})"),
                code=f"U+{ord(ch):04X}",
            )
        else:
            raise CredentialError(
                N_("user name: use letters, digits and . _ - @ + only, not {character}"),
                character=repr(ch),
            )
    if len(scripts) > 1:
        raise CredentialError(
            N_(
                "user name: mix no alphabets (e.g. Latin with Cyrillic letters that look "
                "alike): {scripts}"
            ),
            scripts=", ".join(sorted(s.title() for s in scripts)),
        )
    return name


def check_password(password: str, *, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a short, common or trivial password (CredentialError says why)."""
    if len(password) < MIN_PASSWORD:
        raise CredentialError(N_("password: give at least {count} characters"), count=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise CredentialError(N_("password: give at most {count} characters"), count=MAX_PASSWORD)
    if not password.strip():
        raise CredentialError(N_("password: it cannot be only spaces"))
    # Imported here: loading its word lists takes a moment that only setting a password needs.
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]

    inputs = [word for word in user_inputs if word]
    estimate = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=inputs)
    if estimate["score"] < MIN_SCORE:
        feedback = estimate["feedback"]
        reasons = [feedback.get("warning") or N_("It would be easy to guess.")]
        reasons += feedback.get("suggestions") or [ZXCVBN_FEEDBACK[0]]
        raise CredentialError(N_("password: too easy to guess."), *reasons)
