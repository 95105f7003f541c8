"""Run the whole product in one terminal: web server, background worker, and a local mail catcher.

`make run` calls this. Each part is a child process; Ctrl-C (or SIGTERM) stops them all.
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.management.base import BaseCommand

PY = sys.executable


class Command(BaseCommand):
    help = (
        "Serve the web app (granian, WSGI), the chat WebSocket server (uvicorn, ASGI) and the task worker,"
        " and for local SMTP a mail catcher."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true", help="Serve HTTP only (benchmarks).")
        parser.add_argument(
            "--realtime-port", type=int, default=None, help="Chat WebSockets (ASGI); default: --port + 1."
        )
        parser.add_argument("--realtime-workers", type=int, default=2)
        parser.add_argument("--no-realtime", action="store_true", help="Do not start the WebSocket server.")

    def handle(self, *args: Any, **options: Any) -> None:
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        commands: list[tuple[str, list[str]]] = []
        email = urlparse(settings.EMAIL_URL)
        if email.scheme == "smtp" and email.hostname in {"127.0.0.1", "localhost"}:
            commands.append(("mail", [PY, "-m", "screenroom.core.mailcatcher", str(email.port or 25)]))
        commands.append(
            (
                "web",
                [
                    PY, "-m", "granian", "--interface", "wsgi", "--host", options["host"],
                    "--port", str(options["port"]), "--workers", str(options["web_workers"]),
                    "--no-ws", "config.wsgi:application",
                ],
            )
        )  # fmt: skip
        if not options["no_realtime"]:
            # Chat WebSockets in their own ASGI process, so pages never pay the ASGI cost (ADR 0002).
            realtime_port = options["realtime_port"] or options["port"] + 1
            commands.append(
                (
                    "realtime",
                    [
                        PY, "-m", "uvicorn", "config.asgi:application", "--host", options["host"],
                        "--port", str(realtime_port), "--workers", str(options["realtime_workers"]),
                        "--lifespan", "off", "--no-access-log", "--ws-max-size", "65536",
                    ],
                )
            )  # fmt: skip
        if not options["no_worker"]:
            commands.append(("worker", [PY, "manage.py", "db_worker", "--interval", "0.2"]))
            commands.append(("scheduler", [PY, "manage.py", "run_periodic"]))
        children = [(name, subprocess.Popen(cmd, env=env)) for name, cmd in commands]
        for name, child in children:
            self.stdout.write(f"started {name} (pid {child.pid})")

        def stop(*_: Any) -> None:
            for _name, child in children:
                if child.poll() is None:
                    child.terminate()
            for _name, child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            sys.exit(0)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            for name, child in children:
                if child.poll() is not None:
                    self.stderr.write(f"{name} exited with {child.returncode}; stopping everything")
                    stop()
            time.sleep(0.5)
