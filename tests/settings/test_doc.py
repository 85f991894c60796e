"""docs/config.md is generated from the registry and committed; a stale copy fails here."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from queue_server.cli import main
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


def test_check_mode_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "config.md"
    stale.write_text("# old\n", encoding="utf-8")
    check = CliRunner().invoke(main, ["config", "doc", "--check", "--out", str(stale)])
    assert check.exit_code == 1
    assert "stale" in check.output
    assert CliRunner().invoke(main, ["config", "doc", "--out", str(stale)]).exit_code == 0
    again = CliRunner().invoke(main, ["config", "doc", "--check", "--out", str(stale)])
    assert again.exit_code == 0, again.output
    assert stale.read_text(encoding="utf-8") == doc.render()
