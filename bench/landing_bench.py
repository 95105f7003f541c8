"""The candidate landing page under 64 concurrent connections, as a ratio to a trivial Django view.

Starts the product's server the way `make run` does (`manage.py serve --no-worker`: granian, WSGI, two
web workers) on a free port, against a temporary SQLite database that is migrated, seeded with
`seed_demo` and given one invitation. The baseline is `/c/bench-trivial/`, a view that returns "ok"
through the same middleware; it is routed only when SCREENROOM_BENCH=1. Both are driven with
`wrk -t2 -c64 -d10s` (Debian's wrk is installed with apt-get when missing; without it a Python load
generator is used, and says so). Rounds alternate so drift hits both sides. Goal: ratio >= 0.33.

    .venv/bin/python bench/landing_bench.py [--duration 10] [--connections 64] [--rounds 2]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)
GOAL = 0.33

INVITE = """
from screenroom.candidates.contact import Contact
from screenroom.candidates.services import application_invite
from screenroom.jobs.models import Job
job = Job.objects.get(title="Warehouse Associate")
application = application_invite(
    job=job, contact=Contact(name="Bench Candidate", email="bench@example.org", phone=""), send_email=False
)
print("TOKEN=" + application.token)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True, check=False
    )
    return shutil.which("wrk")


def wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


def check(port: int, path: str, expect: bytes) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200 or expect not in body:
        raise SystemExit(f"GET {path} answered {response.status}, not the expected page")


def run_wrk(wrk: str, url: str, threads: int, connections: int, duration: int) -> float:
    out = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        print(out)
        raise SystemExit(f"{url}: errors under load")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise SystemExit(f"could not read wrk output:\n{out}")
    return float(match.group(1))


def run_python_load(port: int, path: str, connections: int, duration: int) -> float:
    """Keep-alive clients in threads; far weaker than wrk, so it understates both sides."""
    stop = time.monotonic() + duration
    counts = [0] * connections

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
            counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="screenroom-landing-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "0",
        "EMAIL_URL": "locmem://",  # no mail catcher: the server alone is measured
        "MEDIA_ROOT": f"{tmp}/media",
        "LOG_LEVEL": "WARNING",
        "SCREENROOM_BENCH": "1",
    }
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    token = re.search(r"TOKEN=(\S+)", manage(env, "shell", "-c", INVITE))
    assert token, "no invitation token"
    landing = f"/c/{token.group(1)}/"
    trivial = "/c/bench-trivial/"

    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "serve", "--no-worker", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(port)
        # The first visit records the opening; every later one is the read-only page measured here.
        check(port, landing, b"Warehouse Associate")
        check(port, trivial, b"ok")
        wrk = ensure_wrk()
        tool = "wrk" if wrk else "python threads (wrk unavailable)"
        print(f"server: manage.py serve --no-worker (granian WSGI, 2 workers) on :{port}; load: {tool}")
        print(f"{args.connections} connections, {args.duration}s per run, {args.rounds} round(s)")

        def measure(path: str) -> float:
            if wrk:
                url = f"http://127.0.0.1:{port}{path}"
                return run_wrk(wrk, url, args.threads, args.connections, args.duration)
            return run_python_load(port, path, args.connections, args.duration)

        measure(trivial)  # warm both workers' code paths and caches
        measure(landing)
        trivial_rates: list[float] = []
        landing_rates: list[float] = []
        for _ in range(args.rounds):
            trivial_rates.append(measure(trivial))
            landing_rates.append(measure(landing))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)

    trivial_rps = statistics.mean(trivial_rates)
    landing_rps = statistics.mean(landing_rates)
    ratio = landing_rps / trivial_rps
    print(f"trivial view:  {trivial_rps:9.0f} req/s  (runs: {', '.join(f'{r:.0f}' for r in trivial_rates)})")
    print(f"landing page:  {landing_rps:9.0f} req/s  (runs: {', '.join(f'{r:.0f}' for r in landing_rates)})")
    print(f"ratio:         {ratio:9.2f}  (goal >= {GOAL})")
    return 0 if ratio >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
