"""The persistent act store: every document ordex has processed, so that a document read
today links to one read last month, and a superior act arriving after its subordinates
links to them.

One SQLite file (default ``./data/ordex.sqlite``; ``--store`` or ``ORDEX_STORE`` override).
A document is keyed by the sha256 of its file: reading it again replaces its record.
Links are not stored — they are recomputed from the records (:func:`pipeline.chain.link_records`),
so the order in which acts arrive never matters.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from pipeline.chain.records import DocumentRecord
from pipeline.errors import OrdexError

DEFAULT_STORE = Path("data") / "ordex.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256     TEXT PRIMARY KEY,
    stem       TEXT NOT NULL,
    path       TEXT,
    type       TEXT,
    issuer     TEXT,
    date       TEXT,
    number     TEXT,
    title      TEXT,
    record     TEXT NOT NULL,   -- DocumentRecord as JSON (references, obligations)
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number);
CREATE INDEX IF NOT EXISTS documents_stem ON documents(stem);
"""


class StoreError(OrdexError):
    code = "store_error"


def store_path(cli_value: str | None = None, *, use_default: bool = True) -> Path | None:
    """``--store`` first, then ``ORDEX_STORE``, then (if ``use_default``) ./data/ordex.sqlite."""
    value = cli_value or os.environ.get("ORDEX_STORE")
    if value:
        return Path(value)
    return DEFAULT_STORE if use_default else None


class ActStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise StoreError(f"не удалось открыть хранилище актов ({exc}); проверьте путь и права", path=str(path)) from exc

    def __enter__(self) -> ActStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def upsert(self, record: DocumentRecord) -> None:
        self.upsert_many([record])

    def upsert_many(self, records: Iterable[DocumentRecord]) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = [
            (r.sha256, r.stem, r.path, r.act.type, r.act.issuer, r.act.date, r.act.number, r.act.title,
             json.dumps(r.to_dict(), ensure_ascii=False), now)
            for r in records
        ]
        with self._db:
            self._db.executemany(
                "INSERT INTO documents (sha256, stem, path, type, issuer, date, number, title, record, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(sha256) DO UPDATE SET stem=excluded.stem, path=excluded.path, type=excluded.type,"
                " issuer=excluded.issuer, date=excluded.date, number=excluded.number, title=excluded.title,"
                " record=excluded.record, updated_at=excluded.updated_at",
                rows,
            )

    def records(self) -> list[DocumentRecord]:
        """Every stored document, oldest act first (stable order: date, then sha256)."""
        rows = self._db.execute("SELECT record FROM documents ORDER BY date IS NULL, date, sha256")
        return [DocumentRecord.from_dict(json.loads(r[0])) for r in rows]

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
