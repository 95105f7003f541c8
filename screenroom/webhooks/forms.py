from typing import Any

from django import forms

from screenroom.webhooks.delivery import url_problem
from screenroom.webhooks.models import WEBHOOK_EVENTS

EVENT_LABELS = {
    "invitation.sent": "invitation.sent — the invitation email was sent",
    "stage.completed": "stage.completed — a candidate finished a stage",
    "candidate.disqualified": "candidate.disqualified — a dealbreaker disqualified a candidate",
    "report.ready": "report.ready — a candidate's report is complete",
}


class EndpointForm(forms.Form):
    url = forms.URLField(
        label="Endpoint URL",
        max_length=500,
        assume_scheme="https",
        help_text="We POST JSON here, signed with the endpoint's secret.",
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[(e, EVENT_LABELS[e]) for e in WEBHOOK_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to receive every event, including ones added later.",
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        problem = url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs["placeholder"] = "https://example.com/hooks/screenroom"
