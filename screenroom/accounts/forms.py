from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=True, label="Work email")
    organization_name = forms.CharField(max_length=200, label="Company or team name")

    class Meta:
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in or reset your password."
            )
        return email

    def clean_organization_name(self) -> str:
        name = self.cleaned_data["organization_name"].strip()
        if not name:
            raise forms.ValidationError("Enter your company or team name.")
        return name


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=200, label="Company or team name")


class ResetPasswordForm(PasswordResetForm):
    """Also reaches people added by an owner who have not chosen a password yet.

    Django skips accounts without a usable password (meant for single sign-on); here those
    are invited members whose first link expired, and "Forgot your password?" is their way in.
    """

    def get_users(self, email: str) -> Any:
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )


class LoginForm(AuthenticationForm):
    """Log in with the username or the email address (invited members only know their email)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username or email"

    def clean(self) -> dict[str, Any]:
        given = (self.cleaned_data.get("username") or "").strip()
        if "@" in given and not User.objects.filter(username__iexact=given).exists():
            match = User.objects.filter(email__iexact=given).order_by("id").first()
            if match is not None:
                self.cleaned_data["username"] = match.get_username()
        return super().clean()
