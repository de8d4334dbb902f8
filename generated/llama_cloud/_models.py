"""The models' base class, and how response data becomes typed values.

Decision: responses are validated *leniently* by default. A real API drifts from its spec — it
adds fields, omits ones the spec calls required, returns a string where an enum was promised — and
an SDK that raises on every drift breaks its users' production code for no gain. So:

1. The data is validated with a pydantic ``TypeAdapter`` for the declared type (cached per type).
   Unknown fields are always kept (``extra="allow"``): ``obj.new_field`` and ``obj.model_extra``.
2. If validation fails and the client is not strict, the value is *constructed* instead
   (:func:`construct_type`): models are built with ``model_construct`` field by field, each field
   validated on its own when it can be and kept as received when it cannot; lists, dicts and
   unions recurse. Attribute access works; a field the server omitted is absent from
   ``model_fields_set`` and reading it raises ``AttributeError`` (it is not invented as ``None``).
   A tagged union follows the tag: the member it names is built (even when other fields are
   off), and a tag no member declares gives an *unknown variant*, a plain ``BaseModel``
   holding the data as received, rather than the first member mislabelled.
3. With ``strict_response_validation=True`` the validation error is raised instead (the client
   turns it into ``APIResponseValidationError``).

A body whose top-level shape is wrong (e.g. a list or a string where an object was promised) is an
error in both modes: there is nothing sensible to return.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping as AbcMapping
from collections.abc import Sequence as AbcSequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic
from pydantic import ConfigDict, PrivateAttr, TypeAdapter

__all__ = ["BaseModel", "construct_type", "validate_type", "parse_data"]

_PYDANTIC_VERSION = tuple(int(part) for part in pydantic.VERSION.split(".")[:2])


class BaseModel(pydantic.BaseModel):
    """Base of every generated model: unknown fields kept, fields settable by name or wire alias.

    A model a method returns carries the response's ``x-request-id`` as ``_request_id`` (a
    private attribute: never a field, never serialised).
    """

    if _PYDANTIC_VERSION >= (2, 11):
        model_config = ConfigDict(
            extra="allow", validate_by_name=True, validate_by_alias=True
        )
    else:  # pragma: no cover - exercised only on old pydantic
        model_config = ConfigDict(extra="allow", populate_by_name=True)

    _request_id: str | None = PrivateAttr(default=None)

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """The model as a dict, nested models too: keyed by wire names unless
        ``use_api_names=False``, only the fields that were set (as the server sent them) unless
        ``exclude_unset=False``; ``mode="json"`` makes every value JSON-compatible (dates as
        strings...)."""
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """The model as JSON text, with the defaults of :meth:`to_dict`."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )


@functools.lru_cache(maxsize=512)
def _cached_adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def _adapter(tp: Any) -> TypeAdapter[Any]:
    try:
        return _cached_adapter(tp)
    except (
        TypeError
    ):  # unhashable typing form (e.g. Annotated with unhashable metadata)
        return TypeAdapter(tp)


def validate_type(data: object, tp: Any) -> Any:
    """Validate ``data`` as ``tp``; raises ``pydantic.ValidationError``."""
    return _adapter(tp).validate_python(data)


def parse_data(data: object, tp: Any, *, strict: bool) -> Any:
    """Validate, falling back to :func:`construct_type` unless ``strict`` (see module docstring)."""
    try:
        return validate_type(data, tp)
    except pydantic.ValidationError:
        if strict or not _shape_matches(data, tp):
            raise
        return construct_type(data, tp)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _is_union(tp: Any) -> bool:
    origin = get_origin(tp)
    return origin is Union or origin is types.UnionType


def _shape_matches(data: object, tp: Any) -> bool:
    tp = _unwrap(tp)
    if _is_model(tp):
        return isinstance(data, AbcMapping)
    if _is_union(tp):
        return any(_shape_matches(data, arg) for arg in get_args(tp))
    origin = get_origin(tp)
    if origin in (list, tuple, set, frozenset, AbcSequence):
        return isinstance(data, list)
    if origin in (dict, AbcMapping):
        return isinstance(data, AbcMapping)
    return True


