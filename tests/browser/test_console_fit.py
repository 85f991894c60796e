"""The officer console fits the hall's small screens: at 1024×768 and 1366×768, with a
citizen at the desk, the ticket number stands clear of the info cards beside/below it and
no text of the desk is cut (no ellipsis, nothing wider than its box), with no page scroll."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_console import api, issue, server, sign_in, wait_current, wait_ready

__all__ = ["server"]  # the console tests' server: officers with passwords

# every text of the desk an officer reads while serving
TEXTS = ("#counter-name", "#counter-agency", "#counter-status", "#current-state",
         "#current-code", "#current-service", "#current-agency", ".current-facts dt",
         ".current-facts dd", ".action", ".stats-panel *")

CLIPPED = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.offsetParent !== null && e.getClientRects().length)
  .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1
                 && getComputedStyle(e).overflowY !== 'visible')
  .map((e) => `${e.id || e.className}: ${e.textContent.trim().slice(0, 40)}`)"""


def overlaps(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_the_desk_fits_a_small_screen_with_nothing_hidden_or_cut(new_page, server, size):
    issue(server, "ktp-el", 3)
    page = sign_in(new_page, server, "rina", size)
    wait_ready(page)
    code = api(server, "POST", "/counters/loket-1/call-next", "admin")["ticket"]["code"]
    wait_current(page, code)
    width, height = size
    shoot(page, f"console-fit-{width}x{height}")
    sizes = page.evaluate("({w: document.scrollingElement.scrollWidth, "
                          "h: document.scrollingElement.scrollHeight})")
    assert sizes["w"] <= width and sizes["h"] <= height, sizes
    number = page.locator("#current-code").bounding_box()
    # the number's own glyphs, not its line box: a Range around its text
    glyphs = page.evaluate("""(() => { const r = document.createRange();
      r.selectNodeContents(document.getElementById('current-code'));
      const b = r.getBoundingClientRect();
      return {x: b.x, y: b.y, width: b.width, height: b.height}; })()""")
    assert number and glyphs["width"] > 0
    cards = page.locator(".current-facts > div")
    assert cards.count() >= 3
    for i in range(cards.count()):
        card = cards.nth(i).bounding_box()
        assert card and not overlaps(glyphs, card), (i, glyphs, card)
        assert card["x"] + card["width"] <= width, (i, card)
    for selector in ("#btn-next", "#btn-skip", "#btn-pause", ".stats-panel", "#current"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] + box["width"] <= width + 0.5 \
            and box["y"] + box["height"] <= height + 0.5, (selector, box)
    for selector in TEXTS:
        assert page.evaluate(CLIPPED, selector) == [], selector
    assert page.inner_text("#current-code") == code
    assert page.errors == []
