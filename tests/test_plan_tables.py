"""Plan-table rows as obligations (extractors.plan_tables), on tables of every shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extractors.model import Field, Requisites
from extractors.plan_tables import column_role, extract_table_obligations
from pipeline.document import Document, Origin, RawBlock, Source, build_document
from pipeline.readers import SUPPORTED_EXTENSIONS, read_document
from pipeline.readers.text import split_text

ACT_DATE = date(2025, 11, 14)
REQUISITES = Requisites(date=Field(ACT_DATE))


def make_doc(before: list[str], rows: list[list[str]], after: list[str] = ()) -> Document:
    """Paragraphs, one table (rows of cell texts; "" is an empty cell), paragraphs."""
    blocks = [RawBlock("paragraph", t, Origin(paragraph=i)) for i, t in enumerate(before)]
    for r, row in enumerate(rows):
        blocks += [RawBlock("cell", t, Origin(table=0, row=r, cell=c)) for c, t in enumerate(row)]
    blocks += [RawBlock("paragraph", t, Origin(paragraph=len(before) + i)) for i, t in enumerate(after)]
    return build_document(blocks, Source("composed.docx", "0", "docx"))


def rows_of(doc: Document, res) -> list[tuple]:
    return [
        (o.clause, o.action, [e.name for e in o.executors], o.deadline.kind, o.deadline.date)
        for o in extract_table_obligations(doc, res, REQUISITES)
    ]


CAPTION = ["Приложение № 2", "к приказу от 14.11.2025 № 5", "План мероприятий"]
HEADER = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный исполнитель"]


@pytest.mark.parametrize(
    "header, expected",
    [
        ("№", "number"), ("№ п/п", "number"), ("N п/п", "number"), ("п/п", "number"),
        ("Мероприятие", "action"), ("Наименование мероприятия", "action"), ("Содержание", "action"),
        ("Наименование работ", "action"), ("Срок", "deadline"), ("Срок исполнения мероприятия", "deadline"),
        ("Дата", "deadline"), ("Период", "deadline"), ("Исполнитель", "executor"), ("Ответственный", "executor"),
        ("Ответственные исполнители мероприятия", "executor"), ("Ответственный за исполнение", "executor"),
        ("Ожидаемый результат исполнения мероприятия", "ignored"), ("Форма завершения", "ignored"),
        ("Отметка об исполнении", "ignored"), ("Ф.И.О.", None), ("Должность", None), ("Сумма, тыс. руб.", None),
        ("Содержание мероприятий", "action"), ("Срок исполнения (дата)", "deadline"), ("Дата проведения", "deadline"),
        ("Ответственные", "executor"), ("Исполнители", "executor"), ("Соисполнители", "executor"),
        ("Отметка о выполнении", "ignored"), ("Примечание", "ignored"), ("Источник финансирования", "ignored"),
        ("Объем финансирования, тыс. руб.", "ignored"), ("Ожидаемый результат", "ignored"),
        ("Наименование образовательной организации", None), ("Подпись", None), ("Кабинет", None),
    ],
)
def test_column_roles(header, expected):
    assert column_role(header) == expected


def test_four_columns_with_numbered_caption(res):
    doc = make_doc(CAPTION, [
        HEADER,
        ["1.", "Назначение ответственных лиц", "до 19.11.2025",
         "заместители главы администрации; руководители подведомственных организаций"],
        ["2.", "Регистрация сотрудников в мессенджере", "до 15 декабря 2025 года", "Отдел кадров"],
    ])
    assert rows_of(doc, res) == [
        ("Приложение 2, п. 1", "Назначение ответственных лиц",
         ["Заместители главы администрации", "Руководители подведомственных организаций"], "date", date(2025, 11, 19)),
        ("Приложение 2, п. 2", "Регистрация сотрудников в мессенджере", ["Отдел кадров"], "date", date(2025, 12, 15)),
    ]


def test_columns_in_any_order_and_ignored_columns(res):
    doc = make_doc(["ПРИЛОЖЕНИЕ 1"], [
        ["Срок", "Ответственные исполнители", "Ожидаемый результат", "Мероприятие", "№", "Отметка об исполнении"],
        ["до 01.12.2025", "Отдел образования", "Создан чат", "Создание рабочих чатов", "1", ""],
    ])
    assert rows_of(doc, res) == [
        ("Приложение 1, п. 1", "Создание рабочих чатов", ["Отдел образования"], "date", date(2025, 12, 1)),
    ]


def test_three_columns_without_number_column_are_counted(res):
    doc = make_doc(["Приложение", "к распоряжению администрации"], [
        ["Мероприятие", "Срок", "Ответственный"],
        ["Провести совещание", "до 01.12.2025", "Глава поселения"],
        ["Подготовить отчёт", "до 10.12.2025", "Глава поселения"],
    ])
    assert [r[0] for r in rows_of(doc, res)] == ["Приложение, п. 1", "Приложение, п. 2"]


def test_repeated_header_and_column_numbers_are_skipped(res):
    doc = make_doc(CAPTION, [
        HEADER,
        ["1", "2", "3", "4"],
        ["1.", "Провести совещание", "до 01.12.2025", "Глава поселения"],
        HEADER,  # repeated on the next page
        ["1", "2", "3", "4"],
        ["2.", "Подготовить отчёт", "до 10.12.2025", "Глава поселения"],
    ])
    assert [(r[0], r[1]) for r in rows_of(doc, res)] == [
        ("Приложение 2, п. 1", "Провести совещание"), ("Приложение 2, п. 2", "Подготовить отчёт"),
    ]


def test_vertically_merged_cells_are_inherited(res):
    doc = make_doc(CAPTION, [
        HEADER,
        ["1.", "Провести совещание", "до 01.12.2025", "Глава поселения"],
        ["2.", "Подготовить отчёт", "", ""],  # merged with the cells above
        ["3.", "Направить отчёт", "до 20.12.2025", "Отдел кадров"],
    ])
    assert [(r[2], r[4]) for r in rows_of(doc, res)] == [
        (["Глава поселения"], date(2025, 12, 1)),
        (["Глава поселения"], date(2025, 12, 1)),
        (["Отдел кадров"], date(2025, 12, 20)),
    ]


def test_row_continued_on_next_page_is_merged(res):
    doc = make_doc(CAPTION, [
        HEADER,
        ["1.", "Разработка и утверждение порядка", "до 01.12.2025", "Отдел образования"],
        HEADER,
        ["", "взаимодействия с родителями обучающихся", "", ""],
        ["2.", "Подготовить отчёт", "до 10.12.2025", "Отдел кадров"],
    ])
    got = rows_of(doc, res)
    assert [r[1] for r in got] == [
        "Разработка и утверждение порядка взаимодействия с родителями обучающихся", "Подготовить отчёт",
    ]
    assert got[0][2] == ["Отдел образования"]


def test_section_rows_are_no_obligations(res):
    doc = make_doc(CAPTION, [
        HEADER,
        ["1. Организационные мероприятия"] * 4,  # a merged cell repeated across the row
        ["1.1", "Провести совещание", "до 01.12.2025", "Глава поселения"],
        ["2. Информирование населения", "", "", ""],  # a merged cell given once
        ["2.1", "Разместить информацию на сайте", "постоянно", "Отдел информатизации"],
        # the section's number in the number column, its name in the action column
        ["3.", "Мониторинг и отчетность", "", ""],
        ["3.1.", "Представить отчет", "до 25.12.2025", "Отдел информатизации"],
    ])
    assert [(r[0], r[1]) for r in rows_of(doc, res)] == [
        ("Приложение 2, п. 1.1", "Провести совещание"),
        ("Приложение 2, п. 2.1", "Разместить информацию на сайте"),
        ("Приложение 2, п. 3.1", "Представить отчет"),
    ]


def test_numbering_restarted_in_sections_gets_the_section_number(res):
    doc = make_doc(CAPTION, [
        HEADER,
        ["1. Организационные мероприятия", "", "", ""],
        ["1", "Провести совещание", "до 01.12.2025", "Глава поселения"],
        ["2", "Утвердить график", "до 05.12.2025", "Глава поселения"],
        ["2. Информирование населения", "", "", ""],
        ["1", "Разместить информацию на сайте", "до 10.12.2025", "Отдел информатизации"],
    ])
    assert [r[0] for r in rows_of(doc, res)] == [
        "Приложение 2, п. 1.1", "Приложение 2, п. 1.2", "Приложение 2, п. 2.1",
    ]


def test_table_in_the_body(res):
    doc = make_doc(
        ["ПРИКАЗ", "1. Утвердить следующие мероприятия:"],
        [["№", "Мероприятие", "Срок"], ["1", "Провести инвентаризацию", "до 01.12.2025"]],
        ["2. Контроль за исполнением приказа оставляю за собой."],
    )
    assert rows_of(doc, res) == [("Таблица, п. 1", "Провести инвентаризацию", [], "date", date(2025, 12, 1))]


@pytest.mark.parametrize(
    "caption, label",
    [
        (["УТВЕРЖДЕН", "приказом управления от 14.11.2025 № 5", "(приложение № 3)"], "Приложение 3"),
        (["Приложение 4 к постановлению администрации"], "Приложение 4"),
        (["УТВЕРЖДЕНО", "распоряжением администрации", "от 14.11.2025 № 558", "План мероприятий по переходу"],
         "Приложение 1"),  # the act cites "приложению № 1" for the plan
    ],
)
def test_appendix_label(res, caption, label):
    body = ["1. Утвердить план мероприятий по переходу согласно приложению № 1 к настоящему распоряжению.",
            "2. Утвердить состав рабочей группы согласно приложению № 2."]
    doc = make_doc(body + caption, [HEADER, ["1.", "Провести совещание", "до 01.12.2025", "Глава поселения"]])
    assert rows_of(doc, res)[0][0] == f"{label}, п. 1"


@pytest.mark.parametrize(
    "rows",
    [
        [["№ п/п", "Ф.И.О.", "Должность"], ["1", "Иванов И.И.", "председатель комиссии"]],  # membership
        [["Наименование трансферта", "Сумма, тыс. руб."], ["Межбюджетный трансферт", "0,100"]],  # budget
        [["№", "Наименование улицы", "Номера домов"], ["1", "ул. Ленина", "1-15"]],  # street list
        [["Директор", "", "И.И. Иванов"]],  # signature
        [["(подпись)", "(расшифровка подписи)"]],
    ],
)
def test_tables_that_are_no_plans_give_nothing(res, rows):
    assert rows_of(make_doc(CAPTION, rows), res) == []


def test_tab_separated_text_table(res):
    text = (
        "Приложение № 1\nк распоряжению\n\n"
        "№ п.п.\tНаименование мероприятия\tСрок выполнения\tИсполнитель\n"
        "1.\tИнформирование сотрудников\tдо 12.12.2025\tзаместители главы; руководители организаций\n"
        "\n"  # a blank line inside the table
        "2.\tЛичный пример использования\tпостоянно\tзаместители главы\n"
    )
    doc = build_document(split_text(text), Source("plan.txt", "0", "txt"))
    got = rows_of(doc, res)
    assert [(r[0], r[2], r[3]) for r in got] == [
        ("Приложение 1, п. 1", ["Заместители главы", "Руководители организаций"], "date"),
        ("Приложение 1, п. 2", ["Заместители главы"], "permanent"),
    ]


def test_evidence_spans(res):
    doc = make_doc(CAPTION, [HEADER, ["1.", "Провести совещание", "до 01.12.2025", "Глава поселения"]])
    (o,) = extract_table_obligations(doc, res, REQUISITES)
    assert doc.slice(o.action_span) == "Провести совещание"
    assert "Провести совещание" in doc.slice(o.span) and "Глава поселения" in doc.slice(o.span)
    if o.deadline.span is not None:
        assert doc.slice(o.deadline.span) in "до 01.12.2025"
    assert o.source == "table" and o.modality == "mandatory"


@pytest.mark.skipif(".docx" not in SUPPORTED_EXTENSIONS, reason="no .docx reader yet")
def test_real_docx_table(res, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Приложение № 1")
    d.add_paragraph("к приказу от 14.11.2025 № 5")
    table = d.add_table(rows=3, cols=4)
    for r, row in enumerate([HEADER,
                             ["1.", "Провести совещание", "до 01.12.2025", "Глава поселения"],
                             ["2.", "Подготовить отчёт", "до 10.12.2025", "Отдел кадров"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "plan.docx"
    d.save(path)
    got = rows_of(read_document(path), res)
    assert [(r[0], r[2], r[4]) for r in got] == [
        ("Приложение 1, п. 1", ["Глава поселения"], date(2025, 12, 1)),
        ("Приложение 1, п. 2", ["Отдел кадров"], date(2025, 12, 10)),
    ]


def test_grouped_deadline_header_takes_the_end_column(res):
    doc = make_doc(CAPTION, [
        ["№", "Наименование работ", "Сроки выполнения", "Исполнители"],  # "Сроки" spans two columns
        ["", "", "начало", "окончание", ""],
        ["1", "Ремонт кровли", "01.06.2025", "15.07.2025", "Подрядчик"],
    ])
    doc = make_doc(CAPTION, [
        ["№", "Наименование работ", "Сроки выполнения", "", "Исполнители"],
        ["", "", "начало", "окончание", ""],
        ["1", "Ремонт кровли", "01.06.2025", "15.07.2025", "Подрядчик"],
    ])
    assert rows_of(doc, res) == [("Приложение 2, п. 1", "Ремонт кровли", ["Подрядчик"], "date", date(2025, 7, 15))]


def test_co_executors_are_executors_too(res):
    doc = make_doc(CAPTION, [
        ["№ п/п", "Мероприятие", "Срок", "Исполнители", "", "Объем финансирования"],
        ["", "", "", "Ответственный исполнитель", "Соисполнители", ""],
        ["1.", "Установить приборы учета", "II квартал 2025 г.", "Заместитель директора", "Главный бухгалтер", "350,0"],
    ])
    assert rows_of(doc, res)[0][2] == ["Заместитель директора", "Главный бухгалтер"]


def test_header_split_over_two_rows_and_caption_row(res):
    doc = make_doc(["Приложение 5"], [
        ["План противопожарных мероприятий на 2025 год", "", "", ""],
        ["№", "Наименование мероприятий", "Срок", "Ответственный"],
        ["", "", "исполнения", "исполнитель"],
        ["1", "Провести проверку огнетушителей", "до 15.04.2025", "Заведующий хозяйством"],
    ])
    assert rows_of(doc, res) == [
        ("Приложение 5, п. 1", "Провести проверку огнетушителей", ["Заведующий хозяйством"], "date", date(2025, 4, 15)),
    ]


def test_table_continued_after_a_section_line(res):
    text = (
        "Приложение № 3\n\n"
        "№ п/п\tНаименование мероприятия\tСрок\tОтветственный\n"
        "1\tПривести локальные акты в соответствие\tдо 01.06.2025\tДиректор\n"
        "\nII. Кадровое обеспечение\n\n"  # the text reader takes a section line for a paragraph
        "1\tОрганизовать курсы\tдо 01.10.2025\tЗаместитель директора\n"
    )
    doc = build_document(split_text(text), Source("plan.txt", "0", "txt"))
    assert [(r[0], r[2], r[4]) for r in rows_of(doc, res)] == [
        ("Приложение 3, п. 1", ["Директор"], date(2025, 6, 1)),
        ("Приложение 3, п. II.1", ["Заместитель директора"], date(2025, 10, 1)),
    ]


def test_a_table_with_its_own_header_is_not_a_continuation(res):
    doc = make_doc(CAPTION, [HEADER, ["1.", "Провести совещание", "до 01.12.2025", "Глава поселения"]])
    blocks = [RawBlock("paragraph", "Приложение № 2", Origin(paragraph=0))]
    for t, rows in enumerate([
        [HEADER, ["1.", "Провести совещание", "до 01.12.2025", "Глава поселения"]],
        [["№", "Ф.И.О.", "Должность", "Телефон"], ["1", "Иванов И.И.", "директор", "22-33-44"]],
    ]):
        for r, cells in enumerate(rows):
            blocks += [RawBlock("cell", x, Origin(table=t, row=r, cell=c)) for c, x in enumerate(cells)]
    doc = build_document(blocks, Source("two.docx", "0", "docx"))
    assert [r[1] for r in rows_of(doc, res)] == ["Провести совещание"]


DEVSET = Path(__file__).parent / "devset_tables"


@pytest.mark.skipif(".docx" not in SUPPORTED_EXTENSIONS, reason="no .docx reader yet")
@pytest.mark.parametrize("gold", sorted((DEVSET / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_devset_tables(res, gold):
    """The composed plan-table documents (tests/devset_tables/make_devset.py): every table
    row as annotated, nothing from tables that are no plans."""
    (path,) = (DEVSET / "docs").glob(f"{gold.stem}.*")
    want = [
        (o["clause"], o["executors"], o["deadline"]["kind"], o["deadline"].get("date"))
        for o in json.loads(gold.read_text(encoding="utf-8"))["obligations"]
        if o["source"] == "table"
    ]
    got = [
        (o.clause, [e.name for e in o.executors], o.deadline.kind,
         o.deadline.date.isoformat() if o.deadline.date else None)
        for o in extract_table_obligations(read_document(path), res, Requisites(date=Field(date(2025, 3, 14))))
    ]
    assert got == want


def test_a_protocols_table_of_tasks_in_its_body(res, tmp_path):
    """A protocol's «РЕШИЛИ:» as a table of поручения: rows are obligations; the chairman,
    not the secretary under him, signs."""
    import docx

    from pipeline.extract import extract
    from pipeline.readers import read_document

    d = docx.Document()
    for text in ("ПРОТОКОЛ № 3", "совещания по подготовке к отопительному сезону", "Председательствовал: И.И. Петров", "РЕШИЛИ:"):
        d.add_paragraph(text)
    rows = [("№", "Поручение", "Ответственный", "Срок"),
            ("1", "Завершить ремонт тепловых сетей", "МУП «Теплосеть»", "до 01.09.2025"),
            ("2", "Представлять информацию о ходе работ", "Управление ЖКХ", "еженедельно по понедельникам")]
    table = d.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    d.add_paragraph("Председатель\tИ.И. Петров")
    d.add_paragraph("Секретарь\tА.А. Смирнова")
    path = tmp_path / "protocol.docx"
    d.save(path)
    found = extract(read_document(path), res)
    assert [(o.action, [e.name for e in o.executors], o.deadline.kind) for o in found.obligations] == [
        ("Завершить ремонт тепловых сетей", ["МУП «Теплосеть»"], "date"),
        ("Представлять информацию о ходе работ", ["Управление ЖКХ"], "periodic"),
    ]
    assert found.requisites.signatory.name == "И.И. Петров"
