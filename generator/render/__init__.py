"""IR → source text: Jinja templates over the IR; escaping happens only in ``filters``."""

from pathlib import Path

# Here rather than in ``environment``: the pipeline names it before it imports Jinja.
TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
