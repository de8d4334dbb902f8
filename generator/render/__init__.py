"""IR → source text: Jinja templates over the IR; escaping happens only in ``filters``."""
