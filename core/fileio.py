"""Writing output files safely: a failed or cancelled run never leaves a half-written file in place of a good one.

Every file output of the plugin goes through :func:`atomic_target`: the writer writes a temporary file beside the
target, which is renamed over the target only when the writer finished; on any error the temporary file is
removed. The result gets the usual permissions (0666 minus the umask), not mkstemp's 0600.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_target(path: str | Path) -> Iterator[str]:
    """Yield a temporary path beside ``path``; rename it to ``path`` when the block ends without an error."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".twzoning-", suffix=target.suffix, dir=str(folder))
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_target(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes(path, text.encode(encoding))
