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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from bargain.errors import GameError

__all__ = ["Token", "TokenStream", "format_gambit_number", "normalize_labels", "quote", "tokenize"]

NUMBER, TEXT, SYMBOL, LBRACE, RBRACE, COMMA, EOF = "number", "text", "symbol", "{", "}", ",", "end of file"

_NUMBER_RE = re.compile(r"[-+]?(?:\d+(?:/\d+|\.\d*(?:[eE][-+]?\d+)?|[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)")
_SYMBOL_RE = re.compile(r'[^\s{}",]+')
_DELIMITERS = set(' \t\r\n\f\v{},"')


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int
    column: int

    def describe(self) -> str:
        if self.kind == EOF:
            return "the end of the file"
        if self.kind == TEXT:
            return f"the label {quote(self.text)}"
        return f"{self.text!r}"


def tokenize(text: str, source: str = "<string>") -> list[Token]:
    """Split Gambit savefile text into tokens (the last one is ``EOF``)."""
    tokens: list[Token] = []
    pos, line, line_start, n = 0, 1, 0, len(text)
    while True:
        while pos < n and text[pos].isspace():
            if text[pos] == "\n":
                line += 1
                line_start = pos + 1
            pos += 1
        col = pos - line_start + 1
        if pos >= n:
            tokens.append(Token(EOF, "", line, col))
            return tokens
        c = text[pos]
        if c in "{},":
            tokens.append(Token(c, c, line, col))
            pos += 1
        elif c == '"':
            start_line, start_col = line, col
            buf = []
            pos += 1
            while True:
                if pos >= n:
                    raise GameError(f"{source}: line {start_line}, column {start_col}: the quoted label never ends "
                                    "(missing closing '\"'); the file is truncated or a quote is unbalanced")
                ch = text[pos]
                if ch == "\\" and pos + 1 < n and text[pos + 1] in '"\\':
                    buf.append(text[pos + 1])
                    pos += 2
                    continue
                if ch == '"':
                    pos += 1
                    break
                if ch == "\n":
                    line += 1
                    line_start = pos + 1
                buf.append(ch)
                pos += 1
            tokens.append(Token(TEXT, "".join(buf), start_line, start_col))
        else:
            m = _NUMBER_RE.match(text, pos)
            if m and (m.end() >= n or text[m.end()] in _DELIMITERS):
                tokens.append(Token(NUMBER, m.group(), line, col))
                pos = m.end()
            else:
                m = _SYMBOL_RE.match(text, pos)
                assert m is not None
                tokens.append(Token(SYMBOL, m.group(), line, col))
                pos = m.end()


class TokenStream:
    """A cursor over tokens whose errors name the file, line and column."""

    def __init__(self, text: str, source: str = "<string>") -> None:
        self.source = source
        self.tokens = tokenize(text, source)
        self.pos = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != EOF:
            self.pos += 1
        return tok

    def error(self, message: str, token: Token | None = None) -> GameError:
        tok = self.current if token is None else token
        return GameError(f"{self.source}: line {tok.line}, column {tok.column}: {message}")

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

    def number(self, what: str) -> Fraction:
        """The next token as an exact number."""
        tok = self.current
        if tok.kind != NUMBER:
            if tok.kind == EOF:
                raise self.error(f"expected {what} but the file ends here (is it truncated?)", tok)
            raise self.error(f"{what} {tok.describe()} is not a number: use integers, decimals or "
                             "rationals like 3/4", tok)
        self.next()
        return parse_number(tok, self)

    def integer(self, what: str, minimum: int = 0) -> int:
        tok = self.current
        value = self.number(what)
        if value.denominator != 1 or value < minimum:
            raise self.error(f"{what} must be an integer >= {minimum}, found {tok.text!r}", tok)
        return int(value)


def parse_number(tok: Token, stream: TokenStream) -> Fraction:
    try:
        return Fraction(tok.text)
    except ZeroDivisionError:
        raise stream.error(f"number {tok.text!r} divides by zero", tok) from None
    except ValueError:
        raise stream.error(f"{tok.text!r} is not a number", tok) from None


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


def normalize_labels(labels: Iterable[str]) -> list[str]:
    """Make labels unique and non-empty the way Gambit 16.7 does when it reads a file.

    A label that is empty or shared by several entries becomes ``label_k`` with ``k = 1, 2, ...``
    (skipping names already in use); a unique non-empty label is kept.  So ``["", "x", "x"]``
    becomes ``["_1", "x_1", "x_2"]``.
    """
    labels = list(labels)
    counts = Counter(labels)
    used = set(labels)
    seen: Counter[str] = Counter()
    out = []
    for lab in labels:
        if counts[lab] == 1 and lab != "":
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
