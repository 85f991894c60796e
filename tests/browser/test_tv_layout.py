"""The lobby TV laid out for what halls really have (issue 14): 10, 22 and 60 counters with
long names, in one to three zones, on 1920×1080, 1366×768, 1080×1920 and 3840×2160. No
element of the board spills out of its box (bounding boxes measured in Chromium), and every
counter shows at some moment: the tiles shrink, then page. The "tap to enable sound" card
leaves the calls readable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import shoot
from tests.live_server import LiveServer, always_open_config, provision
from tests.node_unit import run_node_tests

API = "/api/v1"
SIZES = [(1920, 1080), (1366, 768), (1080, 1920), (3840, 2160)]
COUNTERS_START = "[[counters]]"
ZONES_START = "# ------------------------------------------------------------------ display zones"
PRINTERS_START = "# ------------------------------------------------------------------ printers"
# long names as halls give them (the bank's desks, a counter named after its service)
LONG_NAMES = ["Teller Bank Bengkulu", "CS Bank Bengkulu", "Pelayanan Paspor dan Visa",
              "Informasi & Pengaduan Terpadu", "Perekaman KTP-el Lansia & Disabilitas"]
THREE_ZONES = """
[[zones]]
id = "zona-a"
name = "Zona A — Kependudukan & Kepolisian"
agencies = ["dukcapil", "polres"]

[[zones]]
id = "zona-b"
name = "Zona B — Pajak, Jaminan Sosial & Pertanahan"
agencies = ["samsat", "pajak", "bpjs-kesehatan", "bpjs-tk", "pertanahan"]

[[zones]]
id = "zona-c"
name = "Zona C — Perizinan, Keagamaan & Perbankan Daerah"
agencies = ["dpmptsp", "kemenag", "bank-bengkulu"]

