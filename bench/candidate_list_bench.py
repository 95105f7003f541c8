"""Server time of a job's candidate list with 100,000 applications (goal: under 150 ms).

Builds a temporary SQLite database (migrations, one organization, a job with two Form stages,
100,000 applications with their stage results, plus preview runs that must stay hidden), then times
the real view through Django's test client: the default sort, a search, a status filter, a stage
filter, sorting by score and by name, and a deep page. Each figure is the median of several requests
after one warm-up. Exits non-zero when the default list misses the goal.

    .venv/bin/python bench/candidate_list_bench.py [--count 100000] [--repeat 7] [--db var/list-bench.sqlite3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 150.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--db", help="keep the SQLite file here and reuse it on the next run (building takes minutes)"
    )
    args = parser.parse_args()

    db_path = (
        Path(args.db)
        if args.db
        else Path(tempfile.mkdtemp(prefix="screenroom-list-bench-")) / "bench.sqlite3"
    )
    reuse = db_path.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from screenroom.core.testing.factories import MembershipFactory, OrganizationFactory, StageFactory
    from screenroom.dashboard.sample_data import bulk_applications
    from screenroom.jobs.models import Job, Stage
    from screenroom.orgs.models import Membership, Organization, Role

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if reuse:
        job = Job.objects.get(title="Warehouse Associate", organization__name="Bench Co")
        user = Membership.objects.get(organization=job.organization).user
        first = job.stages.order_by("position").first()
        assert first is not None
        print(f"reusing {db_path}: {job.applications.count():,} applications", flush=True)
    else:
        org = cast(Organization, OrganizationFactory(name="Bench Co"))
        user = cast(Membership, MembershipFactory(organization=org, role=Role.VIEWER)).user
        job = Job.objects.create(organization=org, title="Warehouse Associate", location="Austin, TX")
        first = cast(Stage, StageFactory(job=job, position=0, name="Screening questions"))
        StageFactory(job=job, position=1, name="Availability")
        bulk_applications(job=job, count=args.count, previews=200)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        print(f"built {args.count:,} applications (+200 previews) in {elapsed:.1f}s", flush=True)

    client = Client()
    client.force_login(user)
    url = reverse("dashboard:job", args=[job.pk])
    cases = {
        "default (newest first, 50/page)": {},
        "search 'lovelace'": {"q": "lovelace"},
        "search, rare match": {"q": "c99999."},
        "filter status=completed": {"status": "completed"},
        "filter current stage": {"stage": str(first.pk)},
        "sort by overall score": {"sort": "score"},
        "sort by name": {"sort": "name"},
        "200 per page": {"per_page": "200"},
        "page 400 (deep)": {"page": "400"},
    }
    results: dict[str, float] = {}
    print(f"{'case':36} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for label, params in cases.items():
        response = client.get(url, params)  # warm-up: templates, connection, SQLite page cache
        assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        results[label] = statistics.median(timings)
        print(f"{label:36} {results[label]:10.1f} {min(timings):8.1f} {len(queries):8d}", flush=True)

    default = results["default (newest first, 50/page)"]
    worst = max(results.values())
    print(
        f"\ncandidate list, {args.count:,} applications: default {default:.1f} ms, worst case {worst:.1f} ms"
    )
    print(f"goal: under {GOAL_MS:.0f} ms -> {'met' if default < GOAL_MS else 'MISSED'}")
    return 0 if default < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
