"""The HTML templates and static files of the site, the operator's first.

``html.templates_dir`` may hold any of the site's templates (``base.html.j2``,
``page.html.j2``, ``front.html.j2``, ...) and static files (``style.css``,
``search.js``): each one found there replaces the built-in one; a template may also
extend the built-in one as ``builtin/base.html.j2``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

from samizdat.errors import ConfigError
from samizdat.html.styles import with_emphasis


def html_templates(package: str, operator_dir: Path | None = None) -> jinja2.Environment:
    """The HTML templates of ``package`` (the site's, the bundles'): escaped, strict."""
    builtin = jinja2.PackageLoader(package, "templates")
    loaders: list[jinja2.BaseLoader] = []
    if operator_dir is not None:
        if not operator_dir.is_dir():
            raise ConfigError(f"html.templates_dir: {operator_dir} is not a directory")
        loaders.append(jinja2.FileSystemLoader(str(operator_dir)))
    loaders += [builtin, jinja2.PrefixLoader({"builtin": builtin})]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def static_file(name: str, operator_dir: Path | None = None) -> bytes:
    """A static file of the site: the operator's (``html.templates_dir``) or built-in."""
    if operator_dir is not None:
        candidate = operator_dir / name
        # The operator's own regular file only: a link could pull any file into the site.
        if candidate.is_file() and not candidate.is_symlink():
            return candidate.read_bytes()
    data = resources.files("samizdat.site").joinpath("templates", name).read_bytes()
    return with_emphasis(data.decode("utf-8")).encode("utf-8") if name.endswith(".css") else data
