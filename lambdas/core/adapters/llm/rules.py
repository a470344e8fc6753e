"""Rule-based bullet rewriting for the offline provider: strong verbs, filler removal, honest structure.

Principles: every word of a rewrite comes from the bullet or from a fixed vocabulary of verbs and connectives;
numbers are only ever copied from the bullet; anything the rules cannot know becomes a bracketed placeholder.
A bullet that said "helped" is never upgraded to "led": collaboration stays collaboration.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ... import resume as resume_model
from ...tailoring import job_spelling

# ------------------------------------------------------------------------------------------ vocabulary

# (base, past, gerund) of verbs that open resume bullets. Past tense is the resume default.
_VERB_FORMS = [
    ("analyze", "analyzed", "analyzing"),
    ("architect", "architected", "architecting"),
    ("automate", "automated", "automating"),
    ("build", "built", "building"),
    ("coordinate", "coordinated", "coordinating"),
    ("create", "created", "creating"),
    ("debug", "debugged", "debugging"),
    ("define", "defined", "defining"),
    ("deliver", "delivered", "delivering"),
    ("deploy", "deployed", "deploying"),
    ("design", "designed", "designing"),
    ("develop", "developed", "developing"),
    ("document", "documented", "documenting"),
    ("drive", "drove", "driving"),
    ("establish", "established", "establishing"),
    ("implement", "implemented", "implementing"),
    ("improve", "improved", "improving"),
    ("launch", "launched", "launching"),
    ("lead", "led", "leading"),
    ("maintain", "maintained", "maintaining"),
    ("manage", "managed", "managing"),
    ("mentor", "mentored", "mentoring"),
    ("migrate", "migrated", "migrating"),
    ("monitor", "monitored", "monitoring"),
    ("optimize", "optimized", "optimizing"),
    ("organize", "organized", "organizing"),
    ("own", "owned", "owning"),
    ("plan", "planned", "planning"),
    ("prepare", "prepared", "preparing"),
    ("redesign", "redesigned", "redesigning"),
    ("refactor", "refactored", "refactoring"),
    ("reduce", "reduced", "reducing"),
    ("run", "ran", "running"),
    ("scale", "scaled", "scaling"),
    ("ship", "shipped", "shipping"),
    ("streamline", "streamlined", "streamlining"),
    ("support", "supported", "supporting"),
    ("test", "tested", "testing"),
    ("train", "trained", "training"),
    ("write", "wrote", "writing"),
    # weak openers, rewritten below
    ("do", "did", "doing"),
    ("handle", "handled", "handling"),
    ("make", "made", "making"),
    ("use", "used", "using"),
    ("utilize", "utilized", "utilizing"),
    ("work", "worked", "working"),
    ("get", "got", "getting"),
    ("deal", "dealt", "dealing"),
    ("take care", "took care", "taking care"),
]
_PAST = {form: past for base, past, gerund in _VERB_FORMS for form in (base, past, gerund)}
# Weak opening verbs and their honest stronger replacement (same claim, sharper word).
_STRONGER = {
    "did": "Executed",
    "handled": "Managed",
    "made": "Created",
    "used": "Applied",
    "utilized": "Applied",
    "worked": "Delivered",
    "got": "Secured",
    "dealt": "Resolved",
    "took care": "Managed",
}
# Alternatives of the same strength (never a bigger claim: "helped" never becomes "led").
_SAME_STRENGTH = {
    "Managed": ("Oversaw", "Coordinated"),
    "Led": ("Directed", "Headed"),
    "Built": ("Developed", "Engineered"),
    "Developed": ("Built", "Engineered"),
    "Created": ("Built", "Developed"),
    "Designed": ("Devised", "Engineered"),
    "Implemented": ("Delivered", "Built"),
    "Improved": ("Enhanced", "Strengthened"),
    "Analyzed": ("Evaluated", "Assessed"),
    "Wrote": ("Authored", "Produced"),
    "Migrated": ("Moved", "Transitioned"),
    "Optimized": ("Tuned", "Refined"),
    "Deployed": ("Rolled out", "Shipped"),
    "Launched": ("Rolled out", "Shipped"),
    "Trained": ("Coached", "Taught"),
    "Mentored": ("Coached", "Guided"),
    "Coordinated": ("Orchestrated", "Organized"),
    "Organized": ("Coordinated", "Arranged"),
    "Reduced": ("Cut", "Lowered"),
    "Delivered": ("Shipped", "Completed"),
    "Tested": ("Validated", "Verified"),
    "Monitored": ("Tracked", "Watched over"),
    "Applied": ("Leveraged", "Employed"),
    "Executed": ("Carried out", "Completed"),
    "Maintained": ("Kept up", "Sustained"),
    "Automated": ("Scripted", "Mechanized"),
    "Supported": ("Backed", "Served"),
}
# "the implementation of X" says "implemented X" the long way.
_NOMINALISED = {
    "implementation": "implement",
    "development": "develop",
    "design": "design",
    "creation": "create",
    "migration": "migrate",
    "analysis": "analyze",
    "management": "manage",
    "maintenance": "maintain",
    "testing": "test",
    "deployment": "deploy",
    "optimization": "optimize",
    "automation": "automate",
    "planning": "plan",
    "documentation": "document",
    "organization": "organize",
    "coordination": "coordinate",
}
_NOMINAL_LEAD = re.compile(r"^(?:the\s+|an?\s+)?(?P<noun>" + "|".join(_NOMINALISED) + r")\s+of\s+", re.I)
# Verbs that state an outcome; a clause starting with one is the bullet's result.
_RESULT_VERBS = {
    "improve": ("improved", "improving"),
    "increase": ("increased", "increasing"),
    "reduce": ("reduced", "reducing"),
    "cut": ("cut", "cutting"),
    "decrease": ("decreased", "decreasing"),
    "boost": ("boosted", "boosting"),
    "raise": ("raised", "raising"),
    "lower": ("lowered", "lowering"),
    "save": ("saved", "saving"),
    "accelerate": ("accelerated", "accelerating"),
    "grow": ("grew", "growing"),
    "enable": ("enabled", "enabling"),
    "eliminate": ("eliminated", "eliminating"),
    "shorten": ("shortened", "shortening"),
    "speed up": ("sped up", "speeding up"),
}
_RESULT_FORMS = {
    form: (past, gerund) for base, (past, gerund) in _RESULT_VERBS.items() for form in (base, past, gerund)
}
_RESULT_FORMS["increases"] = _RESULT_FORMS["increase"]

_NEUTRAL_LEADS = ["worked on", "working on", "work on"]
_OWNERSHIP_LEADS = [
    "was responsible for",
    "were responsible for",
    "responsible for",
    "in charge of",
    "accountable for",
    "tasked with",
    "duties included",
    "my role was to",
]
_COLLABORATION_LEADS = [
    "helped with",
    "helped to",
    "helped",
    "helping with",
    "helping to",
    "helping",
    "assisted with",
    "assisted in",
    "assisted",
    "assisting with",
    "assisting",
    "was involved in",
    "involved in",
    "participated in",
    "contributed to",
    "was part of",
    "part of",
]
_PRONOUN_LEAD = re.compile(r"^(?:i|we)\s+(?:was\s+|were\s+|have\s+|had\s+)?", re.IGNORECASE)
_FILLER: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\b(?:a\s+variety\s+of|various|several\s+different|numerous|different)\s+", re.I), ""),
    (re.compile(r"\b(?:successfully|effectively|basically|actually|really|very)\s+", re.I), ""),
    (re.compile(r"\bin\s+order\s+to\b", re.I), "to"),
    (re.compile(r"\bwas\s+able\s+to\s+", re.I), ""),
    (
        re.compile(r"\butiliz(e|ed|es|ing)\b", re.I),
        lambda m: {"e": "use", "ed": "used", "es": "uses"}.get(m[1], "using"),
    ),
    (re.compile(r"\b(?:a\s+lot\s+of|lots\s+of)\s+", re.I), "many "),
    (
        re.compile(
            r"\b(?:do|did|perform|performed|conduct|conducted)\s+(?:an?\s+|the\s+)?analysis\s+(?:of|on)\b", re.I
        ),
        "analyze",
    ),
    (re.compile(r"\band\s+(?:helped|assisted)(?:\s+with|\s+in)?\s+", re.I), "and "),
]
_GENERIC_NOUN = re.compile(r"\b(\w[\w-]*)\s+(?:tasks|duties|activities|things|stuff|items|responsibilities)\b", re.I)
_BENEFICIARY = re.compile(
    r"^(?P<who>(?:the|my|our)\s+(?:[\w-]+\s+){0,2}?(?:team|teams|group|department|org|organization|engineers|"
    r"manager|managers|stakeholders|leads?))\s+(?:with|on|in|to)\s+",
    re.I,
)
_RESULT_CLAUSE = re.compile(
    r"(?:,?\s+(?:that|which)\s+|,\s+|\s+and\s+|\s+(?:thereby|thus)\s+)"
    r"(?P<verb>" + "|".join(sorted((re.escape(f) for f in _RESULT_FORMS), key=len, reverse=True)) + r")\b"
    r"(?P<rest>.*)$",
    re.I,
)
_RESULTING_IN = re.compile(r",?\s+(?:resulting in|leading to)\s+(?P<rest>.+)$", re.I)
_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|dozen|twice|doubled|tripled|halved)\b",
    re.I,
)


# ------------------------------------------------------------------------------------------ parsing


@dataclass(frozen=True)
class Bullet:
    original: str  # as given, marker and final period removed
    action: tuple[str, str, str] | None  # (base, past, gerund) of the opening verb, when it has one
    verb: str  # the opening verb in the past tense, capitalised (strengthened when it was weak), or ""
    obj: str  # what was worked on
    beneficiary: str  # "the team" when the bullet says who was helped
    result_past: str  # "improved reporting speed by 40%" or ""
    result_gerund: str  # "improving reporting speed by 40%" or ""
    collaborative: bool  # the bullet said helped/assisted/contributed: keep the claim modest
    ownership: bool  # the bullet said responsible for / in charge of
    weak_opening: str  # the filler or weak verb the bullet opened with, "" if none

    @property
    def has_metric(self) -> bool:
        return bool(_NUMBERISH.search(self.original))


_FORMS_BY_PAST = {past: (base, past, gerund) for base, past, gerund in _VERB_FORMS}


clean_line = resume_model.clean


def _strip_fillers(text: str) -> str:
    for pattern, replacement in _FILLER:
        text = pattern.sub(replacement, text)
    text = _GENERIC_NOUN.sub(lambda m: f"{m[1]} work", text)
    return re.sub(r"\s+", " ", text).strip(" ,")


def _strip_lead(text: str, leads: list[str]) -> tuple[str, str]:
    lowered = text.lower()
    for lead in leads:
        if lowered.startswith(lead + " ") or lowered == lead:
            return text[len(lead) :].lstrip(), text[: len(lead)]
    return text, ""


def _opening_verb(body: str) -> tuple[str, str]:
    """(verb form as written, rest) when the body opens with a known verb (one or two words), else ("", body)."""
    words = body.split(" ")
    for size in (2, 1):
        candidate = " ".join(words[:size])
        if len(words) >= size and candidate.lower() in _PAST:
            return candidate, " ".join(words[size:])
    if words[0].lower() == "to" and len(words) > 1 and words[1].lower() in _PAST:  # "helped to build X"
        return words[1], " ".join(words[2:])
    return "", body


def parse_bullet(text: str) -> Bullet:
    original = clean_line(text)
    body = _PRONOUN_LEAD.sub("", original)
    body, owner_lead = _strip_lead(body, _OWNERSHIP_LEADS)
    body, collab_lead = _strip_lead(body, _COLLABORATION_LEADS)
    body, neutral_lead = _strip_lead(body, _NEUTRAL_LEADS)
    weak_opening = owner_lead or collab_lead or neutral_lead
    body = _strip_fillers(body)

    result_past = result_gerund = ""
    clause = _RESULT_CLAUSE.search(body)
    if clause and clause.start() > 0:
        past, gerund = _RESULT_FORMS[clause["verb"].lower()]
        result_past, result_gerund = past + clause["rest"], gerund + clause["rest"]
        body = body[: clause.start()]
    elif resulting := _RESULTING_IN.search(body):
        result_past, result_gerund = f"resulted in {resulting['rest']}", f"resulting in {resulting['rest']}"
        body = body[: resulting.start()]

    beneficiary = ""
    if who := _BENEFICIARY.match(body):
        beneficiary, body = who["who"], body[who.end() :]

    action: tuple[str, str, str] | None = None
    verb = ""
    written, rest = _opening_verb(body)
    if written:
        past = _PAST[written.lower()]
        if past in _STRONGER:
            weak_opening = weak_opening or written
            verb = _STRONGER[past]
        else:
            action, verb = _FORMS_BY_PAST[past], past.capitalize()
        body = rest
    elif nominal := _NOMINAL_LEAD.match(body):
        base = _NOMINALISED[nominal["noun"].lower()]
        action, body = _FORMS_BY_PAST[_PAST[base]], body[nominal.end() :]
        verb = action[1].capitalize()
    body = re.sub(r"^(?:with|on|in)\s+", "", body, flags=re.I).strip(" ,")
    return Bullet(
        original=original,
        action=action,
        verb=verb,
        obj=body,
        beneficiary=beneficiary,
        result_past=result_past.strip(),
        result_gerund=result_gerund.strip(),
        collaborative=bool(collab_lead),
        ownership=bool(owner_lead),
        weak_opening=weak_opening,
    )


# ------------------------------------------------------------------------------------------ writing


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(text: str) -> str:
    # Keep acronyms and proper nouns ("AWS", "Python") as written.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def openings(bullet: Bullet, *, with_beneficiary: bool = True) -> list[str]:
    """Verb + object phrases, honest to the original claim, best first."""
    obj, who = bullet.obj, bullet.beneficiary
    for_who = f" for {who}" if who and with_beneficiary else ""
    if bullet.collaborative:
        thing = f"{bullet.action[2]} {obj}" if bullet.action else obj
        partner = (
            [f"Partnered with {who} to {bullet.action[0]} {obj}" if bullet.action else f"Partnered with {who} on {obj}"]
            if who and with_beneficiary
            else []
        )
        return [*partner, f"Collaborated on {thing}", f"Contributed to {thing}"]
    if bullet.verb:
        verbs = [bullet.verb, *_SAME_STRENGTH.get(bullet.verb, ())]
    elif bullet.ownership:
        verbs = ["Owned", "Managed", "Delivered"]
    else:
        verbs = ["Delivered", "Developed"]
    return [f"{verb} {obj}{for_who}" for verb in verbs]


def _by_doing(bullet: Bullet) -> str:
    """'migrating legacy services' / 'data pipeline work with the team': how the result was reached."""
    who = f" with {bullet.beneficiary}" if bullet.beneficiary else ""
    if bullet.action:
        return f"by {bullet.action[2]} {bullet.obj}{who}"
    return f"through {_lower_first(bullet.obj)}{who}"


def _result_first(bullet: Bullet) -> str:
    """'Reduced costs by $120K by migrating X'; "" when the result is not an action ('resulted in ...')."""
    if bullet.result_past.startswith("resulted in"):
        return ""
    return f"{_cap(bullet.result_past)} {_by_doing(bullet)}"


def rephrasings(bullet: Bullet) -> list[str]:
    cores = openings(bullet)
    second = cores[min(1, len(cores) - 1)]
    if not bullet.result_past:
        return _distinct(cores, bullet.original)
    if bullet.action and not bullet.collaborative:
        # "Migrated X, reducing costs" reads right; "Migrated X that reduced costs" would attach to X.
        out = [
            f"{cores[0]}, {bullet.result_gerund}",
            _result_first(bullet),
            f"{second}, {bullet.result_gerund}",
            f"{cores[-1]}, {bullet.result_gerund}",
        ]
    else:
        out = [f"{cores[0]} that {bullet.result_past}", f"{second}, {bullet.result_gerund}"]
        out.append(f"{cores[2]}, {bullet.result_gerund}" if len(cores) > 2 else "")
        out.append(_result_first(bullet) if not bullet.collaborative else "")
    return _distinct(out, bullet.original)[:3]


_TRAILING_DETAIL = re.compile(r"\s+(?:for|across|within|at|on behalf of)\s+[^,]+$", re.I)


def shortenings(bullet: Bullet) -> list[str]:
    """Shorter versions, those that keep the result first, then by length. Never longer than the original."""
    cores = openings(bullet, with_beneficiary=False)
    trimmed = replace(bullet, obj=_TRAILING_DETAIL.sub("", bullet.obj)) if bullet.obj.count(" ") >= 3 else bullet
    candidates = [*cores, *openings(trimmed, with_beneficiary=False)]
    if bullet.result_past:
        candidates += [
            f"{core}, {bullet.result_gerund}" for core in (*cores, *openings(trimmed, with_beneficiary=False))
        ]
        if not bullet.collaborative and bullet.obj:
            candidates.append(_result_first(replace(trimmed, beneficiary="")))
    distinct = _distinct(candidates, bullet.original)
    limit = shorten_target(bullet.original)
    # The length target first; a bullet that is already short gets whatever is shorter at all.
    short = [c for c in distinct if len(c) <= limit] or [c for c in distinct if len(c) < len(bullet.original)]
    keeps_result = {c: bool(bullet.result_gerund) and _mentions_result(c, bullet) for c in short}
    return sorted(short, key=lambda c: (not keeps_result[c], len(c)))[:3]


def _mentions_result(text: str, bullet: Bullet) -> bool:
    lowered = text.lower()
    return bullet.result_gerund.lower() in lowered or bullet.result_past.lower() in lowered


def shorten_target(original: str) -> int:
    """At most about four fifths of the original, and never over one line of a resume."""
    return min(int(len(original) * 0.8), ONE_LINE_CHARS)


ONE_LINE_CHARS = 110


def quantified(bullet: Bullet) -> list[str]:
    core = openings(bullet)[0]
    if bullet.result_past:
        result = bullet.result_past if bullet.has_metric else f"{bullet.result_past} by [X%]"
        gerund = bullet.result_gerund if bullet.has_metric else f"{bullet.result_gerund} by [X%]"
        out = [
            f"{core} that {result}, saving [N] hours per week",
            f"{core} across [N] [projects/pipelines/users], {gerund}",
            f"{core} that {result} for [N] [users/stakeholders]",
        ]
    else:
        out = [
            f"{core}, improving [metric] by [X%]",
            f"{core} for [N] [users/customers/teams]",
            f"{core}, saving [N] hours per week or [$X] per year",
        ]
    return _distinct(out, bullet.original)


def star_versions(bullet: Bullet) -> list[str]:
    action = _lower_first(openings(bullet)[0])
    result_tail = bullet.result_gerund or "resulting in [result, e.g. X% faster]"
    result_which = f"which {bullet.result_past}" if bullet.result_past else "resulting in [measurable result]"
    return _distinct(
        [
            f"Faced with [situation], {action} by [specific action you took], {result_tail}",
            f"Tasked with [goal], {action} using [approach or tools], {result_which}",
            f"When [context/challenge], {action}, {result_tail}",
        ],
        bullet.original,
    )


def _distinct(candidates: list[str], original: str) -> list[str]:
    seen = {original.lower()}
    out = []
    for text in candidates:
        text = re.sub(r"\s+", " ", text).strip(" ,")
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(_cap(text))
    return out


# ------------------------------------------------------------------------------------------ review


@dataclass(frozen=True)
class BulletReview:
    text: str
    reasons: tuple[str, ...]


_PASSIVE = re.compile(r"\b(?:was|were|been|being)\s+\w+ed\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|my|me)\b")
_VAGUE = re.compile(r"\b(?:various|several|stuff|things|etc)\b", re.I)
LONG_BULLET_WORDS = 32


def resume_bullets(resume: str) -> list[str]:
    """The resume's achievements, as the resume model reads them."""
    return [clean_line(line.text) for line in resume_model.parse(resume).bullets() if len(line.text.split()) >= 3]


