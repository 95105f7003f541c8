"""The interviewer protocol, the deterministic offline interviewer, and the state transitions."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from screenroom.interviews.engine import rules
from screenroom.interviews.engine.decisions import Decision, DecisionKind
from screenroom.interviews.engine.plan import Plan
from screenroom.interviews.engine.safety import detect_injection
from screenroom.interviews.engine.state import ConversationState, ProcessedTurn, TranscriptEntry

START_TURN_ID = "start"
OFFLINE_ENGINE = "offline-rules-v1"


@dataclass(frozen=True)
class TurnResult:
    reply: str
    kind: DecisionKind
    state: ConversationState
    reason: str | None = None
    duplicate: bool = False
    engine: str = OFFLINE_ENGINE
    # Set when an LLM engine failed and the offline engine answered instead: {"error": ..., ...}.
    fallback: dict[str, Any] | None = None
    # Per provider call audit records (CallLog.to_dict()); empty for the offline engine.
    call_logs: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.state.finished

    def chunks(self, max_chars: int = 32) -> Iterator[str]:
        """The reply in word-aligned pieces for transports that stream; they join back exactly."""
        start = 0
        text = self.reply
        while start < len(text):
            end = min(len(text), start + max_chars)
            if end < len(text):
                space = text.rfind(" ", start + 1, end)
                end = space + 1 if space > start else end
            yield text[start:end]
            start = end


class ReplySink(Protocol):
    """Where an engine that streams sends the reply while it is being written (a transport's socket).

    ``chunk`` pieces join (after the last ``reset``) to exactly ``TurnResult.reply``. ``reset`` means:
    forget what was sent for this reply, it is being replaced (the provider failed part-way and the
    offline engine answers). Engines that do not stream never call either; the transport then sends
    ``TurnResult.chunks()``. Called from the thread running the turn.
    """

    def chunk(self, text: str) -> None: ...

    def reset(self) -> None: ...


class Interviewer(Protocol):
    def start(
        self, plan: Plan, state: ConversationState | None = None, *, now: float | None = None
    ) -> TurnResult:
        """Greet and ask the first question. Calling it again returns the same greeting."""
        ...

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
        """Handle one candidate message. Pure: ``state`` is not mutated; the new one is returned.
        With a ``sink``, an engine may stream the reply into it as it is written."""
        ...


def replay(state: ConversationState, turn_id: str, engine: str) -> TurnResult | None:
    """The stored result of a turn id already processed: same reply, unchanged state."""
    done = state.processed.get(turn_id)
    if done is None:
        return None
    return TurnResult(
        reply=done.reply,
        kind=DecisionKind(done.kind),
        reason=done.reason,
        state=state,
        duplicate=True,
        engine=engine,
    )


def start_state(plan: Plan, state: ConversationState | None, now: float, engine: str) -> TurnResult:
    state = state or ConversationState()
    again = replay(state, START_TURN_ID, engine)
    if again is not None:
        return again
    new = state.copy()
    new.started_at = now
    reply = rules.greeting(plan)
    new.transcript.append(
        TranscriptEntry(
            START_TURN_ID + ":r", "interviewer", reply, now, plan.questions[0].id, DecisionKind.GREET
        )
    )
    new.processed[START_TURN_ID] = ProcessedTurn(reply, DecisionKind.GREET)
    return TurnResult(reply=reply, kind=DecisionKind.GREET, state=new, engine=engine)


def finished_reply(plan: Plan, state: ConversationState, engine: str) -> TurnResult:
    # Nothing is recorded: the interview is over and the transcript must stay as it was.
    return TurnResult(
        reply=f"This interview has finished. {plan.closing}",
        kind=DecisionKind.END,
        state=state,
        engine=engine,
    )


def apply_decision(
    plan: Plan,
    state: ConversationState,
    turn_id: str,
    text: str,
    decision: Decision,
    now: float,
    engine: str,
    fallback: dict[str, Any] | None = None,
    call_logs: list[dict[str, Any]] | None = None,
) -> TurnResult:
    """Record the candidate message and the reply, and move the plan on. Shared by every engine."""
    new = state.copy()
    if new.started_at is None:
        new.started_at = now
    question = rules.current_question(plan, new)
    flags = [f.to_dict() for f in detect_injection(text, turn_id)]
    new.flags.extend(flags)
    new.transcript.append(
        TranscriptEntry(turn_id, "candidate", text, now, question.id, is_answer=decision.counts_as_answer)
    )
    kind = decision.kind
    if kind == DecisionKind.FOLLOW_UP:
        new.follow_ups_used += 1
        new.steer_backs = 0
    elif kind == DecisionKind.ASK_NEXT:
        new.question_index += 1
        new.follow_ups_used = 0
        new.steer_backs = 0
    elif kind in (DecisionKind.STEER_BACK, DecisionKind.FAQ_ANSWER, DecisionKind.FAQ_PASS_ON):
        new.steer_backs += kind == DecisionKind.STEER_BACK
        if kind == DecisionKind.FAQ_PASS_ON:
            new.pending_questions.append(text)
    elif kind == DecisionKind.ABUSE_WARNING:
        new.abuse_count += 1
    elif kind == DecisionKind.END:
        new.abuse_count += decision.end_reason == "abuse"
        new.finished = True
        new.end_reason = decision.end_reason.value if decision.end_reason else "plan_done"
    if fallback is not None:
        new.fallbacks.append({"turn_id": turn_id, **fallback})
    next_qid = None if new.finished else rules.current_question(plan, new).id
    reason = decision.reason.value if decision.reason else None
    new.transcript.append(
        TranscriptEntry(turn_id + ":r", "interviewer", decision.reply, now, next_qid, kind, reason)
    )
    new.processed[turn_id] = ProcessedTurn(decision.reply, kind, reason)
    return TurnResult(
        reply=decision.reply,
        kind=kind,
        reason=reason,
        state=new,
        engine=engine,
        fallback=fallback,
        call_logs=call_logs or [],
        flags=flags,
    )


class OfflineInterviewer:
    """Deterministic, rule-based interviewer: the default when no AI provider is configured."""

    engine = OFFLINE_ENGINE

    def start(
        self, plan: Plan, state: ConversationState | None = None, *, now: float | None = None
    ) -> TurnResult:
        return start_state(plan, state, time.time() if now is None else now, self.engine)

    def decide(self, plan: Plan, state: ConversationState, text: str, now: float) -> Decision:
        return rules.decide(plan, state, text, now)

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
        # ``sink`` is ignored: the reply is complete in well under a millisecond, chunked afterwards.
        now = time.time() if now is None else now
        again = replay(state, turn_id, self.engine)
        if again is not None:
            return again
        if state.finished:
            return finished_reply(plan, state, self.engine)
        decision = self.decide(plan, state, text, now)
        return apply_decision(plan, state, turn_id, text, decision, now, self.engine)