"""


def hall_with_counters(folder: Path, count: int) -> Path:
    """The always-open hall config with `count` counters: the hall's own 22 counters repeated
    (each keeps its agency and services) under new ids and numbers, every fifth one with a
    long name, and three display zones."""
    path = always_open_config(folder)
    text = path.read_text(encoding="utf-8")
    start, end = text.index(COUNTERS_START), text.index(ZONES_START)
    blocks = [b for b in text[start:end].split(COUNTERS_START) if b.strip()]
    made = []
    for i in range(count):
        block = re.sub(r'(?m)^name = ".*"\n', "", blocks[i % len(blocks)])
        block = re.sub(r'(?m)^id = ".*"$', f'id = "loket-{i + 1}"', block)
        block = re.sub(r"(?m)^number = .*$", f"number = {i + 1}", block)
        if i % 5 == 4:
            block = block.replace("\nagency", f'\nname = "{LONG_NAMES[i // 5 % len(LONG_NAMES)]}"'
                                              "\nagency", 1)
        made.append(COUNTERS_START + block.rstrip() + "\n\n")
    zones_end = text.index(PRINTERS_START) if PRINTERS_START in text else len(text)
    text = text[:start] + "".join(made) + ZONES_START + "\n" + THREE_ZONES + text[zones_end:]
    path.write_text(text, encoding="utf-8")
    return path


def call(server, path: str, who: str = "admin", body: dict | None = None) -> requests.Response:
    return requests.post(f"{server.url}{API}{path}", json=body or {}, timeout=20,
                         headers={"Authorization": f"Bearer {server.tokens[who]}"})


@pytest.fixture(scope="module", params=[10, 22, 60], ids=lambda n: f"{n}-counters")
def hall(request, tmp_path_factory):
    """A running hall of that many counters, each serving a citizen, a paused one
    ("istirahat"), and a full list of recent calls: the busiest picture the board shows."""
    count = request.param
    folder = tmp_path_factory.mktemp(f"hall{count}")
    config = hall_with_counters(folder / "cfg", count)
    server = LiveServer(folder / "data", config)
    server.tokens = provision(server.data_dir, config)
    server.start()
    services = requests.get(f"{server.url}{API}/services", timeout=10).json()["services"]
    for service in services:
        for _ in range(3):
            call(server, "/tickets", "kiosk", {"service_id": service["id"]})
    for n in range(1, count + 1):
        call(server, f"/counters/loket-{n}/call-next")
    assert call(server, "/counters/loket-3/pause", body={"reason": "istirahat"}).ok
    server.count = count
    yield server
    server.stop()


def display_state(server, zone: str = "all") -> dict:
    return requests.get(f"{server.url}{API}/display/state?zone={zone}", timeout=10,
                        headers={"Authorization": f"Bearer {server.tokens['display']}"}).json()


# Every laid-out element of the board inside the screen and inside its parent, every line
# of text inside its block (across), and no box that clips holding more than it shows (text cut by
# overflow or an ellipsis). The running text only as a strip: it scrolls through on purpose.
OVERFLOWS = """() => {
  const bad = [];
  const box = (r) => `[${[r.left, r.top, r.right, r.bottom].map(Math.round)}]`;
  const name = (n) => (n.id ? `#${n.id}` : `${n.tagName.toLowerCase()}.${n.className}`)
    + (n.textContent ? ` "${n.textContent.trim().slice(0, 30)}"` : "")
    + box(n.getBoundingClientRect());
  const outside = (r, p) => r.left < p.left - 1 || r.top < p.top - 1
    || r.right > p.right + 1 || r.bottom > p.bottom + 1;
  const roots = [...document.querySelectorAll("header.top, main.layout, footer.ticker")];
  const overlay = document.getElementById("sound-overlay");
  if (!overlay.classList.contains("hidden")) roots.push(document.getElementById("sound-card"));
  for (const root of roots) {
    const nodes = root.matches("footer") ? [root] : [root, ...root.querySelectorAll("*")];
    for (const node of nodes) {
      if (node.closest("[hidden]")) continue;
      const r = node.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (outside(r, { left: 0, top: 0, right: innerWidth, bottom: innerHeight }))
        bad.push(`${name(node)} is off the screen`);
      const style = getComputedStyle(node);
      const inline = style.display === "inline";
      const parent = node.parentElement;
      if (node !== root && parent && !inline && outside(r, parent.getBoundingClientRect()))
        bad.push(`${name(node)} spills out of ${name(parent)}`);
      if (inline || root.matches("footer")) continue;
      for (const text of node.childNodes) {
        if (text.nodeType !== Node.TEXT_NODE || !text.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(text);
        // across only: a line's box is the font's full height, taller than a tight line-height
        for (const line of range.getClientRects()) {
          if (line.left < r.left - 1 || line.right > r.right + 1)
            bad.push(`a line of ${name(node)} spills out ${box(line)}`);
        }
      }
      const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
      const more = node.scrollWidth > node.clientWidth + 1
        || node.scrollHeight > node.clientHeight + 1;
      if (clips && more)
        bad.push(`${name(node)} holds more than it shows`);
    }
  }
  return bad;
}"""

VISIBLE_COUNTERS = """() => [...document.querySelectorAll('#counters .counter')]
  .filter((tile) => !tile.hidden && tile.getBoundingClientRect().height > 0)
  .map((tile) => tile.dataset.counter)"""


def open_board(new_page, server, width: int, height: int, zone: str | None = None):
    page = new_page(width, height)
    query = f"?device_token={server.tokens['display']}&page_seconds=2"
    page.goto(f"{server.url}/display{query}" + (f"&zone={zone}" if zone else ""))
    page.wait_for_function("window.__loketDisplay.snapshots >= 1 && "
                           "document.body.dataset.live === '1'", timeout=20000)
    page.evaluate("document.fonts.ready")
    return page


def every_page(page) -> tuple[set[str], list[str]]:
    """Waits for each page of counters in turn (they rotate by themselves); the counters
    seen and the overflows found on any page."""
    pages = int(page.evaluate("document.getElementById('counters').dataset.pages || '1'"))
    seen: set[str] = set()
    problems: list[str] = []
    for number in range(pages):
        page.wait_for_function(
            f"(document.getElementById('counters').dataset.page || '0') === '{number}'",
            timeout=20000)
        seen |= set(page.evaluate(VISIBLE_COUNTERS))
        problems += page.evaluate(OVERFLOWS)
    return seen, problems


@pytest.mark.parametrize("width,height", SIZES, ids=lambda v: str(v))
def test_the_board_fits_every_screen_and_shows_every_counter(new_page, hall, width, height):
    expected = {c["id"] for c in display_state(hall)["counters"]}
    assert len(expected) == hall.count
    page = open_board(new_page, hall, width, height)
    seen, problems = every_page(page)
    assert problems == [], problems
    assert seen == expected
    # the paused counter says so in full, and the latest call is whole on the list
    assert page.inner_text("[data-counter=loket-3] .ccode") == "istirahat"
    assert page.locator("#calls li:not([hidden])").count() >= 2
    shoot(page, f"tv-{hall.count}-counters-{width}x{height}")


def test_a_zone_of_a_three_zone_hall_shows_only_its_counters(new_page, hall):
    zone = display_state(hall, "zona-a")
    expected = {c["id"] for c in zone["counters"]}
    assert expected and len(expected) < hall.count
    for width, height in [(1366, 768), (1080, 1920)]:  # the zone's long name in the header
        page = open_board(new_page, hall, width, height, zone="zona-a")
        assert page.inner_text("#zone-name").startswith("Zona A")
        seen, problems = every_page(page)
        assert problems == [], problems
        assert seen == expected
        shoot(page, f"tv-{hall.count}-counters-zona-a-{width}x{height}")


def test_the_sound_card_leaves_the_calls_readable(new_page, hall):
    page = new_page(1920, 1080, autoplay=False)  # Chromium blocks sound: the card shows
    page.goto(f"{hall.url}/display?device_token={hall.tokens['display']}")
    page.locator("#sound-overlay").wait_for(state="visible", timeout=10000)
    page.wait_for_function("window.__loketDisplay.snapshots >= 1", timeout=20000)
    assert page.evaluate("getComputedStyle(document.getElementById('sound-overlay'))"
                         ".backgroundColor") == "rgba(0, 0, 0, 0)"  # nothing dimmed
    covered = page.evaluate("""() => {
      const card = document.getElementById('sound-card').getBoundingClientRect();
      const hit = (n) => { const r = n.getBoundingClientRect();
        return r.left < card.right && card.left < r.right
          && r.top < card.bottom && card.top < r.bottom; };
      const shown = '#now, #calls li:not([hidden]), #counters .counter:not([hidden])';
      return [...document.querySelectorAll(shown)]
        .filter(hit).map((n) => n.id || n.textContent.trim());
    }""")
    assert covered == []
    assert page.evaluate(OVERFLOWS) == []
    shoot(page, f"tv-{hall.count}-counters-sound-card")
    page.locator("#sound-overlay").click()
    page.locator("#sound-overlay").wait_for(state="hidden", timeout=10000)


def test_the_layout_arithmetic_holds_under_node(tmp_path):
    """display/board_layout.js on its own (tests/js/board_layout.test.mjs): shrink before
    paging, even pages, every counter on a page, lists cut only between whole items."""
    run_node_tests("display/board_layout.js", "tests/js/board_layout.test.mjs", tmp_path,
                   passes=6)
