"""Chat interviews: start, take a turn, finish (score and submit the stage); provider settings.

A turn has three phases so a transport can keep slow work off the database thread:
`turn_context` (read the session), `turn_think` (the engine: pure, may call an AI provider over the
network) and `turn_commit` (write the new state if nobody else wrote meanwhile). `interview_turn`
runs them in order, retrying the whole turn when another writer got there first.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from screenroom.audit.services import audit_record
from screenroom.candidates.models import Application
from screenroom.candidates.services import stage_submit
from screenroom.interviews import ai
from screenroom.interviews.crypto import DecryptionError, encrypt
from screenroom.interviews.engine.interviewer import START_TURN_ID, ReplySink, TurnResult
from screenroom.interviews.engine.plan import Plan
from screenroom.interviews.engine.plan import Question as EngineQuestion
from screenroom.interviews.engine.providers import ProviderError
from screenroom.interviews.engine.scorer import verify_quotes
from screenroom.interviews.engine.state import ConversationState
from screenroom.interviews.models import (
    AIProviderSettings,
    CallPurpose,
    InterviewSession,
    ProviderKind,
    SessionStatus,
)
from screenroom.interviews.selectors import stage_plan
from screenroom.jobs.models import Stage

MAX_MESSAGE_CHARS = 4000
MAX_TURN_ID_CHARS = 64
COMMIT_ATTEMPTS = 5
CHUNK_CHARS = 24


class TurnRejected(ValueError):
    """The message or turn id is unusable; the text is safe to show the candidate."""


class TurnConflict(RuntimeError):
    """Other writers kept winning; the client may resend the same turn id safely."""


@dataclass(frozen=True)
class TurnSource:
    """What a turn needs that rarely changes: the plan and the engines, with the versions they were
    built from. A transport keeps it between turns; `turn_context` rebuilds it when a version moved."""

    organization_id: int
    stage_id: int
    stage_version: str
    provider_version: str
    plan: Plan
    engines: ai.Engines


@dataclass
class TurnContext:
    session_id: int
    version: int
    source: TurnSource
    state: ConversationState

    @property
    def plan(self) -> Plan:
        return self.source.plan

    @property
    def engines(self) -> ai.Engines:
        return self.source.engines

    @property
    def organization_id(self) -> int:
        return self.source.organization_id

    @property
    def stage_id(self) -> int:
        return self.source.stage_id


@dataclass(frozen=True)
class TurnOutcome:
    turn_id: str
    reply: str
    chunks: list[str]
    duplicate: bool
    finished: bool
    engine: str
    fallback: dict[str, Any] | None = None
    flags: list[dict[str, Any]] = field(default_factory=list)


def clean_turn(turn_id: str, text: str) -> tuple[str, str]:
    """Validate what a client sent; raises TurnRejected."""
    turn_id = (turn_id or "").strip()
    if not turn_id or len(turn_id) > MAX_TURN_ID_CHARS or not all(c.isalnum() or c in "-_." for c in turn_id):
        raise TurnRejected("The message could not be sent. Reload the page and try again.")
    if turn_id == START_TURN_ID:
        raise TurnRejected("The message could not be sent. Reload the page and try again.")
    text = (text or "").strip()
    if not text:
        raise TurnRejected("Write an answer before sending.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise TurnRejected(f"Please keep a message under {MAX_MESSAGE_CHARS} characters.")
    return turn_id, text


# --- start ------------------------------------------------------------------------------------------


def session_start(*, application: Application, stage: Stage) -> InterviewSession:
    """The candidate's session at this stage, created with the greeting on first use."""
    existing = InterviewSession.objects.filter(application=application, stage=stage).first()
    if existing is not None:
        return existing
    organization_name = application.job.organization.name
    plan = stage_plan(stage=stage, organization_name=organization_name)
    engines = ai.engines_for(application.organization_id)
    first = engines.interviewer.start(plan)
    try:
        with transaction.atomic():
            return InterviewSession.objects.create(
                organization_id=application.organization_id,
                application=application,
                stage=stage,
                state=first.state.to_dict(),
                engine=first.engine,
            )
    except IntegrityError:  # a second tab created it a moment ago
        return InterviewSession.objects.get(application=application, stage=stage)


def session_open(*, application: Application, stage: Stage) -> InterviewSession:
    """`session_start`, and a session that finished but was never submitted (the connection dropped
    at the last moment) is scored and submitted now."""
    session = session_start(application=application, stage=stage)
    if session.state.get("finished") and session.status != SessionStatus.SUBMITTED:
        interview_finish(session_id=session.pk)
    return session


