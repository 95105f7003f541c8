"""Required-qualification rules. Each returns pass, fail or unknown with the evidence that decided it."""

from __future__ import annotations

import re
from collections.abc import Callable

from .contact import US_STATES
from .facts import LEVELS, normalize_country
from .model import Profile, Span
from .requirements import FAIL, PASS, UNKNOWN, JobRequirements, QualificationResult
from .vocab import CERT_CANONICAL, vocabulary

_RELOCATE_RE = re.compile(r"\b(?:willing|open|happy|able) to relocate|\bopen to relocation\b", re.IGNORECASE)

Check = Callable[[Profile, JobRequirements, str], list[QualificationResult]]


def run_checks(profile: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    out: list[QualificationResult] = []
    for check in (
        _total_years,
        _skill_years,
        _skills_all,
        _skills_any,
        _degree,
        _credentials,
        _location,
        _auth,
    ):
        out.extend(check(profile, job, text))
    return out


def _canon(job: JobRequirements, name: str) -> str:
    return vocabulary(job.skill_terms()).canonical_name(name)


def _total_years(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    if job.min_total_years is None:
        return []
    req = f"at least {job.min_total_years:g} years of experience"
    if not p.jobs:
        if p.stated_years is not None:
            years = float(p.stated_years.value)
            status = PASS if years >= job.min_total_years else FAIL
            return [
                QualificationResult(
                    "min_total_years", req, status, f"states {years:g} years", [p.stated_years.span]
                )
            ]
        return [QualificationResult("min_total_years", req, UNKNOWN, "no dated work history found")]
    status = PASS if p.total_years >= job.min_total_years else FAIL
    detail = f"{p.total_years:.1f} years across {len(p.jobs)} dated roles (overlaps counted once)"
    return [QualificationResult("min_total_years", req, status, detail, [j.dates for j in p.jobs])]


def _skill_years(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    out = []
    for raw, minimum in job.min_skill_years.items():
        name = _canon(job, raw)
        req = f"at least {minimum:g} years of {name}"
        skill = p.skill(name)
        if skill is None:
            out.append(QualificationResult("min_skill_years", req, FAIL, f"{name} is not mentioned"))
        elif skill.years is None:
            out.append(
                QualificationResult(
                    "min_skill_years",
                    req,
                    UNKNOWN,
                    f"{name} is mentioned but not in a dated role",
                    [skill.span],
                )
            )
        else:
            status = PASS if skill.years >= minimum else FAIL
            detail = f"{skill.years:.1f} years of {name} ({skill.years_source})"
            out.append(
                QualificationResult(
                    "min_skill_years", req, status, detail, skill.years_evidence or [skill.span]
                )
            )
    return out


def _skills_all(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    if not job.required_skills_all:
        return []
    names = [_canon(job, s) for s in job.required_skills_all]
    found = [s for n in names if (s := p.skill(n)) is not None]
    missing = [n for n in names if p.skill(n) is None]
    req = "all of: " + ", ".join(names)
    if missing:
        return [
            QualificationResult(
                "required_skills_all", req, FAIL, "missing: " + ", ".join(missing), [s.span for s in found]
            )
        ]
    return [QualificationResult("required_skills_all", req, PASS, "all found", [s.span for s in found])]


def _skills_any(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    if not job.required_skills_any:
        return []
    names = [_canon(job, s) for s in job.required_skills_any]
    found = [s for n in names if (s := p.skill(n)) is not None]
    req = "any of: " + ", ".join(names)
    if found:
        return [
            QualificationResult(
                "required_skills_any",
                req,
                PASS,
                "found: " + ", ".join(s.name for s in found),
                [s.span for s in found],
            )
        ]
    return [QualificationResult("required_skills_any", req, FAIL, "none of them is mentioned")]


def _degree(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    if not job.min_degree:
        return []
    need = LEVELS[job.min_degree]
    req = f"{job.min_degree.replace('_', ' ')} degree or higher"
    best = p.highest_education
    if best is None:
        return [QualificationResult("min_degree", req, UNKNOWN, "no degree found in the resume")]
    status = PASS if best.rank >= need else FAIL
    return [
        QualificationResult("min_degree", req, status, f"highest: {best.degree} ({best.level})", [best.span])
    ]


def _credentials(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    if not job.credentials_any:
        return []
    wanted = [CERT_CANONICAL.get(c.lower(), c).lower() for c in job.credentials_any]
    req = "one of: " + ", ".join(job.credentials_any)
    for cred in p.credentials:
        have = CERT_CANONICAL.get(cred.name.lower(), cred.name).lower()
        if any(w == have or w in have or (len(have) > 3 and have in w) for w in wanted):
            return [QualificationResult("credential", req, PASS, f"{cred.kind}: {cred.name}", [cred.span])]
    return [QualificationResult("credential", req, FAIL, "no matching certification or licence")]


def _place_matches(place: str, accepted: str) -> bool:
    place_l, acc_l = place.lower(), accepted.strip().lower()
    if acc_l in place_l or place_l in acc_l:
        return True
    parts = [x.strip() for x in place.split(",")]
    if normalize_country(accepted) == "US" and parts and parts[-1] in US_STATES:
        return True
    return normalize_country(parts[-1]) == normalize_country(accepted)


def _location(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    if not job.locations and not job.remote_ok:
        return []
    req = " or ".join(
        job.locations
        + (
            ["remote" + (f" ({', '.join(job.remote_regions)})" if job.remote_regions else "")]
            if job.remote_ok
            else []
        )
    )
    if job.remote_ok and not job.remote_regions:
        return [QualificationResult("location", req, PASS, "remote from anywhere")]
    loc = p.contact.location
    if loc is not None:
        if any(_place_matches(loc.value, a) for a in job.locations):
            return [QualificationResult("location", req, PASS, f"located in {loc.value}", [loc.span])]
        if job.remote_ok and any(_place_matches(loc.value, r) for r in job.remote_regions):
            return [
                QualificationResult("location", req, PASS, f"{loc.value} is in the remote region", [loc.span])
            ]
    m = _RELOCATE_RE.search(text)
    if m:
        return [
            QualificationResult(
                "location", req, PASS, "willing to relocate", [Span(m.start(), m.end(), m.group(0))]
            )
        ]
    if loc is None:
        return [QualificationResult("location", req, UNKNOWN, "no location found")]
    return [QualificationResult("location", req, FAIL, f"located in {loc.value}", [loc.span])]


def _auth(p: Profile, job: JobRequirements, text: str) -> list[QualificationResult]:
    if not job.work_authorization:
        return []
    country = normalize_country(job.work_authorization)
    req = f"authorized to work in {job.work_authorization}" + (
        "" if job.sponsorship_available else " without sponsorship"
    )
    relevant = [w for w in p.work_authorization if w.country in (None, country)]
    needs = [w for w in relevant if w.kind == "needs_sponsorship"]
    ok = [w for w in relevant if w.kind in ("authorized", "no_sponsorship_needed")]
    if needs and ok:
        return [
            QualificationResult(
                "work_authorization",
                req,
                UNKNOWN,
                "conflicting statements",
                [w.span for w in needs + ok],
                True,
            )
        ]
    if needs:
        status = PASS if job.sponsorship_available else FAIL
        return [
            QualificationResult(
                "work_authorization", req, status, "states a need for sponsorship", [w.span for w in needs]
            )
        ]
    if ok:
        return [
            QualificationResult(
                "work_authorization", req, PASS, ok[0].kind.replace("_", " "), [w.span for w in ok]
            )
        ]
    return [QualificationResult("work_authorization", req, UNKNOWN, "no work authorization statement found")]
