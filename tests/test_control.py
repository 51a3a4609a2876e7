"""The control clause: who controls the execution."""

import pytest

from extractors.control import extract_control
from extractors.model import Person, Requisites
from pipeline.document import Source, build_document
from pipeline.readers.text import split_text

HEAD = "ПРИКАЗ\n\nО мерах\n\nприказываю:\n\n1. Отделу провести проверку.\n\n"


def control(sentence: str, res, signatory: Person | None = None):
    doc = build_document(split_text(HEAD + sentence + "\n\nДиректор И.И. Иванов"), Source("t.txt", "", "txt"))
    return extract_control(doc, res, Requisites(signatory=signatory))


@pytest.mark.parametrize(
    "sentence, name, position",
    [
        ("2. Контроль за исполнением приказа возложить на начальника отдела развития Богомолова Д.И.",
         "Богомолов Д.И.", "начальник отдела развития"),
        ("3. Контроль за исполнением настоящего распоряжения возлагаю на заместителя главы района Т.Б. Кодзаева.",
         "Т.Б. Кодзаев", "заместитель главы района"),
        ("4. Контроль за выполнением приказа возложить на заместителя начальника отдела Полтеву Н.А.",
         "Полтева Н.А.", "заместитель начальника отдела"),
        ("4. Контроль за исполнением распоряжения оставляю за заместителем начальника Магомедова У.Ш",
         "Магомедов У.Ш.", "заместитель начальника"),
        ("5. Контроль за исполнением настоящего распоряжения возложить на заместителя главы администрации по социальным вопросам.",
         None, "заместитель главы администрации по социальным вопросам"),
        ("20. Контроль за исполнением настоящего Указа возложить на Министерство сельского хозяйства и Контрольное управление.",
         None, "Министерство сельского хозяйства и Контрольное управление"),
        ("6. Контроль за исполнением постановления поручить первому заместителю главы Сидорову П.П.",
         "Сидоров П.П.", "первый заместитель главы"),
        ("6. Контроль за исполнением постановления осуществляет заместитель главы Сидоров П.П.",
         "Сидоров П.П.", "заместитель главы"),
        ("7. Контроль за исполнением приказа возложить на Иванову Марию Петровну, заместителя директора.",
         "Иванова Мария Петровна", "заместитель директора"),
    ],
)
def test_controller(sentence, name, position, res):
    c = control(sentence, res)
    assert (c.name, c.position) == (name, position)
    assert c.text.startswith("Контроль")


def test_kept_by_the_signatory(res):
    c = control("5. Контроль за исполнением приказа оставляю за собой.", res, Person("Директор школы", "С.Н. Шатулова"))
    assert (c.name, c.position, c.rule) == ("С.Н. Шатулова", "Директор школы", "self")


def test_kept_by_an_unknown_signatory(res):
    c = control("5. Контроль за исполнением приказа оставляю за собой.", res)
    assert (c.name, c.position) == (None, None)


def test_control_sentence_ends_before_the_next(res):
    c = control("20. Контроль за исполнением Указа возложить на Министерство РСФСР. Докладывать ежемесячно.", res)
    assert c.text == "Контроль за исполнением Указа возложить на Министерство РСФСР."


def test_no_control(res):
    assert control("2. Приказ вступает в силу со дня подписания.", res) is None
