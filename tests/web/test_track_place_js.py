"""The phone's reading of its service room's `queue.order` (static/js/track_place.js) under
node's test runner: its own line, another service, stale, missing
(tests/js/track_place.test.mjs)."""

from __future__ import annotations

from tests.node_unit import run_node_tests


def test_the_phone_reads_its_line_of_the_service_room_under_node(tmp_path):
    run_node_tests("queue_server/web/static/js/track_place.js",
                   "tests/js/track_place.test.mjs", tmp_path, passes=4)
