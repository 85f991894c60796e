"""Socket.IO: authenticated connections, authorised rooms, and committed outcomes turned
into the events of API.md. Nothing here runs before a transaction has committed: the hall
hands outcomes over only after commit."""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from flask import request
from flask_socketio import SocketIO, emit, join_room, leave_room

from queue_server.domain import access
from queue_server.domain.errors import (
    BadRequest,
    Forbidden,
    NotFound,
    QueueError,
    Unauthorized,
)
from queue_server.domain.models import DeviceKind
from queue_server.services import accounts, data_sweeps, hall_views, outbox, survey_tablet
from queue_server.services.hall import Hall, Outcome
from queue_server.services.system_status import ping_message_queue
from queue_server.web import heap_policy
from queue_server.web.alarm_triggers import AlarmTriggers
from queue_server.web.errors import status_of
from queue_server.web.heap_policy import HeapPolicy
from queue_server.web.outcome_messages import OutcomeMessages
from queue_server.web.print_news import PrintNews
from queue_server.web.serialize import Serializer
from queue_server.web.service_rooms import ServiceRooms

log = logging.getLogger(__name__)

# the live loop: news in the room marks (another process's commit) is looked for this often,
# every room hears its mark at least this often, a downed message queue is tried this often
TAIL_SECONDS = 0.5
HEARTBEAT_SECONDS = 5.0
# a phone's room (thousands of them) beats less often: news still reaches it in 0.5 s, and a
# phone that reconnects fetches its ticket anyway
TICKET_HEARTBEAT_SECONDS = 30.0
PHONE_ROOMS = ("ticket:", "service:")  # the rooms of citizens' phones, beating that slowly
QUEUE_RETRY_SECONDS = 1.0


def error_body(error: QueueError) -> dict[str, Any]:
    return {"ok": False, "error": {"code": error.code, "message": error.message,
                                   "field": error.field, "status": status_of(error)}}