# --- a turn -----------------------------------------------------------------------------------------


# One indexed read per turn: the state, and the versions that say whether a cached plan and engines
# still hold. Raw SQL because compiling the equivalent ORM query costs more than running it.
_TURN_SQL = (
    "SELECT s.state, s.version, s.organization_id, s.stage_id, st.updated_at, p.updated_at "
    "FROM interviews_interviewsession s JOIN jobs_stage st ON st.id = s.stage_id "
    "LEFT JOIN interviews_aiprovidersettings p ON p.organization_id = s.organization_id WHERE s.id = %s"
)


def turn_context(*, session_id: int, source: TurnSource | None = None) -> TurnContext:
    with connection.cursor() as cursor:
        cursor.execute(_TURN_SQL, [session_id])
        row = cursor.fetchone()
    if row is None:
        raise InterviewSession.DoesNotExist(f"interview session {session_id}")
    raw_state, version, organization_id, stage_id, stage_version, provider_version = row
    stage_version, provider_version = str(stage_version), str(provider_version)
    if source is None or source.stage_id != stage_id or source.stage_version != stage_version:
        stage = Stage.objects.select_related("job__organization").get(pk=stage_id)
        plan = stage_plan(stage=stage, organization_name=stage.job.organization.name)
        reuse = source is not None and source.provider_version == provider_version
        engines = source.engines if source is not None and reuse else ai.engines_for(organization_id)
        source = TurnSource(organization_id, stage_id, stage_version, provider_version, plan, engines)
    elif source.provider_version != provider_version:
        source = replace(source, provider_version=provider_version, engines=ai.engines_for(organization_id))
    state = json.loads(raw_state) if isinstance(raw_state, str) else raw_state
    return TurnContext(
        session_id=session_id, version=version, source=source, state=ConversationState.from_dict(state)
    )


def turn_think(
    ctx: TurnContext, turn_id: str, text: str, now: float | None = None, sink: ReplySink | None = None
) -> TurnResult:
    """The engine's turn. No database access: safe to run on any thread, however long it takes.

    With a ``sink``, an LLM interviewer streams the reply into it while the model writes it (see
    ``ReplySink``); nothing is stored until `turn_commit`, after the reply is complete."""
    return ctx.engines.interviewer.turn(ctx.plan, ctx.state, turn_id, text, now=now, sink=sink)


def _outcome(turn_id: str, result: TurnResult) -> TurnOutcome:
    return TurnOutcome(
        turn_id=turn_id,
        reply=result.reply,
        chunks=list(result.chunks(CHUNK_CHARS)),
        duplicate=result.duplicate,
        finished=result.finished,
        engine=result.engine,
        fallback=result.fallback,
        flags=list(result.flags),
    )


