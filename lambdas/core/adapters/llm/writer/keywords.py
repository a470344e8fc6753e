"""Keywords written the way a job description writes them (the optimizer's offline rewrite uses this)."""

from __future__ import annotations

import re

_SYNONYMS = {
    "kubernetes": ("k8s",),
    "javascript": ("js",),
    "typescript": ("ts",),
    "machine learning": ("ml",),
    "postgresql": ("postgres",),
    "ci/cd": ("continuous integration", "continuous delivery", "ci pipelines"),
    "etl": ("data pipelines", "data pipeline"),
    "amazon web services": ("aws",),
}


def surface_keywords(text: str, keywords: list[str], resume: str) -> str:
    """Write keywords the way the job description does, where the bullet already says the same thing.

    Only two moves, neither adds a fact: fix the spelling/case of a keyword the bullet contains ("aws" -> "AWS"),
    and name a keyword next to its synonym the bullet uses ("K8s" -> "Kubernetes (K8s)") when the keyword also
    appears elsewhere in the resume."""
    resume_lower = resume.lower()
    for keyword in keywords:
        kw = keyword.strip()
        if not kw:
            continue
        pattern = re.compile(rf"(?<![\w/]){re.escape(kw)}(?![\w/])", re.I)
        if found := pattern.search(text):
            # "aws" -> "AWS", "github" -> "GitHub"; never "AWS" -> "aws". A capital only at the start ("On-call")
            # may be the job description's sentence case, so that one is left alone.
            if found[0].islower() and any(c.isupper() for c in kw[1:]):
                text = pattern.sub(kw, text)
            continue
        for synonym in _SYNONYMS.get(kw.lower(), ()):
            found = re.search(rf"(?<![\w/]){re.escape(synonym)}(?![\w/])", text, re.I)
            if found and kw.lower() in resume_lower:
                text = f"{text[: found.start()]}{kw} ({found[0]}){text[found.end() :]}"
                break
    return text
