"""One wording of an estimated wait: the kiosk's list and ticket (the API's `eta_text`), the
phone page and the printed ticket say the same words for 0, 1, 14 and 60+ minutes, the
words of domain/eta_words.py ("segera", never "± 0 menit")."""

from __future__ import annotations

import re

import pytest

from printer import decode, render_ticket
from queue_server.domain.eta_words import wait_words
from queue_server.services import estimates, printing
from tests.conftest import bearer

WORDS = [(0, "segera", "soon"), (1, "± 1 menit", "~1 min"), (14, "± 14 menit", "~14 min"),
         (60, "± 1 jam", "~1 h"), (75, "± 1 jam 15 menit", "~1 h 15 min")]


@pytest.mark.parametrize(("minutes", "indonesian", "english"), WORDS)
def test_the_wait_is_said_in_one_wording(minutes, indonesian, english):
    assert wait_words(minutes) == indonesian
    assert wait_words(minutes, "id") == indonesian
    assert wait_words(minutes, "en") == english


def test_no_estimate_has_no_words():
    assert wait_words(None) is None and wait_words(None, "en") is None


@pytest.mark.parametrize(("minutes", "indonesian", "english"), WORDS)
def test_kiosk_phone_and_paper_say_the_same_words(app, client, tokens, monkeypatch,
                                                  minutes, indonesian, english):
    # every forecast says `minutes`: the wording is under test, not the estimate
    monkeypatch.setattr(estimates.Forecasts, "minutes",
                        lambda self, pairs: {t.id: minutes for t, _ in pairs})
    listed = client.get("/api/v1/services").get_json()["services"]
    ktp = next(s for s in listed if s["id"] == "ktp-el")
    assert (ktp["eta_text"], ktp["eta_text_en"]) == (indonesian, english)  # kiosk's row
    issued = client.post("/api/v1/tickets", json={"service_id": "ktp-el"},
                         headers=bearer(tokens["kiosk"]))
    assert issued.status_code == 201, issued.get_json()
    ticket = issued.get_json()["ticket"]
    assert (ticket["eta_text"], ticket["eta_text_en"]) == (indonesian, english)  # kiosk's ticket

    token = ticket["track_url"].rsplit("/", 1)[-1]
    for lang, words in (("id", indonesian), ("en", english)):
        page = client.get(f"/t/{token}?lang={lang}").get_data(as_text=True)
        shown = re.search(r'<strong id="eta">([^<]*)</strong>', page)
        assert shown and shown.group(1).replace("&#43;", "+") == words, (lang, page)
    assert "± 0" not in client.get(f"/t/{token}").get_data(as_text=True)

    hall = app.extensions["loket"].hall
    with hall.store.read() as tx:
        paper = printing.ticket_print(hall, tx, hall.current_catalog(),
                                      tx.tickets.get(ticket["id"]), copy=False)
    [printed] = decode(render_ticket(paper))
    assert f"Perkiraan tunggu: {indonesian}" in printed.text, printed.text
