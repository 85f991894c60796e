"""Where each key of a TOML text is written, so a problem can name its line.

tomllib gives values but no positions; this reads the text line by line: table headers
(`[site]`, `[[agencies.services]]`, counted per array), plain and dotted keys
(`site.name = "…"`, `hours.friday = "…"`) and the keys of one-line inline tables
(`services = { "skck" = 1 }`). Lines inside multi-line strings are skipped.
"""

from __future__ import annotations

import re

from .registry import Path_

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(#.*)?$")
_KEYLINE = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
# inside an inline table: a key right after "{" or ",", a string to skip, or a brace
_INLINE = re.compile(rf"(?<=[{{,])\s*({_DOTTED})\s*=|{_QUOTED}|([{{}}])")
_MULTILINE = re.compile(r'"""|\'\'\'')


def _parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in re.findall(_PART, dotted)]


def _inline_keys(value: str) -> list[tuple[str, ...]]:
    """Keys of `{ a = 1, b = { c = 2 } }` as paths relative to the table it defines."""
    found: list[tuple[str, ...]] = []
    stack: list[tuple[str, ...]] = []
    last: tuple[str, ...] = ()
    for match in _INLINE.finditer(value):
        key, brace = match.group(1), match.group(2)
        if key:
            last = (*(stack[-1] if stack else ()), *_parts(key))
            found.append(last)
        elif brace == "{":
            stack.append(last if stack else ())
        elif brace == "}" and stack:
            stack.pop()
    return found


def key_lines(text: str) -> dict[Path_, int]:
    """Map each table header and key of a TOML text to its 1-based line number."""
    lines: dict[Path_, int] = {}
    counts: dict[Path_, int] = {}
    current: Path_ = ()
    in_string: str | None = None  # the quotes of an open multi-line string
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_string:
            if raw.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.match(raw)
        if header:
            current = _header_path(_parts(header.group(2)), header.group(1) == "[[", counts)
            lines.setdefault(current, number)
            continue
        key = _KEYLINE.match(raw)
        if not key:
            continue
        path = (*current, *_parts(key.group(1)))
        for end in range(len(current) + 1, len(path) + 1):  # a dotted key opens its tables
            lines.setdefault(path[:end], number)
        value = key.group(2)
        if value.startswith("{"):
            for inner in _inline_keys(value):
                lines.setdefault((*path, *inner), number)
        quotes = _MULTILINE.search(value)
        if quotes and value.count(quotes.group()) % 2:
            in_string = quotes.group()
    return lines


def _header_path(names: list[str], is_array: bool, counts: dict[Path_, int]) -> Path_:
    base: list[str | int] = []
    for name in names[:-1]:
        base.append(name)
        # a dotted header continues the latest element of an array of tables
        index = counts.get(tuple(base))
        if index is not None:
            base.append(index)
    base.append(names[-1])
    if is_array:
        counts[tuple(base)] = counts.get(tuple(base), -1) + 1
        base.append(counts[tuple(base)])
    return tuple(base)
