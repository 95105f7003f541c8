"""An interviewer that asks an LLM for each decision and falls back to the offline rules on failure."""

from __future__ import annotations

import time

from screenroom.interviews.engine import rules
from screenroom.interviews.engine.decisions import Decision, DecisionKind, FollowUpReason
from screenroom.interviews.engine.interviewer import (
    OfflineInterviewer,
    TurnResult,
    apply_decision,
    finished_reply,
    replay,
    start_state,
)
from screenroom.interviews.engine.plan import Plan
from screenroom.interviews.engine.providers.base import Provider, ProviderError
from screenroom.interviews.engine.providers.prompts import (
    DECISION_SCHEMA,
    INTERVIEWER_PROMPT_VERSION,
    interviewer_system,
    interviewer_user,
)
from screenroom.interviews.engine.state import ConversationState


class LLMInterviewer:
    prompt_version = INTERVIEWER_PROMPT_VERSION

    def __init__(self, provider: Provider, fallback: OfflineInterviewer | None = None) -> None:
        self.provider = provider
        self.fallback = fallback or OfflineInterviewer()

    @property
    def engine(self) -> str:
        return f"llm:{self.provider.name}:{self.provider.model}"

    def start(
        self, plan: Plan, state: ConversationState | None = None, *, now: float | None = None
    ) -> TurnResult:
        # The greeting is the recruiter's text plus the AI disclosure: no model needed or wanted.
        return start_state(plan, state, time.time() if now is None else now, self.engine)

    def turn(
        self, plan: Plan, state: ConversationState, turn_id: str, text: str, *, now: float | None = None
    ) -> TurnResult:
        now = time.time() if now is None else now
        again = replay(state, turn_id, self.engine)
        if again is not None:
            return again
        if state.finished:
            return finished_reply(plan, state, self.engine)
        # Time, abuse and "are you a bot?" are rules, never model judgement: honesty is not optional.
        pre = rules.prechecks(plan, state, text, now)
        if pre is not None:
            return apply_decision(plan, state, turn_id, text, pre, now, "rules")
        try:
            reply = self.provider.complete_json(
                system=interviewer_system(plan),
                messages=[{"role": "user", "content": interviewer_user(plan, state, text)}],
                schema=DECISION_SCHEMA,
                schema_name="interviewer_decision",
                prompt_version=self.prompt_version,
            )
        except ProviderError as exc:
            logs = [exc.log.to_dict()] if exc.log else []
            decision = self.fallback.decide(plan, state, text, now)
            fallback = {"error": exc.kind, "engine": self.fallback.engine, "failed_engine": self.engine}
            return apply_decision(
                plan, state, turn_id, text, decision, now, self.fallback.engine, fallback, logs
            )
        decision = self._to_decision(plan, state, reply.data, now)
        return apply_decision(
            plan, state, turn_id, text, decision, now, self.engine, None, [reply.log.to_dict()]
        )

    @staticmethod
    def _to_decision(plan: Plan, state: ConversationState, data: dict[str, object], now: float) -> Decision:
        """Hold the model to the plan: it may phrase, but the plan decides what comes next."""
        kind = DecisionKind(str(data["kind"]))
        said = str(data["reply"]).strip()
        question = rules.current_question(plan, state)
        if kind == DecisionKind.FOLLOW_UP and state.follow_ups_used < question.max_follow_ups and said:
            raw_reason = data.get("follow_up_reason")
            reason = FollowUpReason(str(raw_reason)) if raw_reason else FollowUpReason.TOO_SHORT
            return Decision(kind, said, reason=reason, counts_as_answer=True)
        if kind in (DecisionKind.FAQ_ANSWER, DecisionKind.FAQ_PASS_ON, DecisionKind.STEER_BACK) and said:
            return Decision(kind, f"{said} {rules.ask_again(plan, state)}")
        # ask_next, or a follow-up with none left: the next question is the plan's text, verbatim.
        nxt = rules.advance(plan, state, now)
        if said and nxt.kind == DecisionKind.ASK_NEXT:
            return Decision(
                nxt.kind, f"{said} {plan.questions[state.question_index + 1].text}", counts_as_answer=True
            )
        return nxt
