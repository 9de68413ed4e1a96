"""Render results the same way in every interface: a table for people, JSON for programs, CSV for
spreadsheets and LaTeX for papers.

A command builds a :class:`Report`: JSON-ready ``data`` plus one or more :class:`Table` of the same
content for people.  :func:`render` turns it into text in one of :data:`FORMATS`:

* ``table`` - aligned plain-text columns, title and notes;
* ``json`` - ``data`` as indented JSON (Fractions as ``"p/q"`` strings, NumPy scalars as numbers);
* ``csv`` - each table with a header row (RFC 4180 quoting); several tables are separated by a blank
  line and a ``# title`` line;
* ``latex`` - a ``tabular`` per table with ``booktabs`` rules (``\\toprule``, ``\\midrule``,
  ``\\bottomrule``), escaped text, math-mode numbers (``\\frac`` for exact and recognised
  fractions) and parameter symbols; wrapped in a ``table`` float with ``\\caption`` and
  ``\\label`` only on request (:class:`LatexOptions`), so a paper with
  ``\\usepackage{booktabs}`` can ``\\input`` the file directly.
* ``html`` - a ``<table>`` per table (title as ``<caption>``, numbers right-aligned, notes below),
  what Jupyter shows for a result (:mod:`bargain.io.display`).

Text from a game (titles, player and strategy names, notes) is not trusted.  In the ``table`` and
``csv`` formats every control character (an escape sequence that would retitle or reprogram the
terminal, a carriage return, a newline inside a label) is shown as a visible escape such as
``\\x1b`` (:func:`visible`); in ``latex`` every string is escaped, comments included, so a label can
never become live LaTeX (a newline would end a ``%`` comment); ``json`` escapes control characters
as JSON does, C1 controls included.

Numbers print clean in every text format (:func:`bargain.analysis.noise.clean_text`): rounding
noise below the floor of the table's scale is 0, a float within the floor of an integer or of a
small-denominator fraction prints as that number (``0.8``, ``1/3``), never ``0.7999999999999999``
or ``-0``.  JSON keeps the floats as computed; commands add the exact strings beside them.

References
----------
Fear, S. (2020). *Publication quality tables in LaTeX* (the ``booktabs`` package documentation),
CTAN; RFC 4180 (CSV).
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from bargain.analysis.noise import clean_text
from bargain.errors import GameError, did_you_mean
from bargain.model.numbers import format_number

__all__ = ["FORMATS", "Approx", "Expression", "LatexOptions", "Mixture", "Report", "Symbol", "Table", "format_cell",
           "latex_escape", "render", "to_jsonable", "visible"]

FORMATS = ("table", "json", "csv", "latex", "html")

#: C0 controls, DEL and C1 controls: what a terminal may act on instead of showing.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
_C1_RE = re.compile("[\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character (``ESC``, ``BEL``, ``CR``, newline, C1 ...) shown as ``\\xNN``.

    Parameters
    ----------
    text:
        A string from a game file or model (a title, a label, a note).

    Returns
    -------
    str
        The same string if it has no control characters; else one line a terminal prints as it is.
    """
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if _CONTROL_RE.search(text) else text


@dataclass
class Table:
    """Rows of cells under named columns; cells are str, int, float, Fraction, bool or None."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str = ""
    notes: Sequence[str] = field(default_factory=list)
    wrap: int = 60          # text cells longer than this wrap onto several lines (table format only)
    scale: float | None = None   # payoff scale of the numbers: noise below 1e-9 x scale prints as 0


@dataclass(frozen=True)
class Symbol:
    """A parameter's name as a table cell: plain text in tables, ``$\\mathit{refugee\\_risk}$`` in LaTeX."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Approx:
    """A decimal approximation as a table cell: always ``digits`` significant figures, never snapped
    to a fraction (the column beside an exact value that gives its size at a glance)."""

    value: float


