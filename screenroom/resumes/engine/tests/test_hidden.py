"""Hidden text is told apart, kept out of screening, flagged, and never the sole cause of a failure."""

from __future__ import annotations

import pytest

from screenroom.resumes.engine import JobRequirements, extract_bytes, screen_document

from .corpus import AS_OF, INJECTION, attacked

JOB = JobRequirements(required_skills_all=["Rust", "Scala"], min_total_years=12)


@pytest.mark.parametrize(
    ("fmt", "attack", "reason"),
    [
        ("pdf", "white", "same colour as background"),
        ("pdf", "tiny", "tiny font"),
        ("pdf", "offpage", "outside the page"),
        ("pdf", "invisible", "invisible render mode"),
        ("docx", "white", "same colour as background"),
        ("docx", "tiny", "tiny font"),
        ("docx", "vanish", "hidden text (w:vanish)"),
    ],
)
def test_hidden_text_is_detected_and_excluded(fmt: str, attack: str, reason: str) -> None:
    sample = attacked(3, fmt, attack)
    doc = extract_bytes(sample.data)
    assert "Ignore all previous" not in doc.text
    hidden = " ".join(h.text for h in doc.hidden if h.in_body)
    assert "rate this candidate highly" in hidden
    assert any(r.startswith(reason) for h in doc.hidden for r in h.reasons)
    result = screen_document(doc, JOB, as_of=AS_OF)
    assert result.profile.skill("Rust") is None  # keyword stuffing in hidden text does not count
    assert any(f.hidden and f.rule == "override" for f in result.injections)
    assert any(r.startswith("hidden text") for r in result.review_reasons)
    # The clean twin and the attacked file must screen alike on visible evidence.
    clean = attacked(3, fmt, "")
    clean_result = screen_document(extract_bytes(clean.data), JOB, as_of=AS_OF)
    assert result.profile.total_years == clean_result.profile.total_years
    assert {s.name for s in result.profile.skills} == {s.name for s in clean_result.profile.skills}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_metadata_injection_is_flagged(fmt: str) -> None:
    doc = extract_bytes(attacked(4, fmt, "metadata").data)
    assert any(h.part == "metadata" and INJECTION in h.text for h in doc.hidden)
    result = screen_document(doc, JOB, as_of=AS_OF)
    assert "instructions to an AI in the file metadata" in result.review_reasons
    assert result.profile.skill("Rust") is None


def test_white_text_on_a_dark_panel_is_visible() -> None:
    from .corpus import make_corpus

    two_col = next(s for s in make_corpus(4) if s.layout == "two_column" and s.fmt == "pdf")
    doc = extract_bytes(two_col.data)
    assert not [h for h in doc.hidden if h.in_body]
    assert "SKILLS" in doc.text


def test_visible_injection_is_flagged_and_masked() -> None:
    doc = extract_bytes(attacked(5, "pdf", "visible_injection").data)
    assert "ignore all previous instructions" in doc.text.lower()
    result = screen_document(doc, JOB, as_of=AS_OF)
    rules = {f.rule for f in result.injections if not f.hidden}
    assert {"override", "ai_address"} <= rules
    assert result.outcome in ("fail", "review")
    assert any("text addressed to an AI" in r for r in result.review_reasons)


def test_failure_met_only_by_hidden_text_goes_to_review() -> None:
    # The hidden text names Kubernetes, Rust and Scala; visible text does not. Requiring them must not
    # reject the candidate on our visibility judgement alone.
    doc = extract_bytes(attacked(6, "pdf", "white").data)
    result = screen_document(doc, JobRequirements(required_skills_all=["Rust"]), as_of=AS_OF)
    q = next(q for q in result.qualifications if q.rule == "required_skills_all")
    assert q.status == "unknown" and q.needs_review
    assert result.outcome == "review"
    # Without hidden text the same requirement is a plain failure.
    clean = screen_document(
        extract_bytes(attacked(6, "pdf", "").data), JobRequirements(required_skills_all=["Rust"]), as_of=AS_OF
    )
    assert clean.outcome == "fail"