def _write_state(ctx: TurnContext, result: TurnResult) -> bool:
    """One UPDATE, guarded by the version read in `ctx`: False when another writer got there first."""
    ops = connection.ops
    now = timezone.now()
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    # Only the placeholder varies (a constant per database vendor); every value is a parameter.
    sql = (
        f"UPDATE interviews_interviewsession SET state = {json_param}, version = version + 1, engine = %s, "  # noqa: S608
        "status = %s, finished_at = %s, updated_at = %s WHERE id = %s AND version = %s AND status = %s"
    )
    finished = result.finished
    params = [
        json.dumps(result.state.to_dict()),
        result.engine[:120],
        SessionStatus.FINISHED if finished else SessionStatus.ACTIVE,
        ops.adapt_datetimefield_value(now) if finished else None,
        ops.adapt_datetimefield_value(now),
        ctx.session_id,
        ctx.version,
        SessionStatus.ACTIVE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return bool(cursor.rowcount)


def turn_commit(*, ctx: TurnContext, turn_id: str, result: TurnResult) -> TurnOutcome | None:
    """Store the new state unless the session moved on since `ctx` was read (then None: retry)."""
    if result.duplicate or result.state is ctx.state:
        # A resent turn, or a message after the end: the reply is known and nothing is recorded.
        return _outcome(turn_id, result)
    if not result.call_logs:
        # The offline engine: a single statement, so the database's write lock is held only for it.
        return _outcome(turn_id, result) if _write_state(ctx, result) else None
    with transaction.atomic():
        if not _write_state(ctx, result):
            return None
        ai.record_calls(
            organization_id=ctx.organization_id,
            purpose=CallPurpose.INTERVIEW_TURN,
            logs=result.call_logs,
            fallback=result.fallback is not None,
            session_id=ctx.session_id,
            stage_id=ctx.stage_id,
        )
    return _outcome(turn_id, result)


def interview_turn(*, session_id: int, turn_id: str, text: str, now: float | None = None) -> TurnOutcome:
    """One candidate message, start to finish (the no-JavaScript form and tests use this)."""
    turn_id, text = clean_turn(turn_id, text)
    source = None
    for _ in range(COMMIT_ATTEMPTS):
        ctx = turn_context(session_id=session_id, source=source)
        source = ctx.source
        result = turn_think(ctx, turn_id, text, now)
        outcome = turn_commit(ctx=ctx, turn_id=turn_id, result=result)
        if outcome is not None:
            return outcome
    raise TurnConflict("The interview is busy; send the message again.")


# --- the end: score and submit ------------------------------------------------------------------------


@dataclass(frozen=True)
class FinishJob:
    """A finished interview waiting to be scored and submitted (read on the database thread)."""

    session_id: int
    organization_id: int
    stage_id: int
    plan: Plan
    transcript: list[Any]
    candidate_name: str
    scored: bool
    scorer: Any  # OfflineRubricScorer or LLMScorer, chosen where the settings could be read
    remote: bool


def finish_prepare(*, session_id: int) -> FinishJob | None:
    """None when there is nothing to do (not finished yet, or already submitted)."""
    session = InterviewSession.objects.select_related("stage", "organization", "application__candidate").get(
        pk=session_id
    )
    if session.status == SessionStatus.SUBMITTED or not session.state.get("finished"):
        return None
    engines = ai.engines_for(session.organization_id)
    return FinishJob(
        session_id=session.pk,
        organization_id=session.organization_id,
        stage_id=session.stage_id,
        plan=stage_plan(stage=session.stage, organization_name=session.organization.name),
        transcript=ConversationState.from_dict(session.state).transcript,
        candidate_name=session.application.candidate.name,
        scored=session.scoring is not None,
        scorer=engines.scorer(),
        remote=engines.remote,
    )


def finish_score(job: FinishJob) -> dict[str, Any]:
    """Score the transcript. No database access: with an AI provider this takes seconds, and a
    transport runs it off its database thread."""
    names = [job.candidate_name] if job.candidate_name else []
    scoring = job.scorer.score(job.plan, job.transcript, known_names=names).to_dict()
    scoring["scored_at"] = time.time()
    return scoring


def finish_submit(*, job: FinishJob, scoring: dict[str, Any] | None) -> str | None:
    """Keep the scores and the call log, then submit the stage (stage_submit does it once)."""
    if scoring is not None:
        with transaction.atomic():
            InterviewSession.objects.filter(pk=job.session_id, scoring__isnull=True).update(scoring=scoring)
            ai.record_calls(
                organization_id=job.organization_id,
                purpose=CallPurpose.SCORING,
                logs=list(scoring.get("call_logs") or []),
                fallback=bool(scoring.get("fallback")),
                session_id=job.session_id,
                stage_id=job.stage_id,
            )
    session = InterviewSession.objects.select_related("stage", "application").get(pk=job.session_id)
    answers = answers_for_submit(session, job.plan)
    outcome = stage_submit(application=session.application, stage=session.stage, answers=answers)
    InterviewSession.objects.filter(pk=session.pk).update(
        status=SessionStatus.SUBMITTED, updated_at=timezone.now()
    )
    return outcome


def interview_finish(*, session_id: int) -> str | None:
    """Score a finished interview and submit its stage. Safe to call again: it does the work once.

    Returns stage_submit's outcome, or None when there was nothing to do.
    """
    job = finish_prepare(session_id=session_id)
    if job is None:
        return None
    return finish_submit(job=job, scoring=None if job.scored else finish_score(job))


def answers_for_submit(session: InterviewSession, plan: Plan) -> dict[str, Any]:
    """What StageResult.answers keeps: the session (evaluate reads its scoring) and each answer's text."""
    state = ConversationState.from_dict(session.state)
    return {
        "session_id": session.pk,
        "answers": {q.id: "\n".join(e.text for e in state.answers_for(q.id)) for q in plan.questions},
    }


# --- provider settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderInput:
    provider: str
    base_url: str
    model: str
    api_key: str  # empty: keep the stored key
    clear_key: bool
    timeout_s: float


@transaction.atomic
def provider_settings_save(*, organization_id: int, data: ProviderInput, actor: User) -> AIProviderSettings:
    row, _ = AIProviderSettings.objects.select_for_update().get_or_create(organization_id=organization_id)
    row.provider = data.provider
    row.base_url = data.base_url if data.provider == ProviderKind.OPENAI_COMPATIBLE else ""
    row.model = "" if data.provider == ProviderKind.NONE else data.model
    row.timeout_s = data.timeout_s
    if data.provider == ProviderKind.NONE or data.clear_key:
        row.api_key_encrypted = ""
    elif data.api_key:
        row.api_key_encrypted = encrypt(data.api_key)
    row.updated_by = actor
    row.save()
    audit_record(
        organization_id=organization_id,
        actor=actor,
        action="ai_provider.changed",
        output={
            "provider": row.provider,
            "model": row.model,
            "base_url": row.base_url,
            "key_set": row.has_key,
        },
    )
    return row


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    latency_ms: float | None = None


TEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}


