"""Qualification rules, the explainable score and JSON output."""

from __future__ import annotations

import json
from datetime import date

import pytest

from screenroom.resumes.engine import (
    ENGINE_NAME,
    JobRequirements,
    extract_bytes,
    parse_profile,
    screen_bytes,
    screen_document,
)
from screenroom.resumes.engine.document import ExtractedDocument

AS_OF = date(2026, 6, 15)
RESUME = """Jane Q. Doe
jane.doe@example.com | +1 (512) 555-0142 | Austin, TX | linkedin.com/in/janedoe | she/her
SUMMARY
Backend engineer with 7+ years of experience. 5 years of Python.
EXPERIENCE
Senior Backend Engineer, Acme Corp\tMarch 2021 - Present
• Built Django services on Postgres and Redis
• Ran k8s clusters on AWS
Initech LLC
Software Engineer | 06/2018 – 02/2021
• Wrote JS and Python tooling
Freelance Consultant, Self-employed Studio\t2019 - 2020
• Python automation for small shops
EDUCATION
Bachelor of Science in Computer Science
State University, 2012 - 2016
CERTIFICATIONS
• AWS Certified Solutions Architect – Associate, 2022
• Registered Nurse License (not really)
LANGUAGES
English (native), Spanish (fluent)
I am authorized to work in the US and do not require sponsorship.
"""


def doc(text: str = RESUME) -> ExtractedDocument:
    return ExtractedDocument("txt", text)


def result(**req: object):  # type: ignore[no-untyped-def]
    return screen_document(doc(), JobRequirements.from_dict(dict(req)), as_of=AS_OF)


def q(res, rule: str):  # type: ignore[no-untyped-def]
    return next(x for x in res.qualifications if x.rule == rule)


def test_profile_fields() -> None:
    p = parse_profile(RESUME, as_of=AS_OF)
    assert p.contact.name and p.contact.name.value == "Jane Q. Doe"
    assert p.contact.phone and p.contact.phone.value == "+15125550142"
    assert p.contact.location and p.contact.location.value == "Austin, TX"
    assert [link.value for link in p.contact.links] == ["linkedin.com/in/janedoe"]
    assert [(j.title, j.employer) for j in p.jobs] == [
        ("Senior Backend Engineer", "Acme Corp"),
        ("Software Engineer", "Initech LLC"),
        ("Freelance Consultant", "Self-employed Studio"),
    ]
    # Mar 2021..Jun 2026 (64 months) + Jun 2018..Feb 2021 (33); the freelance year overlaps: not added.
    assert p.total_years == pytest.approx(97 / 12, abs=0.01)
    assert {"Python", "Django", "PostgreSQL", "Redis", "Kubernetes", "AWS", "JavaScript"} <= {
        s.name for s in p.skills
    }
    python = p.skill("Python")
    # Dated roles give 33 months of Python (the freelance year overlaps); the summary states 5 years.
    assert python and python.years == 5.0 and python.years_source == "stated"
    redis = p.skill("Redis")
    assert redis and redis.years == pytest.approx(64 / 12, abs=0.01) and redis.years_source == "jobs"
    assert p.skill("Kubernetes") and p.skill("Kubernetes").years == pytest.approx(64 / 12, abs=0.01)  # type: ignore[union-attr]
    edu = p.highest_education
    assert edu and (edu.level, edu.field, edu.institution, edu.year) == (
        "bachelor",
        "Computer Science",
        "State University",
        2016,
    )
    names = {c.name: c.kind for c in p.credentials}
    assert names.get("AWS Certified Solutions Architect") == "certification"
    assert any(kind == "licence" for kind in names.values())
    assert [(lang.name, lang.level) for lang in p.languages] == [("English", "native"), ("Spanish", "fluent")]
    kinds = {(w.kind, w.country) for w in p.work_authorization}
    assert ("authorized", "US") in kinds and ("no_sponsorship_needed", None) in {(k, None) for k, _ in kinds}
    assert p.stated_years and p.stated_years.value == "7"


