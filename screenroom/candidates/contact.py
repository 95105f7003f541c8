"""Validate and normalise a candidate's contact details (shared by the form, CSV import and API)."""

from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from email_validator import EmailNotValidError, validate_email


@dataclass
class Contact:
    name: str
    email: str
    phone: str


class ContactError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def clean_contact(name: str, email: str, phone: str = "") -> Contact:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = "Name is required."
    elif len(name) > 200:
        errors["name"] = "Name is longer than 200 characters."
    normalized_email = ""
    try:
        normalized_email = validate_email((email or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        errors["email"] = f"Invalid email: {exc}"
    e164 = ""
    if phone and phone.strip():
        try:
            parsed = phonenumbers.parse(phone.strip(), getattr(settings, "DEFAULT_PHONE_REGION", "US"))
            if not phonenumbers.is_valid_number(parsed):
                raise phonenumbers.NumberParseException(0, "not a valid number")
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            errors["phone"] = f"Invalid phone number: {phone.strip()[:40]}"
    if errors:
        raise ContactError(errors)
    return Contact(name=name, email=normalized_email.lower(), phone=e164)
