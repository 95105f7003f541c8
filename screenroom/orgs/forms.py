from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator

from screenroom.orgs.branding import (
    ProcessedLogo,
    logo_process,
    normalize_hex_color,
    validate_sender_name,
    white_text_contrast_error,
)
from screenroom.orgs.models import ApiToken, Role

COLOR_ATTRS = {
    "pattern": "#[0-9a-fA-F]{6}",
    "maxlength": "7",
    "autocomplete": "off",
    "spellcheck": "false",
    "class": "color-text",
}


class BrandingForm(forms.Form):
    logo = forms.FileField(
        required=False,
        label="Logo",
        help_text="PNG, JPEG or WebP. It is resized to at most 512 pixels and its metadata removed.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")
    primary_color = forms.CharField(
        label="Primary colour",
        help_text="Buttons and the page header; white text sits on it.",
        widget=forms.TextInput(attrs=COLOR_ATTRS),
    )
    accent_color = forms.CharField(
        label="Accent colour",
        help_text="Links and highlights.",
        widget=forms.TextInput(attrs=COLOR_ATTRS),
    )
    welcome_message = forms.CharField(
        label="Welcome message",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the candidate's landing page. A job can override it.",
    )
    sender_name = forms.CharField(
        label="Email sender name",
        required=False,
        max_length=120,
        help_text="The name candidates see in their inbox. Empty uses the organization name.",
    )
    privacy_policy_url = forms.URLField(
        label="Privacy policy URL",
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    accommodation_email = forms.EmailField(
        label="Accommodation contact email",
        required=False,
        help_text="Where candidates can ask for an accommodation or an alternative format.",
    )
    retention_days = forms.IntegerField(
        label="Keep candidate data for (days)",
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text="Between 30 and 3650 days.",
    )

    processed_logo: ProcessedLogo | None = None

    def clean_primary_color(self) -> str:
        color = normalize_hex_color(self.cleaned_data["primary_color"])
        if error := white_text_contrast_error(color, "primary colour"):
            raise forms.ValidationError(error)
        return color

    def clean_accent_color(self) -> str:
        color = normalize_hex_color(self.cleaned_data["accent_color"])
        if error := white_text_contrast_error(color, "accent colour"):
            raise forms.ValidationError(error)
        return color

    def clean_sender_name(self) -> str:
        return validate_sender_name(self.cleaned_data["sender_name"])

    def clean_welcome_message(self) -> str:
        return self.cleaned_data["welcome_message"].strip()

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        # ClearableFileInput gives False when its own "clear" box is ticked; we use remove_logo instead.
        if upload:
            self.processed_logo = logo_process(upload)
        return upload


class MemberAddForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.RECRUITER)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What uses it, for example “Greenhouse sync”.",
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name


class OrganizationSwitchForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)
