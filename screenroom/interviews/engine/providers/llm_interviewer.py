"""An interviewer that asks an LLM for each decision, streams the model's wording of the reply, and falls
back to the offline rules on failure.

A turn with a model takes two calls:

1. ``complete_json`` with ``DECISION_SCHEMA``: what to do (ask_next, follow_up and why, faq_answer,
   faq_pass_on, steer_back). Held to the plan exactly as before (follow-ups beyond the limit become
   the next question; the model can never end the interview).
2. ``stream_text``: the words, written for that decision, forwarded to the ``sink`` delta by delta
   while the model writes them. The plan's own text (the next question verbatim, "Back to the
   question: …") is appended after the model's words as one more chunk.

If either call fails, the offline rules answer. When some of the model's words already reached the
sink, ``sink.reset()`` is called first so the transport can take them back: the candidate sees one
clean reply, never half a sentence followed by another.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from screenroom.interviews.engine import rules
from screenroom.interviews.engine.decisions import Decision, DecisionKind, FollowUpReason
from screenroom.interviews.engine.interviewer import (
    OfflineInterviewer,
    ReplySink,
    TurnResult,
    apply_decision,
    finished_reply,
    replay,
    start_state,
)
from screenroom.interviews.engine.plan import Plan
from screenroom.interviews.engine.providers.base import CallLog, Provider, ProviderError
from screenroom.interviews.engine.providers.prompts import (
    DECISION_SCHEMA,
    INTERVIEWER_PROMPT_VERSION,
    WORDING_PROMPT_VERSION,
    interviewer_system,
    interviewer_user,
    wording_system,
)
from screenroom.interviews.engine.state import ConversationState


def stripped(deltas: Iterable[str]) -> Iterator[str]:
    """Re-chunk text deltas so they join to ``"".join(deltas).strip()``, without waiting for the end:
    leading whitespace is dropped and whitespace is held back until more text follows it."""
    started = False
    pending = ""
    for delta in deltas:
        if not started:
            delta = delta.lstrip()
            if not delta:
                continue
            started = True
        body = delta.rstrip()
        if body:
            yield pending + body
            pending = delta[len(body) :]
        else:
            pending += delta


class _Turn:
    """One turn's streaming bookkeeping (the interviewer itself is shared between threads)."""

    def __init__(self, sink: ReplySink | None) -> None:
        self.sink = sink
        self.logs: list[CallLog] = []
        self.sent = False  # whether any text reached the sink
        self.during = "decision"

    def emit(self, text: str) -> None:
        if self.sink is not None and text:
            self.sink.chunk(text)
            self.sent = True

    def log(self, log: CallLog | None) -> None:
        if log is not None and not any(existing is log for existing in self.logs):
            self.logs.append(log)


class LLMInterviewer:
    prompt_version = INTERVIEWER_PROMPT_VERSION
    wording_prompt_version = WORDING_PROMPT_VERSION

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
        self,
        plan: Plan,
        state: ConversationState,
        turn_id: str,
        text: str,
        *,
        now: float | None = None,
        sink: ReplySink | None = None,
    ) -> TurnResult:
        now = time.time() if now is None else now
        # A known turn id is answered from the record: the model is never asked twice.
        again = replay(state, turn_id, self.engine)
        if again is not None:
            return again
        if state.finished:
            return finished_reply(plan, state, self.engine)
        # Time, abuse and "are you a bot?" are rules, never model judgement: honesty is not optional.
        pre = rules.prechecks(plan, state, text, now)
        if pre is not None:
            return apply_decision(plan, state, turn_id, text, pre, now, "rules")
        t = _Turn(sink)
        try:
            reply = self.provider.complete_json(
                system=interviewer_system(plan),
                messages=[{"role": "user", "content": interviewer_user(plan, state, text)}],
                schema=DECISION_SCHEMA,
                schema_name="interviewer_decision",
                prompt_version=self.prompt_version,
            )
            t.log(reply.log)
            decision = self._decide(plan, state, text, reply.data, now, t)
        except ProviderError as exc:
            t.log(exc.log)
            if t.sent and sink is not None:
                sink.reset()  # take back the model's half-written words before the offline reply
            decision = self.fallback.decide(plan, state, text, now)
            fallback = {
                "error": exc.kind,
                "engine": self.fallback.engine,
                "failed_engine": self.engine,
                "during": t.during,
            }
            return apply_decision(
                plan, state, turn_id, text, decision, now, self.fallback.engine, fallback, self._logs(t)
            )
        return apply_decision(plan, state, turn_id, text, decision, now, self.engine, None, self._logs(t))

    @staticmethod
    def _logs(t: _Turn) -> list[dict[str, Any]]:
        return [log.to_dict() for log in t.logs]

    def _decide(
        self, plan: Plan, state: ConversationState, text: str, data: dict[str, Any], now: float, t: _Turn
    ) -> Decision:
        """Hold the model to the plan: it may phrase, but the plan decides what comes next."""
        kind = DecisionKind(str(data["kind"]))
        question = rules.current_question(plan, state)
        nxt = rules.advance(plan, state, now)
        if kind == DecisionKind.FOLLOW_UP and state.follow_ups_used < question.max_follow_ups:
            raw_reason = data.get("follow_up_reason")
            reason = FollowUpReason(str(raw_reason)) if raw_reason else FollowUpReason.TOO_SHORT
            said = self._say(plan, state, text, kind, reason, t)
            return Decision(kind, said, reason=reason, counts_as_answer=True) if said else nxt
        if kind in (DecisionKind.FAQ_ANSWER, DecisionKind.FAQ_PASS_ON, DecisionKind.STEER_BACK):
            said = self._say(plan, state, text, kind, None, t)
            if said:
                tail = f" {rules.ask_again(plan, state)}"
                t.emit(tail)
                return Decision(kind, said + tail)
            return nxt
        # ask_next, or a follow-up with none left. The plan done: the closing, no words wanted.
        if nxt.kind != DecisionKind.ASK_NEXT:
            return nxt
        said = self._say(plan, state, text, DecisionKind.ASK_NEXT, None, t)
        if not said:
            return nxt
        tail = f" {plan.questions[state.question_index + 1].text}"  # the plan's text, verbatim
        t.emit(tail)
        return Decision(nxt.kind, said + tail, counts_as_answer=True)

    def _say(
        self,
        plan: Plan,
        state: ConversationState,
        text: str,
        kind: DecisionKind,
        reason: FollowUpReason | None,
        t: _Turn,
    ) -> str:
        """Stream the model's words for this decision into the sink; the whole text, stripped."""
        t.during = "wording"
        stream = self.provider.stream_text(
            system=wording_system(plan, kind.value, reason.value if reason else None),
            messages=[{"role": "user", "content": interviewer_user(plan, state, text)}],
            prompt_version=self.wording_prompt_version,
        )
        t.log(stream.log)
        parts: list[str] = []
        try:
            for piece in stripped(stream):
                parts.append(piece)
                t.emit(piece)
        finally:
            stream.close()
        return "".join(parts)
