"""The candidate's chat over a WebSocket.

Protocol (JSON both ways):
  client → {"type": "turn", "turn_id": "<unique per message>", "text": "..."}
  server → {"type": "history", "messages": [...], "finished": bool, "continue_url": "..."} on connect
           {"type": "typing"} as soon as a turn arrives
           {"type": "chunk", "turn_id": "<id>:r", "text": "..."} the reply, piece by piece
           {"type": "reset", "turn_id": "<id>:r"} forget the chunks sent so far for this reply: the AI
               provider failed part-way and the offline engine's reply follows in new chunks
           {"type": "reply", "turn_id": "<id>:r", "text": "<whole reply>", "duplicate": bool}
           {"type": "finished", "continue_url": "..."} once the stage is scored and submitted
           {"type": "error", "message": "...", "fatal": bool}

With an AI provider the chunks are the model's words as it writes them (forwarded from the provider's
stream as they arrive); with the offline engine, a resent turn or a fixed rule (bot question, abuse,
time up) the reply is complete first and then sent in chunks. Either way the chunks since the last
reset join to exactly the "reply" text, which is the one to keep. The state is written once, after
the reply is complete.

A reconnecting client gets the whole transcript again and resends a message it never saw answered,
with the same turn id: the engine answers a known turn id from its record, so nothing counts twice.
Messages on one connection are handled one at a time (Channels awaits each handler in order).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.urls import reverse

from screenroom.interviews import services
from screenroom.interviews.engine.interviewer import TurnResult
from screenroom.interviews.selectors import NoAccess, chat_access

logger = logging.getLogger(__name__)


def _connect(token: str, stage_id: int) -> dict[str, Any]:
    access = chat_access(token=token, stage_id=stage_id)
    session = services.session_open(application=access.application, stage=access.stage)
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
    streamed = ""
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
        reply_id = f"{turn_id}:r"
        # What this reply's chunks have said so far (since the last reset), streamed while thinking.
        self.streamed = ""
        try:
            outcome = await self._turn(turn_id, text, reply_id)
        except services.TurnConflict as exc:
            await self._reset(reply_id)
            await self.send_json({"type": "error", "message": str(exc), "fatal": False})
            return
        if self.streamed != outcome.reply:
            # Nothing streamed (offline engine, fixed rules, a resent turn) or, should it ever differ,
            # something else: the stored reply, chunked, is what the candidate sees.
            await self._reset(reply_id)
            for chunk in outcome.chunks:
                await self.send_json({"type": "chunk", "turn_id": reply_id, "text": chunk})
        await self.send_json(
            {"type": "reply", "turn_id": reply_id, "text": outcome.reply, "duplicate": outcome.duplicate}
        )
        if outcome.finished:
            await self._finish()

    async def _turn(self, turn_id: str, text: str, reply_id: str) -> services.TurnOutcome:
        for _ in range(services.COMMIT_ATTEMPTS):
            # A retry after another writer won: what the last attempt streamed is taken back first.
            await self._reset(reply_id)
            ctx = await database_sync_to_async(services.turn_context)(
                session_id=self.session_id, source=self.source
            )
            self.source = ctx.source
            self.remote = ctx.engines.remote
            if ctx.engines.remote:
                result = await self._think_streaming(ctx, turn_id, text, reply_id)
            else:
                result = services.turn_think(ctx, turn_id, text)
            outcome = await database_sync_to_async(services.turn_commit)(
                ctx=ctx, turn_id=turn_id, result=result
            )
            if outcome is not None:
                return outcome
        raise services.TurnConflict("The interview is busy; send the message again.")

    async def _think_streaming(
        self, ctx: services.TurnContext, turn_id: str, text: str, reply_id: str
    ) -> TurnResult:
        """Run the engine on a worker thread (a provider call takes seconds; the shared database
        thread must not wait on it) and forward the reply's chunks to the socket as they come."""
        queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        sink = _QueueSink(asyncio.get_running_loop(), queue)

        def think() -> TurnResult:
            try:
                return services.turn_think(ctx, turn_id, text, sink=sink)
            finally:
                sink.put("done")

        task = asyncio.ensure_future(sync_to_async(think, thread_sensitive=False)())
        done = False
        while not done:
            events = [await queue.get()]
            while not queue.empty():  # several deltas waiting: one message, not many
                events.append(queue.get_nowait())
            for kind, piece in _merge_chunks(events):
                if kind == "done":
                    done = True
                elif kind == "reset":
                    await self._reset(reply_id)
                else:
                    self.streamed += piece
                    await self._send_live({"type": "chunk", "turn_id": reply_id, "text": piece})
        return await task

    async def _reset(self, reply_id: str) -> None:
        if self.streamed:
            self.streamed = ""
            await self._send_live({"type": "reset", "turn_id": reply_id})

    async def _send_live(self, message: dict[str, Any]) -> None:
        # The tab may be gone mid-reply; the turn must still be stored (a reload shows it), so a
        # failed send is not allowed to abandon it.
        try:
            await self.send_json(message)
        except Exception:
            logger.debug("chunk not delivered to interview session %s", self.session_id, exc_info=True)

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


class _QueueSink:
    """A ReplySink for the engine's worker thread: hands each event to the consumer's event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[tuple[str, str]]) -> None:
        self._loop = loop
        self._queue = queue

    def put(self, kind: str, text: str = "") -> None:
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (kind, text))

    def chunk(self, text: str) -> None:
        self.put("chunk", text)

    def reset(self) -> None:
        self.put("reset")


def _merge_chunks(events: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for kind, text in events:
        if kind == "chunk" and merged and merged[-1][0] == "chunk":
            merged[-1] = ("chunk", merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def warm_up() -> None:
    """Pay the one-off costs (URL resolver, stage registry) at startup, not on a candidate's turn."""
    from screenroom.stages.registry import stage_types

    reverse("healthz")
    stage_types()
