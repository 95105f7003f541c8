from django.urls import path

from screenroom.orgs import views

app_name = "orgs"

urlpatterns = [
    path("settings/branding/", views.branding, name="branding"),
    path("settings/members/", views.members, name="members"),
    path("settings/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("settings/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("settings/members/<int:membership_id>/resend/", views.member_resend, name="member_resend"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("settings/organization/", views.switch, name="switch"),
]
