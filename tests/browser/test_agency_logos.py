"""The kiosk's agency tiles no longer show two "BK" badges: each tile shows its agency's
distinct badge from the API (BPJS Kesehatan "BKS", BPJS Ketenagakerjaan "BKT"), and a logo
an admin uploads on the agency form takes its tile's place at once."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.conftest import shoot
from tests.browser.test_admin_catalogue import admin_page, api, open_kiosk, server

__all__ = ["server"]  # the admin pages' server: an admin who signs in through the form


def logo_png() -> bytes:
    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=(0, 122, 61))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_badges_are_distinct_and_an_uploaded_logo_shows_on_the_kiosk(new_page, server,
                                                                     tmp_path):
    kiosk = open_kiosk(new_page, server)
    badges = kiosk.evaluate("""Object.fromEntries([...document.querySelectorAll('.tile')]
      .map((t) => [t.dataset.agency, t.querySelector('.badge').textContent]))""")
    assert badges["bpjs-kesehatan"] == "BKS" and badges["bpjs-tk"] == "BKT", badges
    assert len(set(badges.values())) == len(badges), badges
    shoot(kiosk, "agency-badges-kiosk")

    admin = admin_page(new_page, server)
    admin.goto(f"{server.url}/admin/agencies/bpjs-tk")
    admin.wait_for_selector("#agency-logo:not([hidden])")
    assert admin.is_visible("#logo-none")
    path = tmp_path / "bpjs-tk.png"
    path.write_bytes(logo_png())
    admin.set_input_files("#logo-file", str(path))
    admin.click("#logo-upload")
    expect(admin.locator("#logo-message.ok")).to_be_visible(timeout=10000)
    admin.wait_for_function("document.getElementById('logo-preview').naturalWidth > 0",
                            timeout=10000)
    shoot(admin, "agency-logo-form")

    # a file that only says it is a PNG: refused at the logo, in Indonesian
    fake = tmp_path / "palsu.png"
    fake.write_bytes(b"<html>bukan gambar</html>")
    admin.set_input_files("#logo-file", str(fake))
    admin.click("#logo-upload")
    expect(admin.locator("#logo-message.error")).to_contain_text("bukan gambar PNG, JPEG atau SVG",
                                                                 timeout=10000)

    tile = kiosk.locator("[data-agency=bpjs-tk] img.badge.logo")
    tile.wait_for(timeout=15000)  # the catalogue change reaches the kiosk by itself
    kiosk.wait_for_function("document.querySelector('[data-agency=bpjs-tk] img.badge')"
                            ".naturalWidth > 0", timeout=10000)
    assert kiosk.locator("[data-agency=bpjs-kesehatan] .badge").inner_text() == "BKS"
    shoot(kiosk, "agency-logo-kiosk")
    assert [e for e in admin.errors if "400" not in e] == []  # type: ignore[attr-defined]
    admin.errors.clear()  # type: ignore[attr-defined]  # the refused upload's 400, on purpose


def test_a_logo_file_that_is_missing_leaves_the_badge_on_the_tile(new_page, server):
    # a config.toml name with no file in logos/ (set here through the API, as config would)
    api(server, "PATCH", "/admin/agencies/samsat", {"logo": "samsat-hilang.png"})
    kiosk = open_kiosk(new_page, server)
    kiosk.wait_for_function("!document.querySelector('[data-agency=samsat] img') && "
                            "document.querySelector('[data-agency=samsat] .badge')"
                            ".textContent === 'SA'", timeout=10000)
    assert [e for e in kiosk.errors  # type: ignore[attr-defined]
            if "samsat-hilang.png" not in e and "404" not in e] == []
    kiosk.errors.clear()  # type: ignore[attr-defined]  # that 404, on purpose
