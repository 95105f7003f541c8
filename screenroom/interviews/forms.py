"""Forms: an organization's AI provider settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django import forms

from screenroom.interviews.models import ProviderKind
from screenroom.interviews.services import ProviderInput


class ProviderForm(forms.Form):
    provider = forms.ChoiceField(
        label="AI provider", choices=ProviderKind.choices, widget=forms.RadioSelect, initial=ProviderKind.NONE
    )
    base_url = forms.CharField(
        label="Base URL (OpenAI-compatible only; empty for OpenAI itself)",
        required=False,
        max_length=500,
        help_text="For example http://127.0.0.1:11434/v1 for Ollama, or your Azure or vLLM endpoint.",
    )
    model = forms.CharField(label="Model", required=False, max_length=200)
    api_key = forms.CharField(
        label="API key",
        required=False,
        max_length=2000,
        # Never rendered back: the page says whether a key is set, and an empty field keeps it.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    clear_key = forms.BooleanField(label="Remove the stored key", required=False)
    timeout_s = forms.FloatField(label="Timeout per call (seconds)", min_value=1, max_value=120, initial=20)

    def __init__(self, *args: Any, has_key: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_key = has_key
        if has_key:
            self.fields["api_key"].label = "Replace the API key (leave empty to keep the stored one)"

    def clean_base_url(self) -> str:
        url = (self.cleaned_data.get("base_url") or "").strip()
        if url:
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise forms.ValidationError("Enter a full URL starting with http:// or https://.")
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        provider = data.get("provider")
        if provider and provider != ProviderKind.NONE:
            if not (data.get("model") or "").strip():
                self.add_error("model", "Enter the model name, such as gpt-4o-mini or claude-sonnet-4-5.")
            key = (data.get("api_key") or "").strip()
            keeps_key = self.has_key and not data.get("clear_key")
            needs_key = provider == ProviderKind.ANTHROPIC or not (data.get("base_url") or "").strip()
            if needs_key and not key and not keeps_key:
                self.add_error("api_key", "This provider needs an API key.")
        return data

    def to_input(self) -> ProviderInput:
        data = self.cleaned_data
        return ProviderInput(
            provider=data["provider"],
            base_url=data.get("base_url") or "",
            model=(data.get("model") or "").strip(),
            api_key=(data.get("api_key") or "").strip(),
            clear_key=bool(data.get("clear_key")),
            timeout_s=data.get("timeout_s") or 20.0,
        )
