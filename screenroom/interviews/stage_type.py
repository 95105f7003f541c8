"""The chat interview stage: an AI interviewer asks the plan's questions in the browser, then scores."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from screenroom.interviews.config import ChatConfig
from screenroom.interviews.engine.scorer import OfflineRubricScorer
from screenroom.interviews.engine.state import ConversationState
from screenroom.stages.registry import (
    CandidateNotice,
    DealbreakerResult,
    Evaluation,
    StageType,
    Submission,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    from screenroom.candidates.models import Application
    from screenroom.interviews.models import InterviewSession
    from screenroom.jobs.models import Stage

END_REASONS = {
    "plan_done": "All questions were answered.",
    "time_up": "The time for the interview ran out.",
    "abuse": "The interview was ended after abusive messages.",
}

# What the consent notice tells candidates this step evaluates (portal/notices.py).
CANDIDATE_NOTICE = (
    "your answers in a written chat with an AI interviewer, which may ask follow-up questions and "
    "answers questions about the role from the employer's FAQ. Each answer is scored 1 to 5 against "
    "criteria the employer wrote, with quotes from your answers as evidence, and people on the hiring "
    "team review the conversation and the scores. You can leave and continue later from your link."
)


class ChatStageType(StageType):
    key = "chat"
    label = "Chat interview"
    description = (
        "An AI interviewer asks your questions in a chat, follows up on thin answers, answers questions "
        "from your FAQ, and scores each answer 1–5 against your anchors with quoted evidence."
    )
    config_model = ChatConfig
    candidate_template = "interviews/candidate.html"
    builder_template = "interviews/builder.html"
    report_template = "interviews/report.html"
    single_submit = False

    def candidate_notice(self, stage: Stage) -> CandidateNotice:
        # The consent notice's text is hashed into each consent record: bump portal.notices.NOTICE_VERSION
        # if this wording changes. AI is declared whether or not the organization configured a provider.
        return CandidateNotice(
            evaluates=CANDIDATE_NOTICE,
            uses_ai=True,
            can_disqualify=stage.enforce_criteria,
        )

    def candidate_context(self, stage: Stage, application: Application) -> dict[str, Any]:
        from screenroom.interviews.services import session_open

        session = session_open(application=application, stage=stage)
        token = application.token
        return {
            "chat": {
                "session": session,
                "messages": session.transcript,
                "finished": bool(session.state.get("finished")),
                "interviewer_name": self.config(stage).interviewer_name,
                "realtime_url": getattr(settings, "REALTIME_URL", ""),
                "ws_path": f"/ws/interviews/{token}/{stage.pk}/",
                "turn_url": reverse("interviews_candidate:turn", args=[token, stage.pk]),
                "continue_url": reverse("portal:stage", args=[token, stage.pk]),
                # A fresh id per page: the form posted twice (a double click, a resubmit) counts once.
                "turn_id": "f-" + secrets.token_urlsafe(12),
            }
        }

    def parse_submission(
        self,
        stage: Stage,
        application: Application,
        data: QueryDict,
        files: MultiValueDict[str, UploadedFile],
    ) -> Submission:
        # The chat is submitted by the interview itself when it ends, never by posting the stage page.
        return Submission(answers={}, errors={"chat": "Send your answers in the chat."})

    def evaluate(self, stage: Stage, answers: dict[str, Any]) -> Evaluation:
        from screenroom.interviews.models import InterviewSession
        from screenroom.interviews.selectors import stage_plan

        session = (
            InterviewSession.objects.select_related("organization")
            .filter(pk=int(answers.get("session_id") or 0), stage=stage)
            .first()
        )
        if session is None:
            return Evaluation(
                score=None,
                dealbreakers=[],
                engine="chat",
                review_reasons=["The interview transcript could not be found."],
            )
        plan = stage_plan(stage=stage, organization_name=session.organization.name)
        scoring = session.scoring
        if scoring is None:
            # Scored at the end of the interview normally; this keeps evaluate() total.
            state = ConversationState.from_dict(session.state)
            scoring = OfflineRubricScorer().score(plan, state.transcript).to_dict()
        return evaluation_from(stage, session, scoring)


def evaluation_from(stage: Stage, session: InterviewSession, scoring: dict[str, Any]) -> Evaluation:
    config = ChatConfig.model_validate(stage.config)
    texts = {q.id: q.text for q in config.questions}
    state = session.state
    dealbreakers = []
    for d in scoring.get("dealbreakers", []):
        if d["kind"] == "must_pass":
            qid = d.get("question_id") or ""
            score = next((q["score"] for q in scoring["questions"] if q["question_id"] == qid), None)
            dealbreakers.append(
                DealbreakerResult(
                    rule_id=qid,
                    label=texts.get(qid, qid),
                    rule="Must-pass question: " + d["detail"],
                    answer=f"scored {score} of 5",
                    passed=not d["fired"],
                )
            )
        else:
            dealbreakers.append(
                DealbreakerResult(
                    rule_id="min_stage_score",
                    label="Minimum stage score",
                    rule=f"at least {config.min_stage_score:g} of 100"
                    if config.min_stage_score is not None
                    else "",
                    answer=f"{scoring['score']:g}",
                    passed=not d["fired"],
                )
            )
    review = []
    seen = set()
    for flag in scoring.get("flags", []) or state.get("flags", []):
        quote = str(flag.get("quote", ""))[:200]
        if quote in seen:
            continue
        seen.add(quote)
        review.append(f"The candidate tried to instruct the AI (ignored for scoring): “{quote}”")
    if state.get("end_reason") == "abuse":
        review.append(END_REASONS["abuse"])
    engine_name = " ".join(
        p for p in (scoring.get("engine"), scoring.get("model"), scoring.get("rubric_version")) if p
    )
    details = {
        "session_id": session.pk,
        "scoring": scoring,
        "end_reason": state.get("end_reason"),
        "ended": END_REASONS.get(state.get("end_reason") or "", ""),
        "pending_questions": state.get("pending_questions", []),
        "turn_fallbacks": state.get("fallbacks", []),
        "interviewer_engine": session.engine,
        "summary": summary(config, scoring, state),
    }
    return Evaluation(
        score=round(scoring["score"]),
        dealbreakers=dealbreakers,
        engine=engine_name[:100],
        details=details,
        review_reasons=review,
    )


def summary(config: ChatConfig, scoring: dict[str, Any], state: dict[str, Any]) -> str:
    """A few plain sentences a reviewer reads first; every figure is on the report below it."""
    questions = scoring.get("questions", [])
    answered = [q for q in questions if q.get("answered")]
    texts = {q.id: q.text for q in config.questions}
    parts = [
        f"Stage score {scoring['score']:g} of 100; answered {len(answered)} of {len(questions)} questions."
    ]
    if answered:
        best = max(answered, key=lambda q: q["score"])
        worst = min(answered, key=lambda q: q["score"])
        parts.append(
            f"Strongest: “{texts.get(best['question_id'], best['question_id'])}” ({best['score']}/5)."
        )
        if worst is not best and worst["score"] < best["score"]:
            parts.append(
                f"Weakest: “{texts.get(worst['question_id'], worst['question_id'])}” ({worst['score']}/5)."
            )
    follow_ups = sum(1 for e in state.get("transcript", []) if e.get("kind") == "follow_up")
    if follow_ups:
        parts.append(f"{follow_ups} follow-up question{'s' if follow_ups != 1 else ''} asked.")
    ended = END_REASONS.get(state.get("end_reason") or "")
    if ended:
        parts.append(ended)
    pending = state.get("pending_questions", [])
    if pending:
        parts.append(
            f"The candidate asked {len(pending)} question{'s' if len(pending) != 1 else ''} to pass on."
        )
    return " ".join(parts)
