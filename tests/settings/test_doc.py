"""docs/config.md is generated from the registry and committed; a stale copy fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.settings import KEYS, doc


def test_committed_config_reference_matches_the_registry() -> None:
    assert doc.DOC.read_text(encoding="utf-8") == doc.render(), (
        f"docs/config.md is stale: run {doc.COMMAND}")


def test_the_reference_lists_every_key_with_type_and_default() -> None:
    text = doc.render()
    for name in KEYS:
        assert f"| `{name}` |" in text, name
    assert "| `services.prefix` | string | **required** |" in text
    assert "| `printers.timeout` | number (seconds) | `5.0` |" in text


def test_check_mode_fails_on_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "config.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr(doc, "DOC", stale)
    assert doc.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert doc.main([]) == 0 and doc.main(["--check"]) == 0
