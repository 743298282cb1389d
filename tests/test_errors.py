"""One exception hierarchy: every error samizdat defines derives from SamizdatError, is
exported from samizdat.errors, and the tree drawn in its docstring is the real one."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import samizdat
import samizdat.errors as errors

EXPORTED = {
    "SamizdatError", "ConfigError", "LockError", "FetchError", "FeedError", "FeedShapeError",
    "TagContextError", "ExtractError",
    "RefusedAddress", "RuleError", "NotAnImage", "ContentError", "PublishError",
    "PushRejected", "UnsafeEntryError", "DiskFullError", "StoreError", "StoreDamagedError",
}  # fmt: skip


def test_the_exported_names() -> None:
    assert set(errors.__all__) == EXPORTED
    for name in errors.__all__:
        error = getattr(errors, name)
        assert issubclass(error, errors.SamizdatError), name


def test_the_tree_in_the_docstring_is_the_real_one() -> None:
    doc = errors.__doc__ or ""
    drawn: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in doc.splitlines():
        match = re.match(
            r"^(\s*(?:[│ ]*[├└]── )?)(\w+Error|\w+Rejected|RefusedAddress|NotAnImage)\b", line
        )
        if not match:
            continue
        depth, name = len(match[1]), match[2]
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            drawn[name] = stack[-1][1]
        stack.append((depth, name))
    assert set(drawn) | {"SamizdatError"} == EXPORTED
    for name, parent in drawn.items():
        bases = [b for b in inspect.getmro(getattr(errors, name))[1:] if b.__name__ in EXPORTED]
        assert bases[0].__name__ == parent, name


def test_no_module_defines_an_exception_outside_the_hierarchy() -> None:
    outside = []
    for module_info in pkgutil.walk_packages(samizdat.__path__, "samizdat."):
        if module_info.name == "samizdat.__main__":
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and (module.__name__ != "samizdat.errors" or name not in EXPORTED | {"_AboutURL"})
            ):
                outside.append(f"{module.__name__}.{name}")
    assert outside == []