def review_bullet(text: str) -> BulletReview:
    bullet = parse_bullet(text)
    reasons = []
    if bullet.weak_opening:
        reasons.append(f'opens with "{bullet.weak_opening}" instead of a strong action verb')
    if not bullet.has_metric:
        reasons.append("has no measurable result (number, percentage, scale or time saved)")
    if _VAGUE.search(bullet.original):
        reasons.append(f'uses a vague word ("{_VAGUE.search(bullet.original)[0]}")')  # type: ignore[index]
    if _PASSIVE.search(bullet.original):
        reasons.append("is in the passive voice")
    if _FIRST_PERSON.search(bullet.original):
        reasons.append('uses first person ("I", "my")')
    if len(bullet.original.split()) > LONG_BULLET_WORDS:
        reasons.append("runs past one line; cut it to the action and the result")
    return BulletReview(bullet.original, tuple(reasons))


def weakest_bullets(resume: str, limit: int = 3) -> list[BulletReview]:
    reviews = [review_bullet(b) for b in resume_bullets(resume)]
    weak = [r for r in reviews if r.reasons]
    # Most problems first; ties keep resume order (stable sort).
    return sorted(weak, key=lambda r: -len(r.reasons))[:limit]


# ------------------------------------------------------------------------------------------ optimizer


def rewrite_toward(text: str, keywords: list[str], resume: str) -> str:
    """One optimizer rewrite: strong honest verb, fillers gone, keywords surfaced; the bullet when nothing helps."""
    bullet = parse_bullet(text)
    if bullet.obj and (bullet.weak_opening or bullet.original != _strip_fillers(bullet.original)):
        best = rephrasings(bullet)
        rewritten = best[0] if best else bullet.original
    else:
        rewritten = _strip_fillers(bullet.original) or bullet.original
    return job_spelling(_cap(rewritten), keywords, resume)
