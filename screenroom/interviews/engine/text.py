"""Deterministic text features shared by the offline interviewer and the offline scorer."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

_WORD_RE = re.compile(r"[a-z][a-z'’-]*|\d+(?:[.,]\d+)*%?")
_SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "really",
        "thing",
        "things",
        "like",
        "get",
        "got",
        "lot",
        "lots",
        "i'm",
        "i've",
        "it's",
        "that's",
        "don't",
        "didn't",
        "we'd",
        "i'd",
        "i'll",
        "you're",
        "there's",
    ]
)

_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "percent",
        "half",
        "double",
        "doubled",
        "tripled",
        "dozen",
    ]
)
_RESULT_STEMS = frozenset(
    [
        "result",
        "increas",
        "reduc",
        "decreas",
        "sav",
        "improv",
        "grew",
        "grow",
        "cut",
        "outcom",
        "impact",
        "deliver",
        "achiev",
        "launch",
        "won",
        "win",
        "fix",
        "resolv",
        "ship",
        "lower",
        "faster",
        "quicker",
        "reach",
        "exceed",
        "boost",
        "doubl",
        "tripl",
        "halv",
        "drop",
        "rais",
        "generat",
        "retain",
        "success",
        "recover",
        "prevent",
        "eliminat",
        "shorten",
        "speed",
        "promot",
        "adopt",
    ]
)
_EXAMPLE_RE = re.compile(
    r"\b(for example|for instance|one time|once|last (year|month|quarter|week)|at my (last|previous|"
    r"current|old)|in my (last|previous|current)|when i was|there was a time|i remember|in 20\d\d|"
    r"in 19\d\d|a customer|a client|our team|my team|the project|a project)\b"
)
_ACTION_RE = re.compile(
    r"\b(i|we)\s+(\w+ed|led|built|ran|wrote|took|made|set|did|found|chose|brought|taught|gave|drove|"
    r"sold|spoke|held|began|won|cut|kept|met|paid|put|told|sat|rewrote|rebuilt|split|sent|got)\b"
)
_SITUATION_RE = re.compile(
    r"\b(when|at my|our team|the situation|the problem|we had|there was|the issue|the context)\b"
)
_TASK_RE = re.compile(
    r"\b(my (task|job|role|goal|responsibility)|i was (responsible|asked|tasked)|i needed to|"
    r"i had to|the goal was|we needed to|our goal)\b"
)


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to match "reduced"/"reducing"/"reduction" offline."""
    w = word.replace("’", "'").strip("'-")
    for suffix in (
        "ational",
        "ations",
        "ation",
        "ments",
        "ment",
        "ingly",
        "ings",
        "ing",
        "edly",
        "ies",
        "ied",
        "ers",
        "er",
        "ed",
        "es",
        "ly",
        "s",
        "e",
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans as offsets into ``text`` so quotes stay verbatim."""
    spans = []
    for m in _SENTENCE_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def has_number(text: str, tokens: list[str] | None = None) -> bool:
    toks = tokens if tokens is not None else words(text)
    return any(t[0].isdigit() or t in _NUMBER_WORDS for t in toks)


_RESULT_PREFIX_LENGTHS = sorted({len(r) for r in _RESULT_STEMS})


@lru_cache(maxsize=65536)
def _is_result_stem(s: str) -> bool:
    # Prefix lookups in a set, not startswith() against every stem: this runs on every turn.
    return any(s[:n] in _RESULT_STEMS for n in _RESULT_PREFIX_LENGTHS if n <= len(s))


def has_result(stems: frozenset[str]) -> bool:
    return any(_is_result_stem(s) for s in stems)


def has_example(lowered: str) -> bool:
    return bool(_EXAMPLE_RE.search(lowered) or _ACTION_RE.search(lowered))


def star_parts(lowered: str, result: bool) -> int:
    return sum(
        (
            bool(_SITUATION_RE.search(lowered)),
            bool(_TASK_RE.search(lowered)),
            bool(_ACTION_RE.search(lowered)),
            result,
        )
    )


def overlap(answer: frozenset[str], vocab: frozenset[str], cap: int) -> float:
    """Share of ``vocab`` the answer uses, saturating at ``cap`` words: answers never use every one."""
    if not vocab:
        return 0.0
    return min(1.0, len(answer & vocab) / max(1, min(len(vocab), cap)))


def length_score(word_count: int) -> float:
    """0 for <=8 words, 1 for >=120, logarithmic between: long rambles gain little."""
    if word_count <= 8:
        return 0.0
    return min(1.0, math.log(word_count / 8) / math.log(120 / 8))


@dataclass(frozen=True)
class AnswerFeatures:
    word_count: int
    number: bool
    result: bool
    example: bool
    star: int
    relevance: float
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str, topic: frozenset[str]) -> AnswerFeatures:
        tokens = words(text)
        stems = frozenset(stem(w) for w in tokens if w not in STOPWORDS and len(w) > 1)
        lowered = text.lower()
        result = has_result(stems)
        return cls(
            word_count=len(tokens),
            number=has_number(text, tokens),
            result=result,
            example=has_example(lowered),
            star=star_parts(lowered, result),
            relevance=overlap(stems, topic, 4),
            stems=stems,
        )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: robust when a short question is matched against a longer FAQ entry."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
