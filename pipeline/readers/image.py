"""Scans: images (.png, .jpg, .tif — every frame of a multi-page TIFF) through Tesseract.

:func:`ocr_page` is shared with the PDF reader, which renders image-only or garbled pages
and sends them here.  Ruled tables are found in the pixels first (see
:mod:`pipeline.readers.scan_tables`): their rulings are erased before the page's one
Tesseract pass and their words become cells.  The other words go through the PDF reader's
layout of lines into paragraphs, in Tesseract's reading order, each table between the
text above and below it; every block is marked ``ocr=True`` with the mean confidence of
its words.
"""

from __future__ import annotations

import functools
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.document import Origin, RawBlock
from pipeline.errors import CorruptFile, LimitExceeded, MissingTool
from pipeline.readers.base import Reading
from pipeline.readers.pdf import PageTable, lines_to_blocks, next_table, renumber
from pipeline.readers.scan_tables import fill_tables, find_ruled_tables
from pipeline.settings import Settings

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-rus"
# traineddata of languages of Russia's regions (and neighbours whose documents reach
# Russian offices); added to settings.ocr_languages when installed
REGIONAL_LANGUAGES = ("tat", "bak", "chv", "kaz", "kir", "bel", "ukr", "uzb_cyrl", "tgk", "mon", "oss", "udm", "sah")
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")
# Tesseract reports conf -1 for non-word boxes
_MIN_WORD_CONF = 0
_COORDINATES = ("x0", "x1", "top", "bottom")
SPECK_IN = 0.02  # a mark smaller than this (0.5 mm) is dust, not punctuation of its own
_HAS_ALNUM = re.compile(r"[^\W_]")
OCR_WORKERS = 2  # pages recognised at once (capped by the cores); Tesseract is limited to one thread each


@functools.lru_cache(maxsize=4)
def tesseract_languages(requested: str) -> str:
    """The ``-l`` argument: the requested languages plus installed regional ones."""
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, FileNotFoundError) as exc:
        raise MissingTool(f"для распознавания сканов нужна программа Tesseract: {INSTALL_HINT}") from exc
    wanted = [lang for lang in requested.split("+") if lang]
    missing = [lang for lang in wanted if lang not in installed]
    if missing:
        raise MissingTool(
            f"для распознавания не установлены языки Tesseract: {', '.join(missing)}; {INSTALL_HINT}"
        )
    wanted += [lang for lang in REGIONAL_LANGUAGES if lang in installed and lang not in wanted]
    return "+".join(wanted)


def ocr_page(image: Image.Image, settings: Settings, page: int, first_paragraph: int = 0, dpi: float | None = None) -> list[RawBlock]:
    """Paragraph and table cell blocks of one page image, in Tesseract's reading order."""
    dpi = dpi or _dpi(image)
    ruled = find_ruled_tables(image.convert("L"), dpi)
    words = _words(ruled.image, settings, page, dpi, "--psm 3")
    # cells read again are stacked in one strip: a uniform block of text
    tables, words = fill_tables(ruled, words, lambda strip: _words(strip, settings, page, dpi, "--psm 6"))
    # Tesseract's lines (its line grouping survives skew), words in points as a PDF text
    # layer gives them, through the same paragraph layout (its own paragraphs merge items)
    scale = 72 / dpi
    lines: dict[tuple[int, int, int], list[dict]] = {}
    for w in words:
        lines.setdefault(w.pop("line"), []).append({k: v * scale if k in _COORDINATES else v for k, v in w.items()})
    previous_block = None
    for (block, _par, _line), line_words in lines.items():
        line_words[0]["block_start"] = block != previous_block
        previous_block = block
    page_tables = [PageTable(t.top * scale, t.rows, t.confidence) for t in tables]
    return lines_to_blocks(list(lines.values()), page, image.height * scale, first_paragraph, page_tables)