def provider_connection_test(*, organization_id: int) -> ConnectionCheck:
    """One small structured-output call with the saved settings; logged like every other call."""
    row = ai.provider_settings(organization_id)
    if row is None or row.is_offline:
        return ConnectionCheck(
            True, "No AI provider is configured: the offline engine is used, nothing to test."
        )
    if not row.model:
        return ConnectionCheck(False, "Enter a model name first.")
    try:
        provider = ai.provider_for(row)
    except DecryptionError as exc:
        return ConnectionCheck(False, str(exc))
    except Exception as exc:  # a bad base URL and the like: say it plainly, never the key
        return ConnectionCheck(False, f"The provider could not be set up: {type(exc).__name__}.")
    try:
        reply = provider.complete_json(
            system='You check that a connection works. Reply with the JSON object {"ok": true}.',
            messages=[{"role": "user", "content": "Connection test."}],
            schema=TEST_SCHEMA,
            schema_name="connection_test",
            prompt_version="connection-test-v1",
        )
    except ProviderError as exc:
        logs = [exc.log.to_dict()] if exc.log else []
        ai.record_calls(organization_id=organization_id, purpose=CallPurpose.TEST_CONNECTION, logs=logs)
        return ConnectionCheck(False, _explain(exc.kind), exc.log.latency_ms if exc.log else None)
    ai.record_calls(
        organization_id=organization_id, purpose=CallPurpose.TEST_CONNECTION, logs=[reply.log.to_dict()]
    )
    return ConnectionCheck(True, f"Connected to {row.model}.", reply.log.latency_ms)


def _explain(kind: str) -> str:
    return {
        "auth": "The provider refused the API key. Check the key and save it again.",
        "timeout": "The provider did not answer in time. Check the base URL, or raise the timeout.",
        "connection": "The provider could not be reached. Check the base URL and that the server is running.",
        "rate_limited": "The provider is rate limiting this key (HTTP 429). Try again later.",
        "server_error": "The provider had a server error (HTTP 5xx). Try again later.",
        "malformed": "The provider answered, but not with the JSON asked for. Check the model supports "
        "structured output.",
        "refused": "The model refused to answer.",
        "bad_request": "The provider rejected the request (HTTP 400). Check the model name.",
    }.get(kind, f"The call failed ({kind}).")


# --- trying a rubric on sample answers ----------------------------------------------------------------


@dataclass(frozen=True)
class SampleScore:
    question_id: str
    answer_index: int
    answer: str
    score: int
    evidence: list[str]
    rationale: str
    engine: str
    model: str | None
    fallback: dict[str, Any] | None


def samples_score(
    *,
    organization_id: int | None,
    questions: list[EngineQuestion],
    samples: dict[str, list[str]],
    purpose: str = CallPurpose.TRY_RUBRIC,
    stage_id: int | None = None,
) -> list[SampleScore]:
    """Score sample answers with the organization's engine (offline when none); no candidate involved.

    Empty answers are skipped but keep their index, so results line up with what was pasted.
    """
    engines = ai.engines_for(organization_id) if organization_id is not None else ai.OFFLINE
    scorer = engines.scorer()
    rubric = "try-" + Plan(questions=tuple(questions)).rubric_version() if questions else "adhoc"
    results: list[SampleScore] = []
    for question in questions:
        for index, text in enumerate(samples.get(question.id, [])):
            if not text.strip():
                continue
            s = scorer.score_answer(question, text, rubric)
            accepted, _ = verify_quotes(s.evidence, [text])
            results.append(
                SampleScore(
                    question_id=question.id,
                    answer_index=index,
                    answer=text,
                    score=s.score,
                    evidence=accepted,
                    rationale=s.rationale,
                    engine=s.engine,
                    model=s.model,
                    fallback=s.fallback,
                )
            )
    logs = getattr(scorer, "call_logs", [])
    if organization_id is not None and logs:
        ai.record_calls(organization_id=organization_id, purpose=purpose, logs=logs, stage_id=stage_id)
    return results
