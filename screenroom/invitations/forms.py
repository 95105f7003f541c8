from typing import Any

from django import forms
from django.conf import settings

from screenroom.candidates.contact import Contact, ContactError, clean_contact


class InviteForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.CharField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label="Phone (optional)",
        required=False,
        max_length=40,
        help_text="With the country code if outside the default region, e.g. +44 20 7946 0958.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    contact: Contact

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.contact = clean_contact(data.get("name", ""), data.get("email", ""), data.get("phone", ""))
        except ContactError as exc:
            # Every field's problem at once, without repeating one Django already reported.
            for field, message in exc.errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: name, email, phone (optional), with a header row. UTF-8; commas or semicolons.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_CSV_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is "
                f"{settings.MAX_CSV_BYTES / 1_048_576:.1f} MB. Split it into smaller files."
            )
        return upload
