"""How many of the operations openai-python and our OpenAI SDK share get the same method path.

    pip download --no-deps openai -d /tmp/oai && unzip -q /tmp/oai/openai-*.whl -d /tmp/oai/src
    .venv/bin/python -m tests.naming.compare_openai /tmp/oai/src /work/shared/specs/openai__openapi.yaml

openai-python's method paths are read off its sources (``src/openai/resources/**.py``, or the
unpacked wheel's ``openai/resources``): each ``self._get/_post/...("/path"`` call inside a method
of a resource class, the class's place in the package giving the resource path. Operations are
matched by HTTP method and path (placeholder names ignored); a leading ``beta.``/``admin.`` of
openai-python's is ignored. Nothing of openai's is stored in the repository.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from pathlib import Path

from generator.ir.build import build_api
from generator.ir.nodes import Resource
from generator.pipeline import load_documents
from generator.settings import Settings

_VERBS = {
    "_get": "get",
    "_post": "post",
    "_put": "put",
    "_patch": "patch",
    "_delete": "delete",
}
_VERBS |= {f"{k}_api_list": v for k, v in _VERBS.items()}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _norm_path(path: str) -> str:
    return _PLACEHOLDER.sub("{}", path.rstrip("/") or "/")


def _path_text(node: ast.expr) -> str | None:
    """The literal path of a call's first argument: a string, an f-string or ``path_template``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) else "{}" for v in node.values
        )
    if isinstance(node, ast.Call) and node.args:
        return _path_text(node.args[0])
    return None


def openai_methods(src: Path) -> dict[tuple[str, str], str]:
    """(method, normalised path) → openai-python's method path (``chat.completions.create``)."""
    roots = [
        p
        for p in (src / "src/openai/resources", src / "openai/resources")
        if p.is_dir()
    ]
    if not roots:
        raise SystemExit(f"{src}: no openai/resources folder")
    root = roots[0]
    trees = {f: ast.parse(f.read_text(encoding="utf-8")) for f in root.rglob("*.py")}

    def chain(file: Path) -> list[str]:
        # openai-python names each module after the attribute it hangs on: runs/runs.py is
        # ``runs``, runs/steps.py ``runs.steps``.
        parts = [*file.relative_to(root).parent.parts, file.stem]
        if len(parts) >= 2 and parts[-1] == parts[-2]:
            parts.pop()
        return parts

    found: dict[tuple[str, str], str] = {}
    for file, tree in trees.items():
        for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
            if cls.name.startswith("Async") or "With" in cls.name:
                continue
            for fn in cls.body:
                if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                    continue
                for call in ast.walk(fn):
                    if not (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr in _VERBS
                        and isinstance(call.func.value, ast.Name)
                        and call.func.value.id == "self"
                        and call.args
                    ):
                        continue
                    path = _path_text(call.args[0])
                    if path is None or not path.startswith("/"):
                        continue
                    where = ".".join([*chain(file), fn.name])
                    key = (_VERBS[call.func.attr], _norm_path(path))
                    found.setdefault(key, where)
    return found


def ours(spec: Path) -> dict[tuple[str, str], str]:
    docs = load_documents(spec)
    api = build_api(docs, Settings(), [])
    out: dict[tuple[str, str], str] = {}

    def walk(resource: Resource) -> None:
        for op in resource.operations:
            out[(op.http_method, _norm_path(op.path))] = ".".join(
                (*resource.path, op.name)
            )
        for child in resource.children:
            walk(child)

    for top in api.resources:
        walk(top)
    return out


def _strip(where: str) -> str:
    for prefix in ("beta.", "admin."):
        if where.startswith(prefix):
            return where[len(prefix) :]
    return where


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("openai_src", type=Path)
    parser.add_argument("spec", type=Path)
    parser.add_argument("--show", action="store_true", help="list every difference")
    args = parser.parse_args(argv)
    theirs = openai_methods(args.openai_src)
    mine = ours(args.spec)
    shared = sorted(set(theirs) & set(mine))
    same = [k for k in shared if _strip(theirs[k]) == mine[k]]
    print(f"shared operations: {len(shared)}")
    print(
        f"same method path: {len(same)} ({100 * len(same) / max(1, len(shared)):.0f} %)"
    )
    diffs = [k for k in shared if k not in same]
    # Grouped by how they differ: the resource path or only the method name.
    kinds: Counter[str] = Counter()
    for k in diffs:
        a, b = _strip(theirs[k]), mine[k]
        kind = (
            "method name"
            if a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0]
            else "resource path"
        )
        kinds[kind] += 1
        if args.show:
            print(f"  {kind:13} {k[0]:6} {k[1]:60} openai {a:45} ours {b}")
    for kind, n in kinds.most_common():
        print(f"  differ in {kind}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
