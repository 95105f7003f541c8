"""200 concurrent chat interviews against one `manage.py serve` server (its real ASGI process).

Starts the product the way `make run` does (`manage.py serve --no-worker`: granian for pages, and the
chat WebSocket server, uvicorn with 2 workers, on the web port + 1) against a temporary SQLite
database, migrated and seeded with one live job whose only stage is a chat interview (offline engine)
and N consented candidates. N WebSocket clients then run whole interviews at once: each message is a
thin answer (answered with a follow-up), a strong answer, a question for the FAQ, or a resent turn id,
with a think time between messages. Measured per turn on the client: send → first reply chunk, and
send → whole reply. Afterwards the database is checked: every turn in every transcript, exactly once,
and every stage scored and submitted.

Goal: p99 (send → first chunk) < 200 ms, no errors, nothing lost.

    .venv/bin/python bench/chat_concurrency_bench.py [--interviews 200] [--think 1.0] [--seed 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)
GOAL_P99_MS = 200.0

SEED = """
import json, sys
from screenroom.candidates.contact import Contact
from screenroom.candidates.services import application_consent, application_invite
from screenroom.interviews.tests.conftest import chat_config
from screenroom.jobs.models import Job, JobStatus, Stage
from screenroom.orgs.models import Organization

org = Organization.objects.create(name="Bench Logistics", slug="bench-logistics")
job = Job.objects.create(organization=org, title="Support Lead", status=JobStatus.LIVE)
config = chat_config()
config["faq"].append({"question": "When will I hear back?", "answer": "Within five working days."})
stage = Stage.objects.create(job=job, position=0, kind="chat", name="Chat interview", config=config)
tokens = []
for n in range(int(sys.argv[1])):
    app = application_invite(
        job=job, contact=Contact(name=f"Bench {n}", email=f"bench{n}@example.org", phone=""), send_email=False
    )
    application_consent(
        application=app, notice_version="v1", notice_sha256="0" * 64, ip=None, user_agent="bench"
    )
    tokens.append(app.token)
print(json.dumps({"stage_id": stage.pk, "tokens": tokens}))
"""

THIN = ["I fixed it for them.", "I helped the customer.", "I make a list.", "I do the urgent ones first."]
STRONG = [
    "Last spring a customer's order of 300 units arrived damaged two days before their launch. I called the "
    "warehouse, arranged a replacement by courier and kept the customer updated every few hours. It arrived "
    "the next morning and the customer renewed their contract worth 40,000 a year.",
    "I rank tasks by impact and deadline. For example, last month three urgent orders landed at once; I "
    "handled the largest client first, delegated the second and automated the third. All three shipped the "
    "same day and we avoided a 2,000 penalty.",
]
FAQ = ["Is the role remote?", "When will I hear back?"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listening on port {port} after {timeout:.0f} s")


class Stats:
    def __init__(self) -> None:
        self.first_chunk_ms: list[float] = []
        self.full_reply_ms: list[float] = []
        self.errors: list[str] = []
        self.sent: dict[int, list[str]] = {}
        self.finished = 0


async def interview(
    index: int, url: str, origin: str, rng: random.Random, think: float, ramp: float, stats: Stats
) -> None:
    import websockets
    from websockets.typing import Origin

    # Every interview: thin answer (follow-up) → strong answer → FAQ question → thin → strong (end).
    # One in ten also resends a turn id, as a client does after a dropped connection.
    script: list[tuple[str, str]] = []
    for q in range(2):
        script.append((f"i{index}-q{q}-thin", rng.choice(THIN)))
        if q == 0:
            script.append((f"i{index}-faq", rng.choice(FAQ)))
        script.append((f"i{index}-q{q}-strong", STRONG[q]))
    if index % 10 == 0:
        script.insert(2, script[1])  # the same turn id again: must be answered once
    stats.sent[index] = []
    await asyncio.sleep(rng.uniform(0, ramp))  # arrivals spread, as real candidates' are
    try:
        async with websockets.connect(url, origin=Origin(origin), open_timeout=30, max_size=2**20) as ws:
            history = json.loads(await asyncio.wait_for(ws.recv(), 30))
            if history.get("type") != "history":
                stats.errors.append(f"{index}: no history: {history}")
                return
            for turn_id, text in script:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
                started = time.perf_counter()
                await ws.send(json.dumps({"type": "turn", "turn_id": turn_id, "text": text}))
                stats.sent[index].append(turn_id)
                first = None
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 30))
                    kind = message.get("type")
                    if kind == "chunk" and first is None:
                        first = time.perf_counter()
                    elif kind == "reply":
                        done = time.perf_counter()
                        stats.first_chunk_ms.append(((first or done) - started) * 1000)
                        stats.full_reply_ms.append((done - started) * 1000)
                        break
                    elif kind == "error":
                        stats.errors.append(f"{index}: {message.get('message')}")
                        return
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 60))
                if message.get("type") == "finished":
                    stats.finished += 1
                    break
    except Exception as exc:
        stats.errors.append(f"{index}: {type(exc).__name__}: {exc}")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def check_database(db_path: Path, stats: Stats, tokens: list[str]) -> list[str]:
    """Every turn sent is in its interview's transcript exactly once, with its reply; all submitted."""
    problems: list[str] = []
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT a.token, s.state, s.status FROM interviews_interviewsession s "
        "JOIN candidates_application a ON a.id = s.application_id"
    ).fetchall()
    by_token = {token: (json.loads(state), status) for token, state, status in rows}
    for index, token in enumerate(tokens):
        if token not in by_token:
            problems.append(f"interview {index}: no session")
            continue
        state, status = by_token[token]
        ids = [e["turn_id"] for e in state["transcript"]]
        for turn_id in dict.fromkeys(stats.sent.get(index, [])):
            if ids.count(turn_id) != 1 or ids.count(turn_id + ":r") != 1:
                problems.append(f"interview {index}: turn {turn_id} appears {ids.count(turn_id)} times")
        if status != "submitted":
            problems.append(f"interview {index}: session {status}, not submitted")
    finished = con.execute(
        "SELECT COUNT(*) FROM candidates_stageresult WHERE status != 'in_progress'"
    ).fetchone()[0]
    if finished != len(tokens):
        problems.append(f"{finished} stage results finished of {len(tokens)}")
    con.close()
    return problems


