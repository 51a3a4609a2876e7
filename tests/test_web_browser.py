"""The workspace in a real browser: Debian's chromium driven by selenium through /usr/bin/chromedriver.

The server runs on 127.0.0.1 on a free port; a clerk uploads a .docx and a scan, opens the
document, clicks an obligation and sees its words highlighted in the source, corrects an
executor and a deadline, sees the register change, marks the obligation done, and downloads a
draft .docx that python-docx opens.  Screenshots of each page go to out/screenshots/.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                       reason="chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"),
]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHOTS = ROOT / "out" / "screenshots"
ORDER = CORPUS / "000_815c757f2387eb24.txt"
SCAN = CORPUS / "g02_barnaul_sosh64_shkolny_teatr.pdf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from pipeline.web.app import Config, create_app

    store = tmp_path_factory.mktemp("browser") / "ordex.sqlite"
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(Config(store=store, user="Петрова")), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=ru"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.downloads = downloads
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def wait(driver, condition, timeout=60):
    """Wait for a condition; an element replaced by a page reload is looked up again."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def upload(driver, base, path: Path) -> str:
    from selenium.webdriver.common.by import By

    driver.get(base + "/")
    driver.find_element(By.ID, "upload-file").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "#upload button").click()
    wait(driver, lambda d: "/documents/" in d.current_url and d.find_elements(By.CSS_SELECTOR, "#fields .val"), 180)
    return driver.current_url


def order_docx(tmp: Path) -> Path:
    from docx import Document

    doc = Document()
    for para in ORDER.read_text(encoding="utf-8").split("\n"):
        doc.add_paragraph(para)
    path = tmp / "prikaz_89.docx"
    doc.save(path)
    return path


def test_the_clerk_reviews_corrects_registers_and_drafts(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    d = browser
    scan_url = upload(d, server, SCAN)
    assert d.find_elements(By.CSS_SELECTOR, ".page-no"), "a scan shows its pages"
    d.save_screenshot(str(SHOTS / "document-scan.png"))
    url = upload(d, server, order_docx(tmp_path))
    assert url != scan_url

    # click an obligation: its words are highlighted in the source, in view
    card = d.find_element(By.CSS_SELECTOR, '#fields .val[data-key="obligations.0"]')
    card.find_element(By.CSS_SELECTOR, ".val-title").click()
    marks = wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#source mark"))
    action = card.find_element(By.CSS_SELECTOR, "textarea.action").get_attribute("value")
    assert any(m.text and m.text[:30] in action for m in marks)
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    time.sleep(0.6)  # smooth scroll
    d.save_screenshot(str(SHOTS / "document.png"))

    # and the reverse: a click on words of the source selects the value whose span holds them
    start = d.execute_script("return JSON.parse(document.getElementById('extraction').textContent).obligations[0].action_span.start")
    block = next(b for b in d.find_elements(By.CSS_SELECTOR, "#source .blk")
                 if int(b.get_attribute("data-s")) <= start < int(b.get_attribute("data-e")))
    other = d.find_element(By.CSS_SELECTOR, '#fields .val[data-key="document.number"] .val-title')
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", other)
    other.click()
    assert "sel" not in card.get_attribute("class")
    block.click()
    wait(d, lambda d: "sel" in card.get_attribute("class"))

    # a new value from words selected in the source: the place of issue as the addressee
    d.execute_script("""
        const b = [...document.querySelectorAll('#source .blk')].find(x => x.textContent.trim() === 'Херсон');
        const r = document.createRange(); r.selectNodeContents(b);
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
        document.getElementById('source').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));""")
    wait(d, lambda d: d.find_element(By.ID, "pick").is_displayed())
    assert d.find_element(By.ID, "pick-text").text == "Херсон"
    Select(d.find_element(By.ID, "pick-field")).select_by_value("document.addressee")
    d.find_element(By.ID, "pick-apply").click()
    assert d.find_element(By.CSS_SELECTOR, 'input[name="addressee"]').get_attribute("value") == "Херсон"

    # correct the executor and the deadline of clause 1.2
    card = d.find_element(By.CSS_SELECTOR, '#fields .val[data-key="obligations.1"]')
    executors = card.find_element(By.CSS_SELECTOR, "textarea.executors")
    executors.clear()
    executors.send_keys("Директор МБОУ «Лицей № 2»")
    due = card.find_element(By.CSS_SELECTOR, "input.deadline-date")
    due.clear()
    due.send_keys("2026-06-15")
    d.find_element(By.ID, "save").click()
    wait(d, lambda d: "Сохранено" in d.find_element(By.ID, "flash").text)
    saved = d.execute_script("return fetch(location.pathname.replace('/documents/', '/api/documents/')).then(r => r.json())")
    assert saved["document"]["addressee"] == "Херсон" and saved["workspace"]["author"] == "Петрова"

    # the register shows the corrected obligation at once; mark it done with a note
    d.get(server + "/register?executor=Лицей")
    row = d.find_element(By.CSS_SELECTOR, "table.register tbody tr")
    assert "Директор МБОУ «Лицей № 2»" in row.text and "2026-06-15" in row.text
    row.find_element(By.CSS_SELECTOR, "button.mark-done").click()
    alert = wait(d, lambda d: d.switch_to.alert)
    alert.send_keys("исполнено письмом № 12")
    alert.accept()
    wait(d, lambda d: "исполнено письмом № 12" in d.find_element(By.CSS_SELECTOR, "table.register tbody").text)
    d.get(server + "/register")
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "no horizontal scrolling at 1280x800"
    d.save_screenshot(str(SHOTS / "register.png"))

    d.get(server + "/")
    d.save_screenshot(str(SHOTS / "inbox.png"))
    assert "Входящие" in d.page_source

    # draft: store the sample profile, compose, preview, download a .docx python-docx opens
    d.get(url + "/draft")
    d.find_element(By.ID, "profile-name").clear()
    d.find_element(By.ID, "profile-name").send_keys("Школа")
    d.find_element(By.ID, "profile-save").click()
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, '#profile option[value="Школа"]'))
    d.find_element(By.ID, "draft-make").click()
    wait(d, lambda d: "Об исполнении" in d.find_element(By.ID, "draft-preview").text)
    d.save_screenshot(str(SHOTS / "draft.png"))
    d.find_element(By.ID, "draft-docx").click()
    saved = wait(d, lambda d: [p for p in d.downloads.glob("*.docx")], 30)
    from docx import Document

    assert any("Об исполнении" in p.text for p in Document(str(saved[0])).paragraphs)

    d.get(url + "/chain")
    assert "Вышестоящие акты" in d.page_source
    d.save_screenshot(str(SHOTS / "chain.png"))
