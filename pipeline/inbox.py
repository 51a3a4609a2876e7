"""The inbox service: every file dropped into a folder is extracted exactly once.

A file is taken when it has stopped changing (size, mtime and content hash stable for
``settle`` seconds, rechecked just before the original is moved); office lock files,
partial downloads and hidden files are ignored.  Only regular files of the inbox itself
are read: a symbolic link is quarantined unread.  Names too long for the file system or
carrying control characters get a short hashed name for outputs and moved originals.  The
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
import math
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from typing import TextIO

from pipeline.errors import FileVanished, OrdexError, ReadError
from pipeline.io import write_atomic, write_json
from pipeline.journal import Entry, Journal

STATE_DIR = ".ordex"
PROCESSED = "processed"
QUARANTINE = "quarantine"
# what a shared folder holds besides documents: Office lock files, partial copies
IGNORED = ("~$*", ".*", "*.part", "*.partial", "*.tmp", "*.crdownload", "*.download", "*.swp",
           "Thumbs.db", "desktop.ini", "*.error.txt")


# a file name longer than this (in UTF-8 bytes) is shortened with a hash of it: the file
# systems' limit is 255 bytes, and a quarantined copy adds " (2)" and ".error.txt",
# a temp file "." and ".XXXXXXXX.tmp" (118 Cyrillic letters are 236 bytes already)
MAX_NAME_BYTES = 120
# characters no output name should carry: control characters (a newline in a name would
# split the log line and the .error.txt), the path separator
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")
# a file that crashed the worker process this many times is quarantined, not retried
MAX_WORKER_CRASHES = 2
# a file whose output could not be written is retried after this many seconds, not at every scan
RETRY_AFTER_S = 60.0


class WorkerCrashed(ReadError):
    """The extraction process died on the file (out of memory, killed)."""

    code = "worker_crashed"


class InboxBusy(OrdexError):
    code = "inbox_busy"


class OutputUnavailable(OrdexError):
    """The output folder cannot be written (disk full, no rights): the input stays in place."""

    code = "output_unavailable"


def _extract_to_json(path: str) -> dict:
    """Worker side: read and extract one file with the process's shared resources.
    A symbolic link put in the file's place since it was claimed is not followed."""
    from pipeline.batch import process_file
    from pipeline.resources import shared
    from pipeline.settings import Settings

    return process_file(Path(path), shared(), Settings.from_env(), follow_symlinks=False).to_json()


def _warm_up() -> None:
    from pipeline.resources import shared

    shared().morph  # noqa: B018 — load models once per worker, not per document


