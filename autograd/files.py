"""Atomic file writes: the one place that writes a file so that nothing is ever half written.

Drawings, explorer pages, checkpoints and downloaded data sets all go through
:func:`atomic_file`: the data goes to a temporary file in the same folder, is
flushed to disk, and then replaces the target in one rename. A crash or an
error half-way leaves the old file (or no file) and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_file", "write_atomic"]


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a temporary binary file beside ``path``; on a clean exit it replaces ``path``.

    >>> with atomic_file("model.npz") as f:     # doctest: +SKIP
    ...     f.write(data)

    If the block raises, the temporary file is removed and ``path`` is
    untouched. The new file gets the usual permissions (0666 less the umask).
    The folder must exist (FileNotFoundError names it otherwise).
    """
    target = Path(path).absolute()
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "the folder to write into does not exist", str(target.parent))
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # mode follows the umask
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(target.parent)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path) as f:
        f.write(data)


def _fsync_folder(folder: Path) -> None:
    """Make the rename in ``folder`` durable, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)
