"""Where a sync's time goes, stage by stage, measured by wrapping the stages' functions.

The pipeline runs its synchronous steps on one event loop, so the steps never overlap
and their times add up; what is left of the run's wall time is spent in the event
loop, awaiting the network (fetch) or idle. Each wrapped call costs about a
microsecond. The wrapped names are looked up where the pipeline calls them, so a
refactoring that renames one makes :meth:`StageClock.install` fail loudly (the
bench's smoke test runs it) rather than report a stage as free.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

# (stage, module, attribute): attribute may be "Class.method".
WRAPPED: tuple[tuple[str, str, str], ...] = (
    ("discover", "samizdat.pipeline._discover", "parse_feed"),
    ("discover", "samizdat.pipeline._discover", "read_plain"),
    ("discover", "samizdat.pipeline._discover", "Planner.plan"),
    ("extract", "samizdat.pipeline._prepare", "article_from_entry"),
    ("extract", "samizdat.pipeline._prepare", "article_from_page"),
    ("transform", "samizdat.pipeline._prepare", "select_images"),
    ("transform", "samizdat.pipeline._prepare", "sanitize_html"),
    ("transform", "samizdat.assets.process", "process_image"),
    ("transform", "samizdat.transform.images", "rewrite_images"),
    ("transform", "samizdat.transform.links", "rewrite_links"),
    ("transform", "samizdat.transform.markdown", "html_to_markdown"),
    ("render", "samizdat.render._renderer", "Renderer.article_page"),
    ("render", "samizdat.render._renderer", "Renderer.channel_index"),
    ("render", "samizdat.render._renderer", "Renderer.home"),
    ("render", "samizdat.render._renderer", "Renderer.atom_feed"),
    ("render", "samizdat.render._qr", "qr_png"),
    ("write", "samizdat.publish.tree", "MirrorTree.write_bytes"),
    ("write", "samizdat.publish.tree", "MirrorTree.remove"),
    ("write", "samizdat.publish.tree", "MirrorTree.sync"),
    ("write", "samizdat.pipeline._recorder", "Recorder.flush"),
    ("write", "samizdat.pipeline._run", "save_feeds"),
    ("write", "samizdat.pipeline._run", "record_run"),
    ("write", "samizdat.pipeline._finish", "apply_retention"),
    ("write", "samizdat.assets.mirror", "remove_unused_assets"),
    ("git", "samizdat.publish.git", "GitRepo.commit"),
    ("git", "samizdat.publish.git", "GitRepo.ensure"),
    ("git", "samizdat.publish.git", "GitRepo.head"),
)
# A wrapped call inside another (e.g. MirrorTree.sync inside Recorder.flush) counts
# once, in the outermost call's stage.
STAGES = ("discover", "extract", "transform", "render", "write", "git")


class StageClock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._depth = threading.local()

    def install(self) -> None:
        for stage, module_name, attribute in WRAPPED:
            module = importlib.import_module(module_name)
            owner: Any = module
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)  # AttributeError: the pipeline changed
            setattr(owner, name, self._wrap(stage, original))

    def _wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        clock = self

        if inspect.isgeneratorfunction(function):

            @functools.wraps(function)
            def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
                inner = function(*args, **kwargs)
                while True:
                    with clock.timing(stage):
                        try:
                            item = next(inner)
                        except StopIteration:
                            return
                    yield item

            return generator

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with clock.timing(stage):
                return function(*args, **kwargs)

        return timed

    def timing(self, stage: str) -> _Timing:
        return _Timing(self, stage)

    def totals(self, wall: float) -> dict[str, float]:
        """Seconds per stage; "fetch + event loop" is the rest of the wall time."""
        result = {stage: round(self.seconds.get(stage, 0.0), 4) for stage in STAGES}
        main_thread = sum(result.values())
        result["fetch, event loop, other"] = round(max(0.0, wall - main_thread), 4)
        result["total (wall)"] = round(wall, 4)
        # Image decoding runs in worker threads, beside the loop (not in the total).
        result["images (worker threads)"] = round(self.seconds.get("transform (threads)", 0), 4)
        return result


class _Timing:
    """Times the outermost wrapped call of each thread (nested ones are inside it)."""

    def __init__(self, clock: StageClock, stage: str) -> None:
        self.clock = clock
        self.stage = stage
        self.started = 0.0
        self.outermost = False

    def __enter__(self) -> None:
        depth = getattr(self.clock._depth, "value", 0)
        self.outermost = depth == 0
        self.clock._depth.value = depth + 1
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.clock._depth.value -= 1
        if self.outermost:
            elapsed = time.perf_counter() - self.started
            in_thread = threading.current_thread() is not threading.main_thread()
            key = f"{self.stage} (threads)" if in_thread else self.stage
            self.clock.seconds[key] += elapsed
            self.clock.calls[key] += 1
