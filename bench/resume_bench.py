"""Resume engine benchmark: parse + screen 200 two-page PDF resumes on one core.

Reports resumes/s and the cost relative to plain pypdfium2 text extraction of the same files, measured
in the same run (the baseline varies by machine, the ratio much less). Usage:

    .venv/bin/python bench/resume_bench.py [--n 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2 as pdfium

from screenroom.resumes.engine import JobRequirements, extract_bytes, screen_document
from screenroom.resumes.engine.tests.corpus import AS_OF, two_page_pdf

JOB = JobRequirements(
    min_total_years=3,
    min_skill_years={"Python": 1},
    required_skills_all=["Python", "SQL"],
    required_skills_any=["AWS", "GCP", "Azure"],
    preferred_skills=["Docker", "k8s", "Postgres", "JS"],
    min_degree="bachelor",
    locations=["US"],
    remote_ok=True,
    remote_regions=["US", "Canada"],
    work_authorization="US",
)


def plain_extract(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    n = 0
    for page in pdf:
        tp = page.get_textpage()
        n += len(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return n


def parse_and_screen(data: bytes) -> int:
    doc = extract_bytes(data)
    result = screen_document(doc, JOB, as_of=AS_OF)
    return len(result.qualifications)


def measure(files: list[bytes], rounds: int) -> tuple[float, float]:
    """Per-file best-of-N for both paths, interleaved file by file.

    Other processes on a shared machine come and go; timing the two paths side by side on each file,
    and keeping each file's best round, stops a busy spell from landing on one side only.
    """
    best_base = [float("inf")] * len(files)
    best_ours = [float("inf")] * len(files)
    clock = time.perf_counter
    for _ in range(rounds):
        for i, data in enumerate(files):
            t0 = clock()
            plain_extract(data)
            t1 = clock()
            parse_and_screen(data)
            t2 = clock()
            best_base[i] = min(best_base[i], t1 - t0)
            best_ours[i] = min(best_ours[i], t2 - t1)
    return sum(best_base), sum(best_ours)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal is stated
    print(f"generating {args.n} two-page resumes ...", flush=True)
    files = [two_page_pdf(i) for i in range(args.n)]
    pages = [len(pdfium.PdfDocument(f)) for f in files[:20]]
    chars = statistics.mean(plain_extract(f) for f in files[:20])
    print(f"pages per file (first 20): {sorted(set(pages))}; characters per file: {chars:.0f}")
    parse_and_screen(files[0])  # warm caches (vocabulary regex, phonenumbers metadata)
    base, ours = measure(files, args.rounds)
    n = len(files)
    print(f"plain pypdfium2 extraction: {base / n * 1000:.2f} ms/file ({n / base:.0f} files/s)")
    print(f"parse + hidden-text check + screen: {ours / n * 1000:.2f} ms/file ({n / ours:.0f} resumes/s)")
    print(f"ratio to plain extraction: {ours / base:.2f}x (goal <= 3x); throughput goal >= 50 resumes/s")
    print(f"per-file best of {args.rounds} interleaved rounds, one core")


if __name__ == "__main__":
    main()
