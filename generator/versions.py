"""Versions of installed distributions, for cache keys, read from their ``.dist-info`` folders.

``importlib.metadata`` answers the same question, but importing it costs ~25 ms (it brings in the
e-mail parser to read ``METADATA``) at every start of the command. A key needs only the version,
which the installer writes into the folder's name: ``{name}-{version}.dist-info`` (the binary
distribution format, PEP 427, escapes ``-`` in both parts). A distribution found no other way
(an ``.egg-info`` install) is asked of ``importlib.metadata`` after all.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

_SUFFIX = ".dist-info"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _dist_infos() -> dict[str, str]:
    """Normalised name -> version of every ``.dist-info`` on ``sys.path``, first one winning."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith(_SUFFIX):
                continue
            project, sep, version = name[: -len(_SUFFIX)].partition("-")
            if sep and version:
                found.setdefault(_normal(project), version)
    return found


@cache
def installed_version(dist: str) -> str | None:
    """The installed version of ``dist``, or None when it is not installed."""
    version = _dist_infos().get(_normal(dist))
    if version is not None:
        return version
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as metadata_version

    try:
        return metadata_version(dist)
    except PackageNotFoundError:
        return None