class Realtime:
    def __init__(self, socketio: SocketIO, hall: Hall, serializer: Serializer,
                 session_principal=None) -> None:
        self.socketio = socketio
        self.hall = hall
        self.serializer = serializer
        self.session_principal = session_principal
        self._principals: dict[str, access.Principal] = {}
        self.shaper = OutcomeMessages(hall, serializer)  # what each outcome sends, where
        self._lock = threading.Lock()
        # installed by the serving process's sweep; bench/fanout.py measures the old way as
        # its baseline and reads the collector's pauses at every sweep
        self.heap = HeapPolicy(enabled=not os.environ.get("LOKET_BENCH_BASELINE"),
                               report_seconds=0.0 if os.environ.get("LOKET_BENCH_HEAP_REPORT")
                               else heap_policy.REPORT_SECONDS)
        socketio.on_event("connect", self.on_connect)
        socketio.on_event("disconnect", self.on_disconnect)
        socketio.on_event("join", self.on_join)
        socketio.on_event("leave", self.on_leave)
        self.tail = outbox.MarkTail(hall)
        self.marks = outbox.MarkWriter(hall, spawn=socketio.start_background_task,
                                       sleep=socketio.sleep)
        self.queue = self._wrap_message_queue()
        hall.subscribe(self.publish)
        hall.subscribe(self.drop_ended_accounts)
        self.alarms = AlarmTriggers(hall, self.queue_state)
        hall.subscribe(self.alarms.after)
        self.printing = PrintNews(socketio, hall, serializer, self.alarms)  # spooler's news
        # phones place themselves from one `queue.order` per change (web/service_rooms.py)
        self.queue_orders = ServiceRooms(
            hall, lambda name, body, room: socketio.emit(name, body, to=room),
            listening=self.has_listeners, spawn=socketio.start_background_task,
            sleep=socketio.sleep, sent=self.rooms_sent)
        hall.subscribe(self.queue_orders.changed)

    def _wrap_message_queue(self) -> outbox.QueueOutbox | None:
        """Every publish to the message queue goes through the outbox, which keeps what
        the queue refused (python-socketio's RedisManager logs and drops it)."""
        url = self.hall.settings.server.message_queue
        manager = getattr(self.socketio.server, "manager", None)
        if not url or manager is None or not hasattr(manager, "_publish"):
            return None

        def ping() -> str | None:
            answer = ping_message_queue(url)
            return None if answer.ok else (answer.error or "no answer")

        queue = outbox.QueueOutbox(manager._publish, ping, self.hall.now)
        manager._publish = queue.publish
        return queue

    def has_listeners(self, room: str) -> bool:
        """Whether a message to `room` may reach a socket: one of this process's, or, with
        a message queue, another process's (whose rooms this one cannot see)."""
        if self.queue is not None:
            return True
        return bool(self.socketio.server.manager.rooms.get("/", {}).get(room))

    def rooms_sent(self, marks: dict[str, int]) -> None:
        self.tail.sent(marks)
        self.marks.record(marks)

    def queue_state(self) -> outbox.QueueState | None:
        return self.queue.state() if self.queue is not None else None

    # ------------------------------------------------------------ connections

    def on_connect(self, auth: Any = None) -> bool:
        token = auth.get("token") if isinstance(auth, dict) else None
        principal: access.Principal | None = None
        if isinstance(token, str) and token:
            principal = accounts.principal_for_token(self.hall, token)
            if principal is None:
                log.info("socket refused: unknown or revoked token")
                return False
        elif self.session_principal is not None:
            principal = self.session_principal()
        with self._lock:
            self._principals[request.sid] = principal or access.ANONYMOUS  # type: ignore[attr-defined]
        return True

    def on_disconnect(self, *args: Any) -> None:
        with self._lock:
            self._principals.pop(request.sid, None)  # type: ignore[attr-defined]

    def principal(self) -> access.Principal:
        with self._lock:
            return self._principals.get(request.sid, access.ANONYMOUS)  # type: ignore[attr-defined]

    def on_join(self, data: Any = None) -> dict[str, Any]:
        try:
            room = self._authorise_room(data)
        except QueueError as error:
            return error_body(error)
        join_room(room)
        if room.startswith("display:"):
            state = hall_views.display_state(self.hall, self.principal(),
                                             room.split(":", 1)[1])
            emit("display.state", self.serializer.display(state, self.hall.settings.site.name))
        elif room.startswith("survey:"):
            # a reconnecting tablet learns whom its counter finished while it was away
            from queue_server.web.api_survey import survey_state_json  # it imports the API
            state = survey_tablet.tablet_state(self.hall, self.principal())
            emit("survey.state", survey_state_json(self.serializer, state))
        return {"ok": True, "room": room}

    def on_leave(self, data: Any = None) -> dict[str, Any]:
        room = data.get("room") if isinstance(data, dict) else None
        if isinstance(room, str):
            leave_room(room)
        return {"ok": True}

    def _authorise_room(self, data: Any) -> str:
        room = data.get("room") if isinstance(data, dict) else None
        if not isinstance(room, str) or ":" not in room:
            raise BadRequest("join needs {'room': 'display:ZONE' | 'counter:ID' | "
                             "'ticket:TOKEN' | 'service:ID' | 'agency:ID' | "
                             "'survey:COUNTER' | 'admin:all'}",
                             field="room")
        kind, _, arg = room.partition(":")
        p = self.principal()
        anonymous = p.kind == "anonymous"
        catalog = self.hall.current_catalog()
        if kind == "display":
            hall_views.zone_of(catalog, arg)
            allowed = access.can_view_display(p)
        elif kind == "counter":
            counter = self.hall.counter_of(catalog, arg, field="room")
            allowed = access.can_act_at_counter(p, counter)
        elif kind == "agency":
            if arg not in catalog.agencies:
                raise NotFound(f"Instansi {arg!r} tidak ada.", field="room")
            allowed = access.can_view_agency(p, arg, catalog.counters.values())
        elif kind == "ticket":
            with self.hall.store.read() as session:
                session.tickets.by_token(arg)
            allowed = True
        elif kind == "service":
            # codes and estimates only (no token, no name): anyone may follow a service
            self.hall.service_of(catalog, arg, field="room")
            allowed = True
        elif kind == "survey":
            # only the tablet standing at that counter: it is handed tracking tokens
            self.hall.counter_of(catalog, arg, field="room")
            allowed = p.device_kind is DeviceKind.SURVEY and arg in p.counters
        elif kind == "admin":
            allowed = p.is_admin
        else:
            raise BadRequest(f"unknown room kind {kind!r}", field="room")
        if not allowed:
            if anonymous:
                raise Unauthorized("Perlu token untuk bergabung ke ruang ini.", field="room")
            raise Forbidden(f"Anda tidak berwenang bergabung ke {room}.", field="room")
        return room

    def connected_principals(self) -> dict[str, access.Principal]:
        with self._lock:
            return dict(self._principals)

    def drop_revoked(self) -> int:
        """Disconnect every open socket whose token, device or browser session no longer
        works. Called right after a revocation in this process, and every few seconds by
        `sweep_forever` for revocations made elsewhere (CLI, another server process)."""
        principals = self.connected_principals()
        tokens = {p.token_id for p in principals.values() if p.token_id is not None}
        sessions = {p.session_hash for p in principals.values() if p.session_hash}
        if not tokens and not sessions:
            return 0
        with self.hall.store.read() as session:
            live_tokens, live_sessions = session.accounts.live_credentials(tokens, sessions)
        dropped = 0
        for sid, p in principals.items():
            dead = (p.token_id is not None and p.token_id not in live_tokens) or \
                (p.session_hash is not None and p.session_hash not in live_sessions)
            if dead:
                log.info("dropping socket of %s: its credential was revoked", p.actor)
                self.socketio.server.disconnect(sid)
                with self._lock:
                    self._principals.pop(sid, None)
                dropped += 1
        return dropped

    def drop_ended_accounts(self, outcome: Outcome) -> int:
        """A user deactivated (or given a new password) in this process loses their open
        sockets with the commit, not at the next sweep: the change ended their sessions
        and tokens, which `drop_revoked` finds."""
        if any(e.type == "user.password_reset" or (
                e.type == "user.updated" and (e.data.get("after") or {}).get("active") is False)
                for e in outcome.events):
            return self.drop_revoked()
        return 0

    def local_rooms(self) -> list[str]:
        """The rooms some socket of this process has joined (a socket's own room has no
        colon)."""
        rooms = self.socketio.server.manager.rooms.get("/", {})
        return [r for r, members in list(rooms.items())
                if isinstance(r, str) and ":" in r and members]

    def also_in_displays(self, others: list[str], rooms: set[str]) -> list[str]:
        """This process's sockets in one of `others` that are also in one of the display
        rooms of `rooms` (they were sent the message already). Walks the small side:
        counters, agencies and phones' rooms have a few sockets, a lobby room may have
        thousands."""
        joined = self.socketio.server.manager.rooms.get("/", {})
        displays = [joined[r] for r in rooms if r.startswith("display:") and joined.get(r)]
        if not displays:
            return []
        return sorted({sid for room in others for sid in (joined.get(room) or ())
                       if any(sid in members for members in displays)})

    def heartbeat(self, marks_by_room: dict[str, int]) -> None:
        at = self.serializer.time(self.hall.now())
        for room, event_id in marks_by_room.items():
            # each process beats for its own sockets: never through the message queue
            self.socketio.emit("heartbeat", {"room": room, "event_id": event_id, "at": at},
                               to=room, ignore_queue=True)

    def live_forever(self) -> None:
        """The tail of the room marks, the heartbeats and the message queue's retries."""
        round_at = tickets_at = queue_at = marks_swept_at = 0.0
        while True:
            self.socketio.sleep(TAIL_SECONDS)
            now = time.monotonic()
            try:
                rooms = self.local_rooms()
                beats = self.tail.news(rooms)  # another process's commit, within 0.5 s
                if now - round_at >= HEARTBEAT_SECONDS:
                    round_at = now
                    phones = now - tickets_at >= TICKET_HEARTBEAT_SECONDS
                    if phones:
                        tickets_at = now
                    beats = {**self.tail.every(
                        [r for r in rooms if phones or not r.startswith(PHONE_ROOMS)]),
                             **beats}
                self.heartbeat(beats)
            except Exception:  # the loop must go on beating
                log.exception("heartbeat round failed")
            if self.queue is not None:
                state = self.queue.state()
                wait = QUEUE_RETRY_SECONDS if not state.ok or state.pending else HEARTBEAT_SECONDS
                if now - queue_at >= wait:
                    queue_at = now
                    try:
                        self.queue.retry()
                    except Exception:
                        log.exception("message queue retry failed")
                    if self.queue.state().ok != state.ok:
                        self.alarms.message_queue_changed()
            if now - marks_swept_at >= 3600:
                marks_swept_at = now
                try:
                    outbox.forget_old_marks(self.hall)
                except Exception:
                    log.exception("sweeping old room marks failed")

    def sweep_forever(self, interval: float = 5.0) -> None:
        self.socketio.start_background_task(self.live_forever)
        # each process sends its own phones' services again every minute (the clock moves
        # estimates and aging with no commit): never through the message queue
        self.socketio.start_background_task(
            self.queue_orders.refresh_forever, self.local_rooms,
            lambda name, body, room: self.socketio.emit(name, body, to=room,
                                                        ignore_queue=True))
        self.heap.install()
        while True:
            self.socketio.sleep(interval)
            try:  # after a connect wave, or while the hall is quiet: see heap_policy
                with self._lock:
                    sockets = len(self._principals)
                line = self.heap.report(self.heap.sweep(sockets))
                if line:
                    log.info(line)
            except Exception:
                log.exception("heap sweep failed")
            try:
                self.drop_revoked()
                self.announce_config_applied()
                self.alarms.evaluate()
            except Exception:  # a sweep must never stop sweeping
                log.exception("revocation sweep failed")
            # bookings missed, old names, phones and Idempotency-Keys forgotten
            data_sweeps.sweep(self.hall)

    def announce_config_applied(self) -> None:
        """`queue-server config apply` changes the catalogue from another process, which
        has no sockets: the sweep sees its event and tells every screen to refetch."""
        with self.hall.store.read() as tx:
            latest = tx.events.last_of_type("config.applied") or 0
        seen = self.__dict__.setdefault("_config_applied_seen", latest)  # the first sweep
        if latest > seen:
            self._config_applied_seen = latest
            self.socketio.emit("catalog.updated", {
                "version": self.hall.current_catalog().version, "event_id": latest})

    # ------------------------------------------------------------ committed outcomes

    def publish(self, outcome: Outcome) -> None:
        catalog = outcome.catalog or self.hall.current_catalog()
        marks: dict[str, int] = {}
        messages = [m for m in self.shaper.messages(outcome, catalog) if m[2]]
        self.heap.published()
        # TVs first: the hall reads a call off the lobby screen, so the display rooms hear
        # every message of the outcome before counters, agencies and phones do. Each room
        # still hears its own messages in event order.
        for name, body, rooms in messages:
            displays = sorted(r for r in rooms if r.startswith("display:"))
            if displays:
                self.socketio.emit(name, body, to=displays)
        for name, body, rooms in messages:
            others = sorted(r for r in rooms if not r.startswith("display:"))
            if others:
                # a socket in a display room and another room hears the message once
                twice = self.also_in_displays(others, rooms)
                self.socketio.emit(name, body, to=others, skip_sid=twice or None)
            for room in rooms:
                marks[room] = max(marks.get(room, 0), body["event_id"])
        # after the emits, so the marks never announce what was not sent yet
        self.tail.sent(marks)
        self.marks.record(marks)
        change = self.catalog_change(outcome)
        if change is not None:
            # every kiosk, TV, console and phone, in every process (through the message
            # queue): each refetches what it shows, so no room is left out
            self.socketio.emit("catalog.updated", change)

    def catalog_change(self, outcome: Outcome) -> dict[str, Any] | None:
        """`catalog.updated` for an administration change (an event whose data names its
        `entity`), None for anything else. The version is read after commit, so it is the
        catalogue the screens will fetch, whatever catalog the change was made against."""
        changed = [e for e in outcome.events if "entity" in (e.data or {})]
        if not changed:
            return None
        return {"version": self.hall.current_catalog().version, "event_id": changed[-1].id}
