"""Settings for the test suite: same as production except where speed or isolation needs otherwise."""

import os
import tempfile

os.environ.setdefault("TESTING", "1")
os.environ.setdefault("EMAIL_URL", "locmem://")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="screenroom-media-"))  # noqa: F405
# Tasks run when their transaction commits, inside the test; worker behaviour has its own tests.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# WhiteNoise warns on every request when STATIC_ROOT is missing; tests serve static files via finders.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="screenroom-static-"))  # noqa: F405