@dataclass(frozen=True)
class Expression:
    """An exact value that is not a fraction, as a table cell: ``(279 - sqrt(67841))/120`` in text,
    CSV and HTML, its own LaTeX (``\\frac{279 - \\sqrt{67841}}{120}``, from ``sympy.latex``) in math mode."""

    text: str
    latex: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class LatexOptions:
    """How LaTeX output is wrapped: a bare ``tabular`` unless a float is asked for.

    Attributes
    ----------
    caption: ``\\caption`` text of the first table (implies the ``table`` float).
    label: ``\\label`` key of the first table (``key:2``, ``key:3`` ... for later ones; implies the float).
    float_env: wrap each ``tabular`` in ``\\begin{table}[htbp] \\centering ... \\end{table}``.
    """

    caption: str | None = None
    label: str | None = None
    float_env: bool = False

    @property
    def wrap(self) -> bool:
        return bool(self.float_env or self.caption or self.label)


@dataclass(frozen=True)
class Mixture:
    """A mixed strategy as a table cell: ``(strategy, probability)`` pairs of the strategies used.

    Rendered ``Hawk 2/3, Dove 1/3`` (a pure strategy as its name alone); in LaTeX the
    probabilities are typeset as numbers, ``Hawk $\\frac{2}{3}$``.
    """

    items: tuple[tuple[str, Any], ...]

    def text(self, digits: int = 6, number: Any = None, name: Any = None) -> str:
        label = name or visible
        if len(self.items) == 1:
            return label(self.items[0][0])
        fmt = number or (lambda x: format_cell(x, digits))
        return ", ".join(f"{label(nm)} {fmt(p)}" for nm, p in self.items)


@dataclass
class Report:
    """What a command found: ``data`` for JSON, ``tables`` (and optional ``preface`` lines) for people."""

    data: Any
    tables: Sequence[Table] = field(default_factory=list)
    preface: Sequence[str] = field(default_factory=list)


