import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader
from django.utils import timezone
from django.utils.text import slugify

from screenroom.audit.services import audit_record
from screenroom.core.tokens import new_token, sha256_hex
from screenroom.orgs.branding import ProcessedLogo
from screenroom.orgs.models import ApiToken, Membership, Organization, Role

logger = logging.getLogger(__name__)

API_TOKEN_PREFIX = "sr_"

BRANDING_FIELDS = (
    "primary_color",
    "accent_color",
    "welcome_message",
    "sender_name",
    "privacy_policy_url",
    "accommodation_email",
    "retention_days",
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "org"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organization_create(*, name: str, owner: User) -> Organization:
    org = Organization.objects.create(name=name, slug=_unique_slug(name), sender_name=name)
    Membership.objects.create(organization=org, user=owner, role=Role.OWNER)
    return org


@transaction.atomic
def organization_branding_update(
    *,
    organization: Organization,
    actor: User,
    values: dict[str, Any],
    logo: ProcessedLogo | None = None,
    remove_logo: bool = False,
) -> Organization:
    """Save branding; updated_at moves with every save because portal caches key on it."""
    changed = [name for name in BRANDING_FIELDS if getattr(organization, name) != values[name]]
    for name in BRANDING_FIELDS:
        setattr(organization, name, values[name])
    old_logo = organization.logo.name if organization.logo else ""
    if logo is not None:
        # A fresh name per upload, so browsers and CDNs never serve the previous logo from cache.
        organization.logo.save(f"{organization.pk}-{new_token(6)}.png", logo.content, save=False)
        changed.append("logo")
    elif remove_logo and old_logo:
        organization.logo = ""  # type: ignore[assignment]
        changed.append("logo")
    organization.save(update_fields=[*BRANDING_FIELDS, "logo", "updated_at"])
    if old_logo and organization.logo.name != old_logo:
        # Only once the new state is committed: a rolled-back save must still find its old logo.
        transaction.on_commit(lambda: default_storage.delete(old_logo))
    audit_record(
        organization_id=organization.pk, action="branding.updated", actor=actor, output={"changed": changed}
    )
    return organization


class _SetPasswordEmailForm(PasswordResetForm):
    """Django's reset-link machinery, aimed at one chosen user and loud about delivery failures.

    The stock form skips users without a usable password (exactly the people we invite) and
    logs rather than raises when sending fails; here the owner must know the email did not go.
    """

    def __init__(self, user: User) -> None:
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email: str) -> Any:
        return [self.user]

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name:
            message.attach_alternative(
                loader.render_to_string(html_email_template_name, context), "text/html"
            )
        message.send()


def member_setup_email_send(*, membership: Membership, invited_by: User | None) -> bool:
    """Email a link to choose a password; returns False when the mail server refused it."""
    site = urlsplit(settings.SITE_URL)
    form = _SetPasswordEmailForm(membership.user)
    form.is_valid()
    extra: dict[str, Any] = {
        "organization": membership.organization,
        "role": membership.get_role_display(),
        "invited_by": invited_by,
    }
    try:
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="orgs/emails/member_invite_subject.txt",
            email_template_name="orgs/emails/member_invite_email.txt",
            html_email_template_name="orgs/emails/member_invite_email.html",
            from_email=settings.DEFAULT_FROM_EMAIL,
            extra_email_context=extra,
        )
    except Exception:  # any SMTP or network failure: the member exists, the owner can resend
        logger.exception("member setup email to %s failed", membership.user.email)
        return False
    return True


def _username_for_email(email: str) -> str:
    base = email[:140]
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


@dataclass(frozen=True)
class MemberAddResult:
    membership: Membership
    new_account: bool
    email_sent: bool


def member_add(*, organization: Organization, email: str, role: str, added_by: User) -> MemberAddResult:
    """Add someone by email. Unknown people get an account without a password and a link to set one."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("id").first()
        new_account = user is None
        if user is None:
            user = User(username=_username_for_email(email), email=email)
            user.set_unusable_password()
            user.save()
        elif Membership.objects.filter(organization=organization, user=user).exists():
            raise ValidationError(f"{email} is already a member of {organization.name}.")
        membership = Membership.objects.create(organization=organization, user=user, role=Role(role))
        audit_record(
            organization_id=organization.pk,
            action="member.added",
            actor=added_by,
            output={"user_id": user.pk, "email": email, "role": role, "new_account": new_account},
        )
    # Sent after the commit, so a slow or failing mail server never holds or undoes the membership.
    email_sent = member_setup_email_send(membership=membership, invited_by=added_by) if new_account else True
    return MemberAddResult(membership=membership, new_account=new_account, email_sent=email_sent)


def _lock_and_count_owners(organization: Organization) -> int:
    # Locking the organization row serialises concurrent demotions, so two owners demoting
    # each other at the same moment cannot leave the organization with none.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    return Membership.objects.filter(organization=organization, role=Role.OWNER).count()


LAST_OWNER_MESSAGE = (
    "{name} is the only owner of {org}. Make someone else an owner first, so the organization "
    "is never left without one."
)


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str, actor: User) -> Membership:
    role = Role(role)
    if membership.role == role:
        return membership
    if membership.role == Role.OWNER and _lock_and_count_owners(membership.organization) <= 1:
        raise ValidationError(
            LAST_OWNER_MESSAGE.format(name=membership.user.email, org=membership.organization.name)
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        organization_id=membership.organization_id,
        action="member.role_changed",
        actor=actor,
        output={"user_id": membership.user_id, "from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    if membership.role == Role.OWNER and _lock_and_count_owners(membership.organization) <= 1:
        raise ValidationError(
            LAST_OWNER_MESSAGE.format(name=membership.user.email, org=membership.organization.name)
        )
    audit_record(
        organization_id=membership.organization_id,
        action="member.removed",
        actor=actor,
        output={"user_id": membership.user_id, "role": membership.role},
    )
    membership.delete()


def api_token_create(
    *, organization: Organization, name: str, created_by: User | None = None
) -> tuple[ApiToken, str]:
    raw = API_TOKEN_PREFIX + new_token(30)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organization=organization,
            name=name,
            prefix=raw[:10],
            token_hash=sha256_hex(raw),
            created_by=created_by,
        )
        if created_by is not None:
            audit_record(
                organization_id=organization.pk,
                action="api_token.created",
                actor=created_by,
                output={"token_id": token.pk, "name": name, "prefix": token.prefix},
            )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None = None) -> None:
    if token.revoked_at is not None:
        return  # a double click or a stale tab revokes once
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    if actor is not None:
        audit_record(
            organization_id=token.organization_id,
            action="api_token.revoked",
            actor=actor,
            output={"token_id": token.pk, "name": token.name, "prefix": token.prefix},
        )
