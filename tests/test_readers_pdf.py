"""PDF layout on pages drawn here with reportlab: stamp blocks, borderless tables, breaks
before punctuation."""

from __future__ import annotations

import pytest

from pipeline.bench import cyrillic_font
from pipeline.readers import read_document

pytestmark = pytest.mark.skipif(cyrillic_font() is None, reason="нет шрифта DejaVuSans")

LEFT, RIGHT, SIZE, LEAD = 70, 540, 11, 14
BODY = (
    "1. Утвердить прилагаемое положение о порядке обработки персональных данных работников "
    "и обучающихся в образовательных организациях района."
)


def _pdf(tmp_path, draw) -> list[str]:
    """Draw one A4 page with ``draw(canvas, string_width)``; return the document's lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(cyrillic_font())))
    path = tmp_path / "page.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVu", SIZE)
    draw(c, lambda text: pdfmetrics.stringWidth(text, "DejaVu", SIZE))
    c.showPage()
    c.save()
    doc = read_document(path)
    return doc.text.splitlines()


def _body(c, y: float) -> float:
    """Two full-width lines of a body paragraph from height ``y``; returns the next height."""
    c.drawString(LEFT, y, BODY[:75])
    c.drawString(LEFT, y - LEAD, BODY[75:])
    return y - 2 * LEAD


STAMP = ["Приложение", "УТВЕРЖДЕН", "приказом управления образования", "администрации района", "от 14.04.2024 № 293"]


@pytest.mark.parametrize("flush_right", [True, False], ids=["flush-right", "tab-aligned"])
def test_stamp_lines_stay_separate(tmp_path, flush_right):
    def draw(c, width):
        y = _body(c, 780)
        c.drawString(LEFT, y - LEAD, "Начальник управления")
        c.drawRightString(RIGHT, y - LEAD, "А.Б. Иванов")
        y -= 3 * LEAD
        for line in STAMP:
            c.drawRightString(RIGHT, y, line) if flush_right else c.drawString(360, y, line)
            y -= LEAD
        c.drawCentredString((LEFT + RIGHT) / 2, y - LEAD, "ПОЛОЖЕНИЕ")

    lines = _pdf(tmp_path, draw)
    at = lines.index("Приложение")
    assert lines[at : at + 2] == ["Приложение", "УТВЕРЖДЕН"]
    assert lines[-2] == "от 14.04.2024 № 293" and lines[-1] == "ПОЛОЖЕНИЕ"


def test_line_starting_with_punctuation_joins_without_space(tmp_path):
    def draw(c, width):
        c.drawString(LEFT, 780, "1. Настоящим законом регулируются отношения, связанные с обработкой данных")
        c.drawString(LEFT, 780 - LEAD, ", осуществляемой органами власти (далее - органы")
        c.drawString(LEFT, 780 - 2 * LEAD, ") и муниципальными органами.")

    assert _pdf(tmp_path, draw) == [
        (
            "1. Настоящим законом регулируются отношения, связанные с обработкой данных, "
            "осуществляемой органами власти (далее - органы) и муниципальными органами."
        )
    ]


CELLS = [
    ("1.", "12.345", (
        "Типовая инструкция по охране труда для работников пищеблока, утвержденная приказом "
        "управления образования администрации района от 11 марта 2022 г. № 77-од"
    )),
    ("2.", "12.346", (
        "Порядок проведения учебной эвакуации обучающихся и персонала, утвержденный распоряжением "
        "комитета по делам молодёжи области от 5 сентября 2023 г. № 310-р"
    )),
    ("3.", "12.350", "Памятка дежурного администратора"),
]


def _wrap(text: str, width, room: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and width(f"{line} {word}") > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


@pytest.mark.parametrize("centred", [False, True], ids=["top-aligned", "centred"])
def test_borderless_table_rows_and_cells(tmp_path, centred):
    def draw(c, width):
        y = _body(c, 780) - LEAD
        for label, code, text in CELLS:
            wrapped = _wrap(text, width, RIGHT - 200)
            label_y = y - (len(wrapped) - 1) * LEAD / 2 if centred else y
            c.drawString(LEFT, label_y, label)
            c.drawString(115, label_y, code)
            for line in wrapped:
                c.drawString(200, y, line)
                y -= LEAD
        _body(c, y - LEAD)

    lines = _pdf(tmp_path, draw)
    rows = [ln.split("\t") for ln in lines if "\t" in ln]
    assert rows == [list(cells) for cells in CELLS]
    assert lines[0].startswith("1. Утвердить") and lines[-1].startswith("1. Утвердить")


def test_two_column_header_blank_is_no_table(tmp_path):
    russian = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "И НАУКИ", "РЕСПУБЛИКИ ТАТАРСТАН"]
    tatar = ["ТАТАРСТАН РЕСПУБЛИКАСЫ", "МӘГАРИФ ҺӘМ ФӘН", "МИНИСТРЛЫГЫ"]

    def draw(c, width):
        for i, (ru, tt) in enumerate(zip(russian, tatar)):
            c.drawString(LEFT, 780 - i * LEAD, ru)
            c.drawString(340, 780 - i * LEAD, tt)
        c.drawCentredString((LEFT + RIGHT) / 2, 720, "ПРИКАЗ")

    lines = _pdf(tmp_path, draw)
    assert not any("\t" in ln for ln in lines)
    assert lines[0].startswith("МИНИСТЕРСТВО ОБРАЗОВАНИЯ") and lines[-1] == "ПРИКАЗ"
    assert all(" ".join(lines).count(w) == 1 for w in russian + tatar)
    assert " ".join(lines).index("МИНИСТРЛЫГЫ") > " ".join(lines).index("РЕСПУБЛИКИ ТАТАРСТАН")


def test_letter_blank_columns_read_each_to_its_end(tmp_path):
    """The issuer's column goes on alone under the addressee's: each column is read whole
    ("ПРОКУРАТУРА / ВОЛХОВСКОГО РАЙОНА" is not split by the addressee)."""
    left = [(0, "ПРОКУРАТУРА"), (1, "РОССИЙСКОЙ ФЕДЕРАЦИИ"), (3, "ПРОКУРАТУРА"), (4, "ЛЕНИНГРАДСКОЙ ОБЛАСТИ"),
            (5, "ПРОКУРАТУРА"), (6, "ВОЛХОВСКОГО РАЙОНА")]
    right = [(0, "Главе администрации"), (1, "Волховского района"), (2, "Ленинградской области"), (4, "Ефремову К.Н.")]

    def draw(c, width):
        for row, text in left:
            c.drawString(LEFT, 790 - row * LEAD, text)
        for row, text in right:
            c.drawString(320, 790 - row * LEAD, text)
        c.drawString(LEFT, 790 - 10 * LEAD, "18.05.2026 № 7-02-2026")
        c.drawCentredString((LEFT + RIGHT) / 2, 790 - 12 * LEAD, "ПРЕДСТАВЛЕНИЕ")

    text = " ".join(_pdf(tmp_path, draw))
    order = [t for _, t in left] + [t for _, t in right] + ["18.05.2026 № 7-02-2026", "ПРЕДСТАВЛЕНИЕ"]
    at = [text.find(t, text.find(order[k - 1]) + 1 if k else 0) for k, t in enumerate(order)]
    assert -1 not in at and at == sorted(at), text


def test_signature_rows_stay_together(tmp_path):
    """Lower down, two signatures in two columns keep their rows: position, then name."""
    def draw(c, width):
        y = _body(c, 780)
        c.drawString(LEFT, y - LEAD, "Председатель территориальной")
        c.drawString(400, y - LEAD, "Н.П. Агафонова")
        c.drawString(LEFT, y - 2 * LEAD, "избирательной комиссии")
        c.drawString(LEFT, y - 4 * LEAD, "Секретарь территориальной")
        c.drawString(400, y - 4 * LEAD, "Е.В. Соколова")
        c.drawString(LEFT, y - 5 * LEAD, "избирательной комиссии")

    lines = _pdf(tmp_path, draw)
    text = "\n".join(lines)
    assert text.index("Агафонова") < text.index("Секретарь")


@pytest.mark.parametrize("size", [9, 12, 14])
def test_words_placed_apart_without_a_space_are_split(tmp_path, size):
    """Writers that position every word (justified lines, LibreOffice exports) leave no space
    character: a gap of a quarter of the font size is a space whatever the size; letters
    spaced apart for emphasis (a small gap) stay one word."""

    def draw(c, width):
        c.setFont("DejaVu", size)
        x = LEFT
        for word in ("ЗАРЕГИСТРИРОВАНО", "в", "реестре"):
            c.drawString(x, 780, word)
            x += pdfmetrics_width(word, size) + 0.27 * size
        text = c.beginText(LEFT, 740)
        text.setFont("DejaVu", size)
        text.setCharSpace(0.08 * size)
        text.textOut("РАСПОРЯЖЕНИЕ")
        c.drawText(text)

    assert _pdf(tmp_path, draw) == ["ЗАРЕГИСТРИРОВАНО в реестре", "РАСПОРЯЖЕНИЕ"]


def pdfmetrics_width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, "DejaVu", size)
