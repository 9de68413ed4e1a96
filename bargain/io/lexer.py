"""Tokens of the Gambit savefile formats (``.nfg`` and ``.efg``), shared by both readers.

The formats are documented in the Gambit manual, "Game representation formats"
(https://gambitproject.readthedocs.io, section *File formats*).  Whitespace is insignificant
except inside double quotes; a label is a double-quoted string in which ``\\"`` stands for a quote
(and, as written by C++ ``std::quoted``, ``\\\\`` for a backslash); numbers are integers,
decimals (with an optional exponent) or rationals ``p/q``, and every number is exact: ``0.1`` is
``1/10``.  Braces group lists and commas may separate payoffs.

This module turns a file's text into a list of :class:`Token` with line and column, and gives the
readers a cursor (:class:`TokenStream`) whose errors are :class:`~bargain.errors.GameError` naming
the file, the position and what was expected.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import NamedTuple

from bargain.errors import GameError
from bargain.model.numbers import parse_exact

__all__ = ["Token", "TokenStream", "format_gambit_number", "line_column", "normalize_labels", "quote", "to_number",
           "tokenize"]

NUMBER, TEXT, SYMBOL, LBRACE, RBRACE, COMMA, EOF = "number", "text", "symbol", "{", "}", ",", "end of file"

_NUMBER = r"[-+]?(?:\d+(?:/\d+|\.\d*(?:[eE][-+]?\d+)?|[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
# One pass over the text: after optional whitespace, punctuation, a quoted label (\" and \\ escapes), a
# number (only when a delimiter follows: "1x" is a symbol), a bare symbol, or an unterminated quote.
_TOKEN_RE = re.compile(r'\s*(?:(?P<p>[{},])|(?P<t>"(?:[^"\\]|\\[\s\S])*")'
                       rf'|(?P<n>{_NUMBER}(?=[\s{{}},"]|\Z))|(?P<y>[^\s{{}}",]+)|(?P<u>"))')
_ESCAPE_RE = re.compile(r'\\(["\\])')
_INT_RE = re.compile(r"[-+]?\d+")
_KINDS = {"n": NUMBER, "y": SYMBOL, "t": TEXT}


class Token(NamedTuple):
    """A token and its offset in the text (:meth:`TokenStream.where` gives its line and column)."""

    kind: str
    text: str
    pos: int

    def describe(self) -> str:
        if self.kind == EOF:
            return "the end of the file"
        if self.kind == TEXT:
            return f"the label {quote(self.text)}"
        return f"{self.text!r}"


def line_column(newlines: list[int], pos: int) -> tuple[int, int]:
    """1-based line and column of offset ``pos``, given the offsets of the text's newlines."""
    k = bisect_left(newlines, pos)
    return k + 1, pos - (newlines[k - 1] if k else -1)


def tokenize(text: str, source: str = "<string>") -> list[Token]:
    """Split Gambit savefile text into tokens (the last one is ``EOF``)."""
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        assert kind is not None
        start = m.start(kind)
        if kind == "p":
            c = m.group(kind)
            append(Token(c, c, start))
        elif kind == "t":
            body = m.group(kind)[1:-1]
            append(Token(TEXT, _ESCAPE_RE.sub(r"\1", body) if "\\" in body else body, start))
        elif kind == "u":
            line, col = line_column([k for k, ch in enumerate(text) if ch == "\n"], start)
            raise GameError(f"{source}: line {line}, column {col}: the quoted label never ends (missing closing "
                            "'\"'); the file is truncated or a quote is unbalanced")
        else:
            append(Token(_KINDS[kind], m.group(kind), start))
    append(Token(EOF, "", len(text.rstrip())))
    return tokens


def to_number(text: str) -> int | Fraction:
    """The exact value of a number token: an int, or a Fraction (``0.1`` is ``1/10``).

    Digits and exponents are bounded before the value is built (see
    :func:`bargain.model.numbers.parse_exact`); a :class:`GameError` says why a number is refused.
    """
    if len(text) < 18 and _INT_RE.fullmatch(text):
        return int(text)
    return parse_exact(text)


