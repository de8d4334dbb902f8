"""Which template renders which file, with what context.

Module-level decisions that are about Python source rather than the API (which names a module
imports, where a file lives) are made here, from the IR; templates only print them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .filters import Annotations
from ..ir.nodes import Api, Model, Operation, Resource, TypeRef
from .filters import temporal_class

if TYPE_CHECKING:
    from ..targets.go.docs import GoIndex


@dataclass(frozen=True)
class Import:
    module: str  # relative, e.g. ".job_metadata" or "...types.chat_create_response"
    names: tuple[str, ...]


@dataclass(frozen=True)
class FileJob:
    template: str
    path: str  # relative to the output folder, "/"-separated
    context: dict[str, Any] = field(default_factory=dict)
    # Rendered from ``context`` and the API's shared facts only (``api`` without its resources),
    # so an edit elsewhere in the spec leaves it as it is (see ``memo.py``).
    local: bool = False
    # The rest of a local job's context, computed from ``context`` and the models only when the
    # file is rendered (a regeneration takes most local files as they are).
    derive: Callable[[], dict[str, Any]] | None = field(default=None, compare=False)


def plan(
    api: Api, templates_dir: Path, go_docs: GoIndex | None = None
) -> list[FileJob]:
    pkg = api.package
    models = api.models_by_key
    jobs = [
        FileJob("package/pyproject.toml.jinja", "pyproject.toml"),
        FileJob("package/README.md.jinja", "README.md"),
        FileJob(
            "sdk/__init__.py.jinja",
            f"{pkg}/__init__.py",
            _root_context(api, templates_dir),
        ),
        FileJob("sdk/_version.py.jinja", f"{pkg}/_version.py"),
        FileJob("sdk/_constants.py.jinja", f"{pkg}/_constants.py"),
        FileJob("sdk/_client.py.jinja", f"{pkg}/_client.py"),
        FileJob("sdk/py.typed.jinja", f"{pkg}/py.typed"),
        FileJob("sdk/resources_init.py.jinja", f"{pkg}/resources/__init__.py"),
        FileJob(
            "sdk/types_init.py.jinja",
            f"{pkg}/types/__init__.py",
            {"models": _exported(api)},
        ),
    ]
    for resource in api.all_resources():
        jobs.append(
            FileJob(
                "sdk/resource.py.jinja",
                _resource_path(pkg, resource),
                {"resource": resource},
                local=True,
                derive=partial(_resource_context, resource, models),
            )
        )
    by_module: dict[str, list[Model]] = {}
    for model in api.models:
        by_module.setdefault(model.module, []).append(model)
    for module in sorted(by_module):
        members = _definition_order(by_module[module])
        jobs.append(
            FileJob(
                "sdk/model_module.py.jinja",
                f"{pkg}/types/{module}.py",
                {"module": module, "members": members},
                local=True,
                derive=partial(_model_context, module, members, models),
            )
        )
    for source in sorted(templates_dir.glob("runtime/**/*.py")):
        rel = source.relative_to(templates_dir / "runtime").as_posix()
        jobs.append(FileJob("runtime/" + rel, f"{pkg}/{rel}", {"verbatim": True}))
    for source in sorted(templates_dir.glob("cli/**/*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(templates_dir / "cli").as_posix()
        if rel.endswith(".jinja"):
            jobs.append(
                FileJob("cli/" + rel, f"{pkg}/_cli/{rel.removesuffix('.jinja')}")
            )
        elif rel.endswith(".py"):
            jobs.append(FileJob("cli/" + rel, f"{pkg}/_cli/{rel}", {"verbatim": True}))
    jobs.extend(_doc_jobs(api, go_docs))
    return jobs


def _exported(api: Api) -> list[Model]:
    """What ``types`` exports: the models and their TypedDict twins, by name."""
    annotations = Annotations(api.models_by_key)
    twins = [
        replace(m, name=annotations.param_name(m), kind="alias", fields=())
        for m in api.models
        if m.kind == "object"
    ]
    return sorted([*api.models, *twins], key=lambda m: m.name)


def _doc_jobs(api: Api, go_docs: GoIndex | None) -> list[FileJob]:
    """The reference: one page per operation, and the index ``api.md`` (issue 6). With the Go
    target, a page's context holds its Go section as the Go plan decided it (``go``: None for
    an operation the Go SDK leaves out)."""
    from .doc_filters import doc_path

    jobs = [
        FileJob(
            "docs/api.md.jinja",
            "api.md",
            {"go": go_docs} if go_docs is not None else {},
        )
    ]
    for resource in api.all_resources():
        # A page names its resource, not the resource's other operations: without them, an edit
        # to one operation leaves its neighbours' pages as they are.
        named = replace(resource, operations=(), children=())
        for op in resource.operations:
            context: dict[str, Any] = {"resource": named, "op": op}
            if go_docs is not None:
                context["go"] = go_docs.pages.get(op.key)
            jobs.append(
                FileJob(
                    "docs/operation.md.jinja",
                    doc_path(resource, op),
                    context,
                    local=True,
                )
            )
    return jobs


def _resource_path(pkg: str, resource: Resource) -> str:
    base = f"{pkg}/" + resource.module.replace(".", "/")
    return f"{base}/__init__.py" if resource.is_package else f"{base}.py"


# Runtime names the package exports besides those of ``_exceptions`` (read from its ``__all__``).
_TYPES_EXPORTS = ("NotGiven", "Omit", "not_given", "omit")
_STREAMING_EXPORTS = ("AsyncStream", "ServerSentEvent", "Stream")
# What ``with_raw_response`` and ``with_streaming_response`` give, for annotations.
_RESPONSE_EXPORTS = ("APIResponse", "AsyncStreamedAPIResponse", "StreamedAPIResponse")
_PAGINATION_EXPORTS = ("AsyncPage", "AsyncPaginator", "SyncPage")


def _root_context(api: Api, templates_dir: Path) -> dict[str, Any]:
    """What the package's ``__init__`` exposes lazily: the clients and the runtime's public names
    (``exports``), and every model of ``types`` whose name those do not take. Models are served
    by falling back to ``types``, so the root lists them only for type checkers: with one
    ``from .types import *`` unless a model's name is taken (then by name, the others only).
    """
    out = [(api.client_class, "._client"), (api.async_client_class, "._client")]
    out += [
        (name, "._exceptions")
        for name in _declared_all(templates_dir / "runtime" / "_exceptions.py")
    ]
    out += [(name, "._types") for name in _TYPES_EXPORTS]
    out += [(name, "._response") for name in _RESPONSE_EXPORTS]
    out += _result_exports(api)
    taken = {name for name, _ in out}
    models = sorted(api.models, key=lambda m: m.name)
    shadowed = any(m.name in taken for m in models)
    return {
        "exports": out,
        "star_models": bool(models) and not shadowed,
        "model_imports": (
            [(m.name, f".types.{m.module}") for m in models if m.name not in taken]
            if shadowed
            else []
        ),
    }


def _result_exports(api: Api) -> list[tuple[str, str]]:
    """The runtime result classes the API's methods return, so callers can annotate with them."""
    responses = [op.response for _, op in api.operations() if op.response]
    out = []
    if any(r.kind == "binary" for r in responses):
        out.append(("BinaryResponse", "._response"))
    if any(r.streams for r in responses):
        out += [(name, "._streaming") for name in _STREAMING_EXPORTS]
    if any(op.pagination for _, op in api.operations()):
        out += [(name, "._pagination") for name in _PAGINATION_EXPORTS]
    return out


