from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)
