from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from screenroom.accounts.forms import OrganizationForm, SignupForm
from screenroom.orgs.middleware import SESSION_ORG_KEY
from screenroom.orgs.services import organization_create


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            org = organization_create(name=form.cleaned_data["organization_name"], owner=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SESSION_ORG_KEY] = org.pk
        messages.success(request, f"Welcome! {org.name} is ready. Create your first job.")
        return redirect("dashboard:home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def create_organization(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = organization_create(name=form.cleaned_data["name"], owner=request.user)  # type: ignore[arg-type]
        request.session[SESSION_ORG_KEY] = org.pk
        return redirect("dashboard:home")
    return render(request, "accounts/create_organization.html", {"form": form})
