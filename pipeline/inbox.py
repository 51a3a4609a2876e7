"""The inbox service: every file dropped into a folder is extracted exactly once.

A file is taken when it has stopped changing (size and mtime stable for ``settle``
seconds); office lock files, partial downloads and hidden files are ignored.  The
journal (:mod:`pipeline.journal`) records each step before it has effects, so a kill
at any moment loses nothing and repeats nothing.  The original goes to
``INBOX/processed/YYYY-MM-DD/`` or, with ``<name>.error.txt`` saying why, to
``INBOX/quarantine/``.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from typing import TextIO

from pipeline.errors import FileVanished, OrdexError
from pipeline.io import write_atomic, write_json
from pipeline.journal import Entry, Journal

STATE_DIR = ".ordex"
PROCESSED = "processed"
QUARANTINE = "quarantine"
# what a shared folder holds besides documents: Office lock files, partial copies
IGNORED = ("~$*", ".*", "*.part", "*.partial", "*.tmp", "*.crdownload", "*.download", "*.swp",
           "Thumbs.db", "desktop.ini", "*.error.txt")


class InboxBusy(OrdexError):
    code = "inbox_busy"


class OutputUnavailable(OrdexError):
    """The output folder cannot be written (disk full, no rights): the input stays in place."""

    code = "output_unavailable"


def _extract_to_json(path: str) -> dict:
    """Worker side: read and extract one file with the process's shared resources."""
    from pipeline.batch import process_file
    from pipeline.resources import shared
    from pipeline.settings import Settings

    return process_file(Path(path), shared(), Settings.from_env()).to_json()


def _warm_up() -> None:
    from pipeline.resources import shared

    shared().morph  # noqa: B018 — load models once per worker, not per document


