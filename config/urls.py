from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView

from screenroom.core.views import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:home", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("screenroom.accounts.urls")),
    path("app/", include("screenroom.dashboard.urls")),
    path("app/", include("screenroom.jobs.urls")),
    path("app/", include("screenroom.invitations.urls")),
    path("app/", include("screenroom.orgs.urls")),
    path("app/", include("screenroom.webhooks.urls")),
    path("app/", include("screenroom.interviews.urls")),
    path("app/", include("screenroom.resumes.urls")),
    path("c/", include("screenroom.portal.urls")),
    path("c/", include("screenroom.interviews.candidate_urls")),
    path("api/", include("screenroom.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
