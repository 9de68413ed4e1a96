"""Reading and writing files safely: clear errors for unreadable input, atomic output.

:func:`atomic_write` writes to a temporary file in the target's directory and renames it over the
target (``os.replace``, atomic on POSIX and Windows), so a reader never sees a half-written file
and a failure leaves no partial output behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from bargain.errors import GameError

__all__ = ["atomic_write", "check_writable", "read_text"]


def read_text(path: str | Path) -> str:
    """The UTF-8 text of ``path``; :class:`GameError` naming the problem if it cannot be read."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise GameError(f"file {str(p)!r} does not exist: check the path") from None
    except IsADirectoryError:
        raise GameError(f"{str(p)!r} is a directory, not a game file: give the path of a file") from None
    except PermissionError:
        raise GameError(f"file {str(p)!r} cannot be read (permission denied): check its permissions") from None
    except OSError as exc:
        raise GameError(f"file {str(p)!r} cannot be read ({exc.strerror or exc}): check the path") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GameError(f"file {str(p)!r} is not UTF-8 text (byte {exc.start} is invalid): is it a binary file? "
                        "Game files must be text") from None


def check_writable(path: str | Path) -> Path:
    """Raise :class:`GameError` now if ``path`` cannot be written (its directory missing or read-only)."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise GameError(f"output {str(p)!r} is a directory: give a file name")
    if not parent.is_dir():
        raise GameError(f"cannot write {str(p)!r}: directory {str(parent)!r} does not exist; create it or choose "
                        "another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise GameError(f"cannot write {str(p)!r}: directory {str(parent)!r} is not writable; choose another path")
    if p.exists() and not os.access(p, os.W_OK):
        raise GameError(f"cannot write {str(p)!r}: the file is read-only; choose another path or change its "
                        "permissions")
    return p


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically: all of it, or (on any failure) nothing at all."""
    p = check_writable(path)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
    try:
        with os.fdopen(fd, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": ""})) as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if p.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, p.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise GameError(f"cannot write {str(p)!r}: {reason}; choose another path") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
