import pytest

from config.email_url import parse_email_url


def test_plain_smtp_defaults_to_port_25_without_tls():
    s = parse_email_url("smtp://mail.example.org")
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"], s["EMAIL_USE_TLS"], s["EMAIL_USE_SSL"]) == (
        "mail.example.org",
        25,
        False,
        False,
    )
    assert s["EMAIL_HOST_USER"] == "" and s["EMAIL_HOST_PASSWORD"] == ""


def test_credentials_are_percent_decoded_and_port_kept():
    s = parse_email_url("smtp://apikey:p%40ss%2Fw%3Ard@smtp.example.org:2525")
    assert s["EMAIL_HOST_USER"] == "apikey"
    assert s["EMAIL_HOST_PASSWORD"] == "p@ss/w:rd"
    assert s["EMAIL_PORT"] == 2525


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtps://h", 465, False, True),
        ("submission://h", 587, True, False),
        ("smtp://h/?tls=1", 587, True, False),
        ("smtp://h/?tls=true", 587, True, False),
        ("smtp://h/?ssl=1", 465, False, True),
        ("smtp://h/?tls=0", 25, False, False),
        ("SMTP://h:1025", 1025, False, False),
    ],
)
def test_tls_and_ssl_choices_set_the_default_port(url, port, tls, ssl):
    s = parse_email_url(url)
    assert (s["EMAIL_PORT"], s["EMAIL_USE_TLS"], s["EMAIL_USE_SSL"]) == (port, tls, ssl)


def test_console_and_locmem_backends():
    assert parse_email_url("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert parse_email_url("locmem://") == {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


@pytest.mark.parametrize("url", ["http://mail.example.org", "", "mailto:someone@example.org"])
def test_unknown_schemes_are_refused_with_a_clear_message(url):
    with pytest.raises(ValueError, match="EMAIL_URL scheme must be"):
        parse_email_url(url)


def test_missing_host_falls_back_to_localhost():
    assert parse_email_url("smtp://")["EMAIL_HOST"] == "localhost"
