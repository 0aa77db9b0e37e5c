"""Commands for the schedule: today, stats, settings, calendar, remind.

`footwork today` should start quickly: on SQLite it reads without SQLAlchemy
(services/personal_today.py), and what only another command needs (the store, Web Push,
iCalendar, e-mail, the balance norms) is imported inside that command."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from footwork.cli import schedule_view
from footwork.cli.common import (
    EXIT_FAILURE,
    fail,
    localized,
    program_for,
    settings_of,
    translator_of,
    write_atomically,
)
from footwork.core.language import ENGLISH
from footwork.core.program import Program
from footwork.core.reminders import Reminder, reminder_text
from footwork.core.schedule import ScheduleSettings, Slot, ZoneChange
from footwork.services.personal_today import personal_today

if TYPE_CHECKING:
    from footwork.store.repository import Store

calendar_app = typer.Typer(help="Your schedule as a calendar.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")]


def today(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """What is due now, later today, done, and where the week stands."""
    program = program_for(ctx)
    status = personal_today(settings_of(ctx), program, now=datetime.now(UTC))
    if as_json:
        from footwork.services.documents import today_document

        doc = today_document(status)
        print(json.dumps(doc, indent=2))
        return
    text = translator_of(ctx)
    language = settings_of(ctx).lang or "en"
    titles = {e.id: e.title for e in localized(ctx, program.exercises)}
    Console().print(schedule_view.today_view(status, titles, text=text, language=language))


def stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Adherence over the last 7 and 30 days, and the current streak."""
    from footwork.services import schedule as schedule_service
    from footwork.services.personal import open_personal

    program = program_for(ctx)
    personal = open_personal(settings_of(ctx))
    figures = schedule_service.stats(
        personal.store, personal.person.id, program, now=datetime.now(UTC)
    )
    if as_json:
        print(json.dumps(schedule_view.stats_json(figures), indent=2))
        return
    titles = {e.id: e.title for e in localized(ctx, program.exercises)}
    Console().print(schedule_view.stats_view(figures, titles, text=translator_of(ctx)))


SLOT_PATTERN = re.compile(r"^([a-z][a-z0-9-]{0,19})=(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def _parse_slot(text: str) -> Slot:
    match = SLOT_PATTERN.match(text.strip().lower())
    if match is None:
        raise fail(f"--slot {text}: expected NAME=HH:MM-HH:MM, e.g. morning=07:00-10:00")
    name, h1, m1, h2, m2 = match.groups()
    try:
        return Slot(name=name, start=time(int(h1), int(m1)), end=time(int(h2), int(m2)))
    except (ValueError, ValidationError) as error:
        message = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        raise fail(f"--slot {text}: {message}") from None


def settings(
    ctx: typer.Context,
    timezone: Annotated[str | None, typer.Option(help="IANA timezone, e.g. Europe/Berlin.")] = None,
    slot: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME=HH:MM-HH:MM",
            help="Your daily slots; give them all, e.g. --slot morning=07:00-10:00.",
        ),
    ] = None,
    email: Annotated[str | None, typer.Option(help="Address for e-mailed reminders.")] = None,
    no_email: Annotated[bool, typer.Option("--no-email", help="Stop e-mailed reminders.")] = False,
    reminders: Annotated[bool | None, typer.Option("--reminders/--no-reminders")] = None,
    repeat_after: Annotated[
        int | None, typer.Option(min=5, max=24 * 60, help="Minutes before a reminder repeats.")
    ] = None,
    birth_year: Annotated[
        int | None, typer.Option(help="Your birth year, to compare your balance with your age.")
    ] = None,
) -> None:
    """Show or change your timezone, slots, reminders and birth year."""
    from footwork.core.balance import birth_year_problem
    from footwork.services.personal import open_personal
    from footwork.store.schedule import (
        change_timezone,
        load_schedule,
        save_settings,
        set_birth_year,
    )

    personal = open_personal(settings_of(ctx))
    store, person_id = personal.store, personal.person.id
    now = datetime.now(UTC)
    if birth_year is not None:
        if problem := birth_year_problem(birth_year, this_year=now.year):
            raise fail(f"--birth-year {birth_year}: {problem}")
        set_birth_year(store, person_id, birth_year)
    if timezone is not None:
        try:
            ZoneChange(effective_from=now, timezone=timezone)
        except ValidationError as error:
            raise fail(f"--timezone: {error.errors()[0]['msg']}") from None
        change_timezone(store, person_id, timezone, now=now)
    new_slots = tuple(_parse_slot(s) for s in slot) if slot else None
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise fail(f"--email: {email!r} does not look like an e-mail address")
    if new_slots is not None:
        try:
            ScheduleSettings(
                slots=new_slots,
                zones=(ZoneChange(effective_from=now, timezone="UTC"),),
                start=now.date(),
            )
        except ValidationError as error:
            raise fail(f"--slot: {error.errors()[0]['msg']}") from None
    if any(v is not None for v in (new_slots, email, reminders, repeat_after)) or no_email:
        save_settings(
            store,
            person_id,
            slots=new_slots,
            email=email,
            clear_email=no_email,
            reminders=reminders,
            repeat_after_min=repeat_after,
        )
    current = load_schedule(store, person_id, now=now)
    text = translator_of(ctx)
    table = Table(title=text.gettext("Your settings"), show_header=False)
    table.add_row(text.gettext("timezone"), current.settings.zones[-1].timezone)
    slots = ", ".join(  # the default names in the language; a name of one's own as typed
        f"{text.gettext(s.name)} {s.start:%H:%M}-{s.end:%H:%M}" for s in current.settings.slots
    )
    table.add_row(text.gettext("slots"), slots)
    table.add_row(text.gettext("program started"), current.settings.start.isoformat())
    table.add_row(
        text.gettext("reminders"), text.gettext("on") if current.reminders else text.gettext("off")
    )
    minutes = int(current.repeat_after.total_seconds() // 60)
    table.add_row(text.gettext("repeat after"), text.gettext("{n} min").format(n=minutes))
    table.add_row(text.gettext("e-mail"), current.email or "-")
    year = store.get_person(person_id).birth_year
    table.add_row(text.gettext("birth year"), str(year) if year else "-")
    Console().print(table)


@calendar_app.command("export")
def calendar_export(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="The .ics file.")] = None,
) -> None:
    """Write your schedule as an iCalendar (.ics) file with alarms."""
    from footwork.reports.calendar import build_calendar
    from footwork.services.personal import open_personal
    from footwork.store.schedule import load_schedule

    program = program_for(ctx)
    personal = open_personal(settings_of(ctx))
    now = datetime.now(UTC)
    schedule = load_schedule(personal.store, personal.person.id, now=now)
    calendar = build_calendar(
        program,
        schedule.settings,
        person_id=personal.person.id,
        stamp=now,
        text=translator_of(ctx),
    )
    text = calendar.to_ical().decode()
    if output is None:
        print(text, end="")
        return
    write_atomically(output, text)
    said = translator_of(ctx).gettext("Calendar written to {path}.").format(path=output)
    Console(stderr=True).print(said, highlight=False, markup=False)


