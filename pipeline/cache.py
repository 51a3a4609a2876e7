"""The content-hash cache: an unchanged document is not read again.

An entry is keyed by the sha256 of the file, its extension, the settings and the
extraction version — a digest of ordex's own code and data files (``pipeline/``,
``extractors/``) and of the versions of the libraries that shape the output — so any
change of the code, of a vocabulary or of a model invalidates every entry without anyone
having to remember to bump a number.  ``--no-cache`` bypasses it.

One SQLite file, ``$ORDEX_CACHE/extractions.sqlite`` (default ``~/.cache/ordex``), written
by the batch's main process only; WAL lets several batches share it.  Failures are not
cached: a file refused today for want of a program may be read once it is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import asdict
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.io import dump_json

if TYPE_CHECKING:
    from pipeline.batch import Extracted
    from pipeline.settings import Settings

_CODE_DIRS = ("pipeline", "extractors")
_CODE_SUFFIXES = (".py", ".txt", ".json", ".toml", ".j2")
# libraries whose version changes what is extracted
_LIBRARIES = ("natasha", "pymorphy3", "pymorphy3-dicts-ru", "dateparser", "pdfplumber", "pypdfium2",
              "python-docx", "striprtf", "odfpy", "lxml", "pytesseract", "charset-normalizer")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (
    key     TEXT PRIMARY KEY,   -- sha256(file) : extension : settings : extraction version
    path    TEXT NOT NULL,      -- the path the output names
    output  TEXT NOT NULL,      -- the output JSON as written
    record  TEXT NOT NULL,      -- DocumentRecord for the chain and the store
    source  TEXT NOT NULL,
    seconds REAL NOT NULL
);
"""


def default_dir() -> Path:
    if os.environ.get("ORDEX_CACHE"):
        return Path(os.environ["ORDEX_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ordex"


@lru_cache(maxsize=1)
def extraction_version() -> str:
    """A digest of the code and data files and of the libraries' versions."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for d in _CODE_DIRS:
        for f in sorted((root / d).rglob("*")):
            if f.suffix in _CODE_SUFFIXES and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=-".encode())
    return h.hexdigest()[:16]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class ExtractionCache:
    def __init__(self, directory: str | Path | None = None, version: str | None = None) -> None:
        self.directory = Path(directory) if directory else default_dir()
        self.version = version or extraction_version()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.directory / "extractions.sqlite", timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a lost entry is only work redone
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def key(self, path: Path, settings: Settings) -> str | None:
        """None when the file cannot be read (the batch reports why)."""
        try:
            sha = file_sha256(path)
        except OSError:
            return None
        knobs = hashlib.sha256(json.dumps(asdict(settings), sort_keys=True).encode()).hexdigest()[:12]
        return f"{sha}:{path.suffix.lower()}:{knobs}:{self.version}"

    def get(self, key: str, path: str) -> Extracted | None:
        from pipeline.batch import Extracted

        row = self._db.execute(
            "SELECT path, output, record, source, seconds FROM extractions WHERE key=?", (key,)
        ).fetchone()
        if row is None:
            return None
        stored_path, output, record, source, seconds = row
        record, source = json.loads(record), json.loads(source)
        if stored_path != path:  # the same content elsewhere: the output names this path
            data = json.loads(output)
            data["source"]["path"] = source["path"] = record["path"] = path
            output = dump_json(data)
        return Extracted(output, record, source, seconds)

    def put(self, key: str, path: str, got: Extracted) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO extractions (key, path, output, record, source, seconds) VALUES (?,?,?,?,?,?)",
            (key, path, got.text, json.dumps(got.record, ensure_ascii=False),
             json.dumps(got.source, ensure_ascii=False), got.seconds),
        )

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]


__all__ = ["ExtractionCache", "extraction_version", "file_sha256"]
