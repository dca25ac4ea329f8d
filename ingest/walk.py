"""The files a run reads: the files named and the files found under the folders named.

Why a walk of our own instead of os.walk: a link inside a folder of reports can point anywhere
(a link to /etc once ingested 606 system files as reports, to be published by export, serve and
viz), the same file can be reached twice, and os.walk recurses (a deep enough folder ended a
build with RecursionError before anything was read).
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from legalkg.ingest.read import os_reason


def _problem(path: Path) -> str:
    """Why `path` cannot be a report file ("" when it is a regular file)."""
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if path.is_symlink():
            return "broken symbolic link"
        return "no such file or folder" if exc.errno == errno.ENOENT else os_reason(exc)
    return "" if stat.S_ISREG(info.st_mode) else "not a regular file (device, pipe or socket)"


_SKIPPED_NAMES = ("readme.md", "readme.txt")


def iter_input_files(paths: Iterable[Path | str]) -> Iterator[tuple[Path, str]]:
    """Files named or found under folders: sorted, hidden entries and READMEs skipped.

    Yields (path, problem): problem is "" for a readable candidate, else the reason to skip it.
    Each input is resolved once; a symbolic link whose target is outside every input is
    skipped with a reason (a link to /etc must not publish system files), and a file or folder
    reached twice (through a link, a hard link or a repeated argument) is read once. The walk
    keeps its own stack, so no folder is too deep for it.
    """
    inputs = [(Path(raw), _resolved(Path(raw))) for raw in paths]
    roots = [real for _, real in inputs if real is not None]
    seen: set[tuple[int, int]] = set()
    for path, real in inputs:
        if real is None or not os.path.isdir(real):
            problem = _problem(path)
            if problem or _first_visit(path, seen):
                yield path, problem
            continue
        if not _first_visit(path, seen):
            continue
        stack = [path]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                yield folder, os_reason(exc)
                continue
            folders = []
            for entry in entries:
                if entry.name.startswith(".") or entry.name.lower() in _SKIPPED_NAMES:
                    continue
                candidate = Path(entry.path)
                if entry.is_symlink():
                    outside = _outside(candidate, roots)
                    if outside:
                        yield candidate, outside
                        continue
                if _is_dir(entry):
                    if _first_visit(candidate, seen):
                        folders.append(candidate)
                    continue
                problem = _problem(candidate)
                if problem or _first_visit(candidate, seen):
                    yield candidate, problem
            stack.extend(reversed(folders))


def _resolved(path: Path) -> str | None:
    try:
        return os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):
        return None


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _outside(link: Path, roots: list[str]) -> str:
    """Why a symbolic link is skipped ("" when its target is inside one of `roots`)."""
    target = _resolved(link)
    if target is None:
        return _problem(link) or "broken symbolic link"
    if any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return ""
    return f"symbolic link to {target}, outside the input folders (not followed)"


def _first_visit(path: Path, seen: set[tuple[int, int]]) -> bool:
    """True the first time the file or folder `path` points to is reached (by device and inode)."""
    try:
        info = path.stat()
    except OSError:
        return True
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True
