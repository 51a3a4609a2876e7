"""Obligations of composed orders and letters."""

from datetime import date

import pytest

from extractors.model import Field, Requisites
from extractors.obligations import extract_obligations
from pipeline.document import Source, build_document
from pipeline.readers.text import split_text

HEAD = "ПРИКАЗ\n\n01.02.2024 № 5\n\nО мерах\n\nВ целях обеспечения работы приказываю:\n\n"
SIGN = "\n\nДиректор школы И.И. Иванов\n"


def obligations(body: str, res, *, head: str = HEAD, addressee: str | None = None, act_date=date(2024, 2, 1)):
    doc = build_document(split_text(head + body + SIGN), Source("t.txt", "", "txt"))
    req = Requisites(date=Field(act_date), addressee=Field(addressee) if addressee else None)
    return extract_obligations(doc, res, req)


def rows(body: str, res, **kw) -> list[tuple]:
    return [(o.clause, [e.name for e in o.executors], o.action, o.modality) for o in obligations(body, res, **kw)]


@pytest.mark.parametrize(
    "body, expected",
    [
        # executor in the dative, one clause
        ("1. Отделу образования провести проверку школ.",
         [("1", ["Отдел образования"], "провести проверку школ", "mandatory")]),
        # no executor: still an obligation
        ("1. Разработать и утвердить положение о сайте.",
         [("1", [], "Разработать и утвердить положение о сайте", "mandatory")]),
        # self-executing decisions are not obligations
        ("1. Утвердить план мероприятий.\n\n2. Назначить ответственным Иванова И.И.\n\n"
         "3. Создать комиссию и утвердить ее состав.\n\n4. Признать утратившим силу приказ от 01.01.2020 № 1.\n\n"
         "5. Внести в приказ изменения.\n\n6. Установить, что расходы несет школа.", []),
        # ... but ordering someone else to appoint is
        ("1. Руководителям ОО назначить ответственных за работу.",
         [("1", ["Руководители ОО"], "назначить ответственных за работу", "mandatory")]),
        # entry into force and control are not obligations
        ("1. Приказ вступает в силу со дня подписания.\n\n2. Контроль за исполнением приказа оставляю за собой.", []),
        # container with executors: sub-clauses inherit them
        ("1. Директорам школ:\n\n1.1. провести сбор данных;\n\n1.2. обеспечить учет.",
         [("1.1", ["Директора школ"], "провести сбор данных", "mandatory"),
          ("1.2", ["Директора школ"], "обеспечить учет", "mandatory")]),
        # a sub-clause's own executor overrides the container's
        ("3. Директорам школ:\n\n3.1 обеспечить учет;\n\n3.2 заместителям директоров подключиться к чатам.",
         [("3.1", ["Директора школ"], "обеспечить учет", "mandatory"),
          ("3.2", ["Заместители директоров"], "подключиться к чатам", "mandatory")]),
        # the verb in the container: "обеспечить:" + nominal sub-clauses
        ("3. Работникам обеспечить:\n\n3.1. Использование мессенджера.\n\n3.2. Переход на сервис.",
         [("3.1", ["Работники"], "обеспечить использование мессенджера", "mandatory"),
          ("3.2", ["Работники"], "обеспечить переход на сервис", "mandatory")]),
        # a verb with its preposition in the container: "осуществлять контроль за:"
        ("2. Специалисту Петровой А.А.\n\n2.1. Осуществлять контроль за:\n\n2.1.1. Ведением учета.",
         [("2.1.1", ["Специалист Петрова А.А."], "Осуществлять контроль за ведением учета", "mandatory")]),
        # dash items under a leaf with its verb and object are folded into it
        ("1. Школам обеспечить использование средств связи:\n\n- мессенджер;\n\n- почта.",
         [("1", ["Школы"], "обеспечить использование средств связи: мессенджер; почта", "mandatory")]),
        # dash items under an executor-only container are separate obligations
        ("1. Школам:\n\n- провести собрание;\n\n- обеспечить учет.",
         [("1", ["Школы"], "провести собрание", "mandatory"), ("1", ["Школы"], "обеспечить учет", "mandatory")]),
        # letters sub-clauses and recommended modality, inherited
        ("2. Рекомендовать органам местного самоуправления:\n\nа) обеспечить переход;\n\nб) исключить использование.",
         [("2а", ["Органы местного самоуправления"], "обеспечить переход", "recommended"),
          ("2б", ["Органы местного самоуправления"], "исключить использование", "recommended")]),
        ("4. Предложить Совету депутатов района принять полномочия.",
         [("4", ["Совет депутатов района"], "принять полномочия", "recommended")]),
        ("8. Обязать руководителей хозяйств выделить земельные доли.",
         [("8", ["Руководители хозяйств"], "выделить земельные доли", "mandatory")]),
        ("5. Поручить отделу кадров подготовить списки.",
         [("5", ["Отдел кадров"], "подготовить списки", "mandatory")]),
        # nominative subject with "обязаны"
        ("3. Колхозы и совхозы обязаны провести реорганизацию.",
         [("3", ["Колхозы и совхозы"], "провести реорганизацию", "mandatory")]),
        # two directives for two executors in one paragraph: two obligations, same number
        ("3. Колхозы обязаны провести реорганизацию. Местным органам власти обеспечить контроль.",
         [("3", ["Колхозы"], "провести реорганизацию", "mandatory"),
          ("3", ["Местные органы власти"], "обеспечить контроль", "mandatory")]),
        # several sentences for one executor: one obligation
        ("2. Отделу подготовить отчет. Предоставить экземпляр отчета в управление.",
         [("2", ["Отдел"], "подготовить отчет. Предоставить экземпляр отчета в управление", "mandatory")]),
        # an adverbial before the verb of a clause without executor is kept
        ("1. В случае отсутствия систем обеспечить использование мессенджера.",
         [("1", [], "В случае отсутствия систем обеспечить использование мессенджера", "mandatory")]),
        # a person named before the position
        ("4. Алырчиковой Е.В., учителю информатики, создать раздел на сайте.",
         [("4", ["Учитель информатики Алырчикова Е.В."], "создать раздел на сайте", "mandatory")]),
        # a body with a person in brackets
        ("2. Отделу кадров (Майоров С.И.) обеспечить размещение приказа.",
         [("2", ["Отдел кадров (Майоров С.И.)"], "обеспечить размещение приказа", "mandatory")]),
        # "Ответственному лицу" resolved to the person appointed earlier
        ("1. Назначить ответственным лицом директора Иванову И.И. (далее – Ответственное лицо).\n\n"
         "2. Ответственному лицу организовать работу.",
         [("2", ["Ответственное лицо — директор Иванова И.И."], "организовать работу", "mandatory")]),
        # a duty after the control sentence stays
        ("20. Контроль за исполнением указа возложить на министерство. Докладывать о ходе исполнения.",
         [("20", [], "Докладывать о ходе исполнения", "mandatory")]),
        # publication duty inside the entry-into-force clause
        ("7. Настоящее решение вступает в силу со дня опубликования, подлежит размещению на сайте.",
         [("7", [], "настоящее решение подлежит размещению на сайте", "mandatory")]),
    ],
)
def test_clause_obligations(body, expected, res):
    assert rows(body, res) == expected


