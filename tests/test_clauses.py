"""Clause structure: the dispositive part and its tree, over composed texts."""

import pytest

from extractors.clauses import find_dispositive, is_signature_line, parse_clauses
from pipeline.document import Source, build_document
from pipeline.readers.text import split_text


def make_doc(text: str):
    return build_document(split_text(text), Source("test.txt", "", "txt"))


def tree(text: str) -> list[tuple]:
    """(number, level, style, first words) of every clause, depth first."""
    doc = make_doc(text)
    out = []
    for root in parse_clauses(doc):
        for c in root.walk():
            out.append((c.number, c.level, c.text(doc).split("\n")[0][:20]))
    return out


HEAD = "ПРИКАЗ\n\nО мерах\n\nВ целях обеспечения работы приказываю:\n\n"
SIGN = "\n\nДиректор школы И.И. Иванов\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        # decimal numbering, glued and spaced, with and without trailing dot
        ("1. Провести сбор.\n\n2. Обеспечить учет.",
         [("1", 1, "Провести сбор."), ("2", 1, "Обеспечить учет.")]),
        ("1.Провести сбор.\n\n2.Обеспечить учет.",
         [("1", 1, "Провести сбор."), ("2", 1, "Обеспечить учет.")]),
        ("1. Директорам школ:\n\n1.1. провести сбор;\n\n1.2 обеспечить учет.\n\n2. Отделу провести.",
         [("1", 1, "Директорам школ:"), ("1.1", 2, "провести сбор;"), ("1.2", 2, "обеспечить учет."), ("2", 1, "Отделу провести.")]),
        ("1. Отделу:\n\n1.1. Осуществлять контроль за:\n\n1.1.1. Ведением учета.\n\n1.2. Провести.",
         [("1", 1, "Отделу:"), ("1.1", 2, "Осуществлять контрол"), ("1.1.1", 3, "Ведением учета."), ("1.2", 2, "Провести.")]),
        # letters under a numbered clause: "2а"
        ("1. Утвердить план.\n\n2. Рекомендовать школам:\n\nа) обеспечить переход;\n\nб) исключить использование.",
         [("1", 1, "Утвердить план."), ("2", 1, "Рекомендовать школам"), ("2а", 2, "обеспечить переход;"), ("2б", 2, "исключить использова")]),
        ("1. Школам:\n\n«а» обеспечить переход;\n\n«б» исключить.",
         [("1", 1, "Школам:"), ("1а", 2, "обеспечить переход;"), ("1б", 2, "исключить.")]),
        # "5.1)" — decimal numbers closed by a bracket
        ("5. Отделу ЖКХ:\n\n5.1) провести обследование;\n\n5.2) представлять информацию.",
         [("5", 1, "Отделу ЖКХ:"), ("5.1", 2, "провести обследовани"), ("5.2", 2, "представлять информа")]),
        # an "Исполнитель:" line with a term is the clause's attribute, not the отметка об исполнителе
        ("1. Сформировать рабочую группу.\n\nИсполнитель: отдел растениеводства, срок – до 15 июля 2025 г.\n\n2. Провести.",
         [("1", 1, "Сформировать рабочую"), ("2", 1, "Провести.")]),
        # "1)" items under a numbered clause
        ("1. Школам:\n\n1) обеспечить переход;\n\n2) исключить.",
         [("1", 1, "Школам:"), ("1.1", 2, "обеспечить переход;"), ("1.2", 2, "исключить.")]),
        # dashes under a clause ending with ":"; bullets glued to the text
        ("1. Обеспечить использование средств:\n\n- мессенджер;\n\n– сервисы.\n\n2. Провести.",
         [("1", 1, "Обеспечить использов"), (None, 2, "мессенджер;"), (None, 2, "сервисы."), ("2", 1, "Провести.")]),
        ("1. Передать полномочия:\n\n-утверждение стоимости;\n\n•согласование.",
         [("1", 1, "Передать полномочия:"), (None, 2, "утверждение стоимост"), (None, 2, "согласование.")]),
        # a dash before a number is list rendering (Markdown): "- 2.1 пройти"
        ("2. Сотрудникам:\n\n- 2.1 пройти регистрацию;\n\n- 2.2 создать чаты.",
         [("2", 1, "Сотрудникам:"), ("2.1", 2, "пройти регистрацию;"), ("2.2", 2, "создать чаты.")]),
        # the same number twice (numbering error) keeps both
        ("4. Отделу провести.\n\n4. Контроль оставляю за собой.",
         [("4", 1, "Отделу провести."), ("4", 1, "Контроль оставляю за")]),
        # roman sections
        ("I. Общие меры\n\n1. Провести.\n\nII. Контроль\n\n2. Проверить.",
         [("I", 1, "Общие меры"), ("1", 2, "Провести."), ("II", 1, "Контроль"), ("2", 2, "Проверить.")]),
        # nested quotes sharing their closing one do not hold the next clause inside them
        ("2. МКУ «Служба района «Заречный район» (Иванов И.И.) информировать главу.\n\n3. Отделу провести.",
         [("2", 1, "МКУ «Служба района «"), ("3", 1, "Отделу провести.")]),
        # "Пункт 1." spelled out, "1)" items under it
        ("Пункт 1. Отделу:\n\n1) провести сбор;\n\n2) обеспечить учет.\n\nПункт 2. Школам провести.",
         [("1", 1, "Отделу:"), ("1.1", 2, "провести сбор;"), ("1.2", 2, "обеспечить учет."), ("2", 1, "Школам провести.")]),
        # unnumbered act: each paragraph a clause
        ("Отделу образования провести проверку.\n\nШколам обеспечить учет.",
         [(None, 1, "Отделу образования п"), (None, 1, "Школам обеспечить уч")]),
    ],
)
def test_clause_tree(body, expected):
    assert tree(HEAD + body + SIGN) == expected


