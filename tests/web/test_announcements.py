"""Calls carry their phrase and the ordered audio URLs; the audio is served from the voice
cache (espeak-ng here), cacheable; the citizen's phone page shows the ticket without ids."""

from __future__ import annotations

import io

from mutagen.mp3 import MP3

from queue_server.domain.announcement import announce_call
from tests.conftest import bearer

API = "/api/v1"


def call_one(client, tokens, service="ktp-el", counter="loket-1", language="id") -> dict:
    client.post(f"{API}/tickets", json={"service_id": service, "language": language},
                headers=bearer(tokens["kiosk"]))
    client.post(f"{API}/counters/{counter}/call-next", headers=bearer(tokens["admin"]))
    state = client.get(f"{API}/display/state", headers=bearer(tokens["display"])).get_json()
    return state["calls"][0]


def test_a_call_carries_text_and_ordered_audio_chime_first(client, tokens):
    call = call_one(client, tokens, "kartu-keluarga", "loket-3")
    assert call["text"] == "Nomor antrian, B, satu, silakan menuju loket, tiga"
    phrase = announce_call("B001", "Loket 3", 3, "id")
    assert call["audio"] == ["/audio/chime.mp3",
                             *(f"/audio/id/{f.key}.mp3" for f in phrase.fragments)]
    assert call["audio"][1:4] == ["/audio/id/nomor-antrian.mp3", "/audio/id/letter-b.mp3",
                                  "/audio/id/satu.mp3"]


def test_an_english_ticket_is_announced_in_english(client, tokens):
    call = call_one(client, tokens, "teller", "loket-20", language="en")
    assert call["text"] == "Ticket number, X, one, please proceed to Teller Bank Bengkulu"
    assert call["audio"][-1] == "/audio/en/name-teller-bank-bengkulu.mp3"


def test_every_audio_url_of_a_call_serves_a_playable_mp3_with_cache_headers(client, tokens):
    call = call_one(client, tokens)
    for url in call["audio"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.mimetype == "audio/mpeg"
        assert "max-age=86400" in r.headers["Cache-Control"]
        assert MP3(io.BytesIO(r.data)).info.length > 0.05
    again = client.get(call["audio"][1], headers={"If-None-Match": r.headers.get("ETag", "")})
    assert again.status_code in (200, 304)


def test_audio_outside_the_vocabulary_is_not_found(client):
    assert client.get("/audio/id/selamat-pagi.mp3").status_code == 404
    assert client.get("/audio/xx/satu.mp3").status_code == 404
    assert client.get("/audio/id/..%2Fsecret.mp3").status_code == 404


def test_phone_page_shows_the_ticket_without_internal_ids(client, tokens):
    r = client.post(f"{API}/tickets", json={"service_id": "skck"},
                    headers=bearer(tokens["kiosk"]))
    ticket = r.get_json()["ticket"]
    page = client.get(ticket["track_url"].replace("http://localhost:8080", ""))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "S001" in html
    assert "SKCK" in html
    assert '"service_id"' not in html and f'"id": {ticket["id"]}' not in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_unknown_phone_page_token_is_a_friendly_404(client):
    for token in ("not-a-real-token-000", "x", "a%20b", "T" * 200):
        r = client.get(f"/t/{token}")
        assert r.status_code == 404
        assert "Tiket tidak ditemukan" in r.get_data(as_text=True)
        assert r.mimetype == "text/html"
