import io
import random
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from screenroom.audit.models import AuditEntry
from screenroom.orgs.branding import contrast_ratio, relative_luminance
from screenroom.orgs.models import Organization

URL = reverse("orgs:branding")


def png_bytes(
    size: tuple[int, int] = (64, 32), color: tuple[int, int, int] = (31, 78, 140), **save: object
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG", **save)
    return out.getvalue()


def huge_canvas_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny file whose header claims a gigapixel canvas: what a decompression bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def form_data(org: Organization, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "primary_color": "#1f4e8c",
        "accent_color": "#0b6e4f",
        "welcome_message": "Welcome to Acme!",
        "sender_name": "Acme Hiring",
        "privacy_policy_url": "https://acme.example/privacy",
        "accommodation_email": "access@acme.example",
        "retention_days": 365,
    }
    data.update(overrides)
    return data


def test_contrast_maths_matches_wcag_reference_values():
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == pytest.approx(0.0)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    # #767676 is the well-known lightest grey that passes 4.5:1 on white; #777777 fails.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < 4.5


def test_owner_sees_form_with_live_preview(team, owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="brand-preview"' in body
    assert f"--brand-primary: {team.org.primary_color}" in body
    assert team.org.welcome_message in body
    assert 'for="id_primary_color"' in body and 'for="id_logo"' in body
    assert "Save branding" in body


@pytest.mark.parametrize("who", ["recruiter", "viewer"])
def test_non_owners_see_branding_read_only(team, who):
    response = team.client_for(getattr(team, who)).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Only owners can change the branding" in body
    assert "Save branding" not in body
    assert "<fieldset disabled>" in body


@pytest.mark.parametrize("who", ["recruiter", "viewer"])
def test_non_owners_cannot_save_branding(team, who):
    client = team.client_for(getattr(team, who))
    response = client.post(URL, form_data(team.org, welcome_message="Hijacked"))
    assert response.status_code == 403
    team.org.refresh_from_db()
    assert team.org.welcome_message != "Hijacked"


def test_save_updates_everything_and_bumps_updated_at(team, owner_client):
    before = team.org.updated_at
    response = owner_client.post(
        URL, form_data(team.org, primary_color="#1A2B3C", welcome_message="  Hello there  ")
    )
    assert response.status_code == 302
    team.org.refresh_from_db()
    assert team.org.primary_color == "#1a2b3c"
    assert team.org.welcome_message == "Hello there"
    assert team.org.sender_name == "Acme Hiring"
    assert team.org.privacy_policy_url == "https://acme.example/privacy"
    assert team.org.accommodation_email == "access@acme.example"
    assert team.org.updated_at > before
    entry = AuditEntry.objects.get(organization=team.org, action="branding.updated")
    assert entry.actor == team.owner and "primary_color" in entry.output["changed"]


def test_logo_upload_accepts_real_png_and_strips_it_down(team, owner_client):
    big = png_bytes((1600, 800), pnginfo=None)
    upload = SimpleUploadedFile("logo.png", big, content_type="image/png")
    response = owner_client.post(URL, {**form_data(team.org), "logo": upload})
    assert response.status_code == 302, response.content.decode()
    team.org.refresh_from_db()
    assert team.org.logo.name.startswith("logos/") and team.org.logo.name.endswith(".png")
    with default_storage.open(team.org.logo.name) as stored:
        image = Image.open(stored)
        assert image.format == "PNG"
        assert image.size == (512, 256)
        assert "exif" not in image.info


def test_jpeg_with_exif_is_reencoded_without_metadata(team, owner_client):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    Image.new("RGB", (40, 40), (10, 20, 30)).save(out, format="JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("logo.jpg", out.getvalue(), content_type="image/jpeg")
    assert owner_client.post(URL, {**form_data(team.org), "logo": upload}).status_code == 302
    team.org.refresh_from_db()
    data = default_storage.open(team.org.logo.name).read()
    assert b"SecretCameraMaker" not in data


def test_replacing_and_removing_logo_deletes_old_files(
    team, owner_client, django_capture_on_commit_callbacks
):
    first = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    owner_client.post(URL, {**form_data(team.org), "logo": first})
    team.org.refresh_from_db()
    old_name = team.org.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        second = SimpleUploadedFile("b.png", png_bytes(color=(0, 0, 0)), content_type="image/png")
        owner_client.post(URL, {**form_data(team.org), "logo": second})
    team.org.refresh_from_db()
    assert team.org.logo.name != old_name
    assert not default_storage.exists(old_name)
    current = team.org.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(URL, {**form_data(team.org), "remove_logo": "on"})
    team.org.refresh_from_db()
    assert not team.org.logo
    assert not default_storage.exists(current)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some text, honestly", "logo.png", "must be a PNG, JPEG or WebP"),
        (b"GIF89a" + b"\x00" * 100, "logo.png", "must be a PNG, JPEG or WebP"),
        (png_bytes()[:60], "logo.png", "damaged or incomplete"),
        (huge_canvas_png(), "bomb.png", "the limit is 4096"),
        (huge_canvas_png(5000, 20), "wide.png", "the limit is 4096"),
    ],
    ids=["text-renamed-png", "gif", "truncated-png", "decompression-bomb", "too-wide"],
)
def test_bad_logos_are_refused_and_nothing_changes(team, owner_client, content, name, message):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = owner_client.post(URL, {**form_data(team.org, welcome_message="Changed"), "logo": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    team.org.refresh_from_db()
    assert not team.org.logo
    assert team.org.welcome_message != "Changed"


def test_oversized_logo_is_refused(team, owner_client, settings):
    settings.MAX_LOGO_BYTES = 10_000
    noisy = Image.frombytes("RGB", (200, 200), random.Random(7).randbytes(200 * 200 * 3))
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    assert len(out.getvalue()) > 10_000
    upload = SimpleUploadedFile("big.png", out.getvalue(), content_type="image/png")
    response = owner_client.post(URL, {**form_data(team.org), "logo": upload})
    assert response.status_code == 400
    assert "at most 9 KB" in response.content.decode()
    team.org.refresh_from_db()
    assert not team.org.logo


@pytest.mark.parametrize("bad", ["1f4e8c", "#12345", "#gggggg", "red", "#1f4e8c; background:url(x)"])
def test_colour_must_be_hex(team, owner_client, bad):
    response = owner_client.post(URL, form_data(team.org, primary_color=bad))
    assert response.status_code == 400
    assert "Enter a colour as #rrggbb" in response.content.decode()
    team.org.refresh_from_db()
    assert team.org.primary_color == "#1f4e8c"


def test_short_hex_is_expanded(team, owner_client):
    assert owner_client.post(URL, form_data(team.org, accent_color="#036")).status_code == 302
    team.org.refresh_from_db()
    assert team.org.accent_color == "#003366"


@pytest.mark.parametrize("field", ["primary_color", "accent_color"])
def test_colour_too_light_for_white_text_is_refused_with_the_ratio(team, owner_client, field):
    response = owner_client.post(URL, form_data(team.org, **{field: "#ffcc00"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "contrast of 1.51:1" in body and "4.5:1" in body
    team.org.refresh_from_db()
    assert getattr(team.org, field) != "#ffcc00"


@pytest.mark.parametrize(
    "bad",
    ["Acme\r\nBcc: victim@example.org", "Acme <ceo@bank.example>", "hr@acme.example", "Acme\x00"],
)
def test_sender_name_cannot_inject_headers_or_fake_an_address(team, owner_client, bad):
    response = owner_client.post(URL, form_data(team.org, sender_name=bad))
    assert response.status_code == 400
    team.org.refresh_from_db()
    assert team.org.sender_name == "Acme Logistics Hiring"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://acme.example/privacy", "not a url"])
def test_privacy_url_must_be_http_or_https(team, owner_client, bad):
    response = owner_client.post(URL, form_data(team.org, privacy_policy_url=bad))
    assert response.status_code == 400
    team.org.refresh_from_db()
    assert team.org.privacy_policy_url == ""


@pytest.mark.parametrize("days", [0, 29, 3651, "x"])
def test_retention_days_bounds(team, owner_client, days):
    assert owner_client.post(URL, form_data(team.org, retention_days=days)).status_code == 400


def test_outsider_edits_only_their_own_organization(team, outsider_client):
    response = outsider_client.get(URL)
    assert "Acme Logistics" not in response.content.decode()
    outsider_client.post(URL, form_data(team.other_org, welcome_message="Rival welcome"))
    team.org.refresh_from_db()
    team.other_org.refresh_from_db()
    assert team.other_org.welcome_message == "Rival welcome"
    assert team.org.welcome_message != "Rival welcome"


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