def _words(image: Image.Image, settings: Settings, page: int, dpi: float, config: str) -> list[dict]:
    """Tesseract's words: ``text``, box in pixels, ``conf``, ``line`` (block, paragraph, line);
    not specks of dust read as "." or "_" (no letter or digit, smaller than ``SPECK_IN``)."""
    import pytesseract

    lang = tesseract_languages(settings.ocr_languages)
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=config,
            timeout=settings.ocr_timeout_s, output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingTool(f"для распознавания сканов нужна программа Tesseract: {INSTALL_HINT}") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise LimitExceeded(
            f"распознавание страницы {page} не уложилось в {settings.ocr_timeout_s:g} с; "
            "увеличьте ORDEX_OCR_TIMEOUT_S или отсканируйте страницу чётче"
        ) from exc
    return [
        {
            "text": word.strip(),
            "x0": data["left"][i],
            "x1": data["left"][i] + data["width"][i],
            "top": data["top"][i],
            "bottom": data["top"][i] + data["height"][i],
            "conf": float(data["conf"][i]),
            "line": (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
        }
        for i, word in enumerate(data["text"])
        if word.strip() and float(data["conf"][i]) >= _MIN_WORD_CONF
        and (_HAS_ALNUM.search(word) or max(data["width"][i], data["height"][i]) >= SPECK_IN * dpi)
    ]


def ocr_pages(pages: Iterable[tuple[int, Image.Image, float | None]], settings: Settings) -> Iterator[list[RawBlock]]:
    """Blocks of each (page number, image, dpi), in page order, paragraphs numbered from 0.

    Pages go to Tesseract ``OCR_WORKERS`` at a time: each call runs in its own Tesseract
    process, so threads suffice to keep the cores busy, and at most one page per worker
    waits rendered in memory.  Each page keeps its own timeout."""
    workers = min(OCR_WORKERS, os.cpu_count() or 1)
    if workers > 1:
        # Tesseract's OpenMP threads would fight over the same cores as the parallel pages;
        # its documentation recommends one thread per process when running several
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with ThreadPoolExecutor(max_workers=workers) as pool:
        window: deque[Future] = deque()
        for number, image, dpi in pages:
            window.append(pool.submit(ocr_page, image, settings, number, 0, dpi))
            if len(window) > workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _dpi(image: Image.Image) -> float:
    """The scan's resolution: from the file, else guessed from an A4 page width."""
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and float(dpi[0]) > 50:
        return float(dpi[0])
    return max(image.width, image.height * 0.707) / 8.27


class ImageReader:
    format = "image"
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")

    def can_read(self, path: Path, head: bytes) -> bool:
        return head.startswith(_MAGIC)

    def read(self, path: Path, settings: Settings, data: bytes) -> Reading:
        import io
        import warnings

        Image.MAX_IMAGE_PIXELS = settings.max_page_pixels  # PIL warns above it, refuses above twice it
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data))
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise LimitExceeded(
                f"изображение слишком велико ({exc}); больше {settings.max_page_pixels / 1e6:g} Мпикс на страницу "
                "не распознаётся: отсканируйте с меньшим разрешением или увеличьте ORDEX_MAX_PAGE_PIXELS",
                path=str(path),
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
            raise CorruptFile(f"изображение повреждено или в неизвестном формате ({exc}); отсканируйте заново", path=str(path)) from exc
        def frames() -> Iterator[tuple[int, Image.Image, None]]:
            for number, frame in enumerate(ImageSequence.Iterator(image), 1):
                if number > settings.max_pages:
                    raise LimitExceeded(
                        f"в изображении больше {settings.max_pages} страниц; увеличьте ORDEX_MAX_PAGES, если это один документ",
                        path=str(path),
                    )
                yield number, frame.copy(), None  # the iterator reuses one frame object

        blocks: list[RawBlock] = []
        pages = 0
        for pages, page_blocks in enumerate(ocr_pages(frames(), settings), 1):
            if pages > 1:
                blocks.append(RawBlock("page_break", "", Origin(page=pages)))
            blocks.extend(renumber(page_blocks, len(blocks), next_table(blocks)))
        return Reading(blocks=blocks, format="image", pages=pages, ocr=True)


READER = ImageReader()
