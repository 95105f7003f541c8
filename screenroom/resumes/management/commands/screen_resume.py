"""Parse a resume file and, with --job, screen it against that job's Resume stage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screenroom.jobs.models import Job
from screenroom.resumes.config import ResumeConfig
from screenroom.resumes.engine import ResumeReadError
from screenroom.resumes.screening import read_resume, screen, screening_json


class Command(BaseCommand):
    help = "Parse a resume (PDF, DOCX, RTF, TXT); with --job, screen it against that job's Resume stage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The resume file")
        parser.add_argument("--job", type=int, help="Screen against this job's (first) Resume stage")
        parser.add_argument("--json", action="store_true", help="Print JSON for scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        config = None
        stage_name = ""
        if options["job"] is not None:
            job = Job.objects.filter(pk=options["job"]).first()
            if job is None:
                raise CommandError(f"No job with id {options['job']}.")
            stage = job.stages.filter(kind="resume").order_by("position", "id").first()
            if stage is None:
                raise CommandError(f"Job {job.pk} ({job.title}) has no Resume stage to screen against.")
            config = ResumeConfig.model_validate(stage.config)
            stage_name = stage.name
        try:
            read = read_resume(path.read_bytes())
        except ResumeReadError as exc:
            raise CommandError(f"{path.name}: {exc.message} [{exc.code}]") from exc
        result = screen(read.doc, config.requirements() if config else None)
        data = {
            "file": str(path),
            "sha256": read.sha256,
            "stage": stage_name or None,
            **screening_json(result),
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self._human(data)

    def _human(self, d: dict[str, Any]) -> None:
        w = self.stdout.write
        p = d["profile"]
        c = p["contact"]
        w(f"{d['file']}: {d['kind'].upper()}, {d['pages']} page(s), read by {d['produced_by']}")

        def val(fv: dict[str, Any] | None) -> str:
            return fv["value"] if fv else "—"

        w(f"  Name:      {val(c['name'])}")
        w(f"  Email:     {val(c['email'])}")
        w(f"  Phone:     {val(c['phone'])}")
        w(f"  Location:  {val(c['location'])}")
        w(f"  Experience: {p['total_years']:.1f} years in {len(p['jobs'])} dated role(s)")
        w(f"  Skills:    {', '.join(s['name'] for s in p['skills']) or '—'}")
        edu = max(p["education"], key=lambda e: e["rank"], default=None)
        w(f"  Education: {edu['degree'] if edu else '—'}")
        if d["hidden_text"]:
            w(self.style.WARNING(f"Hidden text ({len(d['hidden_text'])}), left out of screening:"))
            for h in d["hidden_text"]:
                w(f"  - {', '.join(h['reasons'])}: {h['text'][:100]!r}")
        for f in d["injections"]:
            w(self.style.WARNING(f"Text addressed to an AI ({f['rule']}): {f['text'][:100]!r}"))
        if d["stage"]:
            w(f"Screening against “{d['stage']}”:")
            for q in d["qualifications"]:
                style = {"pass": self.style.SUCCESS, "fail": self.style.ERROR}.get(
                    q["status"], self.style.WARNING
                )
                w(f"  {style(q['status'].upper()):>6} {q['requirement']}: {q['detail']}")
            if d["score"]:
                w(f"  Score {d['score']['score']}/100 ({d['score']['produced_by']})")
                for item in d["score"]["items"]:
                    w(
                        f"    {item['points']:>5.1f}/{item['max_points']:<5.1f} "
                        f"{item['component']}: {item['reason']}"
                    )
            w(f"  Outcome: {d['outcome']}")
        for reason in d["review_reasons"]:
            w(self.style.WARNING(f"Needs review: {reason}"))
