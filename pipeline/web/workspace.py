"""The workspace's own tables, beside the act store in the same SQLite file.

A document is extracted once (version 0, author ``ordex``); every correction is a new
version with who and when, the earlier ones kept.  The latest version is what the act
store (chain), the register and the gold export read.  Plain SQL, kept portable except
the full-text index, which is SQLite FTS5 here (the PostgreSQL store uses its own).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS ws_documents (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    stem        TEXT NOT NULL,
    filename    TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'new',   -- new | checked | problem
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ws_versions (
    document    INTEGER NOT NULL REFERENCES ws_documents(id),
    version     INTEGER NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    data        TEXT NOT NULL,                 -- the extraction on the contract (with layout)
    PRIMARY KEY (document, version)
);
CREATE TABLE IF NOT EXISTS ws_done_marks (
    document    TEXT NOT NULL,                 -- register row's document stem
    fingerprint TEXT NOT NULL,
    author      TEXT NOT NULL,
    done_at     TEXT NOT NULL,
    note        TEXT,
    PRIMARY KEY (document, fingerprint)
);
CREATE TABLE IF NOT EXISTS ws_profiles (
    name        TEXT PRIMARY KEY,
    toml        TEXT NOT NULL,
    author      TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ws_users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,               -- clerk | controller | admin
    password_hash TEXT NOT NULL,               -- argon2id
    created_at    TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS ws_fts USING fts5(body, tokenize = 'unicode61');
"""

# clerk: review and draft; controller: the register; admin: everything and the users
ROLES = {"clerk": {"review", "draft"}, "controller": {"register"}, "admin": {"review", "draft", "register", "admin"}}
STATES = {"new": "новый", "checked": "проверен", "problem": "с замечаниями"}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fts_query(text: str) -> str | None:
    """User words as an FTS5 query of quoted prefix terms (no operator syntax leaks through)."""
    words = [w.replace('"', "") for w in text.split()]
    words = [w for w in words if w]
    return " ".join(f'"{w}"*' for w in words) or None


def searchable(data: dict) -> str:
    doc = data.get("document") or {}
    head = " ".join(str(doc.get(k) or "") for k in ("type", "number", "issuer", "title"))
    return head + "\n" + ((data.get("layout") or {}).get("text") or "")