@pytest.mark.parametrize(
    "body, attributes",
    [
        ("1. Провести анализ.\n\nСрок: до 01.09.2019\n\n2. Вести учет.", {"1": ["Срок: до 01.09.2019"], "2": []}),
        ("1. Провести анализ.\n\nСрок исполнения – 1 марта\n\n2. Вести учет.", {"1": ["Срок исполнения – 1 марта"], "2": []}),
        ("1. Провести анализ.\n\nОтветственный: Иванов И.И.", {"1": ["Ответственный: Иванов И.И."]}),
        # a clause's "Исполнитель:" column (the отметка об исполнителе has a phone and ends the part)
        ("1. Провести анализ.\n\nИсполнитель: отдел образования", {"1": ["Исполнитель: отдел образования"]}),
        ("1. Провести анализ.\n\nИсполнитель: Иванова И.И., 8(87239) 2-15-63", {"1": []}),
    ],
)
def test_attribute_lines_belong_to_the_clause_before(body, attributes):
    doc = make_doc(HEAD + body + SIGN)
    got = {c.number: [doc.slice(s) for _, s in c.attributes] for r in parse_clauses(doc) for c in r.walk()}
    assert got == attributes


@pytest.mark.parametrize(
    "text, opening",
    [
        ("ПРИКАЗ\n\nВ целях ... приказываю:\n\n1. Провести.", "приказываю"),
        ("ПРИКАЗ\n\nВ целях ...\n\nПРИКАЗЫВАЮ:\n\n1. Провести.", "ПРИКАЗЫВАЮ"),
        ("ПОСТАНОВЛЕНИЕ\n\nВ соответствии с ... постановляю:\n\n1. Провести.", "постановляю"),
        ("РЕШЕНИЕ\n\nСовет депутатов РЕШИЛ:\n\n1. Направить.", "РЕШИЛ"),
        ("РАСПОРЯЖЕНИЕ\n\nВ целях ...:\n\n1. Провести.", None),  # by the first clause
        ("РАСПОРЯЖЕНИЕ\n\nВ соответствии с письмом, -\n\n1. Определить.", None),
        # letters: "просим Вас:", the issuer in the third person "... и просит:"
        ("Письмо\n\nВ целях организации отдыха просим Вас:\n\n1) обеспечить охват.", "просим"),
        ("Письмо\n\nКомитет информирует о проведении акции и просит:\n\n1. Довести информацию.", "просит"),
        # letter-spaced opening words; a court's ruling
        ("УКАЗ\n\nВ целях ... п о с т а н о в л я ю:\n\n1. Провести.", "постановляю"),
        ("ПРИКАЗ\n\nВ целях ...\n\nП Р И К А З Ы В А Ю:\n\n1. Провести.", "ПРИКАЗЫВАЮ"),
        ("ОПРЕДЕЛЕНИЕ\n\nсуд у с т а н о в и л:\n\n1. Заявитель обратился.\n\nо п р е д е л и л:\n\n1. Отказать.", "определил"),
    ],
)
def test_dispositive_opening(text, opening):
    part = find_dispositive(make_doc(text + SIGN))
    assert part is not None and part.opening == opening


@pytest.mark.parametrize(
    "text",
    [
        # clause one after an approval stamp or an appendix heading is an appendix's
        "УТВЕРЖДЕНЫ\nприказом министерства\n\nПравила\n\n1. Данные хранятся в сейфе.",
        "Приложение N 1\nк приказу\n\nПорядок\n\n1. Работникам провести учет.",
        "Приложение УТВЕРЖДЕНО приказом\n\n1. Работникам провести учет.",
        # ... or after the signature of an unnumbered part
        "ПРИКАЗ\n\nО мерах\n\nУтвердить прилагаемые правила.\n\nМинистр   С.А. Петров\n\nПравила\n\n1. Провести учет.",
        # a law's numbered parts follow "Статья N"
        "ЗАКОН\n\nСтатья 1. Сфера действия\n\n1. Настоящий закон регулирует отношения.",
    ],
)
def test_no_dispositive_part_by_numbering(text):
    assert find_dispositive(make_doc(text)) is None


