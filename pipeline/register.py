"""The obligations register (контроль исполнения): who must do what by when.

Every extracted obligation is a row with its due date and status.  ``open`` rows whose
due date has passed are reported as ``overdue``; a controller marks a row ``done``.
Re-registering a document replaces its rows but keeps the done marks of unchanged rows.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.store import store_path

SCHEMA = """
CREATE TABLE IF NOT EXISTS obligations (
    id            INTEGER PRIMARY KEY,
    document      TEXT NOT NULL,    -- output stem of the document
    act           TEXT NOT NULL,    -- "приказ № 89 от 2026-03-25"
    clause        TEXT,
    executors     TEXT NOT NULL,    -- "; "-joined nominative executors
    action        TEXT NOT NULL,
    modality      TEXT NOT NULL,
    deadline_kind TEXT NOT NULL,
    deadline_text TEXT,
    due           TEXT,             -- ISO date when known
    status        TEXT NOT NULL DEFAULT 'open',   -- open | done
    done_at       TEXT,
    fingerprint   TEXT NOT NULL,
    UNIQUE(document, fingerprint)
);
"""


@dataclass
class Row:
    id: int
    document: str
    act: str
    clause: str | None
    executors: str
    action: str
    modality: str
    deadline_kind: str
    deadline_text: str | None
    due: str | None
    status: str
    done_at: str | None

    def effective_status(self, today: date) -> str:
        if self.status == "open" and self.due and self.due < today.isoformat():
            return "overdue"
        return self.status


class Register:
    def __init__(self, path: str | Path | None = None):
        path = store_path(str(path) if path else None)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def add_document(self, stem: str, result: dict) -> int:
        """Register the obligations of one extracted document; returns how many."""
        doc = result.get("document") or {}
        act = " ".join(
            x for x in (doc.get("type") or "документ", f"№ {doc['number']}" if doc.get("number") else "",
                        f"от {doc['date']}" if doc.get("date") else "") if x
        )
        rows = []
        for ob in result.get("obligations", []):
            dl = ob.get("deadline") or {}
            executors = "; ".join(ob.get("executors") or [])
            fingerprint = f"{ob.get('clause')}|{executors}|{ob.get('action')}"
            rows.append((stem, act, ob.get("clause"), executors, ob.get("action") or "", ob.get("modality") or "mandatory",
                         dl.get("kind") or "none", dl.get("text"), dl.get("date"), fingerprint))
        with self.db:
            done = {
                fp: (status, done_at)
                for fp, status, done_at in self.db.execute(
                    "SELECT fingerprint, status, done_at FROM obligations WHERE document=?", (stem,)
                )
            }
            self.db.execute("DELETE FROM obligations WHERE document=?", (stem,))
            for r in rows:
                status, done_at = done.get(r[-1], ("open", None))
                self.db.execute(
                    "INSERT OR IGNORE INTO obligations(document, act, clause, executors, action, modality, deadline_kind,"
                    " deadline_text, due, fingerprint, status, done_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*r, status, done_at),
                )
        return len(rows)

    def rows(self, *, executor: str | None = None, due_within: timedelta | None = None,
             overdue: bool = False, today: date | None = None) -> list[Row]:
        today = today or date.today()
        out = []
        for r in self.db.execute(
            "SELECT id, document, act, clause, executors, action, modality, deadline_kind, deadline_text, due,"
            " status, done_at FROM obligations ORDER BY due IS NULL, due, document, id"
        ):
            row = Row(*r)
            if executor and executor.lower() not in row.executors.lower():
                continue
            if overdue and row.effective_status(today) != "overdue":
                continue
            if due_within is not None and (
                not row.due or row.status == "done" or row.due > (today + due_within).isoformat()
            ):
                continue
            out.append(row)
        return out

    def mark_done(self, row_id: int, when: date | None = None) -> bool:
        cur = self.db.execute(
            "UPDATE obligations SET status='done', done_at=? WHERE id=?",
            ((when or date.today()).isoformat(), row_id),
        )
        return cur.rowcount == 1


COLUMNS = ("id", "status", "due", "executors", "action", "deadline_text", "act", "clause", "document")


def export(rows: list[Row], path: Path, today: date | None = None) -> None:
    """Write rows for Excel (.xlsx), any spreadsheet (.csv) or a calendar (.ics)."""
    from pipeline.io import write_atomic

    today = today or date.today()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([_cell(r, c, today) for c in COLUMNS])
        write_atomic(path, "\ufeff" + buf.getvalue())  # BOM: Excel opens UTF-8 CSV correctly
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Поручения"
        ws.append(list(COLUMNS))
        for r in rows:
            ws.append([_cell(r, c, today) for c in COLUMNS])
        buf = io.BytesIO()
        wb.save(buf)
        write_atomic(path, buf.getvalue())
    elif suffix == ".ics":
        from icalendar import Calendar, Event

        cal = Calendar()
        cal.add("prodid", "-//ordex//register//RU")
        cal.add("version", "2.0")
        for r in rows:
            if not r.due:
                continue
            ev = Event()
            ev.add("uid", f"ordex-{r.document}-{r.id}")
            ev.add("summary", f"{r.executors}: {r.action}"[:250])
            ev.add("description", f"{r.act}, п. {r.clause or '—'}\n{r.deadline_text or ''}")
            due = date.fromisoformat(r.due)
            ev.add("dtstart", due)
            ev.add("dtend", due + timedelta(days=1))
            ev.add("dtstamp", datetime(2000, 1, 1))
            cal.add_component(ev)
        write_atomic(path, cal.to_ical())
    else:
        raise ValueError(f"неизвестный формат выгрузки «{suffix}»: используйте .xlsx, .csv или .ics")


def _cell(r: Row, column: str, today: date):
    return r.effective_status(today) if column == "status" else getattr(r, column)
