"""The room marks (what each room was last sent, by any process) and the message queue's
outbox, on a real SQLite file with the fake clock; two Hall objects on one file stand for
two server processes."""

from __future__ import annotations

from queue_server.domain.alarms import QueueReading
from queue_server.services import alarms, outbox
from tests.conftest import ADMIN


def test_a_mark_recorded_by_one_process_is_news_to_the_other_once(make_hall, settings):
    a, b = make_hall(settings), make_hall(settings)  # one data folder
    tail = outbox.MarkTail(a)
    outbox.record_marks(b, {"display:all": 41, "counter:loket-1": 41, "ticket:abc": 40})
    assert tail.news(["display:all", "ticket:abc"]) == {"display:all": 41, "ticket:abc": 40}
    assert tail.news(["display:all", "ticket:abc"]) == {}  # told already
    outbox.record_marks(b, {"display:all": 39})  # an older message never moves a mark back
    assert tail.every(["display:all", "counter:loket-1", "agency:x"]) == {
        "display:all": 41, "counter:loket-1": 41, "agency:x": 0}


def test_what_this_process_sent_itself_is_no_news(make_hall, settings):
    a = make_hall(settings)
    tail = outbox.MarkTail(a)
    marks = {"display:all": 7}
    tail.sent(marks)  # as Realtime.publish does, before recording
    outbox.record_marks(a, marks)
    assert tail.news(["display:all"]) == {}


class Background:
    """The spawn and sleep of MarkWriter: workers wait here until the test runs them."""

    def __init__(self) -> None:
        self.workers: list = []

    def spawn(self, fn) -> None:
        self.workers.append(fn)

    def run(self) -> None:
        while self.workers:
            self.workers.pop(0)()


def test_a_burst_of_publishes_is_one_write_of_the_newest_mark_of_each_room(make_hall,
                                                                            settings):
    a, b = make_hall(settings), make_hall(settings)
    background = Background()
    writer = outbox.MarkWriter(a, spawn=background.spawn, sleep=lambda s: None)
    tail = outbox.MarkTail(b)
    writes = []
    real_write = a.store.write

    def counted_write(**kwargs):
        writes.append(kwargs)
        return real_write(**kwargs)

    a.store.write = counted_write
    writer.record({"display:all": 5, "counter:loket-1": 5})
    writer.record({"display:all": 7})
    writer.record({"display:all": 6, "ticket:abc": 6})
    assert len(background.workers) == 1  # one writer for the burst
    assert tail.news(["display:all"]) == {}  # nothing written before it runs
    background.run()
    assert writes == [{"durable": False}]  # one write, that waits for no fsync
    assert tail.news(["display:all", "counter:loket-1", "ticket:abc"]) == {
        "display:all": 7, "counter:loket-1": 5, "ticket:abc": 6}
    writer.record({"display:all": 8})  # the writer stopped: a new burst starts another
    background.run()
    assert tail.news(["display:all"]) == {"display:all": 8}


def test_marks_a_failed_write_kept_are_written_with_the_next_publish(make_hall, settings):
    hall = make_hall(settings)
    background = Background()
    writer = outbox.MarkWriter(hall, spawn=background.spawn, sleep=lambda s: None)
    real_write, failures = hall.store.write, [1]

    def flaky_write(**kwargs):
        if failures:
            failures.pop()
            raise OSError(28, "No space left on device")
        return real_write(**kwargs)

    hall.store.write = flaky_write
    writer.record({"display:all": 3})
    background.run()  # logged, not raised
    writer.record({"ticket:abc": 4})
    background.run()
    assert outbox.MarkTail(hall).every(["display:all", "ticket:abc"]) == {
        "display:all": 3, "ticket:abc": 4}


def test_marks_still_held_when_the_store_closes_are_dropped_without_a_traceback(
        make_hall, settings, caplog):
    hall = make_hall(settings)
    background = Background()
    writer = outbox.MarkWriter(hall, spawn=background.spawn, sleep=lambda s: None)
    writer.record({"display:all": 3})
    hall.store.close()  # the process stops before the writer's moment came
    background.run()
    assert not [r for r in caplog.records if r.exc_info]


def test_old_marks_are_forgotten_after_two_days(make_hall, settings, clock):
    hall = make_hall(settings)
    outbox.record_marks(hall, {"ticket:old": 3})
    clock.advance(days=2, minutes=1)
    outbox.record_marks(hall, {"ticket:new": 4})
    assert outbox.forget_old_marks(hall) == 1
    assert outbox.MarkTail(hall).every(["ticket:old", "ticket:new"]) == {
        "ticket:old": 0, "ticket:new": 4}


class FakeQueue:
    def __init__(self) -> None:
        self.up = True
        self.got: list[str] = []
        self.tries = 0

    def publish(self, message):
        self.tries += 1
        if not self.up:
            return None  # python-socketio's RedisManager gave up
        self.got.append(message)
        return 1

    def ping(self):
        return None if self.up else "ConnectionError: refused"


def test_messages_refused_by_the_queue_wait_in_order_and_go_once_it_answers(clock):
    queue = FakeQueue()
    box = outbox.QueueOutbox(queue.publish, queue.ping, clock)
    box.publish("m1")
    queue.up = False
    box.publish("m2")  # refused: the queue is down from now
    tries = queue.tries
    box.publish("m3")
    assert queue.tries == tries  # no request pays for a connection attempt while down
    state = box.state()
    assert (state.ok, state.pending, state.down_since) == (False, 2, clock())
    assert box.retry() == 0  # still down
    queue.up = True
    assert box.retry() == 2
    assert queue.got == ["m1", "m2", "m3"]
    assert box.state().ok and box.state().pending == 0 and box.state().down_since is None
    box.publish("m4")
    assert queue.got[-1] == "m4"


def test_the_outbox_keeps_at_most_its_limit_and_counts_what_it_gave_up(clock):
    queue = FakeQueue()
    queue.up = False
    box = outbox.QueueOutbox(queue.publish, queue.ping, clock)
    box.LIMIT = 3
    for n in range(5):
        box.publish(f"m{n}")
    queue.up = True
    box.retry()
    assert queue.got == ["m2", "m3", "m4"]
    assert box.state().dropped == 2


def test_a_queue_down_for_ten_seconds_raises_the_alarm_and_its_return_clears_it(hall, clock):
    since = clock()
    clock.advance(seconds=6)  # a blip: no alarm yet
    assert alarms.evaluate(hall, message_queue=QueueReading(False, since)).events == []
    clock.advance(seconds=5)  # down for QUEUE_OUTAGE (10 s) and more
    raised = alarms.evaluate(hall, message_queue=QueueReading(False, since)).events
    assert [(e.type, e.data["kind"]) for e in raised] == [("alarm.raised", "message_queue_down")]
    assert "Antrean pesan" in raised[0].data["message"]
    # a process without a message queue leaves the alarm alone
    assert alarms.evaluate(hall).events == []
    cleared = alarms.evaluate(hall, message_queue=QueueReading(True, None)).events
    assert [e.type for e in cleared] == ["alarm.cleared"]
    assert alarms.open_alarms(hall, ADMIN) == []
