"""Reading and writing files safely: clear errors for unreadable input, atomic output.

:func:`atomic_write` writes a *regular file* atomically: to a temporary file in the target's
directory, renamed over the target (``os.replace``, atomic on POSIX and Windows), so a reader never
sees a half-written file and a failure leaves no partial output behind.  What the output path
names decides how it is written:

* a regular file, or a name that does not exist yet: atomic replacement, as above;
* a symbolic link: written *through* to the file the link points to (the usual convention of
  shell redirection and most tools): the link itself stays, and its target is replaced
  atomically if it is a regular file;
* a character device (``/dev/null``, ``/dev/stdout``, a terminal) or a FIFO: written through, in
  place; the device or pipe is never replaced by a file;
* anything else (a directory, a block device, a socket): refused with a :class:`GameError`.

Every failure (a missing directory, a read-only place such as ``/proc``, a name too long for the
file system, a full disk) is one :class:`GameError` naming the path and the reason, and leaves the
target untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from bargain.errors import GameError

__all__ = ["atomic_write", "check_writable", "read_stdin", "read_text"]


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
        raise GameError(f"file {_shown(p)} cannot be read ({exc.strerror or exc}): check the path") from None
    return _decode(data, f"file {_shown(p)}")


def read_stdin() -> str:
    """Standard input as UTF-8 text (a leading byte-order mark dropped, as for files)."""
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    return _decode(data, "standard input")


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GameError(f"{what} is not UTF-8 text (byte {exc.start} is invalid): is it a binary file? "
                        "Game files must be text") from None


def _shown(p: str | Path) -> str:
    """A path for a message: quoted, and shortened if absurdly long."""
    text = str(p)
    return repr(text) if len(text) <= 200 else repr(text[:80] + "..." + text[-60:]) + f" ({len(text)} characters)"


def _target(path: str | Path) -> tuple[Path, os.stat_result | None]:
    """The file a write to ``path`` lands in (symbolic links followed) and its status (None if absent)."""
    p = Path(path)
    try:
        if p.is_symlink():
            p = p.resolve()           # write through the link (a dangling link's target is created)
        return p, os.stat(p)
    except FileNotFoundError:
        return p, None
    except RuntimeError:             # a symlink loop
        raise GameError(f"cannot write {_shown(path)}: it is a loop of symbolic links") from None
    except OSError as exc:
        raise GameError(f"cannot write {_shown(path)}: {exc.strerror or exc}; choose another path") from None


def check_writable(path: str | Path) -> Path:
    """Raise :class:`GameError` now if ``path`` cannot be written (see the module docstring).

    Returns
    -------
    Path
        The path a write lands in: ``path`` itself, or the target of the symbolic link it names.
    """
    p, st = _target(path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise GameError(f"output {_shown(path)} is a directory: give a file name")
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise GameError(f"output {_shown(path)} is neither a regular file, a character device nor a pipe: bargain "
                        "will not write to it; choose another path")
    parent = p.parent if str(p.parent) else Path(".")
    try:
        if not parent.is_dir():
            raise GameError(f"cannot write {_shown(path)}: directory {_shown(parent)} does not exist; create it or "
                            "choose another path")
    except OSError as exc:
        raise GameError(f"cannot write {_shown(path)}: {exc.strerror or exc}; choose another path") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if not os.access(p, os.W_OK):
            raise GameError(f"cannot write {_shown(path)}: permission denied")
        return p
    if not os.access(parent, os.W_OK | os.X_OK):
        raise GameError(f"cannot write {_shown(path)}: directory {_shown(parent)} is not writable; choose another "
                        "path")
    if st is not None and not os.access(p, os.W_OK):
        raise GameError(f"cannot write {_shown(path)}: the file is read-only; choose another path or change its "
                        "permissions")
    return p


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path``: atomically for a regular file, in place for a device or pipe.

    Parameters
    ----------
    path:
        The output path; see the module docstring for symbolic links, devices and pipes.
    data:
        Text (written as UTF-8) or bytes.

    Raises
    ------
    GameError
        If the path cannot be written; a regular file is then left as it was.
    """
    p = check_writable(path)
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        st = os.stat(p)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(p, payload, path)
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".bargain-", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        if st is not None:
            with contextlib.suppress(OSError):
                os.chmod(tmp, st.st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise GameError(f"cannot write {_shown(path)}: {_reason(exc)}; choose another path") from None
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _write_through(p: Path, payload: bytes, shown: str | Path) -> None:
    """Write to a character device or FIFO in place (never replacing it with a file)."""
    try:
        # O_NONBLOCK on a FIFO with no reader fails at once (ENXIO) instead of hanging
        flags = os.O_WRONLY | (os.O_NONBLOCK if stat.S_ISFIFO(os.stat(p).st_mode) else 0)
        fd = os.open(p, flags)
        try:
            os.set_blocking(fd, True)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as exc:
        raise GameError(f"cannot write {_shown(shown)}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long for the file system"
    if exc.errno == errno.ENXIO:
        return "nothing is reading from the pipe"
    return exc.strerror or str(exc)
