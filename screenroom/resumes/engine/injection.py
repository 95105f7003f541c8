"""Text that tries to instruct an AI reader instead of informing a human one."""

# ruff: noqa: E501 - the regex alternations below read better unbroken than split mid-group.
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import ExtractedDocument

_PATTERNS: list[tuple[str, str]] = [
    ("override", r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|all|any|your)\b"
                 r"[^.\n]{0,30}\b(?:instructions?|prompts?|rules?|guidelines|directions|context)"),
    ("rate_highly", r"\b(?:rate|rank|score|grade|evaluate|mark|consider|recommend)\b[^.\n]{0,40}?\b(?:this|the)\s+"
                    r"(?:candidate|applicant|resume|cv|person)\b[^.\n]{0,40}\b(?:highly|high|top|best|perfect|"
                    r"excellent|strong(?:ly)?|10/10|100|first|hire|qualified|fit|match)"),
    ("verdict", r"\b(?:this|the)\s+(?:candidate|applicant)\s+(?:is|would be)\s+(?:the\s+)?(?:perfect|ideal|best|"
                r"most qualified|an? (?:excellent|perfect|ideal) (?:fit|match))"),
    ("role_play", r"\b(?:you are|act as|pretend to be|as an? (?:ai|llm|language model|assistant|recruiter bot))\b"
                  r"[^.\n]{0,40}\b(?:ai|assistant|model|gpt|chatbot|screener|recruit\w*)"),
    ("system_prompt", r"(?:\[\s*/?\s*(?:system|inst|assistant)\s*\]|<\|?\s*(?:system|im_start|im_end|endoftext)\s*\|?>"
                      r"|\bsystem\s+prompt\b|\bnew instructions?\s*:)"),
    ("ai_address", r"\b(?:note|message|instruction)s?\s+(?:to|for)\s+(?:the\s+)?(?:ai|llm|chatgpt|gpt|model|"
                   r"assistant|automated|screening (?:system|tool)|ats)\b"),
    ("output_control", r"\b(?:respond|reply|answer|output|return|say|print)\s+(?:only\s+)?(?:with\s+)?"
                       r"[\"'“]?(?:yes|hire|approved?|pass(?:ed)?|qualified|strong hire)\b[\"'”]?"),
]  # fmt: skip
_COMPILED = [(name, re.compile(p, re.IGNORECASE)) for name, p in _PATTERNS]
# Cheap substring gates: a pattern runs only if one of its trigger words occurs at all. Most resumes
# contain none of them, which keeps this check at a few microseconds.
_GATES: dict[str, tuple[str, ...]] = {
    "override": ("ignore", "disregard", "forget", "override"),
    "rate_highly": ("candidate", "applicant", "resume", "cv", "person"),
    "verdict": ("candidate", "applicant"),
    "role_play": ("you are", "act as", "pretend", "as a"),
    "system_prompt": ("system", "inst", "<|", "<", "instruction"),
    "ai_address": ("note", "message", "instruction"),
    "output_control": ("respond", "reply", "answer", "output", "return", "say", "print"),
}


@dataclass
class InjectionFlag:
    rule: str
    text: str
    hidden: bool
    start: int | None = None  # offsets into the visible text; None when the match is in hidden text
    end: int | None = None
    hidden_index: int | None = None  # index into ExtractedDocument.hidden


def find_injections(text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    low = text.lower()
    for name, pattern in _COMPILED:
        if not any(g in low for g in _GATES[name]):
            continue
        for m in pattern.finditer(text):
            out.append((name, m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])


def scan(doc: ExtractedDocument) -> list[InjectionFlag]:
    flags: list[InjectionFlag] = []
    for name, a, b in find_injections(doc.text):
        # Blank the whole sentence, not only the trigger phrase, so its keywords cannot count either.
        sa, sb = _sentence(doc.text, a, b)
        flags.append(InjectionFlag(name, doc.text[sa:sb], False, sa, sb))
    for i, h in enumerate(doc.hidden):
        for name, a, b in find_injections(h.text):
            flags.append(InjectionFlag(name, h.text[a:b], True, hidden_index=i))
    return flags


def _sentence(text: str, a: int, b: int) -> tuple[int, int]:
    left = max(text.rfind(".", 0, a), text.rfind("\n", 0, a)) + 1
    right_candidates = [i for i in (text.find(".", b), text.find("\n", b)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return left, min(right, len(text))