@pytest.mark.parametrize(
    "head",
    [
        "ПОСТАНОВЛЕНИЕ\n\nВ соответствии с законом ПОСТАНОВЛЯЮ:\n\n",
        "РЕШЕНИЕ\n\nСовет депутатов решил:\n\n",
        "РАСПОРЯЖЕНИЕ\n\nВ соответствии с письмом, -\n\n",
        "ПРИКАЗ\n\nВ целях обеспечения\n\nП Р И К А З Ы В А Ю:\n\n",
    ],
)
def test_every_opening(head, res):
    assert rows("1. Отделу провести проверку.", res, head=head) == [("1", ["Отдел"], "провести проверку", "mandatory")]


LETTER = "Письмо № 5 от 01.02.2024\n\nО мессенджерах\n\nРуководителям ОО\n\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Информацию о проделанной работе просим направить в управление.",
         [(None, ["Руководители ОО"], "Информацию о проделанной работе направить в управление", "requested")]),
        ("Прошу обеспечить участие педагогов.",
         [(None, ["Руководители ОО"], "обеспечить участие педагогов", "requested")]),
        ("В связи с этим необходимо принять меры по переводу чатов.",
         [(None, ["Руководители ОО"], "принять меры по переводу чатов", "mandatory")]),
        ("Управление сообщает, что педагогическим работникам необходимо обеспечить переход.",
         [(None, ["Педагогические работники"], "обеспечить переход", "mandatory")]),
        ("Рекомендуем провести родительские собрания.",
         [(None, ["Руководители ОО"], "провести родительские собрания", "recommended")]),
        # a statement is not a request; "необходимо" with a noun neither
        ("Мониторинг проводится еженедельно. Необходимо 100 % использование платформы.", []),
    ],
)
def test_letter_requests(body, expected, res):
    got = rows(body, res, head=LETTER, addressee="Руководителям ОО")
    assert got == expected
