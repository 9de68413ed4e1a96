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
    # a behaviour path "US: Sanction -> China: Optics" is set with arrows, not "-\textgreater{}"
    return r"$\to$".join(latex_escape(part) for part in format_cell(x, digits, scale).split("->"))


#: Where a paragraph cell may break besides its spaces (after each of these characters).
_BREAK_AFTER = "/+:@"


def _latex_paragraph(text: str) -> str:
    """A paragraph cell: ragged-right, and a long name such as ``DPRK:Restrain/Provoke/Provoke`` may break
    after ``/``, ``+``, ``:`` or ``@`` instead of running into the next column."""
    if not text:
        return text
    for c in _BREAK_AFTER:
        text = text.replace(c, c + r"\allowbreak{}")
    return f"\\raggedright {text}"


#: Characters of 10 pt text that fill ``\\linewidth`` of a default ``article`` (345 pt at about 5 pt each:
#: mixed-case labels; capitals are wider, digits 5 pt).
LINE_CHARS = 68.0
#: Point size of a character of :data:`LINE_CHARS`.
CHAR_PT = 5.0
#: Text columns no wider than this keep their natural width (a short label is not worth wrapping).
SHORT = 10
#: No column is kept wider than this share of the line for the sake of one unbreakable word.
MAX_WORD_SHARE = 1 / 3
#: Type sizes tried in turn until the table's words fit the line: (command, scale, ``\\tabcolsep`` in pt).
SIZES = (("", 1.0, 6.0), ("\\small", 0.9, 4.0), ("\\footnotesize", 0.8, 3.0), ("\\scriptsize", 0.7, 2.0))
_WORD_RE = re.compile(r"\s+|(?<=[" + re.escape(_BREAK_AFTER) + r"])")


@dataclass(frozen=True)
class _Layout:
    """How a LaTeX table fits the line: a type size, its column gap, each column's width, stacked headers."""

    size: str
    tabcolsep: float
    widths: list[float | None]      # share of \\linewidth of a paragraph column; None: natural width
    stack: bool                     # headers of the other columns broken at their spaces into stacked lines


def _layout(t: Table, digits: int, numeric: list[bool]) -> _Layout:
    """The largest type size (of :data:`SIZES`) at which the table fits ``\\linewidth``, and its column widths.

    At each size the table keeps its natural width if that fits.  Otherwise headers are stacked
    (one word a line) and the text columns become paragraph columns: each gets at least its longest
    unbreakable word (at most :data:`MAX_WORD_SHARE` of the line), and the room the other columns
    leave is shared among them by water-filling (the narrowest take their natural width, the rest an
    equal part).  The first size whose words fit is taken; if none does, the smallest.
    """
    n = len(t.columns)
    cells = [[format_cell(r[c], digits, t.scale) for r in t.rows] for c in range(n)]
    heads = [str(h) for h in t.columns]
    natural = [max([len(heads[c])] + [len(x) for x in cells[c]]) for c in range(n)]
    stacked = [max([max(len(w) for w in heads[c].split() or [""])] + [len(x) for x in cells[c]]) for c in range(n)]
    word = [max(len(w) for x in [heads[c], *cells[c]] for w in _WORD_RE.split(x)) for c in range(n)]
    flexible = [not num and stacked[c] > max(word[c], SHORT) for c, num in enumerate(numeric)]
    layout = _Layout("", 6.0, [None] * n, False)
    for size, scale, sep in SIZES:
        line = LINE_CHARS / scale                       # characters of this size in the line
        gaps = n * 2 * sep / (CHAR_PT * scale)
        if sum(natural) + gaps <= line:
            return _Layout(size, sep, [None] * n, False)
        room = line - gaps - sum(w for w, f in zip(stacked, flexible, strict=True) if not f)
        order = sorted((c for c in range(n) if flexible[c]), key=lambda c: stacked[c])
        widths: list[float | None] = [None] * n
        for k, c in enumerate(order):
            width = min(stacked[c], max(min(word[c], MAX_WORD_SHARE * line), room / (len(order) - k)))
            room -= width
            widths[c] = width / line
        layout = _Layout(size, sep, widths, True)
        if room >= -1e-9:
            return layout
    return layout


def _header(text: str, stack: bool) -> str:
    """A column header, its words stacked in a nested tabular when the table is tight."""
    words = text.split()
    if not stack or len(words) < 2:
        return latex_escape(text)
    return "\\begin{tabular}[b]{@{}c@{}}" + " \\\\ ".join(latex_escape(w) for w in words) + "\\end{tabular}"


def _render_latex(t: Table, digits: int, options: LatexOptions, k: int = 0) -> str:
    numeric = [bool(t.rows) and all(_is_numeric(r[c]) or r[c] is None for r in t.rows) for c in range(len(t.columns))]
    # text columns become paragraph columns as wide as the room the others leave, in a smaller type if need be,
    # so that the table fits the line
    lay = _layout(t, digits, numeric)
    long = [w is not None for w in lay.widths]
    spec = "".join("r" if num else (f"p{{{w:.3g}\\linewidth}}" if w is not None else "l")
                   for num, w in zip(numeric, lay.widths, strict=True))
    head = " & ".join(_latex_paragraph(latex_escape(str(c))) if lg else _header(str(c), lay.stack)
                      for c, lg in zip(t.columns, long, strict=True))
    # paragraph cells are set ragged-right (no gaps from justified lines); a cell is a group, so this stays
    # local, but \raggedright redefines \\, so a row whose last cell is one ends with \tabularnewline
    end = r" \tabularnewline" if long and long[-1] else r" \\"
    body = [f"\\begin{{tabular}}{{{spec}}}", "\\toprule", head + end, "\\midrule"]
    body += [" & ".join(_latex_paragraph(_latex_cell(x, digits, t.scale)) if lg else _latex_cell(x, digits, t.scale)
                        for x, lg in zip(row, long, strict=True)) + end for row in t.rows]
    body += ["\\bottomrule", "\\end{tabular}"]
    if lay.size:            # a group: the smaller type and column gap stay inside this table
        body = [f"{{{lay.size}\\setlength{{\\tabcolsep}}{{{lay.tabcolsep:g}pt}}%", *body[:-1], body[-1] + "}"]
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
