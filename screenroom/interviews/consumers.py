"""The candidate's chat over a WebSocket.

Protocol (JSON both ways):
  client → {"type": "turn", "turn_id": "<unique per message>", "text": "..."}
  server → {"type": "history", "messages": [...], "finished": bool, "continue_url": "..."} on connect
           {"type": "typing"} as soon as a turn arrives
           {"type": "chunk", "turn_id": "<id>:r", "text": "..."} the reply, piece by piece
           {"type": "reply", "turn_id": "<id>:r", "text": "<whole reply>", "duplicate": bool}
           {"type": "finished", "continue_url": "..."} once the stage is scored and submitted
           {"type": "error", "message": "...", "fatal": bool}

A reconnecting client gets the whole transcript again and resends a message it never saw answered,
with the same turn id: the engine answers a known turn id from its record, so nothing counts twice.
Messages on one connection are handled one at a time (Channels awaits each handler in order).
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.urls import reverse

from screenroom.interviews import services
from screenroom.interviews.selectors import NoAccess, chat_access

logger = logging.getLogger(__name__)


def _connect(token: str, stage_id: int) -> dict[str, Any]:
    access = chat_access(token=token, stage_id=stage_id)
    session = services.session_start(application=access.application, stage=access.stage)
    if session.state.get("finished") and session.status != "submitted":
        services.interview_finish(session_id=session.pk)
    return {
        "session_id": session.pk,
        "messages": [_public(m) for m in session.transcript],
        "finished": bool(session.state.get("finished")),
    }


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    return {"turn_id": entry["turn_id"], "role": entry["role"], "text": entry["text"], "ts": entry["ts"]}


class ChatConsumer(AsyncJsonWebsocketConsumer):
    session_id: int
    continue_url: str
    remote = False
    # The plan and engines, kept between turns and rebuilt only when the stage or provider changes.
    source: services.TurnSource | None = None

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        await self.accept()
        try:
            opened = await database_sync_to_async(_connect)(kwargs["token"], int(kwargs["stage_id"]))
        except NoAccess as exc:
            await self.send_json({"type": "error", "message": exc.message, "fatal": True})
            await self.close(code=exc.code)
            return
        self.session_id = opened["session_id"]
        self.continue_url = reverse("portal:stage", args=[kwargs["token"], int(kwargs["stage_id"])])
        await self.send_json(
            {
                "type": "history",
                "messages": opened["messages"],
                "finished": opened["finished"],
                "continue_url": self.continue_url,
            }
        )

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not hasattr(self, "session_id"):
            return
        if not isinstance(content, dict) or content.get("type") != "turn":
            await self.send_json({"type": "error", "message": "Unknown message.", "fatal": False})
            return
        try:
            turn_id, text = services.clean_turn(str(content.get("turn_id", "")), str(content.get("text", "")))
        except services.TurnRejected as exc:
            await self.send_json({"type": "error", "message": str(exc), "fatal": False})
            return
        await self.send_json({"type": "typing"})
        try:
            outcome = await self._turn(turn_id, text)
        except services.TurnConflict as exc:
            await self.send_json({"type": "error", "message": str(exc), "fatal": False})
            return
        reply_id = f"{turn_id}:r"
        for chunk in outcome.chunks:
            await self.send_json({"type": "chunk", "turn_id": reply_id, "text": chunk})
        await self.send_json(
            {"type": "reply", "turn_id": reply_id, "text": outcome.reply, "duplicate": outcome.duplicate}
        )
        if outcome.finished:
            await self._finish()

    async def _turn(self, turn_id: str, text: str) -> services.TurnOutcome:
        for _ in range(services.COMMIT_ATTEMPTS):
            ctx = await database_sync_to_async(services.turn_context)(
                session_id=self.session_id, source=self.source
            )
            self.source = ctx.source
            self.remote = ctx.engines.remote
            if ctx.engines.remote:
                # A provider call can take seconds: off the shared database thread, so other
                # candidates on this process are not kept waiting behind it.
                result = await sync_to_async(services.turn_think, thread_sensitive=False)(ctx, turn_id, text)
            else:
                result = services.turn_think(ctx, turn_id, text)
            outcome = await database_sync_to_async(services.turn_commit)(
                ctx=ctx, turn_id=turn_id, result=result
            )
            if outcome is not None:
                return outcome
        raise services.TurnConflict("The interview is busy; send the message again.")

    async def _finish(self) -> None:
        try:
            if self.remote:
                await self._finish_remote()
            else:
                # The offline scorer takes milliseconds: score and submit in one go on the database
                # thread. That keeps SQLite to one writer per process; finishing on a second thread
                # measured far worse (its lock waits stalled every other candidate's turns).
                await database_sync_to_async(services.interview_finish)(session_id=self.session_id)
        except Exception:
            # The transcript is safe; the next page load or connection finishes the stage instead.
            logger.exception("finishing interview session %s failed", self.session_id)
        await self.send_json({"type": "finished", "continue_url": self.continue_url})

    async def _finish_remote(self) -> None:
        job = await database_sync_to_async(services.finish_prepare)(session_id=self.session_id)
        if job is None:
            return
        scoring = None
        if not job.scored:
            # Scoring with a provider takes seconds: off the database thread, so the other
            # candidates on this process are not kept waiting.
            scoring = await sync_to_async(services.finish_score, thread_sensitive=False)(job)
        await database_sync_to_async(services.finish_submit)(job=job, scoring=scoring)


def warm_up() -> None:
    """Pay the one-off costs (URL resolver, stage registry) at startup, not on a candidate's turn."""
    from django.urls import reverse

    from screenroom.stages.registry import stage_types

    reverse("healthz")
    stage_types()
