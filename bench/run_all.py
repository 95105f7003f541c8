"""Run every benchmark in bench/ one after another and print their figures (`make bench`)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "bulk_invite_bench.py",
    "landing_bench.py",
    "candidate_list_bench.py",
    "resume_bench.py",
    "turn_latency_bench.py",
    "chat_concurrency_bench.py",
]


def main() -> int:
    failures = 0
    scripts = [HERE / name for name in ORDER if (HERE / name).exists()]
    scripts += sorted(p for p in HERE.glob("*_bench.py") if p.name not in ORDER)
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
