"""Lazy package attributes: names imported from their modules on first use (PEP 562).

The top-level package and the subpackages with a public surface of their own export names that
live in submodules; importing them all up front would load numpy-heavy modules a user may never
touch.  :func:`lazy_exports` builds the module-level ``__getattr__`` and ``__dir__`` that do it on
demand, once: the value is then stored in the package's namespace.

References
----------
Ivan Levkivskyi (2017). PEP 562 -- Module ``__getattr__`` and ``__dir__``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str], modules: Mapping[str, str] | None = None,
                 also: Iterable[str] = ()) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose public names load on first use.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to str
        Each exported name to the (absolute) module that defines it.
    modules : mapping of str to str, optional
        Public submodules: each attribute name to the module imported for it.
    also : iterable of str, default ()
        Names the package defines itself, listed by ``__dir__`` too.

    Returns
    -------
    getattr : callable
        The package's ``__getattr__``: imports, caches in the package and returns a name; raises
        :class:`AttributeError` for any other name.
    dir : callable
        The package's ``__dir__``: the sorted public names.
    """
    modules = dict(modules or {})
    names = sorted({*exports, *modules, *also})

    def package_getattr(name: str) -> Any:
        if name in exports:
            value = getattr(importlib.import_module(exports[name]), name)
        elif name in modules:
            value = importlib.import_module(modules[name])
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def package_dir() -> list[str]:
        return list(names)

    return package_getattr, package_dir
