from django import forms

from screenroom.dashboard.selectors import DEFAULT_SORT, PAGE_SIZES, SORTS


class DecisionForm(forms.Form):
    ACTIONS = (
        ("override", "Override the disqualification"),
        ("advance", "Advance"),
        ("reject", "Reject"),
    )

    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason: it is kept in the timeline and the audit log."},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason: it is kept in the timeline and the audit log.")
        return reason


class CandidateFilterForm(forms.Form):
    """The list's query string. Unknown values fall back to defaults instead of failing the page."""

    q = forms.CharField(required=False, max_length=200, label="Search name or email")
    status = forms.ChoiceField(required=False, label="Status")
    stage = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Current stage")
    sort = forms.ChoiceField(required=False, choices=[(k, v[0]) for k, v in SORTS.items()], label="Sort by")
    per_page = forms.TypedChoiceField(
        required=False,
        coerce=int,
        choices=[(n, str(n)) for n in PAGE_SIZES],
        empty_value=None,
        label="Per page",
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    def __init__(
        self,
        *args: object,
        status_choices: list[tuple[str, str]],
        stage_choices: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["status"].choices = [("", "Any status"), *status_choices]  # type: ignore[attr-defined]
        self.fields["stage"].choices = [("", "Any stage"), *stage_choices]  # type: ignore[attr-defined]

    def value(self, name: str, default: object) -> object:
        """The cleaned value of a field, or the default when it is missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()
        if name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value


__all__ = ["DEFAULT_SORT", "CandidateFilterForm", "DecisionForm"]
