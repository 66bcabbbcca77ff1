"""Where the shipped site templates are, without loading Jinja2 to find out."""

from __future__ import annotations

import importlib.util
import os


def default_templates() -> str:
    """The templates shipped with timeline (the repository's site_templates/, packaged)."""
    try:
        # A namespace package (no __init__.py), installed or mapped by an editable install.
        spec = importlib.util.find_spec("timeline.site_templates")
    except ModuleNotFoundError:
        spec = None
    if spec and spec.submodule_search_locations:
        return str(next(iter(spec.submodule_search_locations)))
    # A source checkout that was never installed.
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "site_templates")