def remind(
    ctx: typer.Context,
    via: Annotated[str, typer.Option(help="desktop, email, push or print.")] = "desktop",
    all_people: Annotated[
        bool,
        typer.Option(
            "--all-people",
            help="Every person with an e-mail address, or with a device (push) (clinics).",
        ),
    ] = False,
) -> None:
    """Send the reminders due now. Run it every few minutes from cron or a systemd timer."""
    if via not in ("desktop", "email", "push", "print"):
        raise fail(f"--via: expected desktop, email, push or print, got {via!r}")
    from footwork.cli import push_reminders  # Web Push and its cryptography: only here
    from footwork.services.personal import open_personal, open_store
    from footwork.store.schedule import load_schedule, people_with_email

    if via == "push":
        push_reminders.remind(ctx, all_people=all_people)
        return
    config = settings_of(ctx)
    now = datetime.now(UTC)
    if all_people:
        if via != "email":
            raise fail("--all-people sends e-mail or push: add --via email or --via push")
        store = open_store(config)
        sent = 0
        for person_id, address in people_with_email(store).items():
            sent += _remind_one(
                ctx,
                store,
                person_id,
                push_reminders.person_program(store, person_id),
                now,
                via,
                address,
            )
        Console().print(_sent(ctx, sent), highlight=False)
        return
    personal = open_personal(config)
    own_address = load_schedule(personal.store, personal.person.id, now=now).email
    if via == "email" and not own_address:
        raise fail("no e-mail address: set one with `footwork settings --email ADDRESS`")
    sent = _remind_one(
        ctx,
        personal.store,
        personal.person.id,
        program_for(ctx),
        now,
        via,
        own_address,
        fallback_language=config.lang or ENGLISH,
    )
    if via != "print":
        Console().print(_sent(ctx, sent), highlight=False)


def _sent(ctx: typer.Context, count: int) -> str:
    said = translator_of(ctx).ngettext("{n} reminder sent.", "{n} reminders sent.", count)
    return said.format(n=count)


def _remind_one(
    ctx: typer.Context,
    store: Store,
    person_id: str,
    program: Program,
    now: datetime,
    via: str,
    address: str | None,
    *,
    fallback_language: str = ENGLISH,
) -> int:
    """Send one person's due reminders, in their chosen language (else `fallback_language`)."""
    from footwork.i18n import translator
    from footwork.services import schedule as schedule_service
    from footwork.services.notify import DeliveryError, desktop_notify, send_email
    from footwork.store.language import chosen_language

    titles = {e.id: e.title for e in program.exercises}
    config = settings_of(ctx)
    text = translator(chosen_language(store, person_id) or fallback_language)

    def deliver(reminder: Reminder) -> None:
        title, body = reminder_text(reminder, titles, text=text)
        if via == "desktop":
            desktop_notify(title, body)
        elif via == "email":
            assert address is not None
            send_email(config, to=address, subject=title, body=body)
        else:
            print(f"{title}\n{body}\n")

    try:
        sent = schedule_service.send_reminders(
            store, person_id, program, now=now, deliver=deliver, channel=via
        )
    except DeliveryError as error:
        raise fail(str(error), EXIT_FAILURE) from None
    return len(sent)
