"""Every output validates against the JSON Schema we publish, and every span points at its words."""

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.extract import extract
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "pipeline/schema/output.schema.json").read_text(encoding="utf-8"))
TEXT_DOCS = sorted((ROOT / "corpus").glob("*.txt"))


def _spans(node):
    if isinstance(node, dict):
        if {"start", "stop", "text"} <= node.keys():
            yield node
        for v in node.values():
            yield from _spans(v)
    elif isinstance(node, list):
        for v in node:
            yield from _spans(v)


@pytest.mark.parametrize("path", TEXT_DOCS, ids=lambda p: p.stem)
def test_output_matches_schema_and_spans(path, res):
    extraction = extract(read_document(path), res)
    out = json.loads(json.dumps(extraction.to_json(), ensure_ascii=False))
    jsonschema.validate(out, SCHEMA)
    text = out["layout"]["text"]
    for span in _spans({k: v for k, v in out.items() if k != "layout"}):
        assert text[span["start"] : span["stop"]] == span["text"]
