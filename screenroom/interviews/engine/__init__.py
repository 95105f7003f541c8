"""Pure-Python interviewer engine: plans, state, offline and LLM interviewers and scorers.

Nothing in this package imports Django, so it can be unit-tested, benchmarked and reused by any
transport (chat, SMS, voice). The Django side persists ``ConversationState.to_dict()`` every turn.
"""

from screenroom.interviews.engine.decisions import Decision, DecisionKind, FollowUpReason
from screenroom.interviews.engine.interviewer import Interviewer, OfflineInterviewer, TurnResult
from screenroom.interviews.engine.plan import FAQEntry, Plan, Question
from screenroom.interviews.engine.scorer import (
    DealbreakerResult,
    OfflineRubricScorer,
    QuestionScore,
    Scorer,
    StageScore,
    verify_quotes,
)
from screenroom.interviews.engine.state import ConversationState, TranscriptEntry

__all__ = [
    "ConversationState",
    "DealbreakerResult",
    "Decision",
    "DecisionKind",
    "FAQEntry",
    "FollowUpReason",
    "Interviewer",
    "OfflineInterviewer",
    "OfflineRubricScorer",
    "Plan",
    "Question",
    "QuestionScore",
    "Scorer",
    "StageScore",
    "TranscriptEntry",
    "TurnResult",
    "verify_quotes",
]
