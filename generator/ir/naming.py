"""The only place identifiers are made.

Every Python name in the output comes from here: wire names become identifiers, identifiers dodge
keywords, builtins and pydantic's attributes, and collisions are settled in sorted order of the
wire names, so the result never depends on the order of keys in the spec.
"""

from __future__ import annotations

import ast
import builtins
import functools
import hashlib
import sys
import keyword
import re
import unicodedata
from collections.abc import Iterable

from ..render import TEMPLATES_DIR

_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")

PYTHON_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))

# Attributes of pydantic.BaseModel (v1 compatibility names included) and the runtime BaseModel's
# own methods: a field with one of these names would shadow a method. Fixed here rather than read from the installed pydantic so the
# output does not change with the generator's environment.
PYDANTIC_RESERVED = frozenset("""
    construct copy dict from_orm json parse_file parse_obj parse_raw schema schema_json validate
    update_forward_refs model_config model_fields model_computed_fields model_extra
    model_fields_set model_construct model_copy model_dump model_dump_json model_json_schema
    model_parametrized_name model_post_init model_rebuild model_validate model_validate_json
    model_validate_strings
    to_dict to_json
    """.split())
# Names the generated annotations use: a field named ``str`` would shadow the type it is declared
# with, because pydantic evaluates annotations in the class namespace.
ANNOTATION_NAMES = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "object",
        "list",
        "dict",
        "tuple",
        "Any",
        "Literal",
        "Field",
    }
)
# The builtin types annotations name: a field may take one of these names (pydantic allows it);
# the model's annotations then write the type as ``_builtins.<name>`` (render/filters.py).
BUILTIN_TYPE_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "object", "list", "dict", "tuple"}
)
# Names a generated method body refers to (``locals()``, ``cast``), its defaults (``= omit``)
# and the keys of its ``**options``; a parameter may not shadow or repeat them.
METHOD_RESERVED = frozenset(
    {
        "self",
        "locals",
        "cast",
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        "options",
        "RequestOptions",
        "omit",
        "not_given",
    }
)
# Names generated modules import at module level (typing, pydantic, the runtime): a model class
# of the same name would replace the import in every module that needs both.
IMPORTED_NAMES = frozenset(
    {
        "TYPE_CHECKING",
        "Annotated",
        "Any",
        "Dict",
        "List",
        "Literal",
        "Mapping",
        "Optional",
        "Sequence",
        "Tuple",
        "Union",
        "Field",
        "TypeAliasType",
        "TypedDict",
        "Required",
        "BaseModel",
        "Omit",
        "RequestOptions",
        "Unpack",
        "SyncAPIResource",
        "AsyncAPIResource",
    }
)


# Where the templates are, in a clone or an installed generator alike.
_RUNTIME = TEMPLATES_DIR / "runtime"


class _Plain:
    """What every instance answers to (``__dict__``, ``__module__``, …), whatever the Python."""

    __annotations__: dict[str, object] = {}


def runtime_members(*parts: tuple[str, tuple[str, ...]]) -> frozenset[str]:
    """Every attribute an instance of the runtime classes has, public and private: what the class
    bodies define, assign or annotate, what their methods set on ``self``, and what any instance
    has. ``parts`` pairs a runtime file with the classes read from it. Read with ``ast`` from the
    files every package ships (importing them would need the package around them), so the list
    follows the runtime by itself; together ``parts`` must name the whole hierarchy, which is
    checked."""
    every = {name for _, classes in parts for name in classes}
    names = set(dir(_Plain()))
    for module, classes in parts:
        tree = ast.parse((_RUNTIME / module).read_text(encoding="utf-8"))
        found: set[str] = set()
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or node.name not in classes:
                continue
            found.add(node.name)
            bases = {
                b.id if isinstance(b, ast.Name) else ast.unparse(b) for b in node.bases
            }
            if bases - every - {"object"}:
                raise RuntimeError(
                    f"{module}: {node.name} has bases {sorted(bases)} not read"
                )
            names.update(_class_members(node))
        if found != set(classes):
            raise RuntimeError(f"{module}: no class {sorted(set(classes) - found)}")
    return frozenset(names)


def _class_members(node: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names.add(stmt.target.id)
        elif isinstance(stmt, ast.Assign):
            names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.ctx, ast.Store)
            and isinstance(sub.value, ast.Name)
            and sub.value.id == "self"
        ):
            names.add(sub.attr)
    return names


# The two members the client template (templates/sdk/_client.py.jinja) adds to the runtime's:
# each returns a class generated per API, so it cannot live in the runtime files.
CLIENT_TEMPLATE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response"})