class TokenStream:
    """A cursor over tokens whose errors name the file, line and column."""

    def __init__(self, text: str, source: str = "<string>") -> None:
        self.source = source
        self.text = text
        self.tokens = tokenize(text, source)
        self.pos = 0
        self._newlines: list[int] | None = None

    def where(self, tok: Token) -> tuple[int, int]:
        """Line and column (1-based) of a token."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return line_column(self._newlines, tok.pos)

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != EOF:
            self.pos += 1
        return tok

    def error(self, message: str, token: Token | None = None) -> GameError:
        line, col = self.where(self.current if token is None else token)
        return GameError(f"{self.source}: line {line}, column {col}: {message}")

    def expect(self, kind: str, what: str, fix: str = "") -> Token:
        tok = self.current
        if tok.kind != kind:
            hint = f"; {fix}" if fix else ""
            if tok.kind == EOF:
                raise self.error(f"expected {what} but the file ends here (is it truncated?){hint}", tok)
            raise self.error(f"expected {what}, found {tok.describe()}{hint}", tok)
        return self.next()

    def accept(self, kind: str) -> Token | None:
        if self.current.kind == kind:
            return self.next()
        return None

    def number(self, what: str) -> int | Fraction:
        """The next token as an exact number."""
        tok = self.current
        if tok.kind != NUMBER:
            if tok.kind == EOF:
                raise self.error(f"expected {what} but the file ends here (is it truncated?)", tok)
            raise self.error(f"{what} {tok.describe()} is not a number: use integers, decimals or "
                             "rationals like 3/4", tok)
        self.next()
        return parse_number(tok, self)

    def numbers(self, count: int, describe: Callable[[int], str]) -> list[int | Fraction]:
        """The next ``count`` numbers (commas between them allowed); ``describe(k)`` names number ``k``
        in an error message (built only if there is an error)."""
        toks, pos, out = self.tokens, self.pos, []
        for k in range(count):
            tok = toks[pos]
            if tok.kind != NUMBER:
                self.pos = pos
                self.number(describe(k))          # raises with the full message
            try:
                out.append(to_number(tok.text))
            except GameError:
                self.pos = pos
                self.number(describe(k))
            pos += 1
            if toks[pos].kind == COMMA:
                pos += 1
        self.pos = pos
        return out

    def integer(self, what: str, minimum: int = 0) -> int:
        tok = self.current
        value = self.number(what)
        if value.denominator != 1 or value < minimum:
            raise self.error(f"{what} must be an integer >= {minimum}, found {tok.text!r}", tok)
        return int(value)


def parse_number(tok: Token, stream: TokenStream) -> int | Fraction:
    try:
        return to_number(tok.text)
    except GameError as exc:
        raise stream.error(str(exc), tok) from None


def quote(label: str) -> str:
    """A label in double quotes: ``"`` is written ``\\"``.

    A backslash is written as ``\\\\`` only where it would otherwise escape something (before a
    quote, or at the end); elsewhere it is written as itself, which Gambit 16.7's reader (whose
    handling of ``\\\\`` differs from ``std::quoted``) also reads back unchanged.
    """
    out = []
    for k, c in enumerate(label):
        if c == '"':
            out.append('\\"')
        elif c == "\\" and (k + 1 == len(label) or label[k + 1] in '"\\'):
            out.append("\\\\")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def format_gambit_number(x: object) -> str:
    """A number as Gambit reads it exactly: ``3/4`` for a Fraction, the shortest decimal for a float."""
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    if isinstance(x, int):
        return str(x)
    xf = float(x)  # type: ignore[arg-type]
    if xf.is_integer() and abs(xf) < 1e16:
        return str(int(xf))
    return repr(xf)


def normalize_labels(labels: Iterable[str], *, rename_empty: bool = True) -> list[str]:
    """Make labels unique and non-empty the way Gambit 16.7 does when it reads a file.

    A label that is empty or shared by several entries becomes ``label_k`` with ``k = 1, 2, ...``
    (skipping names already in use); a unique non-empty label is kept.  So ``["", "x", "x"]``
    becomes ``["_1", "x_1", "x_2"]``.  With ``rename_empty=False`` empty labels are left alone
    (they may repeat), as Gambit allows for node labels.
    """
    labels = list(labels)
    counts = Counter(labels)
    used = set(labels)
    seen: Counter[str] = Counter()
    out = []
    for lab in labels:
        if (counts[lab] == 1 and lab != "") or (lab == "" and not rename_empty):
            out.append(lab)
            continue
        while True:
            seen[lab] += 1
            candidate = f"{lab}_{seen[lab]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out
