"""Cleaning of converter artefacts, keeping a map back to the raw text.

Each rule is (name, pattern, replacement); the replacement is a string or a function of
the match.  Rules run in order over one block; offsets are composed so that every
character of the clean text knows the raw character it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Replacement = str | Callable[[re.Match], str]

# Letter-spaced words of header blanks: "Р А С П О Р Я Ж Е Н И Е", "П Р И К А З",
# "Б А Р Д З Ы Р Д".  Four letters or more, single spaces, whole word.
_SPACED = re.compile(r"(?<![\w])(?:[А-ЯЁA-ZӔӘӨҮҺҢҖҒҚӀ] ){3,}[А-ЯЁA-ZӔӘӨҮҺҢҖҒҚӀ](?![\w])")

RULES: list[tuple[str, re.Pattern, Replacement]] = [
    # Word bookmarks leaked by docx→text converters: "[bookmark: _GoBack]"
    ("bookmark", re.compile(r"\[bookmark: [^\]]*\]"), ""),
    # Markdown links from converters: "[xas@mail.ru](mailto:xas@mail.ru)" -> the label
    ("md_link", re.compile(r"\[([^\]\n]{1,200})\]\((?:mailto:|https?://)[^)\s]*\)"), lambda m: m.group(1)),
    # Markdown emphasis "**ПРИКАЗ**", "__text__"
    ("md_emphasis", re.compile(r"\*\*|__(?=\S)|(?<=\S)__"), ""),
    # control characters a converter or a bad encoding leaves ("ПРИКАЗ\x07" from a Word field
    # mark), lone surrogates and non-characters: no letter of a text, and XML refuses them
    ("control", _CONTROL := re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"), ""),
    # soft hyphen, zero-width characters, BOM
    ("invisible", re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]"), ""),
    # non-breaking and other exotic spaces; a vertical tab is Word's line break in text exports
    ("nbsp", re.compile("[\x0b\x0c\u00a0\u2002-\u200a\u202f\u205f\u3000]"), " "),
    # box-drawing table borders left in text renderings: "│ 1 │ ..."
    ("box_drawing", re.compile(r"[\u2500-\u257f]+"), " "),
    ("spaced_word", _SPACED, lambda m: m.group(0).replace(" ", "")),
    # a scan's specks before a clause number: "_.1. Провести", "|2. Отделу", "‚3) обеспечить"
    ("label_specks", re.compile(r"^[_‚|`~^=.,'\s]+(?=\d{1,3}(?:\.\d{1,3})*[.)]\s)"), ""),
    # Tesseract's confusions of Russian print, where the context leaves one reading:
    # the number sign "N"/"№" read as a capital М between a date and a number
    # ("от 06.10.2003 М 131-ФЗ", "от 02.06.2010 г. М 44")
    ("ocr_number_sign", re.compile(r"(?<=\d{4} )М(?= ?\d)|(?<=\d{4} г\. )М(?= ?\d)|(?<=\d{4} г )М(?= ?\d)"), "№"),
    # the digit 3 for the letter З in the letters of a number ("165-3С" → "165-ЗС", "12-О3" → "12-ОЗ")
    ("ocr_three_in_suffix", re.compile(r"(?<=\d-)3(?=[А-ЯЁ]{1,3}(?![\w]))|(?<=\d-[А-ЯЁ])3(?![\w])"), "З"),
    # the letter З for the digit 3 as a clause number ("З.Контроль за ...", "З.1. Отделу");
    # initials ("З.А. Иванова") are a capital, a dot and a capital
    ("ocr_three_label", re.compile(r"^З(?=[.)]\s*[А-ЯЁ][а-яё]|\.\d)", re.MULTILINE), "3"),
    # a word hyphenated at a line end inside one paragraph: "информаци-\nонных"; a compound's
    # own hyphen stays ("жилищно-\nкоммунального": "жилищнокоммунального" is no word)
    ("hyphen_wrap", re.compile(r"(?<=[А-ЯЁа-яё])-\n[ \t]*(?=[а-яё])"), lambda m: "" if _broken_word(m) else "-"),
    # before a capital the hyphen is a compound's or a name's: "ЖИЛИЩНО-/КОММУНАЛЬНОГО",
    # "Кабардино-/Балкарской" (capitals are not hyphenated by syllables)
    ("hyphen_wrap_capital", re.compile(r"(?<=[А-ЯЁа-яё])-\n[ \t]*(?=[А-ЯЁ])"), "-"),
    # a word broken without a hyphen where a narrow table cell ran out: "ежеквартальн\nо"
    ("word_wrap", re.compile(r"(?<=[А-ЯЁа-яё])[ \t]*\n[ \t]*(?=[а-яё])"), lambda m: "" if _broken_word(m) else m.group(0)),
    # a line break before punctuation: "данных\n, осуществляемой" -> "данных, осуществляемой"
    ("glued_punctuation", re.compile(r"[ \t]*\n[ \t\n]*(?=[,;:.)])"), ""),
    # line breaks inside one paragraph are layout: the block is the paragraph
    ("line_wrap", re.compile(r"[ \t]*\n[ \t\n]*"), " "),
    # runs of spaces, and any TAB, inside a block: in the Document a TAB only separates cells
    ("spaces", re.compile(r"[ \t]*\t[ \t]*|[ ]{2,}"), " "),
]

_WORD_END = re.compile(r"[А-ЯЁа-яё]+$")
_WORD_START = re.compile(r"[а-яё]+")


def _broken_word(m: re.Match) -> bool:
    """Are the letters around this line break one word cut in two: together a dictionary
    word, apart not both ("ежеквартальн" + "о"; not "данных" + "осуществляемой")?"""
    left = _WORD_END.search(m.string, max(0, m.start() - 40), m.start())
    right = _WORD_START.match(m.string, m.end())
    if left is None or right is None:
        return False
    from pipeline.resources import shared

    known = shared().morph.word_is_known
    a, b = left.group().lower(), right.group()
    return known(a + b) and not (known(a) and known(b))


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 refuses (a value read before this cleaning
    existed, a file name): what a .docx, an SVG or an HTML page may carry."""
    return _CONTROL.sub("", text)


