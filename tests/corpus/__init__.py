"""Corpus run: ``python -m tests.corpus.run`` (see ``docs/corpus.md``)."""
