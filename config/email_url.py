"""Parse an SMTP URL such as smtp://user:pass@host:587/?tls=1 into Django email settings."""

from urllib.parse import parse_qs, unquote, urlparse


def parse_email_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme not in {"smtp", "smtps", "submission"}:
        raise ValueError(
            f"EMAIL_URL scheme must be smtp, smtps, submission, console or locmem, not {scheme!r}"
        )
    query = parse_qs(parsed.query)
    use_ssl = scheme == "smtps" or query.get("ssl", ["0"])[0] in {"1", "true"}
    use_tls = scheme == "submission" or query.get("tls", ["0"])[0] in {"1", "true"}
    default_port = 465 if use_ssl else 587 if use_tls else 25
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or default_port,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_TIMEOUT": 20,
    }