def _declared_all(path: Path) -> list[str]:
    """The literal ``__all__`` of a runtime module, so the export list has one source of truth."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            return [str(v) for v in value]
    return []


def _walk_types(refs: Iterable[TypeRef]) -> Iterator[TypeRef]:
    stack = list(refs)
    while stack:
        ref = stack.pop()
        yield ref
        stack.extend(ref.args)


def _typing_names(
    refs: list[TypeRef], *, inputs: bool, returns: tuple[TypeRef, ...] = ()
) -> tuple[str, ...]:
    names: set[str] = set()
    for ref in _walk_types([*refs, *returns]):
        if ref.discriminator:
            names.add("Annotated")
    for ref in _walk_types(returns):
        if ref.kind == "array":
            names.add("List")
        elif ref.kind == "map":
            names.add("Dict")
        elif ref.kind == "literal":
            names.add("Literal")
        elif ref.kind == "tuple":
            names.add("Tuple")
    for ref in _walk_types(refs):
        if ref.kind == "literal":
            names.add("Literal")
        elif inputs and ref.kind == "tuple":
            names.add("Tuple")
        elif inputs and ref.kind == "array":
            names.add("Sequence")
        elif inputs and ref.kind == "map":
            names.add("Mapping")
    return tuple(sorted(names))


def _model_imports(
    refs: list[TypeRef],
    models: dict[str, Model],
    prefix: str,
    skip_module: str | None,
    params: Annotations | None = None,
) -> list[Import]:
    """``params``: an object model's TypedDict twin is imported beside it."""
    by_module: dict[str, set[str]] = {}
    for ref in _walk_types(refs):
        if ref.kind == "model" and ref.name in models:
            model = models[ref.name]
            if model.module != skip_module:
                names = by_module.setdefault(model.module, set())
                names.add(model.name)
                if params is not None and model.kind == "object":
                    names.add(params.param_name(model))
    return [
        Import(f"{prefix}{module}", tuple(sorted(names)))
        for module, names in sorted(by_module.items())
    ]


def _temporal(refs: Iterable[TypeRef]) -> bool:
    """Whether a ``date``/``datetime`` appears (the module then imports ``datetime as _dt``)."""
    return any(temporal_class(r) for r in _walk_types(refs))


