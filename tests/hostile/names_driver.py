"""Child process of the names test: wire names round-trip through the generated models and calls.

argv: package, base URL; stdin: a JSON plan from test_names.py.
"""

from __future__ import annotations

import importlib
import json
import sys
import typing
from typing import Any


def main() -> None:
    package, url = sys.argv[1], sys.argv[2]
    plan = json.load(sys.stdin)
    for model in plan["models"]:
        cls = getattr(
            importlib.import_module(f"{package}.types.{model['module']}"), model["name"]
        )
        data = model["data"]
        instance = cls.model_validate(data)
        dumped = instance.model_dump(by_alias=True, exclude_unset=True)
        assert dumped == data, (model["name"], dumped, data)
        again = cls.model_validate_json(
            instance.model_dump_json(by_alias=True, exclude_unset=True)
        )
        assert again == instance, model["name"]
        attrs = list(cls.model_fields)
        assert len(set(attrs)) == len(attrs) and all(a.isidentifier() for a in attrs)
        for attr, wire in model[
            "attrs"
        ].items():  # each Python name reads its wire value
            assert getattr(instance, attr) == data[wire], (attr, wire)
    for alias in plan["literals"]:
        value = getattr(
            importlib.import_module(f"{package}.types.{alias['module']}"), alias["name"]
        )
        assert list(typing.get_args(value)) == alias["values"], typing.get_args(value)
    constants = importlib.import_module(package + "._constants")
    client = getattr(importlib.import_module(package), constants.CLIENT_CLASS)(
        base_url=url, api_key="k", max_retries=0
    )
    for call in plan["calls"]:
        target: Any = client
        for attr in call["path"]:
            target = getattr(target, attr)
        getattr(target, call["method"])(**call["kwargs"])
    print("ok")


if __name__ == "__main__":
    main()
