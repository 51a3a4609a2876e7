"""The text reader: encodings detected, not assumed; TAB-rendered tables as rows and cells."""

import pytest

from pipeline.readers.text import decode, split_text

SAMPLE = (
    'АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ "ЮЖНЫЙ РАЙОН"\n'
    "ПОСТАНОВЛЕНИЕ\nот 12.03.2025 N 145\n"
    "Об организации летнего отдыха детей. Ёлки, Щёки, Ъ-Ь: ЭЮЯ эюя.\n"
    "1. Руководителям образовательных организаций обеспечить безопасность детей.\n"
)


@pytest.mark.parametrize(
    "encoding, raw",
    [
        ("utf-8", SAMPLE.encode("utf-8")),
        ("utf-8", b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")),
        ("cp1251", SAMPLE.encode("cp1251")),
        ("cp1251", SAMPLE.replace("\n", "\r\n").encode("cp1251")),
        ("koi8-r", SAMPLE.encode("koi8-r")),
        ("cp866", SAMPLE.encode("cp866")),
        ("utf-16", SAMPLE.encode("utf-16")),  # with BOM
        ("utf-16-le", SAMPLE.encode("utf-16-le")),  # without BOM
    ],
)
def test_encoding_detected(encoding, raw):
    text, detected = decode(raw)
    assert text.replace("\r\n", "\n").lstrip("\ufeff") == SAMPLE
    assert detected.replace("-sig", "") == encoding.replace("-sig", "")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_short_capitals_only_text(encoding):
    text = "ПРИКАЗ\nО НАЗНАЧЕНИИ ОТВЕТСТВЕННЫХ\n"
    assert decode(text.encode(encoding))[0] == text


def test_tab_rows_keep_empty_cells():
    from pipeline.readers.text import split_text

    blocks = split_text("№\tМероприятие\tСрок\nI. Раздел\t\t\n\tпродолжение строки\t\n")
    rows: dict[int, list[str]] = {}
    for b in blocks:
        rows.setdefault(b.origin.row, []).append(b.text)
    assert rows == {0: ["№", "Мероприятие", "Срок"], 1: ["I. Раздел", "", ""], 2: ["", "продолжение строки", ""]}


def _paragraphs(text: str) -> list[str]:
    from pipeline.document import Source, build_document
    from pipeline.readers.text import split_text

    doc = build_document(split_text(text), Source(path="x.txt", sha256="0", format="txt"))
    return [doc.slice(b.span) for b in doc.paragraphs()]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a break before punctuation: the line joins without a space
        ("обработкой персональных данных\n, осуществляемой операторами", ["обработкой персональных данных, осуществляемой операторами"]),
        ("в сроки, установленные планом\n; сведения представить", ["в сроки, установленные планом; сведения представить"]),
        ("(далее - Положение\n) и утвердить", ["(далее - Положение) и утвердить"]),
        ("настоящего приказа\n.", ["настоящего приказа."]),
        # stamp and appendix lines open their own block
        ("Министр В.Н. Фальков\nПриложение\nк приказу от 01.02.2024 № 5", ["Министр В.Н. Фальков", "Приложение к приказу от 01.02.2024 № 5"]),
        ("Приложение № 2\nУТВЕРЖДЕНО\nприказом управления", ["Приложение № 2", "УТВЕРЖДЕНО", "приказом управления"]),
        ("Согласовано\nУтверждаю", ["Согласовано", "Утверждаю"]),
        ("Заместитель главы района\nУтверждена", ["Заместитель главы района", "Утверждена"]),
        # an ordinary wrapped line still joins
        ("руководителям организаций\nобеспечить контроль", ["руководителям организаций обеспечить контроль"]),
    ],
)
def test_line_joining(text, expected):
    assert _paragraphs(text) == expected


@pytest.mark.parametrize(
    "table, rows",
    [
        # no border: a leading bar opens an empty first cell (a row continued)
        (" № | Мероприятие        | Срок    | Ответственный\n---+--------------------+---------+--------------\n"
         " 1 | Обновление уголка  | январь  | Педагог\n   | безопасности       |         | организатор\n",
         [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Обновление уголка", "январь", "Педагог"],
          ["", "безопасности", "", "организатор"]]),
        # a border: the bars at the ends are no cells
        ("| № | Мероприятие | Срок |\n|---|---|---|\n| 1 | Акция | май |\n|   | продолжение |   |\n",
         [["№", "Мероприятие", "Срок"], ["1", "Акция", "май"], ["", "продолжение", ""]]),
    ],
)
def test_tables_drawn_with_ascii_bars(table, rows):
    blocks = [b for b in split_text("ПЛАН\n\n" + table) if b.kind == "cell"]
    got: dict[int, list[str]] = {}
    for b in blocks:
        got.setdefault(b.origin.row, []).append(b.text)
    assert list(got.values()) == rows