def to_jsonable(obj: Any) -> Any:
    """``obj`` with Fractions as ``"p/q"`` strings, NumPy arrays as lists and NumPy scalars as Python numbers.

    Non-finite floats become the strings ``"inf"``, ``"-inf"`` and ``"nan"`` so the output stays
    valid JSON.
    """
    if isinstance(obj, Fraction):
        return format_number(obj)
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        x = float(obj)
        return x if math.isfinite(x) else ("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if obj is None or isinstance(obj, str):
        return obj
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    return str(obj)


def format_cell(x: Any, digits: int = 6, scale: float | None = None) -> str:
    """A cell as text: exact fractions as ``3/5``, floats clean to ``digits`` significant figures.

    Parameters
    ----------
    x : Any
        The cell (str, int, float, Fraction, bool, None, :class:`Mixture` or :class:`Symbol`).
    digits : int
        Significant figures of a float that is not a recognised simple number.
    scale : float, optional
        The payoff scale of the table: values within ``1e-9 x scale`` of 0 print as ``0``.

    Returns
    -------
    str
        The text (see :func:`bargain.analysis.noise.clean_text`).
    """
    if x is None:
        return ""
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    if isinstance(x, str):
        return visible(x)
    if isinstance(x, Mixture):
        return x.text(digits, number=lambda p: format_cell(p, digits, scale))
    if isinstance(x, Approx):
        return f"{float(x.value):.{digits}g}"
    if isinstance(x, Expression):
        return visible(x.text)
    if isinstance(x, Fraction | int | np.integer):
        return format_number(x)
    if isinstance(x, float | np.floating):
        return clean_text(float(x), digits, scale)
    return str(x)


def _is_numeric(x: Any) -> bool:
    return isinstance(x, Fraction | int | float | np.integer | np.floating | Approx | Expression) and \
        not isinstance(x, bool | np.bool_)


#: Text cells longer than this wrap onto several lines in the ``table`` format.
WRAP_WIDTH = 60


def _render_table(t: Table, digits: int) -> str:
    cols = [visible(str(c)) for c in t.columns]
    numeric = [bool(t.rows) and all(_is_numeric(r[k]) or r[k] is None for r in t.rows) for k in range(len(cols))]
    # each cell is a list of lines: long text wraps at word boundaries
    width = t.wrap or WRAP_WIDTH
    cells = [[textwrap.wrap(s, width) or [""] if len(s) > width and not num else [s]
              for s, num in ((format_cell(x, digits, t.scale), numeric[k]) for k, x in enumerate(row))]
             for row in t.rows]
    widths = [max([len(c)] + [len(line) for r in cells for line in r[k]]) for k, c in enumerate(cols)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = []
    if t.title:
        out.append(visible(t.title))
    out.append(line(cols))
    out.append("  ".join("-" * w for w in widths))
    for r in cells:
        height = max(len(c) for c in r)
        out += [line([c[h] if h < len(c) else "" for c in r]) for h in range(height)]
    out += [f"note: {visible(n)}" for n in t.notes]
    return "\n".join(out)


def _render_csv(tables: Sequence[Table]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for k, t in enumerate(tables):
        if len(tables) > 1:
            if k:
                buf.write("\n")
            buf.write(f"# {visible(t.title)}\n")
        w.writerow([visible(str(c)) for c in t.columns])
        for row in t.rows:
            w.writerow([_csv_cell(x, t.scale) for x in row])
    return buf.getvalue()


def _csv_cell(x: Any, scale: float | None = None) -> str:
    """Full precision for a spreadsheet (17 significant figures), noise removed as in the table."""
    if isinstance(x, Mixture):
        return x.text(number=lambda p: _csv_cell(p, scale))
    return format_cell(x, 17, scale)


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "|": r"\textbar{}", "<": r"\textless{}", ">": r"\textgreater{}",
}


def latex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped for text mode, on one line.

    ``|``, ``<`` and ``>`` are escaped too (OT1 fonts set them as other glyphs).  Line breaks and
    other control characters become spaces: a newline would end a ``%`` comment (or a table row)
    and let the rest of a label run as LaTeX.
    """
    return "".join(_LATEX_SPECIAL.get(c, c) for c in _CONTROL_RE.sub(" ", text))


def _latex_number(text: str) -> str:
    """A number's text (``-3/4``, ``1.5e-12``, ``0.25``) in math mode."""
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    if "/" in body:
        num, den = body.split("/")
        return f"${sign}\\frac{{{num}}}{{{den}}}$"
    if "e" in body and body not in ("inf", "nan"):
        mant, exp = body.split("e")
        return f"${sign}{mant} \\times 10^{{{int(exp)}}}$"
    if body == "inf":
        return f"${sign}\\infty$"
    if body == "nan":
        return "n/a"
    return f"${sign}{body}$"


def _latex_cell(x: Any, digits: int, scale: float | None = None) -> str:
    if isinstance(x, Mixture):
        return x.text(digits, number=lambda p: _latex_cell(p, digits, scale), name=latex_escape)
    if isinstance(x, Symbol):
        return f"$\\mathit{{{latex_escape(x.name)}}}$"
    if isinstance(x, Expression):
        return f"${x.latex}$"
    if _is_numeric(x):
        return _latex_number(format_cell(x, digits, scale))
    return latex_escape(format_cell(x, digits, scale))


def _latex_paragraph(text: str) -> str:
    """A paragraph cell: ragged-right, and a long name such as ``DPRK:Restrain/Provoke/Provoke`` may break
    after ``/``, ``+`` or ``:`` instead of running into the next column."""
    if not text:
        return text
    for c in "/+:":
        text = text.replace(c, c + r"\allowbreak{}")
    return f"\\raggedright {text}"


#: Text cells longer than this make their LaTeX column a paragraph column (``p{...}``).
LATEX_WRAP = 40


def _render_latex(t: Table, digits: int, options: LatexOptions, k: int = 0) -> str:
    numeric = [bool(t.rows) and all(_is_numeric(r[c]) or r[c] is None for r in t.rows) for c in range(len(t.columns))]
    # long text columns become paragraph columns sharing half the line, so the table fits the page
    long = [not num and any(len(format_cell(r[c], digits)) > LATEX_WRAP for r in t.rows)
            for c, num in enumerate(numeric)]
    share = 0.5 / max(1, sum(long))
    spec = "".join("r" if num else (f"p{{{share:.2g}\\linewidth}}" if lg else "l")
                   for num, lg in zip(numeric, long, strict=True))
    body = [f"\\begin{{tabular}}{{{spec}}}", "\\toprule",
            " & ".join(latex_escape(str(c)) for c in t.columns) + r" \\", "\\midrule"]
    # paragraph cells are set ragged-right (no gaps from justified lines); a cell is a group, so this stays
    # local, but \raggedright redefines \\, so a row whose last cell is one ends with \tabularnewline
    end = r" \tabularnewline" if long and long[-1] else r" \\"
    body += [" & ".join(_latex_paragraph(_latex_cell(x, digits, t.scale)) if lg else _latex_cell(x, digits, t.scale)
                        for x, lg in zip(row, long, strict=True)) + end for row in t.rows]
    body += ["\\bottomrule", "\\end{tabular}"]
    if not options.wrap:
        out = [f"% {latex_escape(t.title)}"] if t.title else []
        return "\n".join(out + body + [f"% note: {latex_escape(n)}" for n in t.notes])
    caption = options.caption if (k == 0 and options.caption) else t.title
    out = ["\\begin{table}[htbp]", "\\centering"]
    if caption:
        out.append(f"\\caption{{{latex_escape(caption)}}}")
    if options.label:
        out.append(f"\\label{{{latex_escape(options.label if k == 0 else f'{options.label}:{k + 1}')}}}")
    out += body
    if t.notes:
        out.append("\\par\\smallskip")
        out.append("{\\footnotesize " + " \\\\ ".join(latex_escape(n) for n in t.notes) + "}")
    out.append("\\end{table}")
    return "\n".join(out)


def _render_html(t: Table, digits: int) -> str:
    numeric = [bool(t.rows) and all(_is_numeric(r[k]) or r[k] is None for r in t.rows) for k in range(len(t.columns))]
    align = ['style="text-align:right"' if num else 'style="text-align:left"' for num in numeric]
    out = ['<table class="bargain">']
    if t.title:
        out.append(f"<caption>{html.escape(t.title)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th {a}>{html.escape(str(c))}</th>"
                                       for c, a in zip(t.columns, align, strict=True)) + "</tr></thead>")
    out.append("<tbody>")
    out += ["<tr>" + "".join(f"<td {a}>{html.escape(format_cell(x, digits, t.scale))}</td>"
                             for x, a in zip(row, align, strict=True)) + "</tr>" for row in t.rows]
    out.append("</tbody></table>")
    out += [f"<p><small>note: {html.escape(n)}</small></p>" for n in t.notes]
    return "\n".join(out)


def render(report: Report, fmt: str = "table", digits: int = 6, latex: LatexOptions | None = None) -> str:
    """The text of ``report`` in format ``fmt``, ending with a newline.

    Parameters
    ----------
    report : Report
        What to render.
    fmt : str
        One of :data:`FORMATS`.
    digits : int
        Significant figures of floats in table and LaTeX output (CSV gives 17).
    latex : LatexOptions, optional
        Caption, label and float wrapping of LaTeX output (default: bare ``tabular``).

    Returns
    -------
    str
        The text.

    Raises
    ------
    GameError
        For an unknown format.
    """
    if fmt not in FORMATS:
        raise GameError(f"unknown output format {fmt!r}{did_you_mean(fmt, FORMATS)}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        text = json.dumps(to_jsonable(report.data), indent=2, ensure_ascii=False)
        return _C1_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"     # json leaves C1 raw
    if fmt == "csv":
        return _render_csv(report.tables)
    if fmt == "latex":
        opts = latex or LatexOptions()
        return "\n\n".join(_render_latex(t, digits, opts, k) for k, t in enumerate(report.tables)) + "\n"
    if fmt == "html":
        pre = [f"<p>{html.escape(line)}</p>" for line in report.preface]
        return "\n".join([*pre, *(_render_html(t, digits) for t in report.tables)]) + "\n"
    parts = []
    if report.preface:
        parts.append("\n".join(visible(line) for line in report.preface))
    parts += [_render_table(t, digits) for t in report.tables]
    return "\n\n".join(parts) + "\n"
