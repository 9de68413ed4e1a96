"""The rich display protocol shared by every result class: HTML and LaTeX in Jupyter, pandas frames.

A class that inherits :class:`RichDisplay` is shown by Jupyter as a table (``_repr_html_``),
exported to LaTeX and PDF as a ``tabular`` (``_repr_latex_``), and turned into a
:class:`pandas.DataFrame` by :meth:`RichDisplay.to_frame`.  The tables themselves are built by
:mod:`bargain.io.display` (the interface layer), imported on first use so that this layer never
imports upward when it is loaded.

References
----------
Pérez, F. and Granger, B. E. (2007). IPython: a system for interactive scientific computing.
*Computing in Science & Engineering* 9(3), 21-29 (the ``_repr_*_`` rich display protocol).
"""

from __future__ import annotations

from typing import Any

__all__ = ["RichDisplay"]


class RichDisplay:
    """Mixin: ``_repr_html_``, ``_repr_latex_``, ``to_frame`` (and a text table) through :mod:`bargain.io.display`."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        from bargain.io.display import html  # on demand: the interface layer renders

        return html(self)

    def _repr_latex_(self) -> str:
        from bargain.io.display import latex

        return latex(self)

    def _text_table(self) -> str:
        """This result's table as plain text (for a ``__repr__`` that prints the table)."""
        from bargain.io.display import text

        return text(self)

    def to_frame(self) -> Any:
        """This result's table as a :class:`pandas.DataFrame` (needs pandas; ImportError without it).

        Returns
        -------
        pandas.DataFrame
            One row per table row, one column per table column.
        """
        from bargain.io.display import to_frame

        return to_frame(self)