def _tagged(refs: Iterable[TypeRef]) -> bool:
    """Whether a tagged union appears (its annotation needs pydantic's ``Field``)."""
    return any(r.discriminator for r in _walk_types(refs))


def _resource_context(resource: Resource, models: dict[str, Model]) -> dict[str, Any]:
    depth = len(resource.module.split(".")) - (0 if resource.is_package else 1)
    up = "." * (depth + 1)  # from the resource module back to the package
    refs: list[TypeRef] = []
    returns: list[TypeRef] = []
    for op in resource.operations:
        refs.extend(p.type for p in op.parameters)
        if op.response and op.response.type:
            returns.append(op.response.type)
        if op.response and op.response.event_type:
            returns.append(op.response.event_type)
        if op.pagination:
            returns.append(op.pagination.item_type)
    return {
        "result_imports": _result_imports(resource),
        "body_types": _body_types(resource),
        "uses_encoding": any(
            op.body is not None and op.body.encodings for op in resource.operations
        ),
        "resource": resource,
        "up": up,
        "model_imports": _model_imports(
            refs + returns, models, f"{up}types.", None, Annotations(models)
        ),
        "typing_names": tuple(
            sorted(
                {
                    *_typing_names(refs, inputs=True, returns=tuple(returns)),
                    *_overload_names(resource),
                }
            )
        ),
        "uses_field": _tagged([*refs, *returns]),
        "uses_datetime": _temporal([*refs, *returns]),
        "returns": {op.name: _returns(op) for op in resource.operations},
    }


def _overload_names(resource: Resource) -> tuple[str, ...]:
    """``typing`` names the stream-flag overloads and the casts of stream results need beyond
    the annotations' own."""
    names: set[str] = set()
    if any(op.stream_flag for op in resource.operations):
        names |= {"Literal", "overload"}
    if any(op.response and op.response.streams for op in resource.operations):
        names |= {"Any", "cast"}
    return tuple(sorted(names))


def _result_imports(resource: Resource) -> list[Import]:
    """Runtime classes the methods return, under ``_`` names (a model may be called ``Stream``)."""
    responses = [op.response for op in resource.operations if op.response]
    streaming: set[str] = set()
    for response in responses:
        if response.streams:
            streaming |= {"AsyncStream as _AsyncStream", "Stream as _Stream"}
            if response.event_type is None:
                streaming.add("ServerSentEvent as _ServerSentEvent")
    out = []
    if any(response.kind == "binary" for response in responses):
        out.append(Import("_response", ("BinaryResponse as _BinaryResponse",)))
    if streaming:
        out.append(Import("_streaming", tuple(sorted(streaming))))
    if any(op.pagination for op in resource.operations):
        pages = ("AsyncPage", "AsyncPaginator", "Pagination", "SyncPage")
        out.append(Import("_pagination", tuple(f"{n} as _{n}" for n in pages)))
    return out


def _body_types(resource: Resource) -> tuple[str, ...]:
    """The runtime upload aliases (``FileTypes``, ``FileContent``) the methods' arguments use."""
    refs = [p.type for op in resource.operations for p in op.parameters]
    return tuple(sorted({r.name for r in _walk_types(refs) if r.kind == "file"}))


def _returns(op: Operation) -> TypeRef | None:
    return op.response.type if op.response else None


def _model_context(
    module: str, members: list[Model], models: dict[str, Model]
) -> dict[str, Any]:
    refs: list[TypeRef] = []
    annotations = Annotations(models)
    for model in members:
        refs.extend(f.type for f in model.fields)
        if model.alias_of:
            refs.append(model.alias_of)
        if model.extra:
            refs.append(model.extra)
    uses_alias = any(f.name != f.wire for m in members for f in m.fields) or _tagged(
        refs
    )
    return {
        "module": module,
        "members": members,
        "model_imports": _model_imports(refs, models, ".", module, annotations),
        # The TypedDict twins' values are written as inputs (``Sequence``, ``Mapping``).
        "typing_names": tuple(
            sorted(
                {*_typing_names(refs, inputs=False), *_typing_names(refs, inputs=True)}
            )
        ),
        "twins": [
            (annotations.param_name(m), annotations.typed_dict(m))
            for m in members
            if m.kind == "object"
        ],
        "uses_field": uses_alias,
        # A field named like a builtin type: the others' annotations spell it _builtins.<name>.
        "shadows_builtins": any(
            "_builtins." in annotations.model_field_annotation(f, m)
            for m in members
            for f in m.fields
        ),
        "uses_datetime": _temporal(refs),
        "has_objects": any(m.kind == "object" for m in members),
        "has_aliases": any(m.kind == "alias" for m in members),
        "cyclic": len(members) > 1
        or any(
            r.kind == "model" and r.name == members[0].key for r in _walk_types(refs)
        ),
    }


def _definition_order(members: list[Model]) -> list[Model]:
    """Aliases after the classes they name; otherwise sorted by name (deterministic)."""
    return sorted(members, key=lambda m: (m.kind == "alias", m.name))
