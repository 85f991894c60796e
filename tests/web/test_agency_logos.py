"""Agency logos and badges: an admin uploads a logo (PNG, JPEG or SVG ≤ 200 KB, its kind read
from its bytes, an SVG that could run or fetch anything refused); it is served from the
data folder at /media/logos/<file> with cache headers and named in the kiosk's list; a
badge from config.toml or the admin form is kept, the others are distinct in the hall."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from queue_server.domain.errors import InvalidValue
from queue_server.domain.logo_files import logo_kind
from tests.conftest import bearer

API = "/api/v1"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       b'<circle cx="5" cy="5" r="4" fill="#0a7"/></svg>')
BAD_SVGS = [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    b'<image x:href="http://192.0.2.1/track.png"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/a.css)</style></svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
]


def image(kind: str, size: tuple[int, int] = (40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 80)).save(out, format=kind)
    return out.getvalue()


def upload(client, tokens, data: bytes, agency: str = "bpjs-tk", who: str = "admin",
           media_type: str = "image/png"):
    return client.put(f"{API}/admin/agencies/{agency}/logo", data=data,
                      headers={**bearer(tokens[who]), "Content-Type": media_type})


def test_kinds_are_read_from_the_bytes():
    assert logo_kind(image("PNG")) == "png"
    assert logo_kind(image("JPEG")) == "jpeg"
    assert logo_kind(SVG) == "svg"
    for not_an_image in (b"GIF89a....", b"<html><body>hi</body></html>", b"", b"%PDF-1.4"):
        with pytest.raises(InvalidValue):
            logo_kind(not_an_image)


@pytest.mark.parametrize("svg", BAD_SVGS)
def test_an_svg_that_could_run_or_fetch_is_refused(svg):
    with pytest.raises(InvalidValue) as refused:
        logo_kind(svg)
    assert "SVG ditolak" in refused.value.indonesian


def test_an_uploaded_png_is_served_with_cache_headers_and_shown_in_the_kiosk_list(
        client, tokens):
    png = image("PNG")
    r = upload(client, tokens, png)
    assert r.status_code == 200, r.get_json()
    name = r.get_json()["agency"]["logo"]
    assert name.startswith("bpjs-tk-") and name.endswith(".png")
    served = client.get(f"/media/logos/{name}")
    assert served.status_code == 200 and served.data == png
    assert served.mimetype == "image/png"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert served.headers.get("ETag")
    again = client.get(f"/media/logos/{name}", headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304
    services = client.get(f"{API}/services").get_json()["services"]
    agency = next(s["agency"] for s in services if s["agency"]["id"] == "bpjs-tk")
    assert agency["logo_url"] == f"/media/logos/{name}"
    assert agency["badge"] == "BKT"  # the logo does not change the badge


def test_a_jpeg_and_a_clean_svg_are_taken_and_the_svg_runs_nothing_when_opened(
        client, tokens):
    assert upload(client, tokens, image("JPEG"), media_type="image/jpeg").status_code == 200
    r = upload(client, tokens, SVG, media_type="image/svg+xml")
    assert r.status_code == 200, r.get_json()
    name = r.get_json()["agency"]["logo"]
    served = client.get(f"/media/logos/{name}")
    assert served.mimetype == "image/svg+xml"
    assert "default-src 'none'" in served.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("data", "said"), [
    (b"<html><script>alert(1)</script></html>", "bukan gambar PNG, JPEG atau SVG"),
    (BAD_SVGS[0], "SVG ditolak"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * (200 * 1024), "lebih dari 200 KB"),
])
def test_a_bad_upload_is_a_clear_error_at_the_logo_field(client, tokens, data, said):
    r = upload(client, tokens, data)  # it says image/png: the bytes decide
    assert r.status_code == 400, r.get_data(as_text=True)
    error = r.get_json()["error"]
    assert error["field"] == "logo" and said in error["message"], error
    agency = next(a for a in client.get(f"{API}/admin/agencies", headers=bearer(
        tokens["admin"])).get_json()["agencies"] if a["id"] == "bpjs-tk")
    assert agency["logo"] is None


def test_only_logo_file_names_are_looked_up(client):
    for name in ("..%2Fsecret.key", "secret.key", "nothing-here.png", ".hidden.png"):
        assert client.get(f"/media/logos/{name}").status_code == 404, name


def test_an_admin_badge_is_kept_and_the_others_stay_distinct(client, tokens):
    r = client.patch(f"{API}/admin/agencies/bpjs-kesehatan", json={"badge": "bk"},
                     headers=bearer(tokens["admin"]))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["agency"]["badge"] == "BK"
    services = client.get(f"{API}/services").get_json()["services"]
    badges = {s["agency"]["id"]: s["agency"]["badge"] for s in services}
    assert badges["bpjs-kesehatan"] == "BK" and badges["bpjs-tk"] not in ("BK", "")
    assert len(set(badges.values())) == len(badges)
    bad = client.patch(f"{API}/admin/agencies/bpjs-tk", json={"badge": "BPJS"},
                       headers=bearer(tokens["admin"]))
    assert bad.status_code == 400 and "2–3 huruf" in bad.get_json()["error"]["message"]
    taken = client.patch(f"{API}/admin/agencies/bpjs-tk", json={"badge": "BK"},
                         headers=bearer(tokens["admin"]))
    assert taken.status_code in (400, 409), taken.get_json()


@pytest.fixture
def settings(base_settings):
    """The hall with a config.toml logo for Samsat (a file in the data folder's logos/)."""
    agencies = tuple(replace(a, logo="samsat.png", badge="SAM") if a.id == "samsat" else a
                     for a in base_settings.agencies)
    return replace(base_settings, agencies=agencies)


def test_a_config_logo_in_the_data_folder_is_served_and_its_badge_kept(app, client):
    folder = app.extensions["loket"].data_dir / "logos"
    folder.mkdir(exist_ok=True)
    (folder / "samsat.png").write_bytes(image("PNG"))
    services = client.get(f"{API}/services").get_json()["services"]
    samsat = next(s["agency"] for s in services if s["agency"]["id"] == "samsat")
    assert samsat["logo_url"] == "/media/logos/samsat.png" and samsat["badge"] == "SAM"
    served = client.get("/media/logos/samsat.png")
    assert served.status_code == 200 and "max-age=86400" in served.headers["Cache-Control"]
