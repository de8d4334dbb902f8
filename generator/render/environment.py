"""The Jinja environment and the rendering of a plan into {path: text}."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..cache import Cache, digest
from ..ir.nodes import Api
from . import TEMPLATES_DIR, filters
from .page_filters import PageFilters
from .plan import plan

if TYPE_CHECKING:
    from ..targets.go.docs import GoIndex
    from .memo import RenderMemo


_OPTIONS: dict[str, Any] = {
    "undefined": jinja2.StrictUndefined,
    "autoescape": False,  # output is Python, not HTML: escaping is the filters' job
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in the generator's cache: compiling the templates costs more than
    rendering a small spec (~0.06 s). An entry is keyed by the template's text, Jinja's and
    Python's versions and the environment's options, so an edited template is compiled again.
    Loading one runs its code: the cache is trusted like the virtualenv (see ``cache.py``).
    """

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._salt = digest(
            "jinja", jinja2.__version__, sys.version, repr(sorted(_OPTIONS.items()))
        )

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return digest(self._salt, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._cache.get(_BUCKET, self._key(bucket), count=False)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._cache.put(_BUCKET, self._key(bucket), bucket.bytecode_to_string())


_BUCKET = "jinja"


def make_environment(
    api: Api, templates_dir: Path = TEMPLATES_DIR, cache: Cache | None = None
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=CompiledTemplates(cache) if cache is not None else None,
        **_OPTIONS,
    )
    annotations = filters.Annotations(api.models_by_key)
    env.filters.update(
        {
            "pyrepr": filters.pyrepr,
            "import_from": filters.import_from,
            "call_line": filters.call_line,
            "tuple_line": filters.tuple_line,
            "param_call": filters.param_call,
            "params_line": filters.params_line,
            "encoding_call": filters.encoding_call,
            "operation_assignment": filters.operation_assignment,
            "export_table_literal": filters.export_table_literal,
            "parameter_line": filters.parameter_line,
            "field_line": filters.field_line,
            "self_method_head": filters.self_method_head,
            "wrapper_assignment": filters.wrapper_assignment,
            "docstring": filters.docstring,
            "docblock": filters.docblock,
            "comment": filters.comment,
            "toml": filters.toml_string,
            "annotation": annotations.annotation,
            "input_annotation": lambda ref: annotations.annotation(
                ref, inputs=True, params=True
            ),
            "runtime_type": annotations.runtime_type,
            "return_annotation": annotations.return_annotation,
            "result_annotation": annotations.result_annotation,
            "stream_to": annotations.stream_to,
            "accept_header": filters.accept_header,
            "sends_empty_body": filters.sends_empty_body,
            "field_annotation": annotations.field_annotation,
            "model_field_annotation": annotations.model_field_annotation,
            "field_default": annotations.field_default,
            "operation_docstring": filters.operation_docstring,
            "deprecation_message": filters.deprecation_message,
        }
    )
    pages = PageFilters(api.models_by_key, annotations)
    env.filters.update(
        {
            "paging_call": pages.paging_call,
            "paging_constant": pages.paging_constant,
            "page_annotation": pages.page_annotation,
            "item_annotation": pages.item_annotation,
        }
    )
    try:
        from .cli_filters import FILTERS as cli_filters
    except (
        ImportError
    ):  # the CLI filters are optional until the CLI templates need them
        cli_filters = {}
    env.filters.update(cli_filters)
    from .doc_filters import FILTERS as doc_filters

    env.filters.update(doc_filters)
    return env


def render_each(
    api: Api,
    source_name: str,
    templates_dir: Path = TEMPLATES_DIR,
    cache: Cache | None = None,
    memo: RenderMemo | None = None,
    planned: Callable[[int], None] | None = None,
    go_docs: GoIndex | None = None,
) -> Iterator[tuple[str, str, str]]:
    """Every output file as ``(path, text, how)``, one by one so formatting can start on the
    first while the rest render. ``how``: ``rendered`` (to be formatted), ``verbatim`` (copied
    from the templates) or ``reused`` (final already: taken from the output folder by ``memo``).
    Pure: reads only the templates (their compiled code from ``cache``) and what ``memo`` vouches
    for. ``go_docs``: what the Go target has the docs say (each page's Go section).
    """
    env = make_environment(api, templates_dir, cache)
    # Local files see the API without its resources: what they may depend on is what their key
    # covers, whether or not this run reuses anything.
    shell = replace(api, resources=())
    if memo is not None:
        memo.start(shell, source_name)
    jobs = plan(api, templates_dir, go_docs)
    if planned is not None:
        planned(len(jobs))  # how many files are coming, for the progress line
    for job in jobs:
        if job.context.get("verbatim"):
            text = (templates_dir / job.template).read_text(encoding="utf-8")
            yield job.path, text, "verbatim"
            continue
        if job.local and memo is not None:
            reused = memo.reuse(job)
            if reused is not None:
                yield job.path, reused, "reused"
                continue
        context: dict[str, Any] = {
            "api": shell if job.local else api,
            "source_name": source_name,
            **job.context,
        }
        if job.derive is not None:
            context.update(job.derive())
        yield job.path, env.get_template(job.template).render(context), "rendered"
