"""The Document model: one text, blocks as spans, a way back to the raw text."""

import pytest

from pipeline.document import Origin, RawBlock, Source, Span, build_document
from pipeline.normalise import normalise_block

SRC = Source(path="x.txt", sha256="0", format="txt")


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("**ПРИКАЗ**", "ПРИКАЗ"),
        ("Р А С П О Р Я Ж Е Н И Е", "РАСПОРЯЖЕНИЕ"),
        ("П Р И К А З", "ПРИКАЗ"),
        ("[bookmark: _GoBack]О запрете", "О запрете"),
        ("от\u00a012.10.2023", "от 12.10.2023"),
        ("инфор\u00adмации", "информации"),
        ("│ 1 │ Провести │", "1 Провести"),
        ("информаци-\nонных систем", "информационных систем"),
        ("в качестве средства\nмгновенного обмена", "в качестве средства мгновенного обмена"),
        ("E-mail: [a@b.ru](mailto:a@b.ru)", "E-mail: a@b.ru"),
        ("два  пробела", "два пробела"),
    ],
)
def test_normalise_cleans_artefacts(raw, clean):
    text, offsets = normalise_block(raw)
    assert text == clean
    if offsets is not None:
        assert len(offsets) == len(text)
        # every kept character maps back to the same character of the raw text
        for i, ch in enumerate(text):
            if ch != " ":
                assert raw[offsets[i]] == ch


def test_blocks_are_spans_into_one_text():
    doc = build_document(
        [
            RawBlock("paragraph", "**ПРИКАЗ**", Origin(paragraph=0)),
            RawBlock("paragraph", "12", Origin(paragraph=1)),  # a stray page number
            RawBlock("cell", "№", Origin(table=0, row=0, cell=0)),
            RawBlock("cell", "Мероприятие", Origin(table=0, row=0, cell=1)),
            RawBlock("cell", "1.", Origin(table=0, row=1, cell=0)),
            RawBlock("cell", "Провести", Origin(table=0, row=1, cell=1)),
        ],
        SRC,
    )
    assert doc.text == "ПРИКАЗ\n№\tМероприятие\n1.\tПровести"
    for b in doc.blocks:
        assert doc.text[b.span.start : b.span.stop] == doc.slice(b.span)
    assert [len(r) for r in doc.tables[0].rows] == [2, 2]
    cell = doc.block_at(doc.text.index("Провести"))
    assert (cell.origin.table, cell.origin.row, cell.origin.cell) == (0, 1, 1)
    ev = doc.evidence(Span(doc.text.index("Провести"), len(doc.text)))
    assert ev["text"] == "Провести" and ev["row"] == 1


def test_word_numbering_is_part_of_the_text():
    doc = build_document([RawBlock("paragraph", "Провести проверку", numbering="1.1.")], SRC)
    assert doc.text == "1.1. Провести проверку"
    assert doc.blocks[0].raw_offset(5) == 0


@pytest.mark.parametrize(
    "raw, clean",
    [
        # a scan's specks before a clause number go
        ("_.1. Провести спартакиаду.", "1. Провести спартакиаду."),
        ("|2. Отделу обеспечить.", "2. Отделу обеспечить."),
        ("«О мерах по обеспечению»", "«О мерах по обеспечению»"),
        ("1.5 млн рублей", "1.5 млн рублей"),
        # a word a narrow cell broke without a hyphen is joined again
        ("ежеквартальн\nо", "ежеквартально"),
        ("незамедлительн\nо", "незамедлительно"),
        # a word hyphenated by syllables is joined; a compound keeps its hyphen
        ("информаци-\nонных систем", "информационных систем"),
        ("жилищно-\nкоммунального хозяйства", "жилищно-коммунального хозяйства"),
        ("УПРАВЛЕНИЕ ЖИЛИЩНО-\nКОММУНАЛЬНОГО ХОЗЯЙСТВА", "УПРАВЛЕНИЕ ЖИЛИЩНО-КОММУНАЛЬНОГО ХОЗЯЙСТВА"),
        ("Кабардино-\nБалкарской Республики", "Кабардино-Балкарской Республики"),
        # two words stay two
        ("персональных данных\nосуществляемой", "персональных данных осуществляемой"),
        ("отчет\nо работе", "отчет о работе"),
        ("не\nдостаток", "не достаток"),
    ],
)
def test_artefacts_of_scans_and_narrow_cells(raw, clean):
    assert normalise_block(raw)[0] == clean
