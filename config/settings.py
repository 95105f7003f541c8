"""Screenroom settings. Everything that differs between machines comes from the environment."""

from pathlib import Path

import dj_database_url

from config.email_url import parse_email_url
from config.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-change-me" if DEBUG or env_bool("TESTING") else "")
if not SECRET_KEY:
    # Refusing to start beats running production with a guessable key.
    raise RuntimeError("Set SECRET_KEY in the environment (see .env.example)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "screenroom.stages.form",
    "screenroom.resumes",
    "django_tasks",
    "django_tasks_db",
    "screenroom.core",
    "screenroom.accounts",
    "screenroom.orgs",
    "screenroom.jobs",
    "screenroom.stages",
    "screenroom.candidates",
    "screenroom.invitations",
    "screenroom.audit",
    "screenroom.webhooks",
    "screenroom.api",
    "screenroom.dashboard",
    "screenroom.portal",
    "channels",
    "screenroom.interviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "screenroom.orgs.middleware.CurrentOrganizationMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "screenroom.orgs.context_processors.current_organization",
            ],
            # Cached loaders always: template compilation dominates small pages otherwise.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'screenroom.sqlite3'}"),
        conn_max_age=600,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "screenroom",
    }
}
if env_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / env_str("MEDIA_ROOT", "var/media")  # relative paths are taken from the project root
STORAGES = {
    "default": {"BACKEND": env_str("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_URL = env_str("EMAIL_URL", "smtp://127.0.0.1:1025")
globals().update(parse_email_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Screenroom <no-reply@screenroom.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Product limits (documented in .env.example)
MAX_CSV_ROWS = env_int("MAX_CSV_ROWS", 20000)
MAX_CSV_BYTES = env_int("MAX_CSV_BYTES", 5 * 1024 * 1024)
MAX_LOGO_BYTES = env_int("MAX_LOGO_BYTES", 1024 * 1024)
MAX_ANSWER_FILE_BYTES = env_int("MAX_ANSWER_FILE_BYTES", 10 * 1024 * 1024)
EMAIL_BATCH_SIZE = env_int("EMAIL_BATCH_SIZE", 200)
RESUME_MAX_BYTES = env_int("RESUME_MAX_BYTES", 10 * 1024 * 1024)
RESUME_MAX_PAGES = env_int("RESUME_MAX_PAGES", 10)
RESUME_PARSE_SECONDS = env_int("RESUME_PARSE_SECONDS", 10)  # a hung parser is killed after this (+2 s)
RESUME_IMPORT_MAX_FILES = env_int("RESUME_IMPORT_MAX_FILES", 500)
RESUME_IMPORT_MAX_BYTES = env_int("RESUME_IMPORT_MAX_BYTES", 200 * 1024 * 1024)  # unpacked, per import

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
SCREENROOM_STAGE_TYPES = [
    "screenroom.stages.form.stage_type.FormStageType",
    "screenroom.resumes.stage_type.ResumeStageType",
    "screenroom.interviews.stage_type.ChatStageType",
]
DEFAULT_PHONE_REGION = env_str("DEFAULT_PHONE_REGION", "US")
# Self-hosters often post webhooks to internal hosts, so private addresses are allowed unless asked.
WEBHOOK_BLOCK_PRIVATE_ADDRESSES = env_bool("WEBHOOK_BLOCK_PRIVATE_ADDRESSES", False)

# Chat interviews (issue 4). The WebSocket transport runs in its own ASGI process (`manage.py serve`
# starts it on the web port + 1). REALTIME_URL is where browsers reach it, e.g. wss://jobs.example.com
# when a reverse proxy routes /ws/ to that process; empty means ws(s)://<page host>:<page port + 1>.
REALTIME_URL = env_str("REALTIME_URL", "").rstrip("/")
# AI provider keys are encrypted with a key derived from this (or SECRET_KEY when empty).
ENCRYPTION_KEY = env_str("ENCRYPTION_KEY", "")
ENCRYPTION_KEY_FALLBACKS = env_list("ENCRYPTION_KEY_FALLBACKS", "")
# Consumers never message each other (each socket is one candidate; the database is the state), so the
# in-memory layer is enough even with several ASGI workers. Set REDIS_URL-based channels_redis here
# only when server-initiated pushes across processes are added.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
