"""Child process of the hostile tests: import a generated package wholly and call its methods.

argv: package, base URL; stdin: a JSON plan ``[{"path": [...], "method": name, "kwargs": {...}}]``.
Prints a JSON report of what the package holds, for the test to compare with the spec.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import typing
from typing import Any


def main() -> None:
    package, url = sys.argv[1], sys.argv[2]
    plan = json.load(sys.stdin)
    root = importlib.import_module(package)
    modules = {}
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue  # runs the CLI
        modules[info.name] = importlib.import_module(info.name)
    constants = importlib.import_module(package + "._constants")
    commands = importlib.import_module(package + "._cli._commands")
    operation = importlib.import_module(package + "._operation")
    params = []
    for module in modules.values():
        for value in vars(module).values():
            if isinstance(value, operation.Operation):
                params.extend([p.name, p.wire, p.location] for p in value.params)
    models = importlib.import_module(package + "._models")
    fields = []
    literals = []
    for module in modules.values():
        if not module.__name__.startswith(package + ".types."):
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.BaseModel):
                if value.__module__ == module.__name__:
                    for name, info in value.model_fields.items():
                        fields.append([name, info.alias or name])
            elif typing.get_origin(value) is typing.Literal:
                literals.extend(typing.get_args(value))
    client_class = getattr(root, constants.CLIENT_CLASS)
    client = client_class(base_url=url, api_key="k", max_retries=0)
    for call in plan:
        target: Any = client
        for attr in call["path"]:
            target = getattr(target, attr)
        getattr(target, call["method"])(**call["kwargs"])
    print(
        json.dumps(
            {
                "modules": sorted(modules),
                "title": constants.SDK_TITLE,
                "base_url": constants.DEFAULT_BASE_URL,
                "commands": [
                    {k: c[k] for k in ("summary", "description", "path")}
                    for c in commands.COMMANDS
                ],
                "params": params,
                "fields": fields,
                "literals": [v for v in literals if isinstance(v, str)],
            }
        )
    )


if __name__ == "__main__":
    main()
