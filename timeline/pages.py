"""What a build makes of a site: the pages (Page), the files planned with their keys
(Planned), and the Jinja2 environment the templates render in."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import jinja2
import jinja2.meta
import jinja2.nodes
from markupsafe import Markup

from .digests import digest
from .exports import indented_json
from .parts import Keyed
from .templates import default_templates


@dataclass(frozen=True)
class Page:
    path: str  # relative to the output folder, "/"-separated
    # The text, or for a big file its parts in order, to be written one after the other
    # and used once (a big site's listings and dataset files are never held whole).
    content: str | Iterable[str]

    def text(self) -> str:
        """The whole text (the parts joined, when the page comes in parts)."""
        if isinstance(self.content, str):
            return self.content
        if isinstance(self.content, Keyed):
            return self.content.text()
        return "".join(self.content)


@dataclass(frozen=True, slots=True)
class Planned:
    """A file of the site still to make, and its key: a digest of everything it shows.

    The same key gives the same bytes, so a build may keep the previous build's file.
    """

    path: str
    key: str
    make: Callable[..., Page]
    # About how much work making it is, in events shown: a listing of every event is
    # worth as many event pages (how the files to make are shared between two processes).
    weight: int = 1
    # Made from other files of the site once they are written: make(folder) is given the
    # folder of the new site (make() makes them again instead).
    after: bool = False


# Every attribute a plain dict has: for any other name, `getattr(a_dict, name)` must fail.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """jinja2's Environment, with `record.key` on the pages' plain dicts made cheaper."""

    def getattr(self, obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            # What jinja2 ends up doing for a key, without first raising and catching an
            # AttributeError: about 15 % of the rendering time of 10,000 events.
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return jinja2.Environment.getattr(self, obj, attribute)


def environment(project_templates: str | None) -> jinja2.Environment:
    folders = [project_templates] if project_templates and os.path.isdir(project_templates) else []
    folders.append(default_templates())
    env = _Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build: no need to stat a template at each of its ~10^5 includes.
        auto_reload=False,
    )
    return env


def templates_digest(env: jinja2.Environment) -> str:
    """A digest of every file in the folders the templates come from (static/ included)."""
    parts: list[str | bytes] = []
    loader = env.loader
    for folder in getattr(loader, "searchpath", ()):
        for parent, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(parent, name)
                with open(path, "rb") as handle:
                    parts += [os.path.relpath(path, folder), handle.read()]
        parts.append("\0")
    return digest(*parts)


def json_for_html(value: object) -> Markup:
    """JSON safe inside <script type="application/...json">: no tag or entity can end it."""
    text = indented_json(value)  # json.dumps(value, ensure_ascii=False, indent=2)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


def render(template: jinja2.Template, **values: object) -> str:
    """template.render(**values), without its costs that matter for a small partial
    rendered once per event: the same context, made in one step. A failure is rendered
    again by jinja2, to be reported as it reports it."""
    try:
        context = template.new_context(dict(template.globals, **values), shared=True)
        return "".join(template.root_render_func(context))
    except Exception:  # noqa: BLE001 - jinja2 says what went wrong, and where
        return template.render(**values)