@pytest.mark.parametrize(
    ("req", "rule", "status"),
    [
        ({"min_total_years": 8}, "min_total_years", "pass"),
        ({"min_total_years": 9}, "min_total_years", "fail"),
        ({"min_skill_years": {"python": 5}}, "min_skill_years", "pass"),
        ({"min_skill_years": {"Python": 6}}, "min_skill_years", "fail"),
        ({"min_skill_years": {"k8s": 6}}, "min_skill_years", "fail"),
        ({"min_skill_years": {"Rust": 1}}, "min_skill_years", "fail"),
        ({"required_skills_all": ["Postgres", "JS", "Django"]}, "required_skills_all", "pass"),
        ({"required_skills_all": ["PostgreSQL", "Rust"]}, "required_skills_all", "fail"),
        ({"required_skills_any": ["Rust", "Golang", "Redis"]}, "required_skills_any", "pass"),
        ({"required_skills_any": ["Rust", "Golang"]}, "required_skills_any", "fail"),
        ({"min_degree": "bachelor"}, "min_degree", "pass"),
        ({"min_degree": "master"}, "min_degree", "fail"),
        ({"credentials_any": ["AWS Solutions Architect"]}, "credential", "pass"),
        ({"credentials_any": ["CPA"]}, "credential", "fail"),
        ({"locations": ["TX"]}, "location", "pass"),
        ({"locations": ["Berlin"]}, "location", "fail"),
        ({"locations": ["Berlin"], "remote_ok": True, "remote_regions": ["US"]}, "location", "pass"),
        ({"work_authorization": "US"}, "work_authorization", "pass"),
        ({"work_authorization": "UK"}, "work_authorization", "unknown"),
    ],
)
def test_rules(req: dict[str, object], rule: str, status: str) -> None:
    res = result(**req)
    got = q(res, rule)
    assert got.status == status, got
    if status == "pass":
        assert got.evidence or got.detail
        for span in got.evidence:
            assert RESUME[span.start : span.end] == span.text


def test_sponsorship_needed_fails_unless_offered() -> None:
    text = RESUME.replace(
        "I am authorized to work in the US and do not require sponsorship.",
        "I will require visa sponsorship.",
    )
    job = JobRequirements(work_authorization="US")
    assert q(screen_document(doc(text), job, as_of=AS_OF), "work_authorization").status == "fail"
    job.sponsorship_available = True
    assert q(screen_document(doc(text), job, as_of=AS_OF), "work_authorization").status == "pass"
    none = RESUME.replace("I am authorized to work in the US and do not require sponsorship.", "")
    assert q(screen_document(doc(none), job, as_of=AS_OF), "work_authorization").status == "unknown"


def test_missing_facts_are_unknown_not_fail() -> None:
    bare = ExtractedDocument("txt", "John Smith\njohn@example.com\nPython, SQL\n")
    res = screen_document(
        bare, JobRequirements(min_total_years=3, min_degree="bachelor", locations=["US"]), as_of=AS_OF
    )
    assert {x.rule: x.status for x in res.qualifications} == {
        "min_total_years": "unknown",
        "min_degree": "unknown",
        "location": "unknown",
    }
    assert res.outcome == "review"


def test_score_is_deterministic_explainable_and_labelled() -> None:
    job = JobRequirements(
        min_total_years=10,
        required_skills_all=["Python", "Postgres"],
        required_skills_any=["AWS", "GCP"],
        preferred_skills=["Rust", "Redis"],
        min_degree="master",
    )
    a = screen_document(doc(), job, as_of=AS_OF).score
    b = screen_document(doc(), job, as_of=AS_OF).score
    assert a is not None and a == b
    assert a.produced_by.startswith(ENGINE_NAME + "/")
    assert round(sum(i.points for i in a.items)) == a.score
    assert sum(i.max_points for i in a.items) == pytest.approx(100, abs=0.1)
    for item in a.items:
        if item.points > 0:
            assert item.evidence, item  # every point traces to evidence
    by = {(i.component, i.reason): i for i in a.items}
    assert by[("preferred_skills", "no mention of Rust")].points == 0
    # required 40 (all met) + preferred 10 of 20 + experience 25*8.08/10 + education half of 15
    assert a.score == round(40 + 10 + 25 * (97 / 12) / 10 + 7.5)


def test_min_score_rule() -> None:
    res = result(required_skills_all=["Rust"], min_score=90)
    assert q(res, "min_score").status == "fail"
    assert res.outcome == "fail"


def test_unknown_requirement_key_is_rejected() -> None:
    with pytest.raises(ValueError):
        JobRequirements.from_dict({"min_years": 3})


def test_result_serializes_to_json() -> None:
    res = screen_bytes(
        RESUME.encode(), JobRequirements(min_total_years=2, required_skills_all=["Python"]), as_of=AS_OF
    )
    data = json.loads(json.dumps(res.to_dict()))
    assert data["outcome"] == "pass"
    assert data["profile"]["contact"]["email"]["value"] == "jane.doe@example.com"
    assert data["qualifications"][0]["evidence"][0]["text"]
    assert data["produced_by"].startswith(ENGINE_NAME)


def test_pdf_roundtrip_screening() -> None:
    from .corpus import make_corpus

    sample = make_corpus(1)[0]
    res = screen_document(extract_bytes(sample.data), JobRequirements(min_total_years=1), as_of=AS_OF)
    assert (
        res.kind == "pdf"
        and res.profile.contact.email
        and res.profile.contact.email.value == sample.truth.email
    )
