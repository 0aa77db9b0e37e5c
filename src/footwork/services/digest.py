"""The daily e-mail to each clinician about new flags on their own patients, when SMTP is
set up (`footwork clinic digest`, from cron). A flag is new when the clinician's last digest
did not know it and nobody has acknowledged it. The e-mail gives counts and a link, never a
patient's name or figures: e-mail is not a safe place for health data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import get_args

from footwork.config import Settings
from footwork.core.care import FlagName
from footwork.core.triage import LEVEL_WORDS
from footwork.services.care import patients_of
from footwork.services.clinic_day import FlagView, list_days
from footwork.services.notify import send_email
from footwork.store.accounts import Account
from footwork.store.flags import digested, save_digested
from footwork.store.repository import Store

FLAG_TITLES: dict[str, str] = {
    "low_adherence": "low adherence",
    "pain_up": "pain up",
    "quiet": "no recent session",
}
MAX_PATIENTS = 100_000


@dataclass(frozen=True, slots=True)
class Digest:
    new: list[FlagView]
    """Flags up on the clinician's own patients that the last digest did not know."""


def new_flags(
    store: Store, clinician: Account, *, now: datetime
) -> tuple[Digest, set[tuple[str, str]]]:
    """The clinician's new, unacknowledged flags, and every flag now up (to remember)."""
    up: dict[tuple[str, str], FlagView] = {}
    for flag in get_args(FlagName):
        page = patients_of(store, clinician, now=now, flag=flag, limit=MAX_PATIENTS)
        rows = [r for r in page.rows if r.clinician_name == clinician.username]
        for person_id, day in list_days(store, rows, now=now).items():
            for view in day.flags:
                if view.flag == flag and view.ack is None:
                    up[(person_id, flag)] = view
    known = digested(store, clinician.id)
    return Digest([v for key, v in sorted(up.items()) if key not in known]), set(up)


def digest_text(digest: Digest, *, link: str) -> str:
    """The e-mail's body: counts by level and by flag, and where to look."""
    levels = Counter(v.severity.level for v in digest.new)
    kinds: Counter[str] = Counter(v.flag for v in digest.new)
    lines = [
        f"{len(digest.new)} new flag{'' if len(digest.new) == 1 else 's'} on your patients since "
        "the last digest:",
        "",
    ]
    lines += [f"  {levels[level]} {words}" for level, words in LEVEL_WORDS.items() if levels[level]]
    lines += [""] + [f"  {kinds[k]} {FLAG_TITLES[k]}" for k in FLAG_TITLES if kinds[k]]
    lines += ["", f"See who and why on your patient list: {link}", ""]
    return "\n".join(lines)


def send_digest(
    store: Store, settings: Settings, clinician: Account, *, to: str, link: str, now: datetime
) -> int:
    """E-mail the clinician their new flags (nothing when there are none); the number of new
    flags. DeliveryError when SMTP is not set up or the server refuses; then nothing is
    remembered, so the next run tries again."""
    digest, up = new_flags(store, clinician, now=now)
    if digest.new:
        send_email(
            settings,
            to=to,
            subject=f"Footwork: {len(digest.new)} new flag{'' if len(digest.new) == 1 else 's'}",
            body=digest_text(digest, link=link),
        )
    save_digested(store, clinician.id, up, now=now)
    return len(digest.new)
