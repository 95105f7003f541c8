from __future__ import annotations

from typing import Any

from django import forms

from screenroom.jobs.models import DEFAULT_DISQUALIFIED_MESSAGE, DisqualifiedBehavior, Job
from screenroom.jobs.services import JOB_FIELDS


class JobForm(forms.ModelForm):
    link_expiry_days = forms.IntegerField(
        label="Invitation links expire after (days)",
        min_value=1,
        max_value=365,
        initial=Job._meta.get_field("link_expiry_days").default,
    )
    reminder_after_days = forms.IntegerField(
        label="Remind candidates who have not finished after (days)",
        min_value=1,
        max_value=60,
        initial=Job._meta.get_field("reminder_after_days").default,
    )
    reminder_max = forms.IntegerField(
        label="Send at most this many reminders (0 = never)",
        min_value=0,
        max_value=10,
        initial=Job._meta.get_field("reminder_max").default,
    )

    class Meta:
        model = Job
        fields = JOB_FIELDS
        labels = {
            "title": "Job title",
            "remote": "Remote work possible",
            "employment_type": "Employment type",
            "salary_min": "Salary from (optional)",
            "salary_max": "Salary up to (optional)",
            "salary_currency": "Currency",
            "welcome_message": "Welcome message (optional; replaces your organization's for this job)",
            "disqualified_behavior": "When a candidate fails a dealbreaker",
            "disqualified_message": "Message shown to a candidate who does not meet the requirements",
        }
        help_texts = {"welcome_message": "", "location": "City and region, or leave empty if fully remote."}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "welcome_message": forms.Textarea(attrs={"rows": 3}),
            "disqualified_message": forms.Textarea(attrs={"rows": 3}),
            "disqualified_behavior": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disqualified_message"].required = False

    def clean_salary_currency(self) -> str:
        value = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if value and (len(value) != 3 or not value.isalpha()):
            raise forms.ValidationError("Use a three-letter currency code, such as USD or EUR.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The top of the salary range is below its bottom.")
        if not (data.get("location") or "").strip() and not data.get("remote"):
            self.add_error("location", "Give a location, or tick “Remote work possible”.")
        message = (data.get("disqualified_message") or "").strip()
        if not message:
            if data.get("disqualified_behavior") == DisqualifiedBehavior.SHOW_MESSAGE:
                self.add_error("disqualified_message", "Write the message the candidate will see.")
            else:
                # Kept for the day the recruiter switches back to showing a message.
                data["disqualified_message"] = DEFAULT_DISQUALIFIED_MESSAGE
        return data


class StageAddForm(forms.Form):
    kind = forms.ChoiceField(label="Stage type")
    name = forms.CharField(label="Name (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]


class StageSettingsForm(forms.Form):
    name = forms.CharField(label="Stage name", max_length=200)
    enforce_criteria = forms.BooleanField(label="Enforce criteria", required=False)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class ReorderForm(forms.Form):
    """The new order from a drag, as comma-separated ids (SortableJS posts it through HTMX)."""

    order = forms.CharField(max_length=5000)

    def ids(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["order"].split(",") if part.strip()]