class Workspace:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        self.lock = threading.RLock()  # one connection shared by the server's threads: one writer at a time

    def close(self) -> None:
        self.db.close()

    # --- documents and versions -------------------------------------------------
    def add(self, stem: str, filename: str, data: dict) -> int:
        """A new extraction; a file already known (same sha256) keeps its id and versions."""
        sha = data["source"]["sha256"]
        row = self.db.execute("SELECT id FROM ws_documents WHERE sha256=?", (sha,)).fetchone()
        if row:
            return row["id"]
        with self.lock, self.db:
            self.db.execute("BEGIN")
            cur = self.db.execute(
                "INSERT INTO ws_documents(sha256, stem, filename, created_at) VALUES (?,?,?,?)",
                (sha, stem, filename, now()))
            doc_id = cur.lastrowid
            self._put_version(doc_id, 0, "ordex", data)
        return doc_id

    def _put_version(self, doc_id: int, version: int, author: str, data: dict) -> None:
        self.db.execute("INSERT INTO ws_versions(document, version, author, created_at, data) VALUES (?,?,?,?,?)",
                        (doc_id, version, author, now(), json.dumps(data, ensure_ascii=False)))
        self.db.execute("DELETE FROM ws_fts WHERE rowid=?", (doc_id,))
        self.db.execute("INSERT INTO ws_fts(rowid, body) VALUES (?,?)", (doc_id, searchable(data)))

    def correct(self, doc_id: int, author: str, data: dict) -> int:
        with self.lock, self.db:
            self.db.execute("BEGIN IMMEDIATE")
            last = self.db.execute("SELECT MAX(version) FROM ws_versions WHERE document=?", (doc_id,)).fetchone()[0]
            self._put_version(doc_id, last + 1, author, data)
        return last + 1

    def document(self, doc_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM ws_documents WHERE id=?", (doc_id,)).fetchone()
        return dict(row) if row else None

    def by_sha(self) -> dict[str, int]:
        return {r["sha256"]: r["id"] for r in self.db.execute("SELECT id, sha256 FROM ws_documents")}

    def version(self, doc_id: int, version: int | None = None) -> dict | None:
        """The version's record: number, author, created_at, data (the latest by default)."""
        sql = "SELECT version, author, created_at, data FROM ws_versions WHERE document=?"
        args: tuple = (doc_id,)
        if version is None:
            sql += " ORDER BY version DESC LIMIT 1"
        else:
            sql += " AND version=?"
            args += (version,)
        row = self.db.execute(sql, args).fetchone()
        if not row:
            return None
        return {**dict(row), "data": json.loads(row["data"])}

    def history(self, doc_id: int) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT version, author, created_at FROM ws_versions WHERE document=? ORDER BY version", (doc_id,))]

    def set_state(self, doc_id: int, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"состояние «{state}» неизвестно: {', '.join(STATES)}")
        self.db.execute("UPDATE ws_documents SET state=? WHERE id=?", (state, doc_id))

    def listing(self, query: str | None = None, state: str | None = None, doc_type: str | None = None) -> list[dict]:
        """Inbox rows, newest first, each with its latest version's data."""
        sql = ("SELECT d.*, v.data, v.version FROM ws_documents d JOIN ws_versions v ON v.document = d.id"
               " AND v.version = (SELECT MAX(version) FROM ws_versions WHERE document = d.id)")
        where, args = [], []
        match = fts_query(query or "")
        if match:
            where.append("d.id IN (SELECT rowid FROM ws_fts WHERE ws_fts MATCH ?)")
            args.append(match)
        if state:
            where.append("d.state = ?")
            args.append(state)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.created_at DESC, d.id DESC"
        out = []
        for r in self.db.execute(sql, args):
            item = {**dict(r), "data": json.loads(r["data"])}
            if doc_type and (item["data"].get("document") or {}).get("type") != doc_type:
                continue
            out.append(item)
        return out

    def corrected(self) -> list[tuple[dict, dict]]:
        """(document, latest version) of every document corrected at least once."""
        rows = self.db.execute("SELECT document FROM ws_versions GROUP BY document HAVING MAX(version) > 0")
        return [(self.document(r[0]), self.version(r[0])) for r in rows.fetchall()]

    # --- register marks -----------------------------------------------------------
    def mark(self, document: str, fingerprint: str, author: str, note: str | None) -> dict:
        when = now()
        self.db.execute(
            "INSERT INTO ws_done_marks(document, fingerprint, author, done_at, note) VALUES (?,?,?,?,?)"
            " ON CONFLICT(document, fingerprint) DO UPDATE SET author=excluded.author, done_at=excluded.done_at,"
            " note=excluded.note", (document, fingerprint, author, when, note))
        return {"author": author, "done_at": when, "note": note}

    def marks(self) -> dict[tuple[str, str], dict]:
        return {(r["document"], r["fingerprint"]): dict(r) for r in self.db.execute("SELECT * FROM ws_done_marks")}

    # --- organisation profiles ------------------------------------------------------
    def profiles(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM ws_profiles ORDER BY name")]

    def profile(self, name: str) -> dict | None:
        row = self.db.execute("SELECT * FROM ws_profiles WHERE name=?", (name,)).fetchone()
        return dict(row) if row else None

    def save_profile(self, name: str, toml: str, author: str) -> None:
        self.db.execute(
            "INSERT INTO ws_profiles(name, toml, author, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT(name) DO UPDATE SET toml=excluded.toml, author=excluded.author, updated_at=excluded.updated_at",
            (name, toml, author, now()))

    # --- users ------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str) -> None:
        from argon2 import PasswordHasher

        if role not in ROLES:
            raise ValueError(f"роль «{role}» неизвестна: {', '.join(ROLES)}")
        if len(password) < 8:
            raise ValueError("пароль короче 8 знаков")
        self.db.execute(
            "INSERT INTO ws_users(name, role, password_hash, created_at) VALUES (?,?,?,?)"
            " ON CONFLICT(name) DO UPDATE SET role=excluded.role, password_hash=excluded.password_hash",
            (name, role, PasswordHasher().hash(password), now()))

    def has_users(self) -> bool:
        return self.db.execute("SELECT 1 FROM ws_users LIMIT 1").fetchone() is not None

    def login(self, name: str, password: str) -> str | None:
        """The user's role when the password is right."""
        from argon2 import PasswordHasher
        from argon2.exceptions import VerificationError

        row = self.db.execute("SELECT role, password_hash FROM ws_users WHERE name=?", (name,)).fetchone()
        if row is None:
            return None
        try:
            PasswordHasher().verify(row["password_hash"], password)
        except VerificationError:
            return None
        return row["role"]

    def users(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT name, role, created_at FROM ws_users ORDER BY name")]