@functools.lru_cache(maxsize=1)
def client_members() -> frozenset[str]:
    """Names a client attribute (a top-level resource) may not take: the runtime clients' (the
    base clients and the HTTP verbs the generated clients derive from) and the template's.
    """
    return CLIENT_TEMPLATE_MEMBERS | runtime_members(
        ("_base_client.py", ("BaseClient", "SyncAPIClient", "AsyncAPIClient")),
        ("_http_verbs.py", ("SyncHTTPVerbs", "AsyncHTTPVerbs")),
    )


@functools.lru_cache(maxsize=1)
def resource_members() -> frozenset[str]:
    """Names a resource's methods and child resources may not take: the runtime resources'."""
    return runtime_members(("_resource.py", ("SyncAPIResource", "AsyncAPIResource")))


# Letters NFKD does not decompose into ASCII but that have a conventional spelling.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
    }
)


# The same property, parameter and schema names are converted thousands of times per spec.
_names = functools.lru_cache(maxsize=1 << 15)


def ascii_words(text: str) -> list[str]:
    """Split free text into ASCII words: camelCase, punctuation and accents all separate words.

    Characters with no ASCII form (e.g. CJK) become ``u<hex>`` so distinct names stay distinct.
    """
    if (
        text.isascii()
    ):  # the common case: nothing to fold (every key of _TRANSLITERATE is not)
        return [
            w for chunk in _WORD_SPLIT.split(text) for w in _CAMEL.split(chunk) if w
        ]
    folded = []
    for char in unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)):
        if char.isascii():
            folded.append(char)
        elif unicodedata.combining(char):
            continue
        elif char.isalnum():
            folded.append(f" u{ord(char):x} ")
        else:
            folded.append(" ")
    words: list[str] = []
    for chunk in _WORD_SPLIT.split("".join(folded)):
        words.extend(w for w in _CAMEL.split(chunk) if w)
    return words


@_names
def snake(text: str) -> str:
    """``"Create Session"`` → ``create_session``; ``"HTTPError"`` → ``http_error``."""
    return "_".join(w.lower() for w in ascii_words(text))


@_names
def pascal(text: str) -> str:
    """``"job metadata"`` → ``JobMetadata``; keeps inner capitals (``HTTPError`` stays)."""
    return "".join(w[0].upper() + w[1:] for w in ascii_words(text))


@_names
def kebab(text: str) -> str:
    return "-".join(w.lower() for w in ascii_words(text))


def screaming(text: str) -> str:
    return snake(text).upper()


def is_identifier(name: str) -> bool:
    return bool(_IDENTIFIER.fullmatch(name)) and name not in PYTHON_KEYWORDS


# Names Windows reserves as devices whatever the extension (``con.py`` is the console there);
# lower-case names become module and page names, so they dodge these too.
DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)

# Names become file names (modules, doc pages): keep them well under the 255-byte limit of
# file systems. A longer one keeps its start and gains a hash of the whole, so distinct stay distinct.
MAX_NAME = 80


def _bounded(name: str) -> str:
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:10]
    return f"{name[: MAX_NAME - 11].rstrip('_')}_{digest}"


def _guard(name: str, fallback: str, reserved: frozenset[str]) -> str:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    name = _bounded(name)
    while name in reserved or name in PYTHON_KEYWORDS or name in DEVICE_NAMES:
        name += "_"
    return name


def member_name(
    wire: str, reserved: frozenset[str] = frozenset(), fallback: str = "field"
) -> str:
    """A snake_case name for a field or parameter (``petId`` → ``pet_id``; the wire name stays
    the alias): the wire name itself when it is already lower-case snake_case; never starting
    with ``_`` (pydantic would make it private).
    """
    if _SNAKE.fullmatch(wire) and "__" not in wire:
        base = wire
    else:
        base = snake(wire)
    return _guard(base, fallback, reserved)


def class_name(
    text: str, reserved: frozenset[str] = frozenset(), fallback: str = "Model"
) -> str:
    """A class name: kept as written when it is a capitalised identifier, else PascalCase."""
    if _IDENTIFIER.fullmatch(text) and text[0].isupper() and "__" not in text:
        base = text
    else:
        base = pascal(text)
    return _guard(base, fallback, reserved | BUILTINS)


def enum_member_name(value: object, reserved: frozenset[str] = frozenset()) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = ("minus_" if value < 0 else "") + str(abs(value)).replace(".", "_")
    else:
        text = str(value)
    name = screaming(text)
    return _guard(name, "VALUE", reserved | frozenset({"mro"}))


