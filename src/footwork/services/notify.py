"""Delivering reminders: a desktop notification, an e-mail, or a line on the screen."""

from __future__ import annotations

import shutil
import smtplib
import subprocess
from email.message import EmailMessage

from footwork.config import Settings


class DeliveryError(RuntimeError):
    """A reminder could not be delivered; the message says why."""


def desktop_notify(title: str, body: str) -> None:
    """Show a desktop notification with notify-send (libnotify)."""
    executable = shutil.which("notify-send")
    if executable is None:
        raise DeliveryError("notify-send is not installed (apt install libnotify-bin)")
    result = subprocess.run(
        [executable, "--app-name=Footwork", title, body], capture_output=True, text=True, timeout=10
    )
    if result.returncode != 0:
        raise DeliveryError(f"notify-send failed: {result.stderr.strip() or result.returncode}")


def send_email(settings: Settings, *, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail through the configured SMTP server."""
    if not settings.smtp_host:
        raise DeliveryError("e-mail is not configured: set FOOTWORK_SMTP_HOST")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"could not send e-mail to {to}: {error}") from error
