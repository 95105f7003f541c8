from django.urls import path

from screenroom.invitations import views

app_name = "invitations"

urlpatterns = [
    path("jobs/<int:job_id>/invite/", views.invite, name="invite"),
    path("jobs/<int:job_id>/invite/csv/", views.csv_upload, name="import"),
    path("imports/<int:import_id>/", views.import_status, name="import_status"),
    path("applications/<int:application_id>/resend/", views.resend, name="resend"),
    path("applications/<int:application_id>/revoke/", views.revoke, name="revoke"),
]
