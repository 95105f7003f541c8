"""Field accuracy on the generated corpus. Thresholds sit at the levels measured (see docs)."""

from __future__ import annotations

from pathlib import Path

from screenroom.resumes.engine import extract_path, parse_profile

from .corpus import AS_OF, Sample


def _evaluate(corpus: list[tuple[Sample, Path]]) -> dict[str, float]:
    hits = {"name": 0, "email": 0, "phone": 0, "location": 0, "years": 0, "degree": 0, "employers": 0}
    tp = fp = fn = 0
    employers_total = 0
    for sample, path in corpus:
        doc = extract_path(path)
        p = parse_profile(doc.text, as_of=AS_OF)
        t = sample.truth
        c = p.contact
        hits["name"] += bool(c.name and c.name.value == t.name)
        hits["email"] += bool(c.email and c.email.value == t.email)
        hits["phone"] += bool(c.phone and c.phone.value == t.phone)
        hits["location"] += bool(c.location and c.location.value == t.location)
        hits["years"] += abs(p.total_years - t.total_years) <= 0.5
        best = p.highest_education
        hits["degree"] += bool(best and best.level == t.degree_level)
        got_employers = {j.employer for j in p.jobs}
        employers_total += len(t.jobs)
        hits["employers"] += sum(j.employer in got_employers for j in t.jobs)
        got = {s.name for s in p.skills}
        tp += len(got & t.skills)
        fp += len(got - t.skills)
        fn += len(t.skills - got)
    n = len(corpus)
    rates = {k: v / n for k, v in hits.items() if k != "employers"}
    rates["employers"] = hits["employers"] / employers_total
    rates["skills_precision"] = tp / (tp + fp)
    rates["skills_recall"] = tp / (tp + fn)
    return rates


def test_corpus_is_varied(corpus: list[tuple[Sample, Path]]) -> None:
    assert len(corpus) >= 40
    assert {s.fmt for s, _ in corpus} == {"pdf", "docx"}
    assert {s.layout for s, _ in corpus} == {"one_column", "two_column", "table", "header_footer"}
    assert len({s.name.split("-")[-1] for s, _ in corpus}) >= 5  # date formats
    assert any(len(s.truth.jobs) > 3 and s.truth.jobs[-1].title == "Freelance Consultant" for s, _ in corpus)


def test_field_accuracy(corpus: list[tuple[Sample, Path]]) -> None:
    r = _evaluate(corpus)
    print(r)
    assert r["name"] == 1.0
    assert r["email"] == 1.0
    assert r["phone"] == 1.0
    assert r["location"] == 1.0
    assert r["years"] == 1.0
    assert r["skills_precision"] >= 0.98
    assert r["skills_recall"] >= 0.98
    assert r["degree"] >= 0.95
    assert r["employers"] >= 0.9


def test_profile_carries_evidence_spans(corpus: list[tuple[Sample, Path]]) -> None:
    for sample, path in corpus[:8]:
        doc = extract_path(path)
        p = parse_profile(doc.text, as_of=AS_OF)
        spans = (
            [p.contact.email.span if p.contact.email else None]
            + [j.dates for j in p.jobs]
            + [s.span for s in p.skills]
        )
        for span in spans:
            assert span is not None
            assert doc.text[span.start : span.end] == span.text, sample.name
