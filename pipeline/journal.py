"""The inbox journal: what happened to every file dropped into the inbox.

One SQLite row per (file content, name) seen.  States: ``processing`` → ``done`` |
``failed`` | ``duplicate`` | ``vanished`` | ``changed`` (written to while it was read: the
new content gets a row of its own once it settles).  The journal is written *before* each step
with an effect outside it (output written, original moved), so a restart after a crash
at any moment knows what to redo and what to merely finish: nothing is lost, nothing is
done twice.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,           -- the file name as dropped
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    state       TEXT NOT NULL,           -- processing | done | failed | duplicate | vanished | changed
    output      TEXT,                    -- output stem, unique across the journal
    moved_to    TEXT,                    -- where the original went
    duplicate_of INTEGER REFERENCES files(id),
    error_code  TEXT,
    error       TEXT,
    seconds     REAL,
    seen_at     REAL NOT NULL,
    updated_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE UNIQUE INDEX IF NOT EXISTS files_output ON files(output);
"""


@dataclass
class Entry:
    id: int
    name: str
    sha256: str
    size: int
    state: str
    output: str | None
    moved_to: str | None
    duplicate_of: int | None
    error_code: str | None
    error: str | None


class Journal:
    def __init__(self, path: str | Path):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def _entry(self, row) -> Entry | None:
        return Entry(*row) if row else None

    _COLS = "id, name, sha256, size, state, output, moved_to, duplicate_of, error_code, error"

    def find_done(self, sha256: str) -> Entry | None:
        """The first successful processing of this content, if any."""
        row = self.db.execute(
            f"SELECT {self._COLS} FROM files WHERE sha256=? AND state='done' ORDER BY id LIMIT 1", (sha256,)
        ).fetchone()
        return self._entry(row)

    def find_open(self, name: str, sha256: str) -> Entry | None:
        """An entry for this very file whose work was interrupted (crash, restart)."""
        row = self.db.execute(
            f"SELECT {self._COLS} FROM files WHERE name=? AND sha256=? AND moved_to IS NULL "
            "AND state IN ('processing','done','failed','duplicate') ORDER BY id DESC LIMIT 1",
            (name, sha256),
        ).fetchone()
        return self._entry(row)

    def start(self, name: str, sha256: str, size: int, stem: str) -> Entry:
        """Record a new file as processing, reserving an output name no other file has."""
        now = time.time()
        output = self._free_output(stem)
        cur = self.db.execute(
            "INSERT INTO files(name, sha256, size, state, output, seen_at, updated_at) VALUES (?,?,?,?,?,?,?)",
            (name, sha256, size, "processing", output, now, now),
        )
        return self.get(cur.lastrowid)

    def _free_output(self, stem: str) -> str:
        taken = {r[0] for r in self.db.execute("SELECT output FROM files WHERE output LIKE ?", (stem + "%",))}
        if stem not in taken:
            return stem
        n = 2
        while f"{stem}-{n}" in taken:
            n += 1
        return f"{stem}-{n}"

    def record_duplicate(self, name: str, sha256: str, size: int, original: Entry) -> Entry:
        now = time.time()
        cur = self.db.execute(
            "INSERT INTO files(name, sha256, size, state, duplicate_of, seen_at, updated_at) VALUES (?,?,?,?,?,?,?)",
            (name, sha256, size, "duplicate", original.id, now, now),
        )
        return self.get(cur.lastrowid)

    def update(self, entry_id: int, **fields) -> None:
        fields["updated_at"] = time.time()
        cols = ", ".join(f"{k}=?" for k in fields)
        self.db.execute(f"UPDATE files SET {cols} WHERE id=?", (*fields.values(), entry_id))

    def get(self, entry_id: int) -> Entry:
        return self._entry(self.db.execute(f"SELECT {self._COLS} FROM files WHERE id=?", (entry_id,)).fetchone())

    def all(self) -> list[Entry]:
        return [self._entry(r) for r in self.db.execute(f"SELECT {self._COLS} FROM files ORDER BY id")]
