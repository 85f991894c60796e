"""The SKM API: the questionnaire, one response per served ticket (201, 409 conflict, 409
invalid_transition, 400 naming the field), the results' scope matrix and shape, and a
public page without names."""

from __future__ import annotations

from datetime import timedelta

import jsonschema
import pytest

from tests.conftest import MONDAY_9AM, bearer
from tests.web.test_api import API, envelope_of, issue
from tests.web.test_openapi import schema_of

DAY = "2026-03-02"
ALL_THREES = {f"U{i}": 3 for i in range(1, 10)}


def served(client, tokens, clock, service="ktp-el", counter="loket-1",
           who="officer_here") -> tuple[dict, str]:
    """A ticket issued, called, started and finished; with its tracking token."""
    ticket = issue(client, tokens, service)
    for path in (f"/counters/{counter}/call-next", f"/tickets/{ticket['id']}/start",
                 f"/tickets/{ticket['id']}/finish"):
        clock.advance(minutes=2)
        r = client.post(f"{API}{path}", headers=bearer(tokens[who]))
        assert r.status_code == 200, r.get_data(as_text=True)
    return ticket, ticket["track_url"].rsplit("/", 1)[1]


def answer(client, token: str, answers=None, headers=None, **extra):
    body = {"ticket_token": token, "answers": ALL_THREES if answers is None else answers,
            **extra}
    return client.post(f"{API}/skm/responses", json=body, headers=headers or {})


@pytest.fixture
def spec(client) -> dict:
    return client.get(f"{API}/openapi.json").get_json()


def test_the_questionnaire_is_public_in_both_languages(client, spec):
    body = client.get(f"{API}/skm/questionnaire").get_json()
    jsonschema.validate(body, schema_of(spec, "SkmQuestionnaire"))
    assert [e["code"] for e in body["elements"]] == [f"U{i}" for i in range(1, 10)]
    assert body["elements"][0]["name"] == "Persyaratan"
    assert [o["label"] for o in body["elements"][2]["options"]] == [
        "Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"]
    en = client.get(f"{API}/skm/questionnaire?lang=en").get_json()
    assert en["elements"][0]["name"] == "Requirements"
    assert [p["field"] for p in en["profile"]] == ["age", "sex", "education", "occupation"]
    envelope_of(client.get(f"{API}/skm/questionnaire?lang=fr"), 400, "bad_request", "lang")


def test_a_served_citizen_answers_once_with_the_token(client, tokens, clock, spec):
    _, token = served(client, tokens, clock)
    r = answer(client, token, profile={"age": "30_39", "sex": "P", "education": "s1",
                                       "occupation": "swasta"}, suggestion="  Ruang tunggu "
                                                                           "sejuk.  ")
    assert r.status_code == 201, r.get_data(as_text=True)
    made = r.get_json()["response"]
    jsonschema.validate(made, schema_of(spec, "SkmResponse"))
    assert (made["service_id"], made["channel"]) == ("ktp-el", "phone")
    assert made["at"].endswith("+07:00")
    again = answer(client, token, answers={**ALL_THREES, "U1": 4})
    envelope_of(again, 409, "conflict", "ticket_token")


def test_a_ticket_not_yet_done_cannot_be_answered(client, tokens, clock):
    ticket = issue(client, tokens)
    token = ticket["track_url"].rsplit("/", 1)[1]
    envelope_of(answer(client, token), 409, "invalid_transition", "ticket_token")
    client.post(f"{API}/counters/loket-1/call-next", headers=bearer(tokens["officer_here"]))
    envelope_of(answer(client, token), 409, "invalid_transition", "ticket_token")


def test_an_unknown_token_is_not_found(client):
    envelope_of(answer(client, "no-such-token"), 404, "not_found", "ticket_token")
    envelope_of(answer(client, ""), 400, "bad_request", "ticket_token")


@pytest.mark.parametrize(("answers", "field"), [
    ({**ALL_THREES, "U3": 5}, "answers.U3"),
    ({**ALL_THREES, "U3": 0}, "answers.U3"),
    ({**ALL_THREES, "U7": "3"}, "answers.U7"),
    ({**ALL_THREES, "U2": True}, "answers.U2"),
    ({k: v for k, v in ALL_THREES.items() if k != "U9"}, "answers.U9"),
    ({**ALL_THREES, "U10": 3}, "answers.U10"),
    ("semua baik", "answers"),
])
def test_an_answer_out_of_range_or_missing_is_400_at_its_field(client, tokens, clock,
                                                               answers, field):
    _, token = served(client, tokens, clock)
    error = envelope_of(answer(client, token, answers=answers), 400, "bad_request", field)
    assert field in {p["field"] for p in error["problems"]}
    assert answer(client, token).status_code == 201  # nothing was stored