@dataclass
class Inbox:
    inbox: Path
    out: Path
    settle: float = 5.0
    workers: int = 1
    log: TextIO = sys.stderr
    on_result: Callable[[Entry, dict], None] | None = None  # register, chain store...
    # path -> (size, mtime_ns, inode, sha256, since): what the file was when last seen changing
    _seen: dict[Path, tuple] = field(default_factory=dict)
    _lock_fh: object = None
    _told: set = field(default_factory=set)  # (name, reason) already logged once
    _retry_at: dict[Path, tuple] = field(default_factory=dict)  # path -> (signature, monotonic time)
    _crashes: dict[str, int] = field(default_factory=dict)  # sha256 -> worker deaths on it
    output_failed: bool = False  # an output could not be written in this run (``watch --once`` fails)

    def __post_init__(self) -> None:
        self.inbox = Path(self.inbox)
        self.out = Path(self.out)
        state = self.inbox / STATE_DIR
        state.mkdir(parents=True, exist_ok=True)
        self.journal = Journal(state / "journal.sqlite")
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor | None:
        return ProcessPoolExecutor(self.workers, initializer=_warm_up) if self.workers > 1 else None

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
        """Regular files and symbolic links of the inbox (a link is refused when claimed);
        an ignored name that looks like a document is logged once."""
        try:
            names = sorted(os.listdir(self.inbox))
        except FileNotFoundError:
            return []
        out = []
        for n in names:
            path = self.inbox / n
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
                continue
            if any(fnmatch(n, pat) for pat in IGNORED):
                if _looks_like_document(n):
                    self._tell_once(n, "skipped", "имя начинается с точки или «~$» либо это временный файл: "
                                    "такие файлы не обрабатываются; переименуйте файл, если это документ")
                continue
            out.append(path)
        return out

    def ready(self, now: float | None = None) -> list[Path]:
        """Files whose size, mtime and content have not changed for ``settle`` seconds
        (a slow copy appends a chunk every second or two: a longer settle waits for its end)."""
        now = time.monotonic() if now is None else now
        ready = []
        current = set()
        for path in self.candidates():
            sig = _signature(path)
            if sig is None:
                continue
            current.add(path)
            retry = self._retry_at.get(path)
            if retry is not None:
                if retry[0] == sig and now < retry[1]:
                    continue  # its output failed lately: wait instead of redoing it at every scan
                del self._retry_at[path]
            prev = self._seen.get(path)
            if prev is None or prev[:3] != sig:
                self._seen[path] = (*sig, _sha256_of(path) if self.settle > 0 else None, now)
                if self.settle > 0:
                    continue
            if now - self._seen[path][4] < self.settle:
                continue
            if self.settle > 0 and _sha256_of(path) != self._seen[path][3]:
                self._seen[path] = (*sig, _sha256_of(path), now)  # rewritten in place: wait again
                continue
            ready.append(path)
        for gone in set(self._seen) - current:
            del self._seen[gone]
        return ready

    # --- processing ----------------------------------------------------------------
    def scan(self) -> list[Path]:
        """Process every ready file once; returns the files handled."""
        ready = self.ready()
        if self._pool and len(ready) > 1:
            jobs: list[tuple[Path, Entry]] = []
            for path in ready:
                claimed = self._guarded(path, lambda p=path: self._claim(p))
                if claimed:
                    jobs.append((path, claimed))
            self._run_in_pool(jobs)
            return ready
        for path in ready:
            claimed = self._guarded(path, lambda p=path: self._claim(p))
            if claimed:
                self._guarded(path, lambda p=path, e=claimed: self._finish(p, e, lambda: _extract_to_json(str(p))))
        return ready

    def _run_in_pool(self, jobs: list[tuple[Path, Entry]]) -> None:
        """Extract in the worker processes.  A worker that dies (the OOM killer) breaks the
        pool: it is recreated and its files are queued again, one at a time; a file on which
        workers died ``MAX_WORKER_CRASHES`` times is quarantined as ``worker_crashed``."""
        while jobs:
            futures: list[tuple[Path, Entry, Future | None]] = []
            for path, entry in jobs:
                try:
                    futures.append((path, entry, self._pool.submit(_extract_to_json, str(path))))
                except BrokenProcessPool:
                    futures.append((path, entry, None))
            again = []
            broken = False
            for path, entry, fut in futures:
                try:
                    result = fut.result() if fut is not None else None
                    if fut is None:
                        raise BrokenProcessPool
                except BrokenProcessPool:
                    broken = True
                    self._crashes[entry.sha256] = self._crashes.get(entry.sha256, 0) + 1
                    if self._crashes[entry.sha256] >= MAX_WORKER_CRASHES:
                        self._guarded(path, lambda p=path, e=entry: self._finish(p, e, _raise_worker_crashed))
                    else:
                        again.append((path, entry))
                    continue
                except BaseException as exc:  # the worker's typed error: quarantined by _finish
                    self._guarded(path, lambda p=path, e=entry, x=exc: self._finish(p, e, _raiser(x)))
                    continue
                self._guarded(path, lambda p=path, e=entry, r=result: self._finish(p, e, lambda: r))
            if broken:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
            if broken and len(again) > 1:  # one at a time now: a death is then the fault of its own file
                for job in again:
                    self._run_in_pool([job])
                return
            jobs = again

    def _guarded(self, path: Path, step: Callable):
        """One file's step; a failure of the service itself on it (a file system refusing a
        name, a journal error) is logged once and the watcher goes on with the other files."""
        try:
            return step()
        except Exception as exc:  # noqa: BLE001 — one file must never stop the inbox
            self._tell_once(path.name, "internal_error",
                            f"внутренняя ошибка ordex при обработке файла ({type(exc).__name__}: {exc}); "
                            "файл оставлен во входящей папке, сообщите разработчикам")
            self._retry_at[path] = (_signature(path), time.monotonic() + RETRY_AFTER_S)
            return None

    def _claim(self, path: Path) -> Entry | None:
        """Journal the file; finish interrupted work; return the entry to extract, if any."""
        settled = self._seen.pop(path, None)
        t0 = time.perf_counter()
        try:
            data = _read_nofollow(path)
        except FileNotFoundError:
            return None
        except _NotRegular as exc:
            return self._refuse(path, str(exc), t0)
        sha = hashlib.sha256(data).hexdigest()
        if settled is not None and self.settle > 0 and sha != settled[3]:
            return None  # changed since it settled: it is watched again
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

    def _refuse(self, path: Path, reason: str, t0: float) -> None:
        """Quarantine, unread, what is no regular file of the inbox (a symbolic link)."""
        sha = hashlib.sha256(os.fsencode(path.name) + b"\0" + reason.encode()).hexdigest()
        entry = self.journal.start(path.name, sha, 0, _stem(path))
        self.journal.update(entry.id, state="failed", error_code="refused", error=reason, output=None)
        self._quarantine(path, self.journal.get(entry.id))
        self._log(self.journal.get(entry.id), time.perf_counter() - t0)
        return None

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
        if _sha256_of(path) != entry.sha256:  # written to while it was read: read it again once it settles
            self.journal.update(entry.id, state="changed", output=None, seconds=time.perf_counter() - t0,
                                error="файл изменился во время обработки; он будет прочитан снова, когда его допишут")
            self._log(self.journal.get(entry.id), time.perf_counter() - t0)
            return
        try:
            write_json(self.out / f"{entry.output}.json", result)
        except OSError as exc:
            reason = "на диске нет места" if exc.errno == errno.ENOSPC else f"ошибка записи: {exc.strerror}"
            self.output_failed = True
            self._retry_at[path] = (_signature(path), time.monotonic() + RETRY_AFTER_S)
            error = f"не удалось записать результат в {self.out}: {reason}; файл оставлен во входящей папке"
            self.journal.update(entry.id, error_code=OutputUnavailable.code, error=error)
            if self._first_time(path.name, OutputUnavailable.code):
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
        target = _free_path(self.inbox / PROCESSED / date.today().isoformat() / safe_name(path.name))
        self._move(path, target, entry)

    def _quarantine(self, path: Path, entry: Entry) -> None:
        target = _free_path(self.inbox / QUARANTINE / safe_name(path.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(
            target.with_name(target.name + ".error.txt"),
            f"Файл: {path.name!r}\nПричина: {entry.error}\nКод: {entry.error_code}\nSHA-256: {entry.sha256}\n"
            "Что делать: исправьте или замените файл и положите его во входящую папку снова.\n",
        )
        self._move(path, target, entry)

    def _move(self, path: Path, target: Path, entry: Entry) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            same_device = os.lstat(path).st_dev == target.parent.stat().st_dev
            os.replace(path, target) if same_device else shutil.move(path, target)  # a link moves as a link
        except FileNotFoundError:
            return
        self.journal.update(entry.id, moved_to=str(target.relative_to(self.inbox)))

    def _first_time(self, name: str, reason: str) -> bool:
        """Is this the first time this condition of this file is met (to log it once, not at every scan)?"""
        if (name, reason) in self._told:
            return False
        self._told.add((name, reason))
        return True

    def _tell_once(self, name: str, reason: str, message: str) -> None:
        if self._first_time(name, reason):
            print(json.dumps({"file": name, "state": reason, "error": message}, ensure_ascii=False), file=self.log, flush=True)

    def _log(self, entry: Entry, seconds: float, **extra) -> None:
        record = {"file": entry.name, "state": entry.state, "sha256": entry.sha256[:16],
                  "output": entry.output, "seconds": round(seconds, 3), **extra}
        if entry.error:
            record["error"] = entry.error
        print(json.dumps(record, ensure_ascii=False), file=self.log, flush=True)

    # --- the loop ------------------------------------------------------------------
    def run(self, *, once: bool = False, poll: bool = False, interval: float = 1.0) -> None:
        """Process what is there, then (unless ``once``) keep watching.  The settle time is
        rounded up to whole scan intervals, so a file is seen unchanged at two scans at least."""
        if self.settle > 0 and interval > 0:
            self.settle = max(math.ceil(self.settle / interval - 1e-9), 2) * interval
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
    safe = Path(safe_name(path.name))
    return safe.stem or safe.name


def safe_name(name: str) -> str:
    """``name`` as outputs and moved originals carry it: control characters replaced, and a
    name longer than ``MAX_NAME_BYTES`` cut with a hash of the whole name, extension kept
    ("Об утверждении ... (118 букв).docx" -> "Об утверждении ...-3f2a9c1d.docx")."""
    clean = _UNSAFE_IN_NAME.sub("_", name)
    if len(os.fsencode(clean)) <= MAX_NAME_BYTES and clean == name:
        return name
    if len(os.fsencode(clean)) <= MAX_NAME_BYTES:
        return clean
    stem, dot, ext = clean.rpartition(".")
    if not dot or len(ext) > 8:
        stem, ext = clean, ""
    tag = "-" + hashlib.sha256(os.fsencode(name)).hexdigest()[:8] + ("." + ext if ext else "")
    room = MAX_NAME_BYTES - len(tag.encode())
    cut = stem.encode()[:room].decode("utf-8", "ignore")
    return cut + tag


class _NotRegular(Exception):
    pass


def _read_nofollow(path: Path) -> bytes:
    """The file's bytes, refusing a symbolic link (``O_NOFOLLOW``) and anything not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _NotRegular("файл — символическая ссылка; ordex читает только обычные файлы, "
                              "положенные в саму входящую папку; положите вместо ссылки копию документа") from exc
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise _NotRegular("это не обычный файл (устройство, канал); положите во входящую папку сам документ")
        return fh.read()


def _signature(path: Path) -> tuple | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(_read_nofollow(path)).hexdigest()
    except (OSError, _NotRegular):
        return None


def _looks_like_document(name: str) -> bool:
    from pipeline.readers import SUPPORTED_EXTENSIONS

    return not name.endswith(".error.txt") and not name.startswith(".~lock") and \
        Path(name).suffix.lower() in SUPPORTED_EXTENSIONS


def _raiser(exc: BaseException) -> Callable[[], dict]:
    def compute() -> dict:
        raise exc

    return compute


def _raise_worker_crashed() -> dict:
    raise WorkerCrashed(
        f"процесс обработки аварийно завершился на этом файле {MAX_WORKER_CRASHES} раза "
        "(вероятно, не хватило памяти); проверьте, не слишком ли велик документ, "
        "или разделите его на части"
    )


def _free_path(path: Path) -> Path:
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1
