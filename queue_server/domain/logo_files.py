"""What an uploaded agency logo may be: a PNG, a JPEG or an SVG of at most 200 KB, its kind
read from its bytes (a name or a Content-Type proves nothing). An SVG is drawn by the
kiosk's browser, so one that could run or fetch anything (scripts, event handlers,
foreignObject, links or styles that point outside the file, DTDs) is refused outright
rather than cleaned: a logo needs none of it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .errors import InvalidValue

MAX_BYTES = 200 * 1024
EXTENSIONS = {"png": "png", "jpeg": "jpg", "svg": "svg"}
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
               "svg": "image/svg+xml"}

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_SVG_NS = "{http://www.w3.org/2000/svg}"
_REFUSED_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video",
                 "animate", "set", "handler", "listener"}
_LOCAL_REF = re.compile(r"^#[\w.-]*$")
_URL_IN_STYLE = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def logo_kind(data: bytes) -> str:
    """"png", "jpeg" or "svg"; InvalidValue (Indonesian first) for anything else."""
    if not data:
        raise InvalidValue("the file is empty", "berkas kosong")
    if len(data) > MAX_BYTES:
        raise InvalidValue(f"larger than {MAX_BYTES // 1024} KB",
                           f"lebih dari {MAX_BYTES // 1024} KB")
    if data.startswith(_PNG):
        return "png"
    if data.startswith(_JPEG):
        return "jpeg"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")):
        _check_svg(data)
        return "svg"
    raise InvalidValue("not a PNG, JPEG or SVG image", "bukan gambar PNG, JPEG atau SVG")


def _refuse(why: str) -> InvalidValue:
    return InvalidValue(f"SVG refused: {why}", f"SVG ditolak: {why}")


def _check_svg(data: bytes) -> None:
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise _refuse("DTD/ENTITY")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _refuse(f"XML rusak ({exc})") from None
    if root.tag not in (f"{_SVG_NS}svg", "svg"):
        raise _refuse("akar bukan <svg>")
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if tag in _REFUSED_TAGS:
            raise _refuse(f"<{tag}>")
        if tag == "style" and _URL_IN_STYLE.search(element.text or ""):
            raise _refuse("url() di <style>")
        for name, value in element.attrib.items():
            attr = name.rsplit("}", 1)[-1].lower()
            if attr.startswith("on"):
                raise _refuse(f"atribut {attr}")
            if attr == "href" and not _LOCAL_REF.fullmatch(value.strip()):
                raise _refuse("tautan ke luar berkas")
            if _URL_IN_STYLE.search(value) or "javascript:" in value.lower():
                raise _refuse(f"atribut {attr}")
