from __future__ import annotations

from typing import Any

from django import forms

from screenroom.resumes.config import DEGREE_LABELS, ResumeConfig
from screenroom.resumes.corrections import FIELDS

SKILL_YEARS_HELP = "Skill: years, separated by commas, e.g. Python: 3, SQL: 2"


def _csv(values: list[str]) -> str:
    return ", ".join(values)


class ResumeSettingsForm(forms.Form):
    intro = forms.CharField(
        label="Instructions for the candidate",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    min_total_years = forms.FloatField(
        label="Minimum total years of experience", required=False, min_value=0, max_value=60
    )
    min_skill_years = forms.CharField(
        label="Minimum years in a skill", required=False, max_length=1000, help_text=SKILL_YEARS_HELP
    )
    required_skills_all = forms.CharField(
        label="Required skills: all of", required=False, max_length=2000, help_text="Separated by commas"
    )
    required_skills_any = forms.CharField(
        label="Required skills: at least one of",
        required=False,
        max_length=2000,
        help_text="Separated by commas",
    )
    preferred_skills = forms.CharField(
        label="Preferred skills (score points, never disqualify)", required=False, max_length=2000
    )
    min_degree = forms.ChoiceField(
        label="Minimum degree", required=False, choices=list(DEGREE_LABELS.items())
    )
    credentials_any = forms.CharField(
        label="Certification or licence (any of)", required=False, max_length=1000
    )
    locations = forms.CharField(
        label="Accepted locations",
        required=False,
        max_length=1000,
        help_text="e.g. Austin, TX; TX; US; Berlin — separated by commas",
    )
    remote_ok = forms.BooleanField(label="Remote work is allowed", required=False)
    remote_regions = forms.CharField(
        label="Remote only from these regions",
        required=False,
        max_length=1000,
        help_text="Empty: from anywhere",
    )
    work_authorization = forms.CharField(
        label="Must be authorized to work in (country)",
        required=False,
        max_length=60,
        help_text="e.g. US, UK, Germany",
    )
    sponsorship_available = forms.BooleanField(label="Visa sponsorship is available", required=False)
    min_score = forms.IntegerField(
        label="Minimum resume score (0–100)", required=False, min_value=0, max_value=100
    )

    @classmethod
    def for_config(cls, config: ResumeConfig) -> ResumeSettingsForm:
        return cls(
            initial={
                "intro": config.intro,
                "min_total_years": config.min_total_years,
                "min_skill_years": ", ".join(f"{k}: {v:g}" for k, v in config.min_skill_years.items()),
                "required_skills_all": _csv(config.required_skills_all),
                "required_skills_any": _csv(config.required_skills_any),
                "preferred_skills": _csv(config.preferred_skills),
                "min_degree": config.min_degree,
                "credentials_any": _csv(config.credentials_any),
                "locations": _csv(config.locations),
                "remote_ok": config.remote_ok,
                "remote_regions": _csv(config.remote_regions),
                "work_authorization": config.work_authorization,
                "sponsorship_available": config.sponsorship_available,
                "min_score": config.min_score,
            }
        )

    def clean_min_skill_years(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for part in (self.cleaned_data.get("min_skill_years") or "").split(","):
            if not part.strip():
                continue
            name, sep, years = part.rpartition(":")
            if not sep or not name.strip():
                raise forms.ValidationError(f"“{part.strip()}” is not in the form Skill: years.")
            try:
                out[name.strip()] = float(years.strip().replace(",", "."))
            except ValueError:
                raise forms.ValidationError(f"“{years.strip()}” is not a number of years.") from None
        return out

    def config_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label="Field", choices=list(FIELDS.items()))
    value = forms.CharField(label="Corrected value", required=False, max_length=2000)
    reason = forms.CharField(
        label="Reason (kept in the audit log)", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    send_email = forms.BooleanField(
        label="Email each candidate their invitation as they are added", required=False, initial=True
    )


class ReviewForm(forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=200)
    email = forms.CharField(label="Email", required=False, max_length=254)
    phone = forms.CharField(label="Phone (optional)", required=False, max_length=40)