# A package named like a standard-library module or a dependency of the generated code would
# shadow it for every import in the environment it is installed in. Modules later Pythons removed
# are listed too, so the name does not depend on the Python the generator runs on (modules they
# added are private, ``_``-prefixed, which a derived name never is).
SHADOWED_PACKAGES = frozenset(sys.stdlib_module_names) | frozenset(
    {
        "aifc",
        "asynchat",
        "asyncore",
        "audioop",
        "cgi",
        "cgitb",
        "chunk",
        "crypt",
        "distutils",
        "imghdr",
        "imp",
        "lib2to3",
        "mailcap",
        "msilib",
        "nis",
        "nntplib",
        "ossaudiodev",
        "pipes",
        "smtpd",
        "sndhdr",
        "spwd",
        "sunau",
        "telnetlib",
        "uu",
        "xdrlib",
        "httpx",
        "pydantic",
        "pydantic_core",
        "click",
        "yaml",
        "typing_extensions",
        "anyio",
    }
)


def package_name(title: str) -> str:
    """The import name derived from a title: snake_case, bounded, never shadowing a module."""
    name = _bounded(snake(title)) or "api"
    if name[0].isdigit():
        name = f"api_{name}"
    while name in SHADOWED_PACKAGES or name in PYTHON_KEYWORDS or name in DEVICE_NAMES:
        name += "_sdk"
    return name


def singular(word: str) -> str:
    """English singular of a plural ending, good enough for flag names (``index_ids`` → ``index_id``)."""
    for plural, single in (("ies", "y"), ("sses", "ss"), ("uses", "us"), ("xes", "x")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + single
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def dedupe(wants: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Settle collisions: ``wants`` is (key, wanted name); keys are visited in sorted order and a
    later key whose name is taken gets ``_2``, ``_3``… A key that is its own wanted name (a wire
    name already snake_case) goes first: ``pet_id`` keeps ``pet_id`` beside ``petId``.
    Returns key → final name."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for key, want in sorted(wants, key=lambda kw: (kw[0] != kw[1], kw)):
        name = want
        n = 2
        while name in taken:
            name = f"{want}_{n}"
            n += 1
        taken.add(name)
        out[key] = name
    return out


# Title words that say what kind of thing the document describes, not which API: dropped from the
# end of a title before names are made of it ("Spotify Web API" → Spotify).
_GENERIC_TITLE_WORDS = frozenset(
    {
        "api",
        "apis",
        "rest",
        "restful",
        "web",
        "http",
        "service",
        "openapi",
        "spec",
        "sdk",
    }
)
# Where a title's name ends: a parenthesis, a dash or colon, or a "with …"/"from …"/"for …" tail.
_TITLE_TAIL = re.compile(
    r"\s*(\(|\[|\s[-–—]\s|:|\|).*$|\s+(with|from|for|by|via|using)\s.*$", re.IGNORECASE
)
_VERSION_WORD = re.compile(r"^v?\d+([._]\d+)*$", re.IGNORECASE)
MAX_TITLE_WORDS = 3
MAX_CLI_WORDS = 2


def title_words(title: str) -> list[str]:
    """The words of a title that name the API: the tail after a parenthesis, dash, colon or
    "with"/"from"/"for"… cut, version numbers and trailing generic words ("API", "REST", "Web")
    dropped while at least three letters are left, at most three words. Words split at spaces and punctuation only, never inside one
    ("OpenAI" stays one word, so the package is ``openai``). Empty when nothing is left.
    """
    cut = _TITLE_TAIL.sub("", title).strip() or title
    words = [w for w in re.split(r"[^0-9A-Za-z]+", _ascii(cut)) if w]
    words = [w for w in words if not _VERSION_WORD.fullmatch(w)]
    # A generic word stays when what it follows is too short to be a name alone ("My API").
    while (
        len(words) > 1
        and words[-1].lower() in _GENERIC_TITLE_WORDS
        and len("".join(words[:-1])) >= 3
    ):
        words.pop()
    if words and words[-1].lower() in _GENERIC_TITLE_WORDS:
        return []
    return words[:MAX_TITLE_WORDS]


def _ascii(text: str) -> str:
    return " ".join(ascii_words(text)) if not text.isascii() else text


def title_names(title: str) -> tuple[str, str, str, str]:
    """(package, client class, SCREAMING env prefix, CLI command) derived from a title."""
    words = title_words(title)
    if not words:
        return (
            package_name(title),
            class_name(title, fallback="Client"),
            (screaming(title) or "API"),
            (kebab(title) or "api"),
        )
    text = " ".join(words)
    lowered = "_".join(w.lower() for w in words)
    client = "".join(w[0].upper() + w[1:] for w in words)
    return (
        package_name(lowered),
        class_name(client, fallback="Client"),
        lowered.upper(),
        "-".join(w.lower() for w in words[:MAX_CLI_WORDS]) or kebab(text),
    )
