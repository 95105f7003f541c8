from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from screenroom.candidates.models import Application
from screenroom.jobs.models import Job
from screenroom.orgs.permissions import viewer_required


@viewer_required
def home(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(organization=request.org).order_by("-created_at")  # type: ignore[attr-defined]
    return render(request, "dashboard/home.html", {"jobs": jobs})


@viewer_required
def settings_home(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/settings.html", {})


@viewer_required
def report(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("job", "candidate"),
        pk=application_id,
        organization=request.org,  # type: ignore[attr-defined]
    )
    return render(request, "dashboard/report.html", {"application": application})
