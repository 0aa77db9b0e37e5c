"""A yes/no question in the terminal's language: Rich's Confirm with the answer keys of the
catalogue ("[j/n]" in German), which takes the English y and n as well."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, InvalidResponse
from rich.text import Text

from footwork.core.language import N_, UNTRANSLATED, Translator

# Translators: the key a person types for "yes" at a yes/no question in the terminal, one
# lower-case letter (German "j"); the English "y" is taken too. It must differ from "no".
YES = N_("y")
# Translators: the key a person types for "no" at a yes/no question in the terminal, one
# lower-case letter; the English "n" is taken too. It must differ from "yes".
NO = N_("n")
# Translators: after an answer that is neither key; {yes} and {no} are the keys.
NEITHER = N_("Please type {yes} or {no}")


class Ask(Confirm):
    """Confirm whose choices, default and complaint are in `text`'s language."""

    def __init__(
        self, prompt: str | Text, *, console: Console, text: Translator = UNTRANSLATED
    ) -> None:
        super().__init__(prompt, console=console)
        yes, no = text.gettext(YES).strip().lower(), text.gettext(NO).strip().lower()
        self.choices = [yes, no]
        self.yes_keys = {yes, YES} - {NO}
        self.no_keys = {no, NO} - {YES}
        complaint = text.gettext(NEITHER).format(yes=yes, no=no)
        self.validate_error_message = "[prompt.invalid]" + escape(complaint)

    def check_choice(self, value: str) -> bool:
        return value.strip().lower() in self.yes_keys | self.no_keys

    def process_response(self, value: str) -> bool:
        value = value.strip().lower()
        if value in self.yes_keys:
            return True
        if value in self.no_keys:
            return False
        raise InvalidResponse(self.validate_error_message)


def confirm(
    prompt: str | Text, *, console: Console, text: Translator = UNTRANSLATED, default: Any = ...
) -> Any:
    """The answer (True or False); `default` for an empty answer (Rich's rule: none with `...`)."""
    return Ask(prompt, console=console, text=text)(default=default)
