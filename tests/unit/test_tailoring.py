"""Honest tailoring: the job's spelling for what the resume supports, summary and Skills line, order with reasons,
a checklist for what it does not support, and nothing else of the upload changed."""

from __future__ import annotations

from core.adapters.llm.writer.engine import WritingEngine
from core.documents.keywords import analyse_job_description, coverage
from core.documents.render import render
from core.documents.structure import parse_resume
from core.ports.llm import RewriteRequest
from core.tailoring import rewrite_targets, supported_terms, tailor

AD = """Platform Engineer

Requirements
- Kubernetes in production
- PostgreSQL performance work
- CI/CD for many services
- Terraform

Nice to have
- Grafana
"""

RESUME = """Sam Lee
sam@example.com

Summary
Platform engineer who keeps services fast and boring.

Experience

Platform Engineer | Initech | 2020 - Present
- Wrote the on-call handbook for the team
- Ran 40 services on k8s across three regions
- Tuned Postgres queries for the billing service

Engineer | Globex | 2017 - 2020
- Built CI pipelines for 12 services

Skills
Python, Go, Linux
"""


def run(resume: str, writer=None):
    terms = analyse_job_description(AD)
    structure = parse_resume(resume)
    targets = rewrite_targets(structure)
    bullets = [structure.blocks[i].text for i in targets]
    if writer is None:
        supported = supported_terms(resume, terms)
        request = RewriteRequest(
            bullets=bullets, keywords=[t.term for t in terms if t.term in supported], job_description=AD, resume=resume
        )
        proposed = WritingEngine().rewrite_bullets(request).bullets
    else:
        proposed = [writer(b) for b in bullets]
    return terms, structure, tailor(structure, dict(zip(targets, proposed, strict=True)), terms, resume)


def test_coverage_rises_when_the_resume_supports_terms_under_other_spellings():
    terms, _, tailored = run(RESUME)
    text = tailored.structure.to_text()
    before, after = coverage(RESUME, terms), coverage(text, terms)
    assert {t.term for t in before.otherSpelling} == {"Kubernetes", "PostgreSQL", "CI/CD"}
    assert after.score > before.score
    assert {"Kubernetes", "PostgreSQL", "CI/CD"} <= {t.term for t in after.matched}
    # the resume's own words stay next to the job's
    assert "Kubernetes (k8s)" in text and "PostgreSQL (Postgres)" in text and "CI/CD (CI pipelines)" in text
    # the .txt and .docx files carry the job's spelling too
    assert "Kubernetes (k8s)" in render(tailored.structure, "txt").data.decode()
    from tests.resume_files import docx_text

    assert any("Kubernetes (k8s)" in t for _, t in docx_text(render(tailored.structure, "docx").data))


def test_coverage_never_rises_by_adding_unsupported_terms():
    honest = run(RESUME)[2]
    terms, _, padded = run(RESUME, writer=lambda b: f"{b} with Terraform and Grafana")
    assert "Terraform" not in padded.structure.to_text() and "Grafana" not in padded.structure.to_text()
    assert coverage(padded.structure.to_text(), terms).score == coverage(honest.structure.to_text(), terms).score
    reverted = [c for c in padded.changes if c.kind == "bullet" and "does not show" in c.reason]
    assert reverted and all("Terraform" in c.reason for c in reverted)


def test_missing_must_haves_come_back_as_a_checklist_to_add_only_if_true():
    _, _, tailored = run(RESUME)
    assert [item.term for item in tailored.add_if_true] == ["Terraform"]  # Grafana is only nice to have
    assert "only if it is true" in tailored.add_if_true[0].why


def test_supported_must_haves_reach_the_summary_and_the_skills_line():
    _, _, tailored = run(RESUME)
    by_kind = {c.kind: c for c in tailored.changes}
    assert by_kind["summary"].revised.endswith("Experienced with Kubernetes, PostgreSQL and CI/CD.")
    assert by_kind["skills"].revised == "Python, Go, Linux, Kubernetes, PostgreSQL, CI/CD"
    assert "already shows" in by_kind["skills"].reason
    assert "Terraform" not in by_kind["skills"].revised + by_kind["summary"].revised


def test_a_resume_without_a_skills_line_gets_a_skills_section():
    resume = RESUME.split("\nSkills\n")[0] + "\n"
    _, _, tailored = run(resume)
    blocks = tailored.structure.blocks
    assert [(b.kind, b.text) for b in blocks[-2:]] == [
        ("heading", "Skills"),
        ("skills", "Kubernetes, PostgreSQL, CI/CD"),
    ]


def test_bullets_are_ordered_by_relevance_and_the_reason_is_shown():
    _, _, tailored = run(RESUME)
    bullets = [b.text for b in tailored.structure.blocks if b.kind == "bullet"]
    assert bullets[0].startswith("Ran 40 services on Kubernetes (k8s)")
    handbook = next(c for c in tailored.changes if "handbook" in c.original)
    assert handbook.movedFrom == 0 and handbook.movedTo == 2 and "moved down" in handbook.reason
    moved_up = next(c for c in tailored.changes if "k8s" in c.original)
    assert "moved up: matches Kubernetes" in moved_up.reason
    assert "the job's spelling: Kubernetes (you wrote k8s)" in moved_up.reason


def test_only_bullets_summary_and_skills_change():
    _, structure, tailored = run(RESUME)
    kept = ("name", "contact", "heading", "role", "blank")
    assert [b for b in tailored.structure.blocks if b.kind in kept] == [b for b in structure.blocks if b.kind in kept]
    assert all(c.reason for c in tailored.changes)
    text = tailored.structure.to_text()
    assert "Platform Engineer | Initech | 2020 - Present\n" in text and "\n\nEngineer | Globex | 2017 - 2020\n" in text
