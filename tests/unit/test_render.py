"""Rendering: the PDF (text, order, fonts, metadata, page breaks, page size), the .docx polish, budgets, the
read-back check and download file names."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from core.documents.names import company_in, resume_file_name
from core.documents.pdf import MARGIN_Y, STYLES, render_pdf
from core.documents.readback import ReadBackFailed, read_back, words_in_order
from core.documents.render import MAX_RENDER_BLOCKS, RenderedFile, render
from core.documents.structure import parse_resume
from core.errors import PayloadTooLarge
from tests.resume_files import RESUME_TEXT, docx_text

NAMES = {
    "latin": "Jordan Alvarez",
    "accented": "Zoë Łukasiewicz-José",
    "cjk": "李雷",
}


def resume_for(name: str) -> str:
    return (
        f"# {name}\n{name.split()[0].lower()}@example.com | Kraków\n\n## Experience\n"
        "### Senior Engineer, Acme GmbH (2019-2024)\n"
        f"- Led five engineers with {name} on the payments platform, cutting p99 latency by 40%\n"
        "- Wrote the on-call handbook used by every team in the company and kept it current for four years\n"
        "## Skills\nPython, Go, SQL, Kubernetes\n"
    )


def pdf_lines(data: bytes) -> list[list[str]]:
    return [(page.extract_text() or "").splitlines() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("script", NAMES)
def test_pdf_reads_back_with_the_same_words_in_the_same_order(script: str):
    name = NAMES[script]
    structure = parse_resume(resume_for(name))
    data = render(structure, "pdf").data
    (lines,) = pdf_lines(data)
    assert lines[0] == name  # real text, in reading order, starting with the name
    expected = [w for b in structure.blocks for w in re.findall(r"\w+", b.text.casefold())]
    found = re.findall(r"\w+", "\n".join(lines).casefold())
    assert found == expected
    assert "\u2022 Led five engineers with" in "\n".join(lines)  # bullets as bullets
    assert "EXPERIENCE" in lines and "SKILLS" in lines  # headings in capitals
    assert read_back(RenderedFile(data, "pdf", "application/pdf"), structure).passed


def test_pdf_embeds_subset_fonts_and_carries_the_metadata():
    structure = parse_resume(resume_for("Zoë 李雷"))
    before = datetime.now(UTC).replace(microsecond=0)
    reader = PdfReader(io.BytesIO(render(structure, "pdf").data))
    fonts = [
        font.get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    ]
    names = {str(f["/BaseFont"]) for f in fonts}
    # Subset fonts are named "ABCDEF+Font" (PDF 1.7, 9.6.4); each is embedded (FontFile2 in its descriptor).
    assert all(re.fullmatch(r"/[A-Z]{6}\+.+", n) for n in names)
    assert any("LiberationSans" in n for n in names) and any("DroidSansFallback" in n for n in names)
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
    meta = reader.metadata
    assert meta is not None and meta.title == "Zoë 李雷 \u2014 Resume" and meta.author == "Zoë 李雷"
    assert meta.creation_date is not None and meta.creation_date >= before


def test_a_latin_only_resume_does_not_embed_the_cjk_font():
    reader = PdfReader(io.BytesIO(render(parse_resume(resume_for("Jordan Alvarez")), "pdf").data))
    names = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}  # type: ignore[index]
    assert not any("Droid" in n for n in names)


@pytest.mark.parametrize(("size", "points"), [("letter", (612, 792)), ("a4", (595.28, 841.89))])
def test_pdf_page_size(size, points):
    box = PdfReader(io.BytesIO(render(parse_resume(RESUME_TEXT), "pdf", size).data)).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == points


@pytest.mark.parametrize("filler", range(40, 52))
def test_a_heading_is_never_the_last_line_of_a_page(filler: int):
    # Enough bullets to push the next heading to every position near the bottom of the first page.
    text = "# Jordan Alvarez\n## Experience\n" + "".join(f"- Item {i}\n" for i in range(filler))
    text += "## Education\nBSc Computer Science, TU Berlin (2018)\n## Skills\nPython, Go, SQL, Rust\n"
    pages = pdf_lines(render(parse_resume(text), "pdf").data)
    assert len(pages) >= 2  # the document does spill over, so the page break is really tested
    for lines in pages:
        assert lines[-1] not in {"EXPERIENCE", "EDUCATION", "SKILLS"}
    assert [line for lines in pages for line in lines if line.isupper()] == ["EXPERIENCE", "EDUCATION", "SKILLS"]


def test_the_layout_leaves_room_for_a_kept_heading():
    # keep_with_next asks for the heading and one line of what follows: both must fit above the bottom margin
    heading, body = STYLES["heading"], STYLES["body"]
    assert heading.keep_with_next and heading.space_before + heading.line_height + body.line_height < 792 - 2 * MARGIN_Y


def test_rendering_refuses_more_blocks_than_its_budget_before_rendering():
    text = "# Jo Doe\n## Experience\n" + "- x\n" * MAX_RENDER_BLOCKS
    with pytest.raises(PayloadTooLarge, match=f"at most {MAX_RENDER_BLOCKS}") as refused:
        render(parse_resume(text), "pdf")
    assert refused.value.status == 413 and refused.value.extra["limitBlocks"] == MAX_RENDER_BLOCKS


def test_the_pdf_page_budget_is_checked_page_by_page():
    text = "# Jo Doe\n## Experience\n" + "- x\n" * 400  # about eight pages
    with pytest.raises(PayloadTooLarge, match="past 3 pages") as refused:
        render_pdf(parse_resume(text), max_pages=3)
    assert refused.value.extra["limitPages"] == 3


def test_twelve_thousand_one_character_bullets_render_and_read_back():
    structure = parse_resume("# Jo Doe\n## Experience\n" + "- x\n" * 12_000)
    for output in ("pdf", "docx"):
        report = read_back(render(structure, output), structure)
        assert report.passed and report.bullets == 12_000 and report.wordsTotal == 12_003  # with Jo, Doe, Experience


def test_docx_is_neutral_black_with_margins_bold_roles_and_real_lists():
    import docx
    from docx.shared import Inches, RGBColor

    out = render(parse_resume(RESUME_TEXT), "docx", "a4")
    document = docx.Document(io.BytesIO(out.data))
    for name in ("Title", "Heading 1", "Heading 2", "Normal", "List Bullet"):
        style = document.styles[name]
        assert style.font.color.rgb == RGBColor(0, 0, 0) and style.font.name == "Arial", name
        theme = style.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}asciiTheme")
        assert theme is None, name  # a theme font would override Arial
    section = document.sections[0]
    assert section.left_margin == Inches(0.75) and round(section.page_width.inches, 2) == 8.27  # A4
    roles = [p for p in document.paragraphs if p.text == "Software Engineer, Acme GmbH (2019-2024)"]
    assert roles and all(run.bold for run in roles[0].runs)
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets and all(p.style.element.pPr.numPr is not None for p in bullets[:1])  # a numbered (bullet) list


def test_blank_blocks_are_kept_as_space():
    import docx

    from core.documents.structure import Block, ResumeStructure

    blocks = list(parse_resume(RESUME_TEXT).blocks)
    blocks.insert(3, Block("blank", ""))
    data = render(ResumeStructure(blocks), "docx").data
    assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs][2:5] == [blocks[2].text, "", blocks[4].text]
    assert read_back(render(ResumeStructure(blocks), "pdf"), ResumeStructure(blocks)).passed


def test_pdf_upload_bullet_glyphs_become_real_list_paragraphs():
    """Bullets drawn by a common PDF library ("•" comes back as \\x7f, "▪" as "■") are list items in the .docx."""
    from reportlab.pdfgen import canvas

    from core.documents.extract import extract_text

    glyphs = ["\u2022", "\u25aa", "\u2013", "*", "\uf0b7", "\u25cf"]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(40, 800, "Jordan Alvarez")
    pdf.drawString(40, 780, "EXPERIENCE")
    for i, glyph in enumerate(glyphs):
        pdf.drawString(40, 760 - 18 * i, f"{glyph} Built service number {i} in Python for the billing team")
    pdf.save()
    text = extract_text(buffer.getvalue(), "pdf")
    assert "\x7f" not in text
    structure = parse_resume(text)
    paragraphs = docx_text(render(structure, "docx").data)
    bullets = [t for s, t in paragraphs if s == "List Bullet"]
    assert bullets == [f"Built service number {i} in Python for the billing team" for i in range(len(glyphs))]
    assert not any("\x7f" in t or "\u25a0" in t for _, t in paragraphs)


def test_read_back_fails_a_file_that_lost_words_with_a_clear_message():
    structure = parse_resume(RESUME_TEXT)
    shorter = parse_resume(RESUME_TEXT.replace("Wrote Python services", "Wrote services"))
    with pytest.raises(ReadBackFailed, match=r"did not read back .*read-back: failed, \d+ of \d+ words") as failed:
        read_back(render(shorter, "docx"), structure)
    assert failed.value.status == 422 and failed.value.code == "read_back_failed"
    assert failed.value.extra["readBack"]["wordsFound"] < failed.value.extra["readBack"]["wordsTotal"]


@pytest.mark.parametrize(
    "line", ["Acme GmbH\tBerlin\t2019 - 2021", "https://example.com/" + "x" * 3000, "Zero\u200bwidth and \x7f DEL"]
)
def test_tabs_long_words_and_invisible_characters_read_back(line: str):
    structure = parse_resume(f"# Jordan Alvarez\n## Experience\n- {line}\n")
    assert read_back(render(structure, "pdf"), structure).passed


def test_a_script_the_pdf_fonts_lack_fails_the_read_back_with_what_to_do():
    structure = parse_resume("# Jordan Alvarez\n## Experience\n- \u0645\u0631\u062d\u0628\u0627 built the platform\n")
    with pytest.raises(ReadBackFailed, match=r"needs the \.docx export"):
        read_back(render(structure, "pdf"), structure)
    assert read_back(render(structure, "docx"), structure).passed


def test_read_back_summary_counts_words():
    structure = parse_resume(RESUME_TEXT)
    report = read_back(render(structure, "txt"), structure)
    assert report.summary == f"read-back: passed, {report.wordsTotal} of {report.wordsTotal} words"


def test_words_in_order_counts_a_word_broken_across_lines_and_skips_missing_ones():
    assert words_in_order(["alpha", "beta", "gamma"], ["alpha", "be", "ta", "gamma"]) == 3
    assert words_in_order(["alpha", "beta", "gamma"], ["alpha", "gamma"]) == 2
    assert words_in_order(["alpha", "beta"], ["beta", "alpha"]) == 1
    assert words_in_order(["abcdef"], ["ab", "cd", "ef"]) == 1 and words_in_order(["ab"], ["a", "c"]) == 0


@pytest.mark.parametrize(
    ("ad", "company"),
    [
        ("Northwind Labs is hiring a Senior Backend Engineer.", "Northwind Labs"),
        ("About the role\nJoin our team at Acme Corp. You will build", "Acme Corp"),
        ("Company: Globex Corporation\nRole: Engineer", "Globex Corporation"),
        ("Senior Python Engineer at Initech (Berlin)", "Initech"),
        ("At least 5 years of Python. We value ownership.", None),
    ],
)
def test_company_in_the_ad(ad, company):
    assert company_in(ad) == company


def test_file_names_come_from_the_persons_name():
    assert resume_file_name("Jordan Alvarez", "pdf") == "jordan-alvarez-resume.pdf"
    assert resume_file_name("Zoë Łukasiewicz", "docx", "Acme Corp") == "zoe-lukasiewicz-resume-acme-corp.docx"
    assert resume_file_name("李雷", "pdf") == "resume.pdf" and resume_file_name(None, "txt") == "resume.txt"
