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


class CredentialError(ValueError):
    """A user name or password that the rules refuse; the message says why."""


def _script(ch: str) -> str:
    """A letter's script, from its Unicode name ('LATIN SMALL LETTER A' -> 'LATIN')."""
    first = unicodedata.name(ch, "UNKNOWN").split()[0]
    return SCRIPT_FAMILIES.get(first, first)


def normalise_username(raw: str) -> str:
    """The user name as stored and compared: NFKC, case-folded, trimmed; or CredentialError."""
    name = unicodedata.normalize("NFKC", raw).casefold().strip()
    name = unicodedata.normalize("NFKC", name)  # case-folding can undo NFKC (e.g. 'ẞ')
    if not 1 <= len(name) <= MAX_USERNAME:
        raise CredentialError(f"user name: give 1 to {MAX_USERNAME} characters")
    scripts = set()
    for ch in name:
        category = unicodedata.category(ch)
        if category.startswith("L"):
            scripts.add(_script(ch))
        elif category.startswith("M") or category == "Nd" or ch in USERNAME_SYMBOLS:
            continue
        elif category in ("Cf", "Cc", "Co", "Cn", "Cs") or category.startswith("Z"):
            raise CredentialError(
                f"user name: invisible or blank characters are not allowed (U+{ord(ch):04X})"
            )
        else:
            raise CredentialError(f"user name: use letters, digits and . _ - @ + only, not {ch!r}")
    if len(scripts) > 1:
        raise CredentialError(
            "user name: mix no alphabets (e.g. Latin with Cyrillic letters that look alike): "
            + ", ".join(sorted(s.title() for s in scripts))
        )
    return name


def check_password(password: str, *, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a short, common or trivial password (CredentialError says why)."""
    if len(password) < MIN_PASSWORD:
        raise CredentialError(f"password: give at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise CredentialError(f"password: give at most {MAX_PASSWORD} characters")
    if not password.strip():
        raise CredentialError("password: it cannot be only spaces")
    # Imported here: loading its word lists takes a moment that only setting a password needs.
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]

    inputs = [word for word in user_inputs if word]
    estimate = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=inputs)
    if estimate["score"] < MIN_SCORE:
        feedback = estimate["feedback"]
        reasons = [feedback.get("warning") or "It would be easy to guess."]
        reasons += feedback.get("suggestions") or [
            "Add another word or two. Uncommon words are better."
        ]
        raise CredentialError("password: too easy to guess. " + " ".join(reasons))
