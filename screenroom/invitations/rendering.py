"""What a candidate email says: subject, text and HTML parts in the organization's branding."""

from __future__ import annotations

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
from screenroom.portal.branding import FALLBACK_ACCENT, FALLBACK_PRIMARY, normalize_hex, text_on


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
            # The colours land inside style attributes: normalize_hex lets only a plain #rrggbb pass.
            primary = normalize_hex(org.primary_color, FALLBACK_PRIMARY)
            cached = {
                "org": org,
                "job": job,
                "sender_name": org.display_sender,
                "logo_url": absolute(org.logo.url) if org.logo else "",
                "primary": primary,
                "on_primary": text_on(primary),
                "accent": normalize_hex(org.accent_color, FALLBACK_ACCENT),
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