@dataclass
class Inbox:
    inbox: Path
    out: Path
    settle: float = 1.0
    workers: int = 1
    log: TextIO = sys.stderr
    on_result: Callable[[Entry, dict], None] | None = None  # register, chain store...
    _seen: dict[Path, tuple[int, float, float]] = field(default_factory=dict)
    _lock_fh: object = None

    def __post_init__(self) -> None:
        self.inbox = Path(self.inbox)
        self.out = Path(self.out)
        state = self.inbox / STATE_DIR
        state.mkdir(parents=True, exist_ok=True)
        self.journal = Journal(state / "journal.sqlite")
        self._pool = ProcessPoolExecutor(self.workers, initializer=_warm_up) if self.workers > 1 else None

    # --- one watcher per inbox ---------------------------------------------------
    def lock(self) -> None:
        fh = open(self.inbox / STATE_DIR / "watch.lock", "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            raise InboxBusy(
                f"папку {self.inbox} уже обслуживает другой процесс ordex watch; второй не запускается",
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._lock_fh = fh

    def close(self) -> None:
        if self._pool:
            self._pool.shutdown()
        self.journal.close()
        if self._lock_fh:
            self._lock_fh.close()

    # --- finding files -------------------------------------------------------------
    def candidates(self) -> list[Path]:
        try:
            names = sorted(os.listdir(self.inbox))
        except FileNotFoundError:
            return []
        return [
            self.inbox / n
            for n in names
            if not any(fnmatch(n, pat) for pat in IGNORED) and (self.inbox / n).is_file()
        ]

    def ready(self, now: float | None = None) -> list[Path]:
        """Files whose size and mtime have not changed for ``settle`` seconds."""
        now = time.monotonic() if now is None else now
        ready = []
        current = set()
        for path in self.candidates():
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            current.add(path)
            sig = (st.st_size, st.st_mtime)
            prev = self._seen.get(path)
            if prev is None or prev[:2] != sig:
                self._seen[path] = (*sig, now)
                if self.settle > 0:
                    continue
            if now - self._seen[path][2] >= self.settle:
                ready.append(path)
        for gone in set(self._seen) - current:
            del self._seen[gone]
        return ready

    # --- processing ----------------------------------------------------------------
    def scan(self) -> list[Path]:
        """Process every ready file once; returns the files handled."""
        ready = self.ready()
        if self._pool and len(ready) > 1:
            jobs: list[tuple[Path, Entry, Future]] = []
            for path in ready:
                claimed = self._claim(path)
                if claimed:
                    jobs.append((path, claimed, self._pool.submit(_extract_to_json, str(path))))
            for path, entry, fut in jobs:
                self._finish(path, entry, fut.result)
            return ready
        for path in ready:
            claimed = self._claim(path)
            if claimed:
                self._finish(path, claimed, lambda p=path: _extract_to_json(str(p)))
        return ready

    def _claim(self, path: Path) -> Entry | None:
        """Journal the file; finish interrupted work; return the entry to extract, if any."""
        self._seen.pop(path, None)
        t0 = time.perf_counter()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        sha = hashlib.sha256(data).hexdigest()
        entry = self.journal.find_open(path.name, sha)
        if entry is not None and entry.state != "processing":
            self._move_done(path, entry)  # crashed after the result, before the move
            return None
        if entry is None:
            first = self.journal.find_done(sha)
            if first is not None:
                dup = self.journal.record_duplicate(path.name, sha, len(data), first)
                self._move_done(path, dup)
                self._log(dup, time.perf_counter() - t0, duplicate_of=first.name)
                return None
            entry = self.journal.start(path.name, sha, len(data), _stem(path))
        return entry

    def _finish(self, path: Path, entry: Entry, compute: Callable[[], dict]) -> None:
        t0 = time.perf_counter()
        try:
            result = compute()
        except FileVanished:
            self.journal.update(entry.id, state="vanished", error="файл удалён или переименован во время обработки")
            self._log(self.journal.get(entry.id), time.perf_counter() - t0)
            return
        except Exception as exc:  # every other failure quarantines the file; the service goes on
            if not path.exists():
                self.journal.update(entry.id, state="vanished", error="файл удалён или переименован во время обработки")
                self._log(self.journal.get(entry.id), time.perf_counter() - t0)
                return
            code = getattr(exc, "code", "internal_error")
            message = exc.message if isinstance(exc, OrdexError) else (
                f"внутренняя ошибка ordex при чтении файла ({type(exc).__name__}: {exc}); "
                "файл сохранён в карантине, сообщите разработчикам"
            )
            self.journal.update(entry.id, state="failed", error_code=code, error=message,
                                seconds=time.perf_counter() - t0)
            self._quarantine(path, self.journal.get(entry.id))
            self._log(self.journal.get(entry.id), time.perf_counter() - t0)
            return
        try:
            write_json(self.out / f"{entry.output}.json", result)
        except OSError as exc:
            reason = "на диске нет места" if exc.errno == errno.ENOSPC else f"ошибка записи: {exc.strerror}"
            self.journal.update(entry.id, error_code=OutputUnavailable.code,
                                error=f"не удалось записать результат в {self.out}: {reason}; файл оставлен во входящей папке")
            self._log(self.journal.get(entry.id), time.perf_counter() - t0)
            return
        if self.on_result:
            self.on_result(entry, result)
        self.journal.update(entry.id, state="done", error_code=None, error=None, seconds=time.perf_counter() - t0)
        self._move_done(path, self.journal.get(entry.id))
        self._log(self.journal.get(entry.id), time.perf_counter() - t0)

    # --- moving originals ------------------------------------------------------------
    def _move_done(self, path: Path, entry: Entry) -> None:
        if entry.state == "failed":
            self._quarantine(path, entry)
            return
        target = _free_path(self.inbox / PROCESSED / date.today().isoformat() / path.name)
        self._move(path, target, entry)

    def _quarantine(self, path: Path, entry: Entry) -> None:
        target = _free_path(self.inbox / QUARANTINE / path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(
            target.with_name(target.name + ".error.txt"),
            f"Файл: {path.name}\nПричина: {entry.error}\nКод: {entry.error_code}\nSHA-256: {entry.sha256}\n"
            "Что делать: исправьте или замените файл и положите его во входящую папку снова.\n",
        )
        self._move(path, target, entry)

    def _move(self, path: Path, target: Path, entry: Entry) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, target) if path.stat().st_dev == target.parent.stat().st_dev else shutil.move(path, target)
        except FileNotFoundError:
            return
        self.journal.update(entry.id, moved_to=str(target.relative_to(self.inbox)))

    def _log(self, entry: Entry, seconds: float, **extra) -> None:
        record = {"file": entry.name, "state": entry.state, "sha256": entry.sha256[:16],
                  "output": entry.output, "seconds": round(seconds, 3), **extra}
        if entry.error:
            record["error"] = entry.error
        print(json.dumps(record, ensure_ascii=False), file=self.log, flush=True)

    # --- the loop ------------------------------------------------------------------
    def run(self, *, once: bool = False, poll: bool = False, interval: float = 1.0) -> None:
        """Process what is there, then (unless ``once``) keep watching."""
        if once:
            # each file present is attempted once; a file still being written is waited for
            attempted: set[Path] = set()
            deadline = time.monotonic() + self.settle * 3 + 30
            while time.monotonic() < deadline:
                if not [c for c in self.candidates() if c not in attempted]:
                    return
                handled = self.scan()
                attempted.update(handled)
                if not handled:
                    time.sleep(min(self.settle, 0.5) or 0.05)
            return
        wake = _Wakeup()
        observer = None
        if not poll:
            try:
                from watchdog.events import FileSystemEventHandler
                from watchdog.observers import Observer

                class _Handler(FileSystemEventHandler):
                    def on_any_event(self, event):  # noqa: D401 — any change wakes the scan
                        wake.set()

                observer = Observer()
                observer.schedule(_Handler(), str(self.inbox), recursive=False)
                observer.start()
            except Exception:  # network shares without inotify: fall back to polling
                observer = None
        try:
            while True:
                self.scan()
                wake.wait(interval if observer else min(interval, 1.0))
        finally:
            if observer:
                observer.stop()
                observer.join()


class _Wakeup:
    def __init__(self) -> None:
        import threading

        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def wait(self, timeout: float) -> None:
        self._event.wait(timeout)
        self._event.clear()


def _stem(path: Path) -> str:
    return path.stem or path.name


def _free_path(path: Path) -> Path:
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1
