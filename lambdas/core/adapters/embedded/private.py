"""Local data is people's resumes: files 0600 in folders 0700 (owner only), whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as 0700; `path` itself is made 0700 even if it existed (data written
    by an older version, or a DATA_DIR made by hand)."""
    for folder in reversed([p for p in (path, *path.parents) if not p.exists()]):
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode goes through the umask
    os.chmod(path, PRIVATE_DIR)
    return path


def make_private(path: Path) -> None:
    """Make an existing file 0600 by its name, never by opening it: closing any descriptor of a SQLite file drops
    the POSIX locks every connection of this process holds on it (lost writes)."""
    if path.exists():
        os.chmod(path, PRIVATE_FILE)


def open_private(path: Path, flags: int) -> int:
    """os.open for writing a new file that is born 0600 (never readable by others, not even briefly)."""
    return os.open(path, flags | os.O_CREAT, PRIVATE_FILE)
