"""A resume (optimized, or exported from the editor) as a file: .docx (python-docx, real headings and bulleted
lists) or .txt."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..models.jobs import OutputFormat
from .structure import ResumeStructure

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Characters XML 1.0 cannot hold (python-docx refuses them): control characters pasted from PDFs or terminals.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class RenderedFile:
    data: bytes
    extension: OutputFormat
    content_type: str


def render(structure: ResumeStructure, output_format: OutputFormat) -> RenderedFile:
    if output_format == "docx":
        return RenderedFile(render_docx(structure), "docx", DOCX_CONTENT_TYPE)
    return RenderedFile(structure.to_text().encode("utf-8"), "txt", "text/plain; charset=utf-8")


def render_docx(structure: ResumeStructure) -> bytes:
    import docx  # the worker and the export function only
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    # No author, title or tool names from the template: the file carries only the resume.
    props = document.core_properties
    props.author = props.last_modified_by = props.comments = props.title = props.subject = props.keywords = ""
    for index, block in enumerate(structure.blocks):
        text = NOT_XML.sub("", block.text)
        if block.kind == "blank":
            if structure.gap_before_text(index):
                document.add_paragraph()  # the space the upload had between jobs
        elif block.kind == "name":
            document.add_heading(text, level=0)
        elif block.kind == "heading":
            document.add_heading(text, level=min(block.level, 3))
        elif block.listed:
            document.add_paragraph(text, style="List Bullet")
        elif block.kind == "role":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