@pytest.mark.parametrize(("extra", "field"), [
    ({"profile": {"sex": "X"}}, "profile.sex"),
    ({"profile": {"age": 34}}, "profile.age"),
    ({"profile": {"hobby": "catur"}}, "profile.hobby"),
    ({"suggestion": "x" * 1001}, "suggestion"),
    ({"suggestion": 12}, "suggestion"),
    ({"officer": "budi"}, "officer"),
])
def test_bad_profile_or_suggestion_is_400_at_its_field(client, tokens, clock, extra, field):
    _, token = served(client, tokens, clock)
    envelope_of(answer(client, token, **extra), 400, "bad_request", field)


def test_yesterdays_done_ticket_still_takes_its_one_answer(client, tokens, clock):
    _, token = served(client, tokens, clock)
    clock.set(MONDAY_9AM + timedelta(days=1))
    assert answer(client, token).status_code == 201
    results = client.get(f"{API}/skm/results", query_string={"from": "2026-03-03"},
                         headers=bearer(tokens["admin"])).get_json()
    assert results["respondents"] == 1  # counted on the day it was answered


def test_the_results_scope_matrix(client, tokens, clock):
    served(client, tokens, clock)
    query = {"from": DAY, "agency_id": "dukcapil"}

    def status(who):
        return client.get(f"{API}/skm/results", query_string=query,
                          headers=bearer(tokens.get(who))).status_code

    assert status("admin") == 200
    assert status("supervisor_here") == 200
    assert status("supervisor_other") == 403
    assert status("officer_here") == 403
    assert status("kiosk") == 403
    assert status("display") == 403
    assert status(None) == 401
    # a supervisor without a filter sees only their agencies
    _, pkb = served(client, tokens, clock, "pkb-tahunan", "loket-6", "admin")
    assert answer(client, pkb).status_code == 201
    mine = client.get(f"{API}/skm/results", query_string={"from": DAY},
                      headers=bearer(tokens["supervisor_other"])).get_json()
    assert mine["respondents"] == 1 and mine["population"] == 1


def test_results_carry_nrr_ikm_sample_and_suggestions(client, tokens, clock, spec):
    scores = [{**ALL_THREES, "U1": 4, "U4": 4}, {**ALL_THREES, "U3": 2, "U4": 4}]
    for i, answers in enumerate(scores):
        _, token = served(client, tokens, clock)
        r = answer(client, token, answers=answers, profile={"sex": "LP"[i]},
                   suggestion="Antrean cepat" if i == 0 else None)
        assert r.status_code == 201
    served(client, tokens, clock)  # served, did not answer: population 3
    r = client.get(f"{API}/skm/results", query_string={"from": DAY, "to": DAY, "by": "service"},
                   headers=bearer(tokens["supervisor_here"]))
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    jsonschema.validate(body, schema_of(spec, "SkmResults"))
    assert (body["respondents"], body["population"], body["min_sample"]) == (2, 3, 3)
    assert body["sample_met"] is False
    nrr = {e["code"]: e["nrr"] for e in body["elements"]}
    assert (nrr["U1"], nrr["U3"], nrr["U4"]) == (3.5, 2.5, 4.0)
    assert body["elements"][0]["nrr_weighted"] == 0.389  # 3.5 / 9
    # (56 / 2) / 9 × 25 = 77.777… → 77.78, B
    assert (body["ikm"], body["quality"], body["performance"]) == (77.78, "B", "Baik")
    assert body["lowest"] == ["U3"]
    assert body["suggestions"] == 1
    assert body["suggestion_list"][0]["text"] == "Antrean cepat"
    assert body["suggestion_list"][0]["service"] == "KTP-el (Rekam & Cetak)"
    sex = next(p for p in body["profile"] if p["field"] == "sex")
    assert [(o["code"], o["count"], o["pct"]) for o in sex["options"]] == [
        ("L", 1, 50.0), ("P", 1, 50.0)]
    rows = {row["key"]: row for row in body["rows"]}
    assert rows["ktp-el"]["respondents"] == 2 and rows["ktp-el"]["ikm"] == 77.78
    assert "officer" not in str(body) and "officer_here" not in str(body)


