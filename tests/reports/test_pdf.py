"""The report as PDF (WeasyPrint): the figures, years and the municipality in the text,
page numbers, a table of contents whose page numbers are right, metadata, no network;
and `ankunft check-pdf`."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command

from ankunft.reports.render import (
    PDF_BASE_URL,
    missing_message,
    offline_url_fetcher,
    pdf_available,
    render_pdf,
)
from tests.reports.sample_content import CONTENT, MUNICIPALITY, sample_content

REPO = Path(__file__).resolve().parents[2]
# poppler-utils (installed on the machines that run the suite): the PDF as text and its facts.
POPPLER = {tool: shutil.which(tool) or tool for tool in ("pdftotext", "pdfinfo")}


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render_pdf(sample_content()))
    return path


def pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        [POPPLER["pdftotext"], "-layout", *pages, str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout


def pdfinfo(path: Path) -> dict[str, str]:
    done = subprocess.run(
        [POPPLER["pdfinfo"], str(path)], capture_output=True, check=True, text=True
    )
    return {
        k.strip(): v.strip()
        for k, _, v in (line.partition(":") for line in done.stdout.splitlines())
    }


def pdf_objects(path: Path) -> bytes:
    """The PDF with its compressed streams (object streams hold the catalog) inflated."""
    raw = path.read_bytes()
    inflated = [raw]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, flags=re.DOTALL):
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompress(stream))
    return b"\n".join(inflated)


def test_pdf_text_has_the_decisions_amounts_years_and_municipality(pdf_file):
    text = pdftotext(pdf_file)
    for expected in ("100.000,00", "200.000,00", "12.349,75", "2022", "2023", MUNICIPALITY):
        assert expected in text, expected
    assert "HFA 18.11.2021" in text
    assert "•" in text


def test_pdf_has_numbered_pages_and_more_than_one(pdf_file):
    pages = int(pdfinfo(pdf_file)["Pages"])
    assert pages > 1
    for page in (1, pages):
        assert f"Seite {page} von {pages}" in pdftotext(pdf_file, page) or (
            f"Page {page} of {pages}" in pdftotext(pdf_file, page)
        )


def test_every_page_names_the_municipality(pdf_file):
    pages = int(pdfinfo(pdf_file)["Pages"])
    assert all(MUNICIPALITY in pdftotext(pdf_file, p) for p in range(1, pages + 1))


def test_table_of_contents_gives_the_page_each_section_starts_on(pdf_file):
    toc = pdftotext(pdf_file, 1)
    for section in CONTENT["sections"]:
        line = next(line for line in toc.splitlines() if line.strip().startswith(section["title"]))
        page = int(re.findall(r"(\d+)\s*$", line)[0])
        heading = [row.strip() for row in pdftotext(pdf_file, page).splitlines() if row.strip()]
        assert section["title"] in heading, (section["title"], page)


def test_pdf_metadata_title_author_and_language(pdf_file):
    info = pdfinfo(pdf_file)
    assert info["Title"].startswith(CONTENT["title"])
    assert info["Author"] == MUNICIPALITY
    assert b"/Lang (de)" in pdf_objects(pdf_file)


def test_pdf_is_tagged_for_screen_readers(pdf_file):
    assert pdfinfo(pdf_file)["Tagged"] == "yes"


def test_an_english_report_numbers_its_pages_in_english(tmp_path):
    path = tmp_path / "en.pdf"
    path.write_bytes(render_pdf(sample_content(language="en")))
    pages = int(pdfinfo(path)["Pages"])
    assert f"Page 1 of {pages}" in pdftotext(path, 1)
    assert "100,000.00" in pdftotext(path)


def test_the_fetcher_serves_data_urls_and_static_files_only():
    import weasyprint  # noqa: PLC0415

    fetcher = offline_url_fetcher(weasyprint)
    assert fetcher("data:text/plain,hallo").read() == b"hallo"
    css = fetcher(PDF_BASE_URL + "static/reports/print.css")
    assert b"@page" in css.read()
    for refused in (
        "https://example.org/logo.png",
        "http://127.0.0.1:8000/static/reports/print.css",
        "file:///etc/passwd",
        PDF_BASE_URL + "static/../../settings.py",
    ):
        with pytest.raises(ValueError, match=r"refused|disallowed"):
            fetcher(refused)


def test_pdf_is_available_here():
    assert pdf_available() is None


def test_missing_pango_names_the_debian_packages():
    message = missing_message(OSError("cannot load library 'libpango-1.0-0'"))
    assert "Pango" in message
    assert "apt install libpango-1.0-0 libpangoft2-1.0-0" in message


def test_missing_weasyprint_says_so():
    message = missing_message(ImportError("No module named 'weasyprint'"))
    assert "WeasyPrint" in message
    assert "pip install weasyprint" in message


def test_check_pdf_says_it_works(capsys):
    call_command("check_pdf")
    assert "WeasyPrint" in capsys.readouterr().out


def test_check_pdf_exits_1_and_says_what_is_missing():
    """Run the real command where WeasyPrint cannot be imported."""
    code = (
        "import sys; sys.modules['weasyprint'] = None; "
        "from ankunft.cli import main; main(['--language', 'en', 'check-pdf'])"
    )
    env = {**os.environ, "DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=False
    )
    assert done.returncode == 1
    assert "WeasyPrint is not installed" in done.stderr
    assert "pip install weasyprint" in done.stderr
