"""The live pages' event order rule (static/js/event_order.js) under node's test runner:
out-of-order, duplicate, gap, a heartbeat ahead and an outdated snapshot
(tests/js/event_order.test.mjs)."""

from __future__ import annotations

from tests.node_unit import run_node_tests


def test_the_event_order_rule_holds_under_node(tmp_path):
    run_node_tests("queue_server/web/static/js/event_order.js",
                   "tests/js/event_order.test.mjs", tmp_path, passes=8)
