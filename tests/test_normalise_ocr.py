"""OCR repairs of the normaliser: Tesseract's confusions of Russian print, offsets kept."""

from __future__ import annotations

import pytest

from pipeline.normalise import normalise_block


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Федеральным законом от 06.10.2003 М 131-ФЗ", "Федеральным законом от 06.10.2003 № 131-ФЗ"),
        ("Распоряжение от 02.06.2010 г. М 44", "Распоряжение от 02.06.2010 г. № 44"),
        ("от 22.10.2004 М165-3С", "от 22.10.2004 №165-ЗС"),
        ("Областным законом от 22.10.2004 № 165-3С «О ...»", "Областным законом от 22.10.2004 № 165-ЗС «О ...»"),
        ("Законом от 12.05.2009 № 25-О3", "Законом от 12.05.2009 № 25-ОЗ"),
        ("З.Контроль за выполнением возложить", "3.Контроль за выполнением возложить"),
        ("З.1. Отделу образования", "3.1. Отделу образования"),
        # what stays: initials, a size in mm, a real digit of a house number, М as a word
        ("З.А. Иванова, главный специалист", "З.А. Иванова, главный специалист"),
        ("в 2010 году М. Петров прибыл", "в 2010 году М. Петров прибыл"),
        ("дом 12-3, кв. 4", "дом 12-3, кв. 4"),
        ("Заместителю главы", "Заместителю главы"),
    ],
)
def test_ocr_confusions_repaired(raw, clean):
    text, offsets = normalise_block(raw)
    assert text == clean
    if offsets is not None:
        assert len(offsets) == len(text)
        assert all(raw[o] == c for o, c in zip(offsets, text) if c not in "№3З")
