"""Free chat for the writing engine: answer what the question asks about the person's resume.

Intents, first match wins: an action asked in words ("Rephrase: <bullet>"), one named bullet, missing sections,
a summary, seniority (scope, ownership, scale, mentoring), a target role named in the message, a bullet review,
and an overview. Answers quote the resume, never the question, and hold no numbers of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .... import resume as resume_model
from ....ports.llm import AssistReply, AssistRequest, Suggestion
from . import edits, grammar

if TYPE_CHECKING:
    from .engine import WritingEngine

BULLET_ACTIONS_IN_TEXT = re.compile(
    r"^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?"
    r"(?P<verb>rephrase|reword|rewrite|improve|strengthen|shorten|tighten|trim|condense|quantify|star)\b"
    r"(?:\s+(?:this|that|the|my)(?:\s+bullet)?)?\s*(?:[:\-\u2013]|\s)\s*(?P<bullet>.+)$",
    re.IGNORECASE | re.DOTALL,
)
ACTION_OF_VERB = {
    **dict.fromkeys(["rephrase", "reword", "rewrite", "improve", "strengthen"], "rephrase"),
    **dict.fromkeys(["shorten", "tighten", "trim", "condense"], "shorten"),
    "quantify": "quantify",
    "star": "star",
}
_REVIEW_WORDS = re.compile(r"\b(weak\w*|review|feedback|critique|improve|better|strong\w*|fix|bullets?)\b", re.I)
_SECTION_WORDS = re.compile(r"\b(sections?|missing|structure|lacking|format\w*|layout|complete)\b", re.I)
_SUMMARY_WORDS = re.compile(r"\b(summary|headline|profile|about me|objective)\b", re.I)
_SENIORITY_WORDS = re.compile(r"\b(senior|seniority|staff|principal|level(?:\s+up)?|promot\w+|experienced)\b", re.I)

# The sections a resume needs (resume-model section keys), and those worth having.
CORE_SECTIONS = {"summary": "Summary", "experience": "Experience", "education": "Education", "skills": "Skills"}
OPTIONAL_SECTIONS = {"projects": "Projects", "certifications": "Certifications"}
# A degree named anywhere counts as an education section (a one-line resume header often carries it).
_DEGREE = re.compile(r"\b(?:university|college|bachelor|master|b\.?sc|m\.?sc|ph\.?d)\b", re.I)
CONTACT: dict[str, Callable[[str], object]] = {
    "an email address": resume_model.has_email,
    "a phone number": resume_model.PHONE.search,
    "a LinkedIn or portfolio link": resume_model.URL.search,
}
# What a senior reader looks for in a bullet, and the words that show it.
SENIORITY_SIGNALS = {
    "scope": re.compile(r"\b(?:end-to-end|cross-functional|company-wide|org-wide|across|roadmap|strategy|"
                        r"architect\w*|design(?:ed)?\s+(?:the|a)\s+\w+\s+(?:system|platform|architecture))\b", re.I),
    "ownership": re.compile(r"\b(?:led|owned|drove|initiated|established|founded|launched|headed|directed|"
                            r"spearheaded|defined|championed)\b", re.I),
    "scale": re.compile(r"\d|\b(?:million|thousand|billion|users|customers|requests|traffic|global)\b", re.I),
    "mentoring": re.compile(r"\b(?:mentor\w*|coach\w*|train\w*|onboard\w*|hired|hiring|interview\w*|"
                            r"taught|review(?:ed)?\s+code|code\s+reviews?)\b", re.I),
}  # fmt: skip
# A target role named in a question, and the vocabulary its job ads use.
ROLE_VOCABULARY = {
    "backend": ("APIs", "databases", "SQL", "distributed systems", "scalability", "latency", "caching",
                "queues", "microservices", "observability", "testing", "on-call"),
    "frontend": ("React", "TypeScript", "accessibility", "performance", "design systems", "CSS", "testing",
                 "state management", "responsive design"),
    "full-stack": ("APIs", "React", "TypeScript", "databases", "SQL", "testing", "deployment", "CI/CD"),
    "data": ("SQL", "Python", "ETL", "data pipelines", "data modeling", "dashboards", "experimentation",
             "statistics", "data quality"),
    "machine learning": ("Python", "model training", "evaluation", "feature engineering", "MLOps",
                         "experimentation", "deployment", "data pipelines"),
    "devops": ("CI/CD", "infrastructure as code", "Terraform", "Kubernetes", "monitoring", "incident response",
               "cloud", "automation", "reliability"),
    "mobile": ("iOS", "Android", "Swift", "Kotlin", "React Native", "app store releases", "performance",
               "offline support"),
    "product manager": ("roadmap", "discovery", "prioritization", "stakeholders", "metrics", "experiments",
                        "launches", "customer research"),
    "designer": ("user research", "prototyping", "Figma", "design systems", "usability testing",
                 "accessibility", "interaction design"),
    "sales": ("pipeline", "quota", "prospecting", "closing", "CRM", "negotiation", "account management"),
    "teacher": ("curriculum", "lesson planning", "assessment", "differentiation", "classroom management",
                "student outcomes"),
    "recruiter": ("sourcing", "interviewing", "candidate experience", "offers", "ATS", "hiring managers"),
    "support": ("customer satisfaction", "tickets", "escalations", "knowledge base", "response time", "SLAs"),
}  # fmt: skip
_ROLE_NAMES = {
    "backend": r"back[- ]?end|server[- ]side|api", "frontend": r"front[- ]?end|ui engineer|web developer",
    "full-stack": r"full[- ]?stack", "data": r"data (?:engineer|analyst|scientist)|analytics|data role",
    "machine learning": r"machine learning|\bml\b|\bai\b engineer",
    "devops": r"devops|sre|site reliability|platform|infrastructure",
    "mobile": r"mobile|ios|android", "product manager": r"product manager|\bpm\b|product management",
    "designer": r"designer|ux|ui/ux|product design", "sales": r"sales|account executive|business development",
    "teacher": r"teach\w*|educator|instructor", "recruiter": r"recruit\w*|talent acquisition|\bhr\b",
    "support": r"customer support|customer success|support engineer|help ?desk",
}  # fmt: skip
_ROLE_PATTERN = {role: re.compile(rf"(?:{pattern})", re.I) for role, pattern in _ROLE_NAMES.items()}
_PASSIVE = re.compile(r"\b(?:was|were|been|being)\s+\w+ed\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|my|me)\b")
_VAGUE = re.compile(r"\b(?:various|several|stuff|things|etc)\b", re.I)
LONG_BULLET_WORDS = 32
NAMED_BULLET_WORDS = 5  # a question naming a bullet quotes at least this many of its words in a row


def answer(engine: WritingEngine, request: AssistRequest) -> AssistReply:
    inline = BULLET_ACTIONS_IN_TEXT.match(request.message)
    if inline and len(inline["bullet"].split()) >= 3:
        return engine.bullet_action(ACTION_OF_VERB[inline["verb"].lower()], inline["bullet"], request.resume)
    resume = request.resume.strip()
    if not resume:
        return AssistReply(
            text="Paste your resume into the editor first. Then ask me which bullets are weak, what sections "
            "are missing, or select a bullet and choose Rephrase, Shorten, Quantify or STAR."
        )
    doc = resume_model.parse(resume)
    message = request.message
    if named := _named_bullet(message, doc):
        return _one_bullet(named)
    if _SECTION_WORDS.search(message):
        return AssistReply(text=_sections_answer(doc))
    if _SUMMARY_WORDS.search(message):
        return AssistReply(text=_summary_answer(doc))
    role = next((name for name, pattern in _ROLE_PATTERN.items() if pattern.search(message)), None)
    if _SENIORITY_WORDS.search(message):
        return _seniority_answer(doc, role)
    if role:
        return AssistReply(text=_role_answer(doc, role))
    if _REVIEW_WORDS.search(message):
        return _review_answer(doc)
    return _overview_answer(doc)


# ------------------------------------------------------------------------------------------ review


def bullet_lines(doc: resume_model.Resume) -> list[resume_model.Line]:
    return [line for line in doc.bullets() if len(line.text.split()) >= 3]


def review_reasons(text: str) -> list[str]:
    bullet = grammar.read(text)
    reasons = []
    if bullet.lead:
        reasons.append(f'opens with "{bullet.lead}" instead of a strong action verb')
    elif not bullet.verb_led:
        reasons.append("does not open with what you did")
    if not bullet.has_metric:
        reasons.append("has no measurable result (number, percentage, scale or time saved)")
    if vague := _VAGUE.search(bullet.original):
        reasons.append(f'uses a vague word ("{vague[0]}")')
    if _PASSIVE.search(bullet.original):
        reasons.append("is in the passive voice")
    if _FIRST_PERSON.search(bullet.original):
        reasons.append('uses first person ("I", "my")')
    if len(bullet.original.split()) > LONG_BULLET_WORDS:
        reasons.append("runs past one line; cut it to the action and the result")
    return reasons


def _rewrites(lines: list[resume_model.Line]) -> list[Suggestion]:
    out = []
    for line in lines:
        better = edits.rephrasings(grammar.read(line.text), "past")
        if better:
            out.append(Suggestion(text=better[0], replaces=line.text))
    return out


def _review_answer(doc: resume_model.Resume) -> AssistReply:
    lines = bullet_lines(doc)
    if not lines:
        return AssistReply(
            text="I could not find bullet points in your resume. Put each achievement on its own line starting "
            'with "-", then ask again.'
        )
    reviewed = [(line, review_reasons(line.text)) for line in lines]
    weakest = sorted((r for r in reviewed if r[1]), key=lambda r: -len(r[1]))[:3]  # stable: resume order on ties
    if not weakest:
        return AssistReply(
            text="Your bullets look solid: each opens with an action verb and shows a result. To go further, select "
            "one and choose Quantify to add scale, or STAR to add context."
        )
    text = ["These bullets are the weakest, most problems first:"]
    text += [f'- "{resume_model.clean(line.text)}": {"; ".join(reasons)}.' for line, reasons in weakest]
    text.append("Each rewrite below is for its own bullet (same facts); Apply puts it in that bullet's place.")
    return AssistReply(text="\n".join(text), suggestions=_rewrites([line for line, _ in weakest]))


def _named_bullet(message: str, doc: resume_model.Resume) -> resume_model.Line | None:
    words = re.findall(r"[\w%$'-]+", message.lower())
    if len(words) < NAMED_BULLET_WORDS:
        return None
    grams = {" ".join(words[i : i + NAMED_BULLET_WORDS]) for i in range(len(words) - NAMED_BULLET_WORDS + 1)}
    for line in bullet_lines(doc):
        line_words = re.findall(r"[\w%$'-]+", line.text.lower())
        if any(" ".join(line_words[i : i + NAMED_BULLET_WORDS]) in grams for i in range(len(line_words) - 4)):
            return line
    return None


def _one_bullet(line: resume_model.Line) -> AssistReply:
    reasons = review_reasons(line.text)
    verdict = f"This bullet {'; '.join(reasons)}." if reasons else "This bullet is solid: it opens with an action "
    if not reasons:
        verdict += "verb and shows a result. Quantify or STAR can add scale or context."
    return AssistReply(
        text=f'About "{resume_model.clean(line.text)}": {verdict} A rewrite with the same facts is below.',
        suggestions=_rewrites([line]),
    )


# ------------------------------------------------------------------------------------------ sections and summary


def present_sections(doc: resume_model.Resume) -> set[str]:
    present = doc.sections()
    if doc.of_kind("skills"):
        present.add("skills")
    if _DEGREE.search(doc.text):
        present.add("education")
    return present


def _missing_core(doc: resume_model.Resume) -> list[str]:
    present = present_sections(doc)
    return [label for key, label in CORE_SECTIONS.items() if key not in present]


def _sections_answer(doc: resume_model.Resume) -> str:
    present = present_sections(doc)
    missing = _missing_core(doc)
    optional = [label for key, label in OPTIONAL_SECTIONS.items() if key not in present]
    contact = [what for what, search in CONTACT.items() if not search(doc.text)]
    parts = []
    if missing:
        parts.append(f"Missing sections: {', '.join(missing)}. Recruiters and ATS parsers look for these headings.")
    else:
        parts.append("You have the core sections (Summary, Experience, Education, Skills).")
    if contact:
        parts.append(f"Contact details: add {', '.join(contact)} at the top.")
    if optional:
        parts.append(f"Optional but useful: {', '.join(optional)}.")
    return " ".join(parts)


def _summary_answer(doc: resume_model.Resume) -> str:
    skills = _skills(doc)
    listed = ", ".join(skills) if skills else "[your top skills]"
    return (
        "A summary is a couple of lines: who you are, what you are strong at, and what you want next. "
        f'From your resume: "[Role] with [N] years of experience in {listed}, known for [your strongest '
        'result]." Fill the brackets with facts you can back up.'
    )


def _skills(doc: resume_model.Resume) -> list[str]:
    items = []
    for line in doc.of_kind("skills"):
        listed = resume_model.SKILLS_LABEL.match(line.text)
        items += [item.strip() for item in resume_model.LIST_SPLIT.split(listed[2] if listed else line.text)]
    return [item for item in items if item and len(item) <= 30][:4]


# ------------------------------------------------------------------------------------------ seniority and roles


def _seniority_answer(doc: resume_model.Resume, role: str | None) -> AssistReply:
    lines = bullet_lines(doc)
    if not lines:
        return _review_answer(doc)
    shown = {
        signal: [line for line in lines if pattern.search(line.text)] for signal, pattern in SENIORITY_SIGNALS.items()
    }
    has = [signal for signal, found in shown.items() if found]
    lacks = [signal for signal, found in shown.items() if not found]
    text = [
        "A senior reader looks for four signals: scope (how far your work reached), ownership (what you led or "
        "decided), scale (users, volume, money, with figures) and mentoring (people you grew)."
    ]
    text.append(f"Your resume shows {', '.join(has)}." if has else "None of your bullets shows them clearly yet.")
    if lacks:
        text.append(f"Not shown anywhere yet: {', '.join(lacks)}. Add them where they are true.")
    thin = [line for line in lines if sum(bool(p.search(line.text)) for p in SENIORITY_SIGNALS.values()) == 0][:3]
    if thin:
        text.append("These bullets show none of the four; say what you owned, how big it was, or who you helped:")
        text += [f'- "{resume_model.clean(line.text)}"' for line in thin]
    if role:
        text.append(_role_answer(doc, role))
    # No rewrites here: scope, scale and mentoring are facts only the person can add.
    return AssistReply(text="\n".join(text))


def _role_answer(doc: resume_model.Resume, role: str) -> str:
    lowered = doc.text.lower()
    vocabulary = ROLE_VOCABULARY[role]
    found = [term for term in vocabulary if term.lower() in lowered]
    absent = [term for term in vocabulary if term.lower() not in lowered]
    parts = [f"For a {role} role, job ads look for: {', '.join(vocabulary)}."]
    if found:
        parts.append(f"Your resume already says {', '.join(found)}.")
    if absent:
        parts.append(f"Not in it yet: {', '.join(absent)}; add them only where you really did the work.")
    parts.append(
        "For a specific job, open Optimize with its description: you get a tailored copy and an honest keyword "
        "coverage report."
    )
    return " ".join(parts)


def _overview_answer(doc: resume_model.Resume) -> AssistReply:
    review = _review_answer(doc)
    missing = _missing_core(doc)
    gap = f" Your resume has no {' or '.join(missing)} section yet." if missing else ""
    return AssistReply(
        text="I can review your bullets, point out missing sections, judge how senior your resume reads, or rework "
        f"a selected bullet (Rephrase, Shorten, Quantify, STAR).{gap} A quick review to start:\n{review.text}",
        suggestions=review.suggestions,
    )
