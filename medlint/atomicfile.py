"""Files written whole or not at all: the report (``--output``) and the cache's entries."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


@contextlib.contextmanager
def replacing(target: str | os.PathLike, binary: bool = False):
    """A file to write ``target``'s new content to, put in its place only when the block ends
    without an error.

    The content goes to a temporary file beside ``target`` (named by this process, so two
    processes never share one; the same folder, so the rename stays on one file system),
    which ``os.replace`` then renames over ``target``: readers see the old file or the
    whole new one, and a run that fails (an error, Ctrl-C) leaves ``target`` as it was and
    no temporary file behind. ``target`` is a regular file's path or a new one's: a symbolic
    link would be replaced by the file, not written through.

    Args:
        target: the file's path.
        binary: open for bytes (``"wb"``) instead of UTF-8 text.
    Yields:
        The open file object.
    Raises:
        OSError: the temporary file cannot be created or written, or the rename fails.
    """
    target = Path(target)
    mode, encoding = ("wb", None) if binary else ("w", "utf-8")
    temporary = temporary_name(target)
    try:
        with open(temporary, mode, encoding=encoding) as file:
            yield file
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``target`` as ``replacing`` does (a temporary file renamed into
    place), with the system's own calls: for a result cache entry, a file object (open,
    fstat, ioctl and seek, a buffer) took twice the time of the write.

    Raises:
        OSError: the temporary file cannot be created or written, or the rename fails.
    """
    descriptor, temporary = create_temporary(target)
    try:
        try:
            write_all(descriptor, data)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def create_temporary(target: str | os.PathLike) -> tuple[int, str]:
    """Create (or empty) the temporary file beside ``target`` that this process writes its
    new content to: (its open descriptor, its path). Named by the process, so two never share
    one, and ending in ``.tmp``, which the caches' pruning looks for. Raises OSError."""
    temporary = temporary_name(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(temporary, flags, 0o666), temporary


def temporary_name(target: str | os.PathLike) -> str:
    """The path of ``target``'s temporary file (see create_temporary)."""
    return f"{os.fspath(target)}.{os.getpid()}.tmp"


def write_all(descriptor: int, data: bytes) -> None:
    """Write all of ``data`` to the open file ``descriptor``: a write may take fewer bytes
    than given (a full disk, a signal). Raises OSError."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]