def test_dispositive_part_without_an_opening_word_starts_at_punkt_1():
    doc = make_doc("РАСПОРЯЖЕНИЕ\n\nВ целях уборки урожая:\n\nПункт 1. Отделу провести смотр.\n\nПункт 2. Школам провести." + SIGN)
    part = find_dispositive(doc)
    assert part is not None and doc.text[part.span.start :].startswith("Пункт 1.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Распоряжение В целях отдыха: 1. Провести сбор. 2. Обеспечить учет. Глава И.И. Иванов",
         [("1", 1, "Провести сбор."), ("2", 1, "Обеспечить учет. Гла")]),
        # one "1." after a sentence is a citation, not a list
        ("РАСПОРЯЖЕНИЕ\n\n1. Провести сбор согласно п. 1. Положения о сборе.\n\n2. Обеспечить учет." + SIGN,
         [("1", 1, "Провести сбор соглас"), ("2", 1, "Обеспечить учет.")]),
    ],
)
def test_clauses_run_into_one_paragraph(text, expected):
    assert tree(text) == expected


def test_letter_has_no_dispositive_part():
    assert find_dispositive(make_doc("Руководителям ОО\n\nПросим направить информацию до 1 марта.")) is None


@pytest.mark.parametrize(
    "ending",
    [
        "Глава администрации\n\nЕ.Н. Камфарин",
        "И.о. министра\n\nА.А. Григорьев",
        "Приложение 1\nк приказу от 01.02.2024 № 5",
        "УТВЕРЖДЕН\nприказом",
        "С приказом ознакомлены:\nИванов И.И.",
        "Начальник отдела образования В.Н.Шохина",
        "Приложение N 2\nк постановлению",
        "Приложение УТВЕРЖДЕНО\nпостановлением",
    ],
)
def test_part_ends_at_signature_or_appendix(ending):
    text = HEAD + "1. Отделу провести проверку.\n\n2. Школам вести учет.\n\n" + ending + "\n\n3. Провести иное."
    assert [n for n, _, _ in tree(text)] == ["1", "2"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Глава администрации", True),
        ("Директор школы ИР С.Н. Шатулова", True),
        ("Е.Н. Камфарин", True),
        ("Главе администрации обеспечить размещение", False),
        ("Провести проверку", False),
        # lines of a commission's list under "в составе:" name positions and people too
        ("председатель комиссии - заместитель генерального директора Лебедев-Кумач И.С.;", False),
        ("Председатель комиссии: Иванова А.П., заместитель директора;", False),
        ("члены комиссии:", False),
    ],
)
def test_signature_line(line, expected):
    assert is_signature_line(line) is expected


def test_bracket_over_a_line_break_is_not_a_new_item():
    text = HEAD + "1. Назначить ответственным директора Иванову И.И. (далее\n\n– Ответственное лицо).\n\n2. Провести." + SIGN
    assert [n for n, _, _ in tree(text)] == ["1", "2"]


def test_clauses_laid_out_in_a_table(res, tmp_path):
    """A number column and a text column: each row is a clause; the act has no opening word."""
    import docx

    from extractors.obligations import extract_obligations
    from extractors.requisites import extract_requisites
    from pipeline.readers import read_document

    d = docx.Document()
    d.add_paragraph("РАСПОРЯЖЕНИЕ")
    d.add_paragraph("В целях бесперебойного обеспечения населения водой:")
    rows = [("1.", "Утвердить план мероприятий (прилагается)."), ("2.", "МУП «Водоканал» (Егоров П.В.):"),
            ("2.1.", "выполнить ремонт насосов до 1 августа 2026 года;"), ("2.2.", "провести промывку сетей до 15 сентября 2026 года.")]
    table = d.add_table(rows=len(rows), cols=2)
    for row, (number, text) in zip(table.rows, rows):
        row.cells[0].text, row.cells[1].text = number, text
    d.add_paragraph("Глава округа\tД.А. Волков")
    path = tmp_path / "table_clauses.docx"
    d.save(path)
    doc = read_document(path)
    assert [(c.number, [k.number for k in c.children]) for c in parse_clauses(doc)] == [("1", []), ("2", ["2.1", "2.2"])]
    found = extract_obligations(doc, res, extract_requisites(doc, res))
    assert [(o.clause, [e.name for e in o.executors]) for o in found] == [
        ("2.1", ["МУП «Водоканал» (Егоров П.В.)"]), ("2.2", ["МУП «Водоканал» (Егоров П.В.)"])]
