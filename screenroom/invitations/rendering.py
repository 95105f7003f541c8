"""What a candidate email says: subject, text and HTML parts in the organization's branding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone

from screenroom.candidates.models import Application
from screenroom.invitations.models import EmailKind
from screenroom.jobs.models import Job
from screenroom.orgs.models import Organization

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_WHITE, _NEAR_BLACK = "#ffffff", "#111418"


@dataclass(frozen=True)
class RenderedEmail:
    to_name: str
    to_address: str
    from_name: str
    from_header: str
    from_address: str
    reply_to: str
    subject: str
    text: str
    html: str

    @property
    def to_header(self) -> str:
        return formataddr((self.to_name, self.to_address))


def _safe_color(value: str, fallback: str) -> str:
    # The colour lands inside a style attribute: only a plain #rrggbb may pass.
    return value.lower() if _HEX.match(value or "") else fallback


def _luminance(color: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_on(background: str) -> str:
    """White or near-black, whichever has the higher WCAG contrast on the button colour."""
    lum = _luminance(background)
    on_white = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(_NEAR_BLACK) + 0.05)
    return _WHITE if on_white >= on_dark else _NEAR_BLACK


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def personal_link(application: Application) -> str:
    # Built by hand (not reverse()) so emails never depend on the portal's URLconf being loaded.
    return f"{settings.SITE_URL}/c/{application.token}/"


class EmailRenderer:
    """Renders many emails quickly: everything that is the same for one job is computed once."""

    def __init__(self) -> None:
        self._templates: dict[tuple[str, str], Any] = {
            (kind, part): get_template(f"invitations/email/{kind}.{part}")
            for kind in (EmailKind.INVITATION, EmailKind.REMINDER)
            for part in ("txt", "html")
        }
        self._job_context: dict[int, dict[str, Any]] = {}
        self._from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@localhost"

    def _for_job(self, job: Job) -> dict[str, Any]:
        cached = self._job_context.get(job.pk)
        if cached is None:
            org: Organization = job.organization
            primary = _safe_color(org.primary_color, "#1f4e8c")
            cached = {
                "org": org,
                "job": job,
                "sender_name": org.display_sender,
                "logo_url": absolute(org.logo.url) if org.logo else "",
                "primary": primary,
                "on_primary": _text_on(primary),
                "accent": _safe_color(org.accent_color, "#0b6e4f"),
                "welcome_message": job.welcome_message or org.welcome_message,
                "location": job.location_label,
                "privacy_policy_url": org.privacy_policy_url,
                "accommodation_email": org.accommodation_email,
                "from_header": formataddr((org.display_sender, self._from_address)),
            }
            self._job_context[job.pk] = cached
        return cached

    def render(self, *, application: Application, kind: str) -> RenderedEmail:
        job_context = self._for_job(application.job)
        link = personal_link(application)
        context = {
            **job_context,
            "candidate_name": application.candidate.name,
            "link": link,
            "accommodation_link": link + "accommodation/",
            "expires_at": timezone.localtime(application.expires_at),
            "reminder_number": application.reminders_sent,
        }
        org_name = job_context["org"].name
        role = application.job.title
        if kind == EmailKind.REMINDER:
            subject = f"Reminder: your screening for {role} at {org_name}"
        else:
            subject = f"Your next step for {role} at {org_name}"
        return RenderedEmail(
            to_name=application.candidate.name,
            to_address=application.candidate.email,
            from_name=job_context["sender_name"],
            from_header=job_context["from_header"],
            from_address=self._from_address,
            reply_to=job_context["accommodation_email"],
            subject=subject,
            text=self._templates[(kind, "txt")].render(context),
            html=self._templates[(kind, "html")].render(context),
        )