def _discriminator(tp: Any) -> str | None:
    """The tag field of ``Annotated[A | B, Field(discriminator=...)]``, else ``None``."""
    while get_origin(tp) is Annotated:
        for meta in get_args(tp)[1:]:
            tag = getattr(meta, "discriminator", None)
            if isinstance(tag, str):
                return tag
        tp = get_args(tp)[0]
    return None


def construct_type(value: object, tp: Any) -> Any:
    """Best-effort conversion of ``value`` to ``tp`` that never raises; see the module docstring."""
    tag = _discriminator(tp)
    tp = _unwrap(tp)
    if tag is not None and _is_union(tp) and isinstance(value, AbcMapping):
        return _construct_tagged(value, get_args(tp), tag)
    if tp is Any or tp is object:
        return value
    if _is_model(tp):
        return _construct_model(tp, value) if isinstance(value, AbcMapping) else value
    if _is_union(tp):
        return _construct_union(value, get_args(tp))
    origin = get_origin(tp)
    args = get_args(tp)
    if origin in (list, set, frozenset, AbcSequence) and isinstance(value, list):
        item = args[0] if args else Any
        return [construct_type(v, item) for v in value]
    if origin is tuple and isinstance(value, list):
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(construct_type(v, args[0]) for v in value)
        if len(args) == len(value):
            return tuple(construct_type(v, a) for v, a in zip(value, args))
        return value
    if origin in (dict, AbcMapping) and isinstance(value, AbcMapping):
        item = args[1] if len(args) == 2 else Any
        return {k: construct_type(v, item) for k, v in value.items()}
    try:
        return validate_type(value, tp)
    except (
        pydantic.ValidationError,
        pydantic.PydanticSchemaGenerationError,
        TypeError,
    ):
        return value


def _construct_union(value: object, members: tuple[Any, ...]) -> Any:
    if value is None and type(None) in members:
        return None
    for member in members:
        try:
            return validate_type(value, member)
        except (
            pydantic.ValidationError,
            pydantic.PydanticSchemaGenerationError,
            TypeError,
        ):
            continue
    # No member validates: construct the first one whose shape fits, so attribute access works.
    for member in members:
        if member is not type(None) and _shape_matches(value, member):
            return construct_type(value, member)
    return value


def _construct_tagged(
    value: AbcMapping[Any, object], members: tuple[Any, ...], tag: str
) -> Any:
    """The member the tag names, built leniently; a tag no member has gives an unknown variant:
    a plain :class:`BaseModel` holding the data as received (``obj.kind``, ``obj.to_dict()``),
    never a member it is not (``isinstance(obj, Circle)`` stays false)."""
    for member in members:
        if not _is_model(member) or tag not in member.model_fields:
            continue
        field = member.model_fields[tag]
        key = _field_key(tag, field, {str(k): v for k, v in value.items()})
        allowed = get_args(_unwrap(field.annotation))
        if key is not None and value[key] in allowed:
            return construct_type(value, member)
    data: dict[str, Any] = {str(k): v for k, v in value.items()}
    return BaseModel.model_construct(**data)


def _field_key(name: str, field: Any, data: AbcMapping[str, object]) -> str | None:
    if field.alias is not None and field.alias in data:
        return str(field.alias)
    validation_alias = field.validation_alias
    if isinstance(validation_alias, str) and validation_alias in data:
        return validation_alias
    choices = getattr(validation_alias, "choices", None)
    if choices:
        for choice in choices:
            if isinstance(choice, str) and choice in data:
                return choice
    return name if name in data else None


def _construct_model(
    cls: type[pydantic.BaseModel], data: AbcMapping[Any, object]
) -> pydantic.BaseModel:
    values: dict[str, Any] = {str(key): val for key, val in data.items()}
    for name, field in cls.model_fields.items():
        key = _field_key(name, field, values)
        if key is None:
            continue
        raw = values[key]
        annotation: Any = field.annotation
        if isinstance(
            field.discriminator, str
        ):  # pydantic keeps the tag beside the type
            annotation = Annotated[
                annotation, pydantic.Field(discriminator=field.discriminator)
            ]
        try:
            values[key] = validate_type(raw, annotation)
        except (
            pydantic.ValidationError,
            pydantic.PydanticSchemaGenerationError,
            TypeError,
        ):
            values[key] = construct_type(raw, annotation)
    return cls.model_construct(**values)
