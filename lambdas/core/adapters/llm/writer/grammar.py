"""The grammar of one resume bullet: a label, a weak opener, the opening verbs in their tense, the object, and
the result clause. Read once, written many ways by `edits`.

"Responsible for managing the ETL jobs, reducing failures by 30%" reads as: lead "Responsible for" (ownership),
verbs [manage] in the gerund, object "the ETL jobs", result "reducing failures by 30%". Nothing here rewrites;
everything here is a finite set of anchored patterns over one line, so the work is linear in the bullet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .... import resume as resume_model
from . import lexicon
from .lexicon import Tense

Stance = Literal["", "owner", "collaborator", "member", "partner", "neutral"]

# "**Built features**: built ...", "Compliance and Scalability: Development of ...", "2015-2016: Coached ..."
_LABEL = re.compile(
    r"^(?:[A-Z][\w.&' ]{0,40}\s+[\u2014\u2013-]|\*\*[^*]{1,60}\*\*\s*:?|[A-Z][\w&/.,' -]{0,40}:"
    r"|(?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d"
    r"(?:\s*[-\u2013]\s*(?:(?:19|20)\d\d|present))?\s*:)\s+",
    re.I,
)
# "Successfully led", "Securely integrated"
_ADVERB_LEAD = re.compile(r"^(?:[A-Za-z]{3,}ly|also)\s+(?=[a-z]+ed\b)", re.I)
_PRONOUN_LEAD = re.compile(r"^(?:i|we)\s+(?:have\s+|had\s+)?", re.I)
# Openers that do not say what the person did, and the stance each one takes (what an honest rewrite keeps).
_LEADS: list[tuple[re.Pattern[str], Stance]] = [
    (re.compile(r"^(?:was\s+|were\s+|am\s+)?(?:responsible|accountable)\s+for\s+", re.I), "owner"),
    (re.compile(r"^(?:was\s+)?in\s+charge\s+of\s+", re.I), "owner"),
    (re.compile(r"^(?:was\s+)?tasked\s+with\s+", re.I), "owner"),
    (re.compile(r"^(?:duties|responsibilities)\s+included\s+", re.I), "owner"),
    (re.compile(r"^my\s+role\s+was\s+to\s+", re.I), "owner"),
    (re.compile(r"^(?:worked|working|work)\s+(?:closely\s+|directly\s+)?(?:together\s+)?(?:with|alongside)\s+", re.I),
     "partner"),
    (re.compile(r"^(?:collaborated|collaborating|collaborate)\s+(?:closely\s+)?with\s+", re.I), "partner"),
    (re.compile(r"^(?:worked|working|work)\s+on\s+", re.I), "neutral"),
    (re.compile(r"^(?:helped|helping|help)\s+(?:to\s+|with\s+|in\s+)?", re.I), "collaborator"),
    (re.compile(r"^(?:assisted|assisting|assist)\s+(?:with\s+|in\s+|on\s+)?", re.I), "collaborator"),
    (re.compile(r"^(?:participated|participating|participate)\s+in\s+", re.I), "collaborator"),
    (re.compile(r"^(?:contributed|contributing|contribute)\s+to\s+", re.I), "collaborator"),
    (re.compile(r"^(?:was\s+|were\s+)?involved\s+in\s+", re.I), "collaborator"),
    (re.compile(r"^(?:was\s+|were\s+)?(?:a\s+)?(?:part|member)\s+of\s+", re.I), "member"),
]  # fmt: skip
# Where a partner phrase ends: "with product owners, marketing, and sales | to develop ..." / "| on HIPAA work" /
# "with a skilled team|, refining ...".
_PARTNER = re.compile(
    r"^(?P<who>(?:[\w&/'-]+,?\s+){0,7}?[\w&/'-]+?)"
    r"(?:(?:,\s+|\s+)(?P<link>to|on|in|for|during|across|throughout)\s+|,\s+(?=\w+ing\b))(?P<rest>.+)$"
)
PEOPLE = re.compile(
    r"\b(?:teams?|managers?|engineers?|designers?|developers?|stakeholders?|leads?|leadership|clients?|customers?|"
    r"colleagues?|partners?|analysts?|scientists?|researchers?|staff|departments?|groups?|squads?|vendors?|"
    r"owners?|members?|executives?|directors?|peers?|faculty|students?|officers?|counsel|PMs?|sales|marketing|"
    r"supervisors?|teammates?|assurance|researchers?|NGOs?|government|academia|founders?|users?|vendors?|"
    r"doctors?|nurses?|teachers?|parents?|volunteers?|recruiters?|agencies|agency|management|patients?|guests?|"
    r"product|design|engineering|operations|finance|legal|security|support|HR|QA|IT|ops)\b",
    re.I,
)
GROUP = re.compile(r"\b(?:team|rotation|committee|board|group|squad|panel|council|crew|staff|department|unit|"
                    r"taskforce|task force|guild|chapter)s?\b", re.I)  # fmt: skip
# "Development of X" says "developed X" the long way; derived verbs are checked against the lexicon.
_NOMINAL = re.compile(
    r"^(?:the\s+)?(?P<nouns>[A-Za-z-]+(?:(?:,\s+|\s+and\s+|,\s+and\s+)[A-Za-z-]+){0,2})\s+of\s+", re.I
)
_NOUN_TO_VERB = {"architecture": "architect", "maintenance": "maintain", "analysis": "analyze", "design": "design",
                 "support": "support", "research": "research", "creation": "create", "execution": "execute",
                 "introduction": "introduce", "production": "produce", "reduction": "reduce", "growth": "grow",
                 "delivery": "deliver", "oversight": "oversee", "leadership": "lead", "development": "develop",
                 "management": "manage", "testing": "test", "planning": "plan", "coordination": "coordinate",
                 "organization": "organize", "optimization": "optimize", "automation": "automate",
                 "implementation": "implement", "integration": "integrate", "migration": "migrate",
                 "documentation": "document", "evaluation": "evaluate", "deployment": "deploy",
                 "construction": "construct", "administration": "administer", "preparation": "prepare",
                 "investigation": "investigate", "facilitation": "facilitate", "configuration": "configure",
                 "establishment": "establish", "improvement": "improve", "redesign": "redesign"}  # fmt: skip
# "$6.5 Million in annual costs avoided", "150 legacy applications decommissioned": a result told backwards.
_TRAILING_PARTICIPLE = re.compile(
    r"^(?P<obj>[^,;:]{3,120}?)\s+(?P<verb>[a-z]+ed)(?P<adverb>\s+(?:annually|yearly|monthly|weekly|daily))?$"
)
RESULT_VERBS = frozenset({
    "improve", "increase", "reduce", "cut", "decrease", "boost", "raise", "lower", "save", "accelerate", "grow",
    "enable", "eliminate", "shorten", "double", "triple", "halve", "drive", "generate", "achieve", "minimize",
    "maximize", "prevent", "avoid",
})  # fmt: skip
_RESULT_CLAUSE = re.compile(
    r"(?:,?\s+(?:that|which)\s+|,\s+(?:thereby\s+|thus\s+)?|\s+(?:thereby|thus)\s+)"
    r"(?P<verb>[a-z]+)\b(?P<rest>.*)$",
)
_RESULTING = re.compile(r",?\s+(?:resulting|which resulted)\s+in\s+(?P<rest>.+)$", re.I)
_PARTICLES = frozenset(["up", "out", "off", "down", "over", "back", "on", "through"])
_DETERMINERS = frozenset({
    "a", "an", "the", "and", "our", "my", "their", "his", "her", "its", "all", "new", "multiple", "several", "many",
    "various", "weekly", "daily", "monthly", "key", "critical", "large", "small", "complex", "high", "end", "cross",
})  # fmt: skip
_NOT_VERBS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "to",
        "of",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "as",
        "from",
        "into",
        "via",
        "per",
    ]
)
NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|dozen|twice|doubled|tripled|halved)\b",
    re.I,
)


@dataclass(frozen=True)
class Result:
    past: str  # "reduced costs by 40%"
    gerund: str  # "reducing costs by 40%"


@dataclass(frozen=True)
class Bullet:
    original: str  # the line's content: no marker, single spaces, no closing period
    label: str = ""  # "**Built features**: " kept in front of every rewrite
    stance: Stance = ""  # what a weak opener said about the person's part (kept by every rewrite)
    partner: str = ""  # "product managers" in "Worked with product managers to ..."
    link: str = ""  # "to" / "on": how the partner phrase joined the work
    verbs: tuple[str, ...] = ()  # lemmas of the opening verbs: ("develop", "execute")
    tense: Tense = "past"
    rest: str = ""  # what the verbs act on, up to the result clause
    result: Result | None = None
    nominal: bool = False  # the verbs were read from a noun ("Development of X")
    lead: str = ""  # the weak opener as written ("Responsible for"), for the explanation

    @property
    def verb_led(self) -> bool:
        return bool(self.verbs) or (bool(self.stance) and bool(self.rest))

    @property
    def has_metric(self) -> bool:
        return bool(NUMBERISH.search(self.original))


def read(text: str) -> Bullet:
    original = resume_model.clean(text)
    body = original
    label = ""
    found = _LABEL.match(body)
    if found and (_opening_verbs(body[found.end() :])[0] or _NOMINAL.match(body[found.end() :])):
        label, body = found[0], body[found.end() :]
    body = _PRONOUN_LEAD.sub("", _ADVERB_LEAD.sub("", body))
    stance: Stance = ""
    lead = ""
    for pattern, kind in _LEADS:
        if match := pattern.match(body):
            stance, lead, body = kind, body[: match.end()].strip(), body[match.end() :]
            break
    partner = link = ""
    if stance == "partner":
        who = _PARTNER.match(body)
        if not who or not PEOPLE.search(who["who"]):
            return _worked_with_tools(original, label, lead, who)
        partner, link, body = who["who"], (who["link"] or "to").lower(), who["rest"]
        if not who["link"] and (gerund := lexicon.verb_lemma(body.split()[0])):
            body = f"{gerund} {body.split(' ', 1)[1] if ' ' in body else ''}".strip()  # ", refining X" -> "to refine X"
    verbs, tense, rest = _opening_verbs(body)
    nominal = False
    if not verbs and stance in ("", "neutral", "owner", "collaborator"):
        verbs, rest = _nominal_verbs(body)
        nominal = bool(verbs)
        if nominal:
            tense = "past"
    if not verbs and not stance and (told := _TRAILING_PARTICIPLE.match(body)):
        lemma = lexicon.verb_lemma(told["verb"])
        if lemma and not lexicon.verb_lemma(told["obj"].split()[0]):
            rest = lower_first(told["obj"]) + (told["adverb"] or "")
            verbs, tense, nominal = (lemma,), "past", True
    if stance == "owner" and verbs and tense != "gerund" and not nominal:
        verbs, rest = (), body  # "Responsible for design reviews": a noun that is also a verb
    result, rest = _result_of(rest)
    return Bullet(
        original=original,
        label=label,
        stance=stance,
        partner=partner,
        link=link,
        verbs=verbs,
        tense=tense,
        rest=rest.strip(" ,"),
        result=result,
        nominal=nominal,
        lead=lead,
    )


def _worked_with_tools(original: str, label: str, lead: str, who: re.Match[str] | None) -> Bullet:
    """'Worked with Python and Django to build X' says 'Built X with Python and Django'; without a purpose, nothing."""
    if who and who["link"] == "to":
        verbs, _tense, rest = _opening_verbs(who["rest"])
        if verbs:
            result, rest = _result_of(rest)
            return Bullet(original=original, label=label, verbs=verbs, rest=f"{rest} with {who['who']}", result=result)
    return Bullet(original=original, label=label, lead=lead)


def _opening_verbs(body: str) -> tuple[tuple[str, ...], Tense, str]:
    """The coordinated verbs a bullet opens with ("Designed, built and shipped ..."), their tense, and the rest."""
    words = body.split(" ")
    first = words[0].rstrip(",")
    lemma = _verb_at(words, 0)
    if not lemma:
        return (), "past", body
    tense = lexicon.tense_of(first, lemma)
    verbs = [lemma]
    at = 1
    if len(words) > 1 and words[1].rstrip(",").lower() in _PARTICLES and lemma in _PHRASAL:
        verbs[0] = f"{lemma} {words[1].rstrip(',').lower()}"  # "Set up", "Built out"
        at = 2
    while at + 1 < len(words):
        joiner = words[at - 1].endswith(",")
        word = words[at]
        if word.lower() in ("and", "&") or (joiner and word.lower() != "and"):
            step = at + 1 if word.lower() in ("and", "&") else at
            candidate = words[step].rstrip(",") if step < len(words) else ""
            nxt = _verb_at(words, step) if candidate else None
            # "Set" and "cut" read as past or present: the verb after them says which.
            ambiguous = len(verbs) == 1 and lexicon.form(lemma, "past") == lemma and tense == "present"
            if (
                nxt
                and candidate.lower() != candidate.upper()
                and (lexicon.tense_of(candidate, nxt) == tense or ambiguous)
            ):
                tense = lexicon.tense_of(candidate, nxt)
                verbs.append(nxt)
                at = step + 1
                if word.lower() in ("and", "&"):
                    break
                continue
        break
    return tuple(verbs), tense, " ".join(words[at:])


_PHRASAL = frozenset(
    [
        "set",
        "build",
        "put",
        "roll",
        "scale",
        "carry",
        "stand",
        "spin",
        "wind",
        "break",
        "lay",
        "sign",
        "follow",
        "back",
        "hand",
        "turn",
        "take",
    ]
)


def _verb_at(words: list[str], at: int) -> str | None:
    word = words[at].rstrip(",")
    if not word or word.lower() in _NOT_VERBS or (word.isupper() and len(word) > 1):
        return None
    lemma = lexicon.verb_lemma(word)
    if not lemma:
        return None
    following = words[at + 1].lower() if at + 1 < len(words) else ""
    # A base form that is also a noun ("Lead engineer ...", "Design systems: ...") is a verb when an object follows.
    no_object = not following or following.endswith(":")
    if (
        word.lower() == lemma
        and lexicon.is_noun(word)
        and (no_object or (words[at + 1][:1].isupper() and following not in _DETERMINERS))
    ):
        return None
    return lemma


def _nominal_verbs(body: str) -> tuple[tuple[str, ...], str]:
    found = _NOMINAL.match(body)
    if not found:
        return (), body
    nouns = [n for n in re.split(r",\s+and\s+|,\s+|\s+and\s+", found["nouns"]) if n]
    verbs = []
    for noun in nouns:
        verb = _verb_of_noun(noun.lower())
        if not verb:
            return (), body
        verbs.append(verb)
    return tuple(verbs), body[found.end() :]


def _verb_of_noun(noun: str) -> str | None:
    if noun in _NOUN_TO_VERB:
        return _NOUN_TO_VERB[noun]
    stems = []
    if noun.endswith("ation"):
        stems = [noun[:-5] + "ate", noun[:-5] + "e", noun[:-5], noun[:-3] + "e"]
    elif noun.endswith("ment"):
        stems = [noun[:-4]]
    elif noun.endswith("ing"):
        stems = [lexicon.verb_lemma(noun) or ""]
    return next((s for s in stems if s and lexicon.verb_lemma(s) == s), None)


def _result_of(rest: str) -> tuple[Result | None, str]:
    for clause in _RESULT_CLAUSE.finditer(rest):
        lemma = lexicon.verb_lemma(clause["verb"])
        if lemma in RESULT_VERBS and clause.start() > 0:
            tail = clause["rest"]
            return Result(lexicon.form(lemma, "past") + tail, lexicon.form(lemma, "gerund") + tail), rest[
                : clause.start()
            ]
    if (resulting := _RESULTING.search(rest)) and resulting.start() > 0:
        return Result(f"resulted in {resulting['rest']}", f"resulting in {resulting['rest']}"), rest[
            : resulting.start()
        ]
    return None, rest


def lower_first(text: str) -> str:
    # Acronyms and proper nouns ("AWS", "Python") stay as written.
    if len(text) > 1 and (text[1].isupper() or text[1].isdigit()):
        return text
    return text[:1].lower() + text[1:]