def test_results_refuse_bad_ranges_and_groupings_like_the_reports(client, tokens):
    admin = bearer(tokens["admin"])

    def error(query, field):
        envelope_of(client.get(f"{API}/skm/results", query_string=query, headers=admin),
                    400, "bad_request", field)

    error({"from": "2026-3-2"}, "from")
    error({"from": "2026-03-02", "to": "2026-03-01"}, "to")
    error({"from": "2025-01-01", "to": "2026-03-02"}, "to")
    error({"by": "officer"}, "by")
    error({"format": "pdf"}, "format")
    envelope_of(client.get(f"{API}/skm/results", query_string={"agency_id": "nope"},
                           headers=admin), 404, "not_found", "agency_id")


def test_the_public_figures_need_no_sign_in_and_name_nobody(client, tokens, clock, spec):
    _, token = served(client, tokens, clock)
    assert answer(client, token, suggestion="Petugas Budi ramah").status_code == 201
    r = client.get(f"{API}/skm/public")
    assert r.status_code == 200
    body = r.get_json()
    jsonschema.validate(body, schema_of(spec, "SkmPublic"))
    # the last semester (2025 II) had no responses: the current one so far
    assert body["period"]["complete"] is False
    assert (body["period"]["from"], body["period"]["until"]) == ("2026-01-01", DAY)
    assert body["period"]["name"] == "Semester I 2026"
    assert body["hall"]["respondents"] == 1 and body["hall"]["ikm"] == 75.0
    dukcapil = next(a for a in body["agencies"] if a["id"] == "dukcapil")
    assert (dukcapil["ikm"], dukcapil["quality"]) == (75.0, "C")
    text = r.get_data(as_text=True)
    for private in ("Budi", "officer", "loket-1", "suggestion"):
        assert private not in text


def test_the_xlsx_is_the_skm_tabulation_in_numbers_and_the_csv_parses(client, tokens, clock):
    import csv
    import io

    from openpyxl import load_workbook

    for answers, sex in (({**ALL_THREES, "U1": 4}, "L"), ({**ALL_THREES, "U9": 2}, None)):
        _, token = served(client, tokens, clock)
        assert answer(client, token, answers=answers, profile={"sex": sex},
                      suggestion="Tambah kursi" if sex else None).status_code == 201
    admin = bearer(tokens["admin"])
    r = client.get(f"{API}/skm/results", query_string={"from": DAY, "format": "xlsx"},
                   headers=admin)
    assert r.status_code == 200
    assert 'filename="skm-2026-03-02.xlsx"' in r.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == ["Tabulasi", "Profil responden", "Saran"]
    sheet = book["Tabulasi"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "MPP" in rows[0][0] or "Mal Pelayanan Publik" in rows[0][0]
    header = rows[3]
    u1 = header.index("U1")
    assert header[u1:u1 + 9] == [f"U{i}" for i in range(1, 10)]
    assert rows[4][u1:u1 + 9] == [4, 3, 3, 3, 3, 3, 3, 3, 3]
    assert rows[5][u1:u1 + 9] == [3, 3, 3, 3, 3, 3, 3, 3, 2]
    by_label = {row[0]: row for row in rows if isinstance(row[0], str)}
    assert by_label["Jumlah nilai per unsur"][u1:u1 + 9] == [7, 6, 6, 6, 6, 6, 6, 6, 5]
    assert by_label["NRR per unsur"][u1] == 3.5
    assert by_label["NRR tertimbang (NRR × 1/9)"][u1] == pytest.approx(3.5 / 9)
    assert by_label["IKM (Σ NRR tertimbang × 25)"][1] == 75.0  # 54 / 18 × 25
    assert by_label["Mutu pelayanan"][1] == "C"
    assert by_label["Populasi (warga dilayani)"][1] == 2
    profile = [[c.value for c in row] for row in book["Profil responden"].iter_rows()]
    assert ["Laki-laki", 1, 50.0] in [row[:3] for row in profile]
    assert ["Tidak diisi", 1, 50.0] in [row[:3] for row in profile]
    assert book["Saran"]["C4"].value == "Tambah kursi"

    r = client.get(f"{API}/skm/results", query_string={"from": DAY, "format": "csv"},
                   headers=admin)
    assert r.status_code == 200 and r.data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert [line["U1"] for line in lines] == ["4", "3"]
    assert lines[0]["Jenis kelamin"] == "Laki-laki" and lines[0]["Saran"] == "Tambah kursi"
