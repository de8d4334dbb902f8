"""Module attributes loaded on first use (PEP 562), for the package's and ``types``' ``__init__``.

Importing the package must stay cheap: a name is imported from its module only when read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["export_table", "lazy_exports"]


def lazy_exports(
    module_name: str, exports: Mapping[str, str], fallback: str | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for module ``module_name``, whose ``exports`` map each
    public name to the (relative) module that defines it. A name not in ``exports`` is looked up
    in the ``fallback`` module, if any: the package root serves the models of ``types`` so.
    """

    def __getattr__(name: str) -> Any:
        from importlib import import_module

        target = exports.get(name)
        if target is not None:
            value = getattr(import_module(target, module_name), name)
        elif fallback is not None and not name.startswith("_"):
            # Private names are never models; ``from . import _forms`` probes them first.
            try:
                value = getattr(import_module(fallback, module_name), name)
            except AttributeError:
                value = _missing
        else:
            value = _missing
        if value is _missing:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        setattr(sys.modules[module_name], name, value)  # later reads skip this function
        return value

    def __dir__() -> list[str]:
        from importlib import import_module

        names = {*vars(sys.modules[module_name]), *exports}
        if fallback is not None:
            names.update(dir(import_module(fallback, module_name)))
        return sorted(names)

    return __getattr__, __dir__


def export_table(table: str) -> dict[str, str]:
    """``{name: ".module"}`` from lines of ``name module``: how ``types`` lists its models."""
    exports: dict[str, str] = {}
    for line in table.split("\n"):
        if line:
            name, module = line.split(" ")
            exports[name] = "." + module
    return exports


_missing = object()
