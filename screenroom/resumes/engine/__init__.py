"""Screenroom's resume engine: pure Python, no Django.

Entry points: ``extract_bytes`` / ``extract_path`` (file -> ``ExtractedDocument``),
``parse_profile`` (text -> ``Profile``), ``screen_document`` / ``screen_bytes`` (-> ``ScreeningResult``),
``redact`` (profile -> identity-free copy for model scoring), ``extract_isolated`` (hard time limit).
"""

from .document import DEFAULT_LIMITS, ExtractedDocument, HiddenText, Limits
from .errors import ResumeReadError
from .extract import extract_bytes, extract_path
from .injection import InjectionFlag
from .isolate import extract_isolated
from .model import (
    Contact,
    Credential,
    Education,
    FieldValue,
    Job,
    Language,
    Profile,
    Skill,
    Span,
    WorkAuthorization,
)
from .profile import parse_profile
from .redact import Redacted, redact
from .requirements import FAIL, PASS, UNKNOWN, JobRequirements, QualificationResult
from .screen import (
    ENGINE_NAME,
    ENGINE_VERSION,
    RULES,
    MatchScore,
    ResumeAnalyzer,
    RuleBasedAnalyzer,
    ScoreItem,
    ScreeningResult,
    screen_bytes,
    screen_document,
)
from .sniff import sniff

__all__ = [
    "DEFAULT_LIMITS", "ENGINE_NAME", "ENGINE_VERSION", "FAIL", "PASS", "RULES", "UNKNOWN", "Contact",
    "Credential", "Education", "ExtractedDocument", "FieldValue", "HiddenText", "InjectionFlag", "Job",
    "JobRequirements", "Language", "Limits", "MatchScore", "Profile", "QualificationResult", "Redacted",
    "ResumeAnalyzer", "ResumeReadError", "RuleBasedAnalyzer", "ScoreItem", "ScreeningResult", "Skill", "Span",
    "WorkAuthorization", "extract_bytes", "extract_isolated", "extract_path", "parse_profile", "redact",
    "screen_bytes", "screen_document", "sniff",
]  # fmt: skip