async def drive(
    url_base: str, origin: str, stage_id: int, tokens: list[str], think: float, ramp: float, seed: int
) -> Stats:
    stats = Stats()
    rng = random.Random(seed)
    await asyncio.gather(
        *(
            interview(
                i,
                f"{url_base}/ws/interviews/{token}/{stage_id}/",
                origin,
                random.Random(rng.random()),
                think,
                ramp,
                stats,
            )
            for i, token in enumerate(tokens)
        )
    )
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument(
        "--think", type=float, default=3.0, help="mean seconds between a reply and the next message"
    )
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the interviews start")
    parser.add_argument(
        "--realtime-workers", type=int, default=2, help="uvicorn workers (serve's default: 2)"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="chat-bench-"))
    db_path = tmp / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "console://",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    print(f"migrating and seeding {args.interviews} interviews in {db_path} …", flush=True)
    run_manage(env, "migrate", "--noinput", "-v0")
    seeded = subprocess.run(
        [PYTHON, "-c", "import django; django.setup()\n" + SEED, str(args.interviews)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if seeded.returncode != 0:
        sys.stderr.write(seeded.stderr)
        return 1
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    command = [
        PYTHON, "manage.py", "serve", "--port", str(port), "--no-worker",
        "--realtime-workers", str(args.realtime_workers),
    ]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        try:
            wait_for_port(port)
            wait_for_port(port + 1)
        except SystemExit:
            server.terminate()
            sys.stderr.write(server.communicate(timeout=15)[1][-3000:])
            raise
        started = time.perf_counter()
        stats = asyncio.run(
            drive(
                f"ws://127.0.0.1:{port + 1}",
                f"http://127.0.0.1:{port}",
                data["stage_id"],
                data["tokens"],
                args.think,
                args.ramp,
                args.seed,
            )
        )
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        try:
            _, stderr = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
    problems = check_database(db_path, stats, data["tokens"])
    turns = len(stats.first_chunk_ms)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"server: manage.py serve (granian WSGI + uvicorn ASGI, {args.realtime_workers} workers), "
        "SQLite WAL, offline engine"
    )
    print(
        f"interviews: {args.interviews} concurrent (starting over {args.ramp:g} s), "
        f"think time ~{args.think:g} s; "
        f"{turns} turns in {elapsed:.1f} s"
    )
    if turns:
        for name, values in (
            ("send → first chunk", stats.first_chunk_ms),
            ("send → whole reply", stats.full_reply_ms),
        ):
            print(
                f"{name}: p50 {statistics.median(values):.1f} ms · p95 {pct(values, 95):.1f} ms · "
                f"p99 {pct(values, 99):.1f} ms · max {max(values):.1f} ms"
            )
    print(f"finished interviews: {stats.finished}/{args.interviews}; client errors: {len(stats.errors)}")
    for e in stats.errors[:10]:
        print("  error:", e)
    print(
        "database check: "
        + ("every turn in every transcript, all submitted" if not problems else f"{len(problems)} problems")
    )
    for p in problems[:10]:
        print("  problem:", p)
    server_errors = [line for line in (stderr or "").splitlines() if "Traceback" in line or "ERROR" in line]
    if server_errors or stats.errors:
        print(f"server log: {len(server_errors)} error lines; its end:")
        print("\n".join((stderr or "").splitlines()[-25:]))
    p99 = pct(stats.first_chunk_ms, 99) if turns else float("inf")
    ok = p99 < GOAL_P99_MS and not stats.errors and not problems and stats.finished == args.interviews
    print(f"goal p99 < {GOAL_P99_MS:.0f} ms, no errors, nothing lost: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
