"""Keep JupyterLab's slow IRI grammar off the report path, without changing what it checks.

JupyterLab (through jupyter-events, which wants ``jsonschema[format-nongpl]``) installs
``rfc3987-syntax``. ``jsonschema`` imports it, when present, to check the ``iri`` and
``iri-reference`` formats, and ``rfc3987_syntax`` builds a Lark grammar at import: about 2 s
on the 2-core machine. ``nbformat`` imports ``jsonschema`` at import time, so with the ``lab``
extra every ``casekit report`` paid it twice: in the CLI process (papermill, nbclient and
nbconvert all import nbformat) and in the kernel (``import plotly.io`` imports nbformat for
its mimetype renderer).

Nothing on the report path checks an IRI: nbformat's validators (jsonschema's
``Draft4Validator`` without a format checker, or fastjsonschema) check no ``format`` at all.
So :func:`defer_rfc3987_syntax` puts a stand-in module in ``sys.modules`` before jsonschema
is imported. jsonschema still registers its ``iri`` checks; the first time one runs (or
anything else touches the module) the real ``rfc3987_syntax`` is imported and used, so
behaviour is unchanged; only the time moves to the first use, which casekit never makes.

This file uses the standard library only and is also run by path in the kernel, before any
cell, without importing the ``casekit`` package (see ``casekit.notebook``).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

__all__ = ["defer_rfc3987_syntax", "is_deferred"]

_NAME = "rfc3987_syntax"
_LOCK = threading.RLock()


class _Deferred(types.ModuleType):
    """Stands in for ``rfc3987_syntax`` until something uses it."""

    def __getattr__(self, attr: str):
        return getattr(_load(), attr)


def _load() -> types.ModuleType:
    with _LOCK:
        module = sys.modules.get(_NAME)
        if isinstance(module, _Deferred):
            del sys.modules[_NAME]
        return importlib.import_module(_NAME)


def is_valid_syntax(term: str, value: str) -> bool:
    """``rfc3987_syntax.is_valid_syntax``, importing the real module on first call.

    jsonschema binds this name at its import (``from rfc3987_syntax import is_valid_syntax``).
    """
    return _load().is_valid_syntax(term, value)


def is_deferred(name: str = _NAME) -> bool:
    """Whether ``name`` is in ``sys.modules`` as casekit's stand-in (not yet really imported)."""
    return getattr(sys.modules.get(name), "__casekit_deferred__", False) is True


def defer_rfc3987_syntax() -> bool:
    """Put the stand-in for ``rfc3987_syntax`` in ``sys.modules``; return whether it did.

    Does nothing if the package is not installed (the default install), if it is already
    imported, or if ``jsonschema`` already is (it has looked for it then: too late, or paid).

    Example::

        defer_rfc3987_syntax()
        import nbformat  # no grammar built
    """
    with _LOCK:
        if _NAME in sys.modules or "jsonschema" in sys.modules:
            return False
        try:
            spec = importlib.util.find_spec(_NAME)
        except (ImportError, ValueError):
            return False
        if spec is None:
            return False
        stub = _Deferred(_NAME, "casekit stand-in: imports rfc3987_syntax on first use")
        # What importers and inspect look at without using the module; none of it loads it.
        stub.__spec__ = spec
        stub.__loader__ = spec.loader
        stub.__file__ = spec.origin
        stub.__package__ = _NAME
        if spec.submodule_search_locations is not None:
            stub.__path__ = list(spec.submodule_search_locations)
        stub.__casekit_deferred__ = True
        stub.is_valid_syntax = is_valid_syntax
        sys.modules[_NAME] = stub
        return True