# A block that is only a page number ("2", "- 2 -", "Страница 2 из 5") is layout, not text.
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?\s*$|^\s*(?:стр\.|страница)\s*\d+(?:\s*из\s*\d+)?\s*$", re.I)


def is_noise_block(text: str) -> bool:
    """Blocks the builder drops: empty ones and bare page numbers."""
    return not text.strip() or bool(_PAGE_NUMBER.match(text))


def normalise_block(text: str) -> tuple[str, tuple[int, ...] | None]:
    """Clean one block; return the text and the offset map (None when unchanged)."""
    offsets: list[int] | None = None
    for _name, pattern, repl in RULES:
        if not pattern.search(text):
            continue
        text, step = _substitute(text, pattern, repl)
        offsets = step if offsets is None else [offsets[i] if i < len(offsets) else len(offsets) for i in step]
    stripped = text.strip()
    if stripped != text:
        lead = len(text) - len(text.lstrip())
        offsets = (offsets or list(range(len(text))))[lead : lead + len(stripped)]
        text = stripped
    return text, (tuple(offsets) if offsets is not None else None)


def _substitute(text: str, pattern: re.Pattern, repl: Replacement) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(text[last : m.start()])
        offsets.extend(range(last, m.start()))
        new = repl(m) if callable(repl) else repl
        out.append(new)
        # map each new character to the matching raw character where lengths allow
        for k in range(len(new)):
            offsets.append(min(m.start() + _source_index(m.group(0), new, k), m.end() - 1))
        last = m.end()
    out.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(out), offsets


def _source_index(old: str, new: str, k: int) -> int:
    """Index in ``old`` of the k-th character of ``new`` when ``new`` is a subsequence."""
    j = -1
    for ch in new[: k + 1]:
        j = old.find(ch, j + 1)
        if j < 0:
            return k
    return j
