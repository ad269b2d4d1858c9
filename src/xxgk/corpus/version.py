"""Which parser read a document: a fingerprint of the code that reads, extracts and checks.

A stored document is read again by `xxgk ingest` when the version it was read
with differs from this one. A hand-kept number would be forgotten (and was: the
corpus was never re-read), so the version is the package version plus a hash of
the source files whose change can change a stored result: the readers, the
extraction, the templates, the checks and the few modules they share. It is
computed once per process from the installed package files (about a millisecond).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import xxgk

# Relative to the xxgk package: folders (every file in them) and single modules.
READING_CODE = ("read", "extract", "template", "check", "errors.py", "findings.py", "report.py", "service.py")


@cache
def parser_version() -> str:
    """`<package version>+<first 16 hex digits of the reading code's SHA-256>`."""
    return f"{xxgk.__version__}+{code_digest(Path(xxgk.__file__).parent)[:16]}"


def code_digest(package: Path) -> str:
    """SHA-256 over the names and bytes of the reading code under `package` (compiled caches left out)."""
    digest = hashlib.sha256()
    for path in reading_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def reading_files(package: Path) -> list[Path]:
    files: list[Path] = []
    for name in READING_CODE:
        path = package / name
        if path.is_dir():
            files += (p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.relative_to(path).parts)
        elif path.is_file():
            files.append(path)
    return sorted(files)
