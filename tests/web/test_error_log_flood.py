"""A flood of one error cannot flush the log: the first few are written with their
traceback, then one "… suppressed" line, then nothing until the minute is over, when the
next one says how many were not written."""

from __future__ import annotations

import logging

import pytest

from queue_server.log_limits import RepeatLimiter

ERRORS_LOGGER = "queue_server.web.errors"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def broken_app(app):
    """The real app with one route that always fails as a bug would (added before the
    first request, as Flask requires)."""

    def broken() -> str:
        raise ZeroDivisionError("a bug")

    app.add_url_rule("/api/v1/test-only-broken", "test_only_broken", broken)
    return app


def error_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == ERRORS_LOGGER]


def test_a_flood_of_internal_errors_writes_a_bounded_number_of_records(broken_app, caplog):
    client = broken_app.test_client()
    caplog.set_level(logging.INFO)
    for _ in range(300):
        r = client.get("/api/v1/test-only-broken")
        assert r.status_code == 500
        assert r.get_json()["error"]["code"] == "internal_error"
        assert "ZeroDivisionError" not in r.get_data(as_text=True)
    records = error_records(caplog)
    assert len(records) == 6
    assert all(r.exc_info for r in records[:5])  # the first ones keep their traceback
    summary = records[5]
    assert summary.exc_info is None and "suppressed" in summary.getMessage()
    assert "unhandled error on GET /api/v1/test-only-broken" in summary.getMessage()


def test_the_first_error_after_the_minute_says_how_many_were_not_written():
    clock = Clock()
    limiter = RepeatLimiter(per_window=3, window=60, clock=clock)
    logger = logging.getLogger("tests.flood.minute")
    written: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            written.append(record.getMessage())

    handler = Keep()
    handler.addFilter(limiter)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for _ in range(50):
            logger.error("printer %s is offline", "kiosk-1")
        assert len(written) == 4 and "suppressed" in written[3]
        clock.now += 61
        logger.error("printer %s is offline", "kiosk-1")
        assert len(written) == 5
        assert written[4] == ("(46 more like this were not logged before this one) "
                              "printer kiosk-1 is offline")
        logger.error("printer %s is offline", "kiosk-1")
        assert written[5] == "printer kiosk-1 is offline"
    finally:
        logger.removeHandler(handler)


def test_different_errors_and_ordinary_lines_are_not_suppressed():
    clock = Clock()
    limiter = RepeatLimiter(per_window=2, window=60, clock=clock)

    def record(msg: str, level: int = logging.ERROR) -> logging.LogRecord:
        return logging.LogRecord("loket", level, __file__, 1, msg, (), None)

    assert [limiter.filter(record("a")) for _ in range(4)] == [True, True, True, False]
    assert limiter.filter(record("b"))  # another kind has its own count
    assert all(limiter.filter(record("issued %s", logging.INFO)) for _ in range(100))


def test_the_limiter_forgets_old_kinds_so_it_cannot_grow_without_bound():
    clock = Clock()
    limiter = RepeatLimiter(per_window=1, window=60, max_kinds=10, clock=clock)
    for i in range(500):
        limiter.filter(logging.LogRecord("loket", logging.ERROR, __file__, 1, f"m{i}", (),
                                         None))
        clock.now += 1
    assert len(limiter._windows) <= 10


def test_the_served_log_file_stays_bounded_under_a_flood(tmp_path):
    """`queue-server serve`'s handlers (stderr and loket.log) limit repeats too, whatever
    logger the flood comes from (Socket.IO, gevent, the printer spooler)."""
    from queue_server.cli import setup_logging

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        setup_logging(tmp_path, "info")
        flooding = logging.getLogger("socketio.server")
        for i in range(500):
            try:
                raise ValueError(f"bad packet {i}")
            except ValueError:
                flooding.exception("message handler error")
        logging.getLogger("queue_server.server").info("still serving")
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    lines = (tmp_path / "loket.log").read_text(encoding="utf-8").splitlines()
    headers = [line for line in lines if "message handler error" in line]
    assert len(headers) == 6 and "suppressed" in headers[-1], "\n".join(lines)
    assert sum("Traceback" in line for line in lines) == 5
    assert "still serving" in lines[-1]