def _raw_paragraphs(text: str) -> list[str]:
    return [b.text for b in split_text(text) if b.kind == "paragraph"]


def test_letter_blank_typed_in_two_columns_is_read_column_by_column():
    """The issuer's column, then the addressee's: each whole, a line each."""
    blank = (
        "МИНИСТЕРСТВО ФИНАНСОВ                         Главам администраций\n"
        "РЕСПУБЛИКИ КАРЕЛИЯ                            муниципальных районов,\n"
        "                                              муниципальных и городских\n"
        "пр. Ленина, д. 19, г. Петрозаводск,           округов в Республике Карелия\n"
        "Республика Карелия, 185035\n"
        "тел. (8142) 79-91-00\n"
        "\n"
        "26.01.2026 № 1241/07-12/МФ-и\n"
        "\n"
        "О представлении отчетности\n"
    )
    assert _raw_paragraphs(blank) == [
        "МИНИСТЕРСТВО ФИНАНСОВ", "РЕСПУБЛИКИ КАРЕЛИЯ", "пр. Ленина, д. 19, г. Петрозаводск,", "Республика Карелия, 185035",
        "тел. (8142) 79-91-00", "Главам администраций", "муниципальных районов,", "муниципальных и городских",
        "округов в Республике Карелия", "26.01.2026 № 1241/07-12/МФ-и", "О представлении отчетности",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # justified running text: its wide spaces fall at no common column, or are narrow
        "В соответствии   с законом   приказываю:\n1. Провести   проверку школ   района.\n2. Отделу   представить отчет.\n",
        "В соответствии с     законом приказываю:\n1. Провести проверку       школ района.\n",
        # one line with a gap is no blank in columns
        "ПРИКАЗ                                   № 5\n\nО мерах\n",
    ],
)
def test_text_without_blank_columns_is_left_as_it_is(text):
    assert _raw_paragraphs(text) == [b.text for b in split_text(text, wrapped=True) if b.kind == "paragraph"]
    assert "\n".join(_raw_paragraphs(text)).replace("\n", " ").split() == text.split()


def test_two_signatures_side_by_side_are_read_one_after_the_other():
    ending = (
        "6. Настоящее решение вступает в силу со дня его подписания.\n\n"
        "Председатель Совета депутатов                  Глава городского поселения\n"
        "городского поселения поселок                   поселок Красное-на-Волге\n"
        "Красное-на-Волге\n"
        "_______________ И.А. Смирнов                   _______________ В.Н. Быков\n"
    )
    assert _raw_paragraphs(ending)[1:] == [
        "Председатель Совета депутатов", "городского поселения поселок", "Красное-на-Волге", "_______________ И.А. Смирнов",
        "Глава городского поселения", "поселок Красное-на-Волге", "_______________ В.Н. Быков",
    ]


@pytest.mark.parametrize(
    "ending",
    [
        # a position with the name in the right column keeps its rows
        "Начальник управления образования               И.И. Петров\nадминистрации района\n",
        "Глава района                                   _________ И.И. Петров\nЗаречного муниципального\n",
        # a table laid out with spaces: more than two columns
        "1   Проверка пожарной безопасности      до 01.04.2024   Иванов И.И.\n"
        "2   Проверка антитеррористической       до 10.04.2024   Петрова А.А.\n",
    ],
)
def test_rows_that_are_no_two_columns_stay_rows(ending):
    text = "1. Утвердить план.\n\n" + ending
    first_row = ending.split("\n")[0].split()
    assert _raw_paragraphs(text)[1].split()[: len(first_row)] == first_row


def test_bilingual_blank_typed_in_columns_keeps_the_russian_issuer(res):
    """Unfolded, the other language's column follows the Russian type word: it is no issuer."""
    from extractors.requisites import extract_requisites
    from pipeline.document import Source, build_document

    text = (
        "РЕСПУБЛИКА ИНГУШЕТИЯ                        ГӀАЛГӀАЙ РЕСПУБЛИКА\n"
        "АДМИНИСТРАЦИЯ ГОРОДА СУНЖА                  СУНЖА ГӀАЛИ АДМИНИСТРАЦИ\n"
        "РАСПОРЯЖЕНИЕ                                ОМАР\n\n"
        "30.03.2026 № 112-р\n\nО месячнике\n\n1. Провести месячник.\n\nГлава города\t\tИ.И. Петров\n"
    )
    doc = build_document(split_text(text), Source("t.txt", "", "txt"))
    assert extract_requisites(doc, res).issuer.value == "Администрация города Сунжа"
