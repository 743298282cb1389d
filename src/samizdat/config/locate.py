"""Where a key path (``sources[1].channels[0].kind``) is written in a TOML file.

``tomllib`` reports positions only for syntax errors; a value that parses but fails
validation needs its line found again. This scanner knows enough TOML for that: table
headers and arrays of tables (with their running indexes), dotted and quoted keys,
values that span lines (arrays, inline tables, multi-line strings) and the elements of
an array that is written one element per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_PATH_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def parse_key_path(path: str) -> tuple[int | str, ...]:
    """``sources[1].channels[0].kind`` -> ``("sources", 1, "channels", 0, "kind")``."""
    return tuple(int(index) if index else name for name, index in _PATH_PART.findall(path))


def parent_path(path: str) -> str:
    """``a[1].b`` -> ``a[1]`` -> ``a`` -> ``""``."""
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path[: path.rindex(".")] if "." in path else ""


def _read_key(text: str, pos: int) -> tuple[list[str], int] | None:
    """A (dotted, maybe quoted) key starting at ``pos``; its parts and where it ends."""
    parts: list[str] = []
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos < len(text) and text[pos] in "\"'":
            end = text.find(text[pos], pos + 1)
            if end < 0:
                return None
            parts.append(text[pos + 1 : end])
            pos = end + 1
        else:
            match = _BARE_KEY.match(text, pos)
            if not match:
                return None
            parts.append(match.group())
            pos = match.end()
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos < len(text) and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


@dataclass
class _ValueScanner:
    """Follows one value across lines: bracket depth, strings, array elements."""

    path: str
    depth: int = 0
    quote: str = ""  # the open string's delimiter: " ' \"\"\" or '''
    element: int = 0
    expect_element: bool = False

    def feed(self, line: str, number: int, found: dict[str, int]) -> None:
        pos = 0
        while pos < len(line):
            char = line[pos]
            if self.quote:
                if char == "\\" and self.quote[0] == '"':
                    pos += 2
                    continue
                if line.startswith(self.quote, pos):
                    pos += len(self.quote)
                    self.quote = ""
                    continue
                pos += 1
                continue
            if char == "#":
                break
            if self.depth == 1 and self.expect_element and char not in " \t,]":
                found.setdefault(f"{self.path}[{self.element}]", number)
                self.element += 1
                self.expect_element = False
            if char in "\"'":
                triple = char * 3
                self.quote = triple if line.startswith(triple, pos) else char
                pos += len(self.quote)
                continue
            if char in "[{":
                self.depth += 1
                if self.depth == 1 and char == "[":
                    self.expect_element = True
            elif char in "]}":
                self.depth -= 1
            elif char == "," and self.depth == 1:
                self.expect_element = True
            pos += 1
        if len(self.quote) == 1:  # a one-line string cannot go on: the file is odd
            self.quote = ""

    @property
    def open(self) -> bool:
        return self.depth > 0 or bool(self.quote)


@dataclass
class KeyLines:
    """The first line (1-based) each concrete key path of a TOML text is written on."""

    lines: dict[str, int] = field(default_factory=dict)

    @classmethod
    def scan(cls, text: str) -> KeyLines:
        found: dict[str, int] = {}
        current_index: dict[str, int] = {}  # array of tables -> its latest element
        table = ""
        value: _ValueScanner | None = None

        def concrete(parts: list[str]) -> str:
            out = ""
            for part in parts:
                out = f"{out}.{part}" if out else part
                if out in current_index:
                    out = f"{out}[{current_index[out]}]"
            return out

        for number, line in enumerate(text.splitlines(), start=1):
            if value is not None:
                value.feed(line, number, found)
                if not value.open:
                    value = None
                continue
            stripped = line.strip()
            if stripped.startswith("["):
                array = stripped.startswith("[[")
                parsed = _read_key(stripped, 2 if array else 1)
                if parsed is None:
                    continue
                parts = parsed[0]
                if array:
                    name = concrete(parts[:-1])
                    name = f"{name}.{parts[-1]}" if name else parts[-1]
                    current_index[name] = current_index.get(name, -1) + 1
                    found.setdefault(name, number)
                    table = f"{name}[{current_index[name]}]"
                else:
                    table = concrete(parts)
                found.setdefault(table, number)
                continue
            parsed = _read_key(line, 0)
            if parsed is None or not line[parsed[1] :].startswith("="):
                continue
            parts, end = parsed
            path = ".".join([table, *parts] if table else parts)
            found.setdefault(path, number)
            value = _ValueScanner(path)
            value.feed(line[end + 1 :], number, found)
            if not value.open:
                value = None
        return cls(found)

    def line_of(self, path: str) -> tuple[int, str] | None:
        """The line of ``path``, or of its nearest written ancestor; and which path."""
        while path:
            if path in self.lines:
                return self.lines[path], path
            path = parent_path(path)
        return None
