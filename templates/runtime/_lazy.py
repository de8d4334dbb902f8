"""Module attributes loaded on first use (PEP 562), for the package's and ``types``' ``__init__``.

Importing the package must stay cheap: a name is imported from its module only when read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    module_name: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for module ``module_name``, whose ``exports`` map each
    public name to the (relative) module that defines it."""

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(target, module_name), name)
        setattr(sys.modules[module_name], name, value)  # later reads skip this function
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[module_name]), *exports})

    return __getattr__, __dir__
