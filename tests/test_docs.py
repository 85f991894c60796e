"""Issue 14: the project documents itself. docs/api.md is the API reference generated from
the OpenAPI document the server serves (stale is a failure), and every link of the README
and docs/*.md resolves inside the repository, to a file and a heading that exist (nothing
like `../shared/API.md`, which a clone does not have)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from queue_server.web import api_doc

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
WEB = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # http:, https:, mailto: … (not a repo file)


def headings(path: Path) -> set[str]:
    """The anchors GitHub makes of a Markdown file's headings."""
    text = re.sub(r"(?ms)^```.*?^```", "", path.read_text(encoding="utf-8"))
    return {api_doc.anchor(re.sub(r"[`*]", "", m[1]).strip())
            for m in re.finditer(r"(?m)^#{1,6}\s+(.+?)\s*#*$", text)}


def links(path: Path) -> list[str]:
    text = re.sub(r"(?ms)^```.*?^```", "", path.read_text(encoding="utf-8"))  # code blocks
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    return LINK.findall(text)


def broken_links(path: Path) -> list[str]:
    found = []
    for target in links(path):
        if WEB.match(target):
            continue
        file_part, _, fragment = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.is_relative_to(ROOT):
            found.append(f"{target}: outside the repository")
        elif not resolved.exists():
            found.append(f"{target}: no such file in the repository")
        elif fragment and resolved.suffix == ".md" and fragment not in headings(resolved):
            found.append(f"{target}: no heading #{fragment} in {resolved.name}")
    return found


def test_the_api_reference_matches_the_document_the_server_serves():
    done = subprocess.run([sys.executable, "-m", "queue_server.web.api_doc", "--check"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_api_reference_check_fails_on_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "api.md"
    stale.write_text((ROOT / "docs" / "api.md").read_text(encoding="utf-8")
                     .replace("### `POST /api/v1/tickets`\n", "", 1), encoding="utf-8")
    monkeypatch.setattr(api_doc, "TARGET", stale)
    assert api_doc.main(["--check"]) == 1
    assert api_doc.main([]) == 0 and api_doc.main(["--check"]) == 0  # rewritten: fresh


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_of_the_docs_stays_in_the_repository(path):
    assert broken_links(path) == []
    assert "../shared" not in path.read_text(encoding="utf-8")


def test_the_link_check_catches_a_link_out_of_the_repository(tmp_path):
    page = ROOT / "docs" / "architecture.md"
    assert links(page)  # the check has links to look at
    made_up = tmp_path / "page.md"
    made_up.write_text(f"[design](../shared/DESIGN.md) [api]({ROOT}/docs/api.md#nowhere) "
                       f"[fine]({ROOT}/docs/api.md#schemas)\n")
    outside, no_heading = broken_links(made_up)
    assert outside.endswith("outside the repository")
    assert no_heading.endswith("no heading #nowhere in api.md")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_curl_examples_set_their_variables(path):
    for block in re.findall(r"(?ms)^```(?:sh|bash)?\n(.*?)^```", path.read_text("utf-8")):
        if "curl " not in block:
            continue
        used = set(re.findall(r"\$\{?([A-Z_]+)\}?", block))
        set_here = set(re.findall(r"(?m)^\s*(?:export\s+)?([A-Z_]+)=", block))
        assert used <= set_here, (sorted(used - set_here), block)
