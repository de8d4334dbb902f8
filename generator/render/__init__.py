"""IR → source text: Jinja templates over the IR; escaping happens only in ``filters``."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
# Here rather than in ``environment``: the pipeline names it before it imports Jinja. An installed
# wheel carries the templates inside the package (pyproject.toml's force-include); a clone, or an
# editable install of one, reads them from templates/ beside the package.
TEMPLATES_DIR = (
    _PACKAGE / "_templates"
    if (_PACKAGE / "_templates").is_dir()
    else _PACKAGE.parent / "templates"
)
