"""Batches on several workers and from the content-hash cache write what one worker writes."""

from __future__ import annotations

import io
import re

import pytest

from pipeline.batch import run_batch
from pipeline.bench import varied_order
from pipeline.cache import ExtractionCache


@pytest.fixture()
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(5):
        (d / f"order_{i}.txt").write_text(varied_order(i, size=1500), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")  # an error is reported in its place, the batch goes on
    (d / "sub").mkdir()
    (d / "sub" / "order_0.txt").write_text(varied_order(7, size=1500), encoding="utf-8")  # a shared stem
    return d


def _files(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _lines(stream: io.StringIO) -> list[str]:
    """The per-file lines without their timings."""
    return [re.sub(r"\s+\d+\.\d+ с.*$", "", line) for line in stream.getvalue().splitlines()[:-1]]


def _run(folder, out, res, **kw):
    stream = io.StringIO()
    outcomes = run_batch([folder], out, res=res, stream=stream, progress=False, **kw)
    return outcomes, stream


def test_two_workers_write_what_one_writes(folder, tmp_path, res):
    one, s1 = _run(folder, tmp_path / "one", res, workers=1)
    two, s2 = _run(folder, tmp_path / "two", res, workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert _lines(s1) == _lines(s2)
    assert [o.path for o in one] == [o.path for o in two]
    assert [o.record for o in one] == [o.record for o in two]
    errors = [o for o in two if o.error]
    assert [(o.path.name, o.error.code) for o in errors] == [("empty.txt", "empty_file")]
    assert "ОШИБКА" in s2.getvalue() and "empty_file" in s2.getvalue()
    assert {"order_0.txt.json", "order_0.json"} - set(_files(tmp_path / "two")) == {"order_0.json"}


def test_cache_serves_unchanged_files_and_forgets_changed_code(folder, tmp_path, res):
    with ExtractionCache(tmp_path / "cache", version="v1") as cache:
        _run(folder, tmp_path / "cold", res, workers=2, cache=cache)
        assert len(cache) == 6  # the empty file is not cached
        warm, stream = _run(folder, tmp_path / "warm", res, workers=2, cache=cache)
        assert _files(tmp_path / "cold") == _files(tmp_path / "warm")
        assert sum(o.cached for o in warm) == 6 and stream.getvalue().count("из кэша") == 6
        (folder / "order_1.txt").write_text(varied_order(11, size=1500), encoding="utf-8")
        changed, _ = _run(folder, tmp_path / "warm", res, workers=1, cache=cache)
        assert [o.path.name for o in changed if not o.cached] == ["empty.txt", "order_1.txt"]
    with ExtractionCache(tmp_path / "cache", version="v2") as cache:  # another extraction version
        again, _ = _run(folder, tmp_path / "v2", res, workers=1, cache=cache)
        assert not any(o.cached for o in again)


def test_cache_names_the_path_of_the_copy_read(folder, tmp_path, res):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    with ExtractionCache(tmp_path / "cache", version="v1") as cache:
        _run(folder, tmp_path / "a", res, cache=cache)
        outcomes, _ = _run(copy, tmp_path / "b", res, cache=cache)
    _run(copy, tmp_path / "c", res)  # no cache
    assert all(o.cached for o in outcomes if not o.error)
    assert _files(tmp_path / "b") == _files(tmp_path / "c")


def test_cli_workers_and_no_cache(folder, tmp_path, monkeypatch, capsys):
    from pipeline.cli import main

    monkeypatch.setenv("ORDEX_CACHE", str(tmp_path / "cache"))
    assert main(["extract", str(folder / "order_2.txt"), "--out", str(tmp_path / "o"), "--workers", "2"]) == 0
    assert main(["extract", str(folder / "order_2.txt"), "--out", str(tmp_path / "o")]) == 0
    assert "из кэша" in capsys.readouterr().out
    assert main(["extract", str(folder / "order_2.txt"), "--out", str(tmp_path / "o"), "--no-cache"]) == 0
    assert "из кэша" not in capsys.readouterr().out
