"""Keyword analysis of a job description: which skills the ad asks for, how much, and which ones a text has.

Deterministic, explained and versioned (`ANALYSIS_VERSION`; the report carries `EXPLANATION` and a reason per term):
- The ad is read line by line into sections the way ads write them: headings with or without a colon, markdown
  or bold headings, "What you'll bring", "You have", "Minimum/Preferred qualifications", "Nice to have", and the
  bullet lists under them. A section is must-have, nice-to-have, the role (duties), a plain mention, or not about
  the candidate at all (about us, benefits, pay, location, how to apply, legal text): those are never read for
  terms. A line saying "required"/"must" or "a plus"/"preferred" overrides its section.
- Terms are concepts of the skills vocabulary (`skills_vocabulary.txt`: skills, tools, technologies, methods,
  domains, certifications, each with its aliases), plus the ad's own acronyms and capitalised names found in
  the candidate sections. Company and product names (what the intro and the about/benefit sections name, "at X",
  "join X", "X's"), perks, places and filler words are never terms.
- Aliases count as one term: "k8s" is Kubernetes, "Postgres" is PostgreSQL, "CI pipelines" is CI/CD. Coverage
  reports which spelling a text used.
- Weight = importance (must-have 4, role 2, nice-to-have 1, mention 1) + 1 per extra mention (at most +2).
- Coverage = weight of the terms the text writes the job's way / total weight (what an applicant-tracking system
  matches); terms it shows only under another spelling are listed apart, with the spelling it used.

Linear in the ad's size: one pass over the lines and tokens; each token is looked up in hash tables at most
`Vocabulary.max_words` times (the longest alias); `Analysis.lookups` counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, cast

from ..models.jobs import Coverage, KeywordTerm, MatchedTerm, TermImportance, TermWeight
from ..resume import MARKDOWN_HEADING, strip_marker

VOCABULARY_VERSION = "2026-12-01"
ANALYSIS_VERSION = f"keywords-2 (vocabulary {VOCABULARY_VERSION})"
EXPLANATION = (
    "Terms are skills, tools, technologies, methods, domains and certifications from the skills vocabulary, plus "
    "the ad's own acronyms and names in its requirement and role sections; company and product names, perks, "
    "location, legal text and filler words are left out. Aliases are one term (k8s = Kubernetes). "
    "Weight = importance (must-have 4, the role's duties 2, nice-to-have or a mention 1) + 1 per extra mention "
    "(at most +2). Coverage = weight of the terms the resume writes the job's way / total weight, as an "
    "applicant-tracking system matches them; terms it shows under another spelling are listed with that spelling. "
    "Matching ignores case (except where a word is also an everyday word, like Go) "
    "and plurals."
)
MAX_TERMS = 25
MAX_REPEAT_BONUS = 2
MAX_NAME_WORDS = 4
# A capitalised run before one of these names a team or a job, not a skill ("Grants Manager", "Product teams").
ROLE_WORDS = frozenset(
    ["manager", "managers", "team", "teams", "lead", "leads", "director", "engineer", "engineers", "officer"]
)

Importance = Literal["must", "role", "nice", "mention", "skip"]
IMPORTANCE_WEIGHT: dict[str, int] = {"must": 4, "role": 2, "nice": 1, "mention": 1}
IMPORTANCE_LABEL = {"must": "must-have", "role": "the role's duties", "nice": "nice-to-have", "mention": "mentioned"}

# A token: words, acronyms, versions and names written with dots, slashes, ampersands or hyphens inside ("Node.js",
# "CI/CD", "R&D", "A/B"), "C++"/"C#", and ".NET". Every character belongs to at most one token: linear.
TOKEN = re.compile(r"\.?[A-Za-z0-9](?:[A-Za-z0-9]|[./&-](?=[A-Za-z0-9]))*[+#]*")
# Where phrases stop: punctuation between words, " - " and the ends of lines.
CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]{}|\"\u2022\u00b7\u2013\u2014]|\.(?:\s|$)|\s-\s|\s/\s")
SENTENCE_BREAK = re.compile(r"[!?:\u2022]|\.(?:\s|$)|^")

# Links and e-mail addresses are not words of the ad.
LINK = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
BOLD_HEADING = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_]{1,80}?)(?:\*\*|__)\s*:?\s*$")
BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25aa\u25e6\u2023\u2043\u25cf]|\d{1,2}[.)])\s+")
# "Requirements:" alone, or "Nice to have: Kafka" (a short label before content).
LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][^.!?:]{0,50}?)\s*:\s*(?P<rest>.*)$")
# A sentence that opens with a label inside a paragraph ("... engineer. Requirements: Python, Go.") starts a line.
INLINE_LABEL = re.compile(r"(?<=[.!?])\s+(?=[A-Z][A-Za-z' ]{2,40}:\s)")
MAX_HEADING_WORDS = 8

# Heading text -> importance. Checked in this order: nice-to-have wins over "qualifications" ("Preferred
# qualifications"), the candidate over the role ("What you'll bring" before "you'll"), and both over about-us.
HEADING_KINDS: list[tuple[Importance, re.Pattern[str]]] = [
    (
        "nice",
        re.compile(
            r"nice.to.have|good.to.have|preferred|bonus|\bplus(?:es)?\b|desir|\bideally\b|extra credit|not required"
            r"|even better|would be (?:great|nice)|optional|stand out",
            re.I,
        ),
    ),
    (
        "must",
        re.compile(
            r"requir|qualifi|must|you have|you bring|you.ll bring|you will bring|what you need|you.ll need|you need"
            r"|looking for|skills|about you|who you are|expertise|experience|you should|you are|your background"
            r"|competenc|knowledge|what it takes|ideal candidate|what we need|what we.re looking|you.re|profile",
            re.I,
        ),
    ),
    (
        "role",
        re.compile(
            r"responsib|what you.ll do|what you will do|the role|your role|the job|day.to.day|you will|you.ll|impact"
            r"|duties|work on|tech stack|our stack|technolog|tools|in this role|the position|job description|overview"
            r"|mission|what you.ll|the work|projects|tasks|challenges|accountabilit|outcomes|goals",
            re.I,
        ),
    ),
    (
        "skip",
        re.compile(
            r"benefit|perk|offer|compensation|salary|\bpay\b|location|^about|who we are|company|equal|divers|\beeo"
            r"|accommodat|apply|application|process|why (?:join|work)|life at|values|culture|legal|privacy|disclaim"
            r"|notice|title|contact|timeline|working at|provide|in return|remote|hours|start date|visa|team$|us$",
            re.I,
        ),
    ),
]
LINE_NICE = re.compile(
    r"\b(?:a plus|is a plus|are a plus|nice.to.have|bonus|preferred|ideally|not required|desirable|would be nice"
    r"|a big plus|an advantage|helpful but)\b",
    re.I,
)
LINE_MUST = re.compile(r"\b(?:required|requires?|must|mandatory|essential)\b", re.I)
# Lines that are never about the candidate's skills, wherever they are: legal text, pay and perks, how to apply.
LEGAL = re.compile(
    r"equal (?:employment )?opportunity|regardless of (?:race|age|gender|sex)|e-verify|reasonable accommodation"
    r"|protected (?:veteran|characteristic|class)|sexual orientation|gender identity|affirmative action"
    r"|background check|privacy (?:policy|notice)|applicant privacy|national origin",
    re.I,
)
PERKS = re.compile(
    r"401\s?\(?k\)?|health(?:care)? insurance|dental|vision insurance|paid time off|\bPTO\b|parental leave"
    r"|stock options|\bequity\b|salary|per (?:year|annum|hour)|[$\u20ac\u00a3]\s?\d|\bstipend|vacation|holidays"
    r"|wellness|retirement|relocation|to apply|apply (?:now|here|today|at|by|via)|send (?:us )?your|cover letter",
    re.I,
)
STOPWORDS = frozenset(
    """
a about above across after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing done down during each either else etc even every few for from
further get gets getting given had has have having he her here hers him his how however i if in into is it its
itself just least less like made make makes making many may me more most much must my no nor not now of off on
once only or other our ours out over own per plus rather same she should so some such than that the their theirs
them then there these they this those through to too under until up upon us very via was we well were what when
where whether which while who whom whose why will with within without would yet you your yours ll re ve s t d
ability able activities additional advantage applicants apply bonus candidate candidates closely company day days
degree desire desired environment similar equal equivalent excellent exceptional experience experienced familiar
familiarity field good great hands-on help highly ideal ideally including join job key knowledge level looking
member members minimum new nice opportunity opportunities part people position preferred proficiency proficient
proven related relevant requirement requirements required responsibilities responsibility responsible role roles
seeking skill skills solid strong successful team teams understanding using various want work working world year
years build building built deliver drive ensure improve support e.g i.e eg ie etc
""".split()  # noqa: SIM905 - a word list reads best as text
)
DETERMINERS = frozenset(["the", "a", "an", "our", "your", "their", "my", "its", "this", "these", "that"])
# Capitalised words that are not names of skills: places, times, days, titles, legal and hiring words.
NOT_NAMES = frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december eastern western pacific central mountain time timezone utc gmt est edt pst
pdt cet cest bst ist us usa u.s uk eu emea apac latam america americas american europe european africa asia
australia canada india germany internet code conduct mission values vision policy handbook north south east
west global remote hybrid onsite office ceo cto cfo coo vp head director manager lead senior
junior staff principal intern engineer engineers developer developers designer analyst specialist associate
i we you they he she it our your their this that these those what who why how when where if as at in on of the
a an and or but to for with by from is are be will can ok faq fte pto eoe hq q1 q2 q3 q4 am pm etc mr ms dr
bachelor bachelors master masters phd bs ba ms ma bsc msc mba degree university college please note
""".split()  # noqa: SIM905 - a word list reads best as text
)


def normalize(token: str) -> str:
    word = token.lower().rstrip(".")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    # "apis" → "api", "pipelines" → "pipeline"; but "analysis", "status", "class" stay.
    plural = len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us"))
    if plural and not (word.endswith("is") and len(word) > 4):
        return word[:-1]
    return word


# ---------------------------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Concept:
    name: str  # how the report writes it
    category: str
    spellings: tuple[str, ...]  # the name and its aliases, as the vocabulary writes them


@dataclass
class Vocabulary:
    by_key: dict[tuple[str, ...], Concept] = field(default_factory=dict)  # normalized words, any case
    by_exact: dict[tuple[str, ...], Concept] = field(default_factory=dict)  # words exactly as written ("Go")
    by_name: dict[str, Concept] = field(default_factory=dict)  # any spelling, lower case
    exact: set[str] = field(default_factory=set)  # spellings that only match with their capitalisation
    max_words: int = 1

    def concept(self, spelling: str) -> Concept | None:
        return self.by_name.get(spelling.lower())


def words_of(text: str) -> list[str]:
    return [m[0] for m in TOKEN.finditer(text)]


VOCABULARY_FILE = Path(__file__).with_name("skills_vocabulary.txt")


@cache
def vocabulary() -> Vocabulary:
    """The skills vocabulary, read on first use (never at import)."""
    vocab = Vocabulary()
    category = "skill"
    for raw in VOCABULARY_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            category = line.strip("[]")
            continue
        spellings = [s.strip() for s in line.split(";") if s.strip()]
        concept = Concept(spellings[0].lstrip("="), category, tuple(s.lstrip("=") for s in spellings))
        for spelling in spellings:
            exact = spelling.startswith("=")
            bare = spelling.lstrip("=")
            words = words_of(bare)
            if exact:
                vocab.by_exact[tuple(words)] = concept
                vocab.exact.add(bare)
            else:
                vocab.by_key[tuple(normalize(w) for w in words)] = concept
            vocab.by_name.setdefault(bare.lower(), concept)
            vocab.max_words = max(vocab.max_words, len(words))
    return vocab


# ---------------------------------------------------------------------------------------------- reading an ad


@dataclass(frozen=True)
class Word:
    surface: str
    norm: str
    clause: int  # phrases never cross clauses
    sentence_start: bool  # first word of a sentence, list item or label: its capital is grammar


@dataclass
class AdLine:
    importance: Importance
    section: str  # the heading it is under ("" before any)
    words: list[Word]
    heading: bool = False  # a heading's own words: read for vocabulary terms only


def heading_kind(text: str) -> Importance | None:
    bare = " ".join(text.strip().strip("*_#:").split())
    for importance, pattern in HEADING_KINDS:
        if pattern.search(bare):
            return importance
    return None


def _heading(line: str) -> tuple[str, str] | None:
    """(heading text, content after a label) when the line opens a section, else None."""
    # The resume model's heading pattern: no lazy group to backtrack over a long run of blanks.
    if MARKDOWN_HEADING.match(line) and (text := strip_marker(line)[1].strip("*_: ")):
        return text, ""
    if match := BOLD_HEADING.match(line):
        return match["text"].strip("*_: "), ""
    if BULLET.match(line):
        return None
    if (label := LABEL.match(line)) and len(label["label"].split()) <= 5:
        return label["label"], label["rest"]
    bare = line.strip()
    words = bare.split()
    short = 0 < len(words) <= MAX_HEADING_WORDS and bare[-1:] not in ".,;!?"
    title_case = len(words) <= MAX_HEADING_WORDS // 2 and all(w[:1].isupper() or w.lower() in STOPWORDS for w in words)
    if short and (heading_kind(bare) is not None or title_case):
        return bare, ""
    return None


def _words(text: str, clause_base: int) -> tuple[list[Word], int]:
    """The words of one line, with their clause numbers and sentence starts (one pass each: linear)."""
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    starts = [m.end() for m in SENTENCE_BREAK.finditer(text)]
    words: list[Word] = []
    b = s = 0
    clause = clause_base
    last_start = -1
    previous_end = -1
    for match in TOKEN.finditer(text):
        while b < len(breaks) and breaks[b] < match.start():
            b += 1
            clause += 1
        while s < len(starts) and starts[s] <= match.start():
            last_start = starts[s]
            s += 1
        # A sentence starts here when a sentence break came after the previous word, or only small words came
        # since ("Our Code of Conduct": "Code" is capitalised as a title, not as a name).
        opens = last_start >= previous_end or bool(
            words and words[-1].sentence_start and words[-1].surface.lower() in DETERMINERS
        )
        words.append(Word(match[0], normalize(match[0]), clause, opens))
        previous_end = match.end()
    return words, clause + 1


def read_ad(text: str) -> list[AdLine]:
    """The ad's lines with the importance of the section each is in. A heading's words are read too (at its
    section's importance): a short unmarked line such as "Strong Python experience" looks like one."""
    lines: list[AdLine] = []
    section, importance = "", cast(Importance, "mention")
    seen_heading = False
    clause = 0
    for raw in (piece for paragraph in text.splitlines() for piece in INLINE_LABEL.split(paragraph)):
        line = LINK.sub(" ", raw).strip()
        if not line:
            continue
        content, is_heading = line, False
        heading = _heading(line)
        if heading is not None:
            name, rest = heading
            kind = heading_kind(name)
            if kind is not None or not rest:
                section, importance, seen_heading = name, kind or "mention", True
            content, is_heading = (rest, False) if rest else (name, True)
        line_importance: Importance = importance
        if LEGAL.search(content):
            section, importance = "legal text", "skip"
            line_importance = "skip"
        elif PERKS.search(content):
            line_importance = "skip"
        elif importance != "skip":
            if LINE_NICE.search(content):
                line_importance = "nice"
            elif LINE_MUST.search(content) and seen_heading:
                line_importance = "must"
        content = BULLET.sub("", content, count=1)
        words, clause = _words(content, clause)
        lines.append(AdLine(line_importance, section if seen_heading else "", words, is_heading))
    return lines


# ---------------------------------------------------------------------------------------------- analysis


@dataclass
class _Candidate:
    name: str
    category: str
    spellings: tuple[str, ...]
    first: int
    count: int = 0
    importance: Importance = "mention"
    section: str = ""
    seen_as: dict[str, int] = field(default_factory=dict)


_RANK = {"must": 4, "role": 3, "nice": 2, "mention": 1, "skip": 0}


@dataclass
class Analysis:
    terms: list[KeywordTerm]
    lookups: int  # hash look-ups made: at most max_words per token of the ad
    tokens: int
    companies: CompanyNames


def _is_acronym_or_name_token(word: str) -> bool:
    """'PCI', 'SOC', 'gRPC', 'GraphQL', 'PyTorch': an acronym or a word with a capital inside."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or not word[:1].isalpha():
        return False
    upper = sum(c.isupper() for c in letters)
    if upper == len(letters):
        return 2 <= len(letters) <= 6
    return upper >= 1 and any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)


def _not_a_name(surface: str) -> bool:
    low = surface.lower()
    first = re.split(r"[-+/.]", low, maxsplit=1)[0]
    return low in STOPWORDS or low in NOT_NAMES or first in NOT_NAMES or sum(c.isalpha() for c in surface) < 2


def _name_word(word: Word, everyday: frozenset[str] = frozenset()) -> bool:
    """An acronym or a capitalised word inside a sentence; a plain capitalised word only when the ad never
    writes it in lower case (then it is an everyday word: "Code of Conduct", "Service")."""
    if _not_a_name(word.surface) or not word.surface[:1].isalpha():
        return False
    if _is_acronym_or_name_token(word.surface):
        return True
    return word.surface[:1].isupper() and not word.sentence_start and word.norm not in everyday


@dataclass(frozen=True)
class CompanyNames:
    """What the ad calls itself or its product. `named` come from "at X", "join X", "About X" and "X's": never
    terms, not even vocabulary ones. `mentioned` are the capitalised names of the intro and of the sections not
    about the candidate: never the ad's own terms. Both as normalized words joined by spaces."""

    named: frozenset[str]
    mentioned: frozenset[str]

    def excludes_name(self, key: str, words: list[Word]) -> bool:
        return key in self.named or key in self.mentioned or any(w.norm in self.mentioned for w in words)


POSSESSIVE_NAME = re.compile(r"\b((?:[A-Z][\w&.-]*\s){0,3}[A-Z][\w&.-]*)(?='s\b|\u2019s\b)")
CUED_NAME = re.compile(
    r"\b(?:at|join|joining|About|report(?:ing|s)? (?:directly )?to|founders?|CEO|CTO|COO|CFO|manager"
    r"|offices? in|based in|located in)\s+"
    r"((?:[A-Z][\w&.-]*\s?){1,4})"
)


def _company_names(lines: list[AdLine], text: str) -> CompanyNames:
    named: set[str] = set()
    mentioned: set[str] = set()
    for match in (*POSSESSIVE_NAME.finditer(text), *CUED_NAME.finditer(text)):
        key = " ".join(normalize(w) for w in words_of(match[1]))
        if key:
            named.add(key)
    for line in lines:
        if line.importance != "skip" and line.section:
            continue
        for run in _name_runs(line.words, allow_sentence_start=True):
            mentioned.add(" ".join(w.norm for w in run))
            mentioned.update(w.norm for w in run)
    for key in named:
        mentioned.update(key.split())
    return CompanyNames(frozenset(named), frozenset(mentioned))


def _name_runs(
    words: list[Word], *, allow_sentence_start: bool = False, everyday: frozenset[str] = frozenset()
) -> Iterator[list[Word]]:
    """Runs of consecutive name-like words in one clause ("Hack Club Bank", "PCI DSS"), at most MAX_NAME_WORDS;
    a run right before a role word ("Grants Manager") is left out."""
    run: list[Word] = []
    for word in [*words, None]:
        ok = word is not None and (
            _name_word(word, everyday)
            or (allow_sentence_start and word.surface[:1].isupper() and not _not_a_name(word.surface))
        )
        if word is not None and ok and (not run or run[-1].clause == word.clause) and len(run) < MAX_NAME_WORDS:
            run.append(word)
            continue
        if run and (allow_sentence_start or word is None or word.norm not in ROLE_WORDS):
            yield run
        run = [word] if word is not None and ok else []


def analyse(text: str, max_terms: int = MAX_TERMS) -> Analysis:
    vocab = vocabulary()
    lines = read_ad(text)
    companies = _company_names(lines, text)
    everyday = frozenset(w.norm for line in lines for w in line.words if w.surface.islower())
    candidates: dict[str, _Candidate] = {}
    lookups = tokens = 0

    def seen(key: str, make: tuple[str, str, tuple[str, ...]], surface: str, line: AdLine) -> None:
        found = candidates.get(key)
        if found is None:
            found = candidates[key] = _Candidate(*make, first=len(candidates))
        found.count += 1
        found.seen_as[surface] = found.seen_as.get(surface, 0) + 1
        if _RANK[line.importance] > _RANK[found.importance]:
            found.importance, found.section = line.importance, line.section

    for line in lines:
        words = line.words
        tokens += len(words)
        if line.importance == "skip":
            continue
        covered = [False] * len(words)
        i = 0
        while i < len(words):
            match: tuple[int, Concept] | None = None
            for size in range(min(vocab.max_words, len(words) - i), 0, -1):
                span = words[i : i + size]
                if span[-1].clause != span[0].clause:
                    continue
                lookups += 1
                concept = vocab.by_key.get(tuple(w.norm for w in span)) or vocab.by_exact.get(
                    tuple(w.surface for w in span)
                )
                if concept is not None:
                    match = (size, concept)
                    break
            if match is None:
                i += 1
                continue
            size, concept = match
            span = words[i : i + size]
            covered[i : i + size] = [True] * size
            if " ".join(w.norm for w in span) not in companies.named:
                seen(concept.name.lower(), (concept.name, concept.category, concept.spellings), _join(span), line)
            i += size
        if line.importance == "mention" or line.heading:
            continue  # the ad's own names count only where it talks about the candidate or the role
        for run in _uncovered_runs(words, covered):
            for name_run in _name_runs(run, everyday=everyday):
                key = " ".join(w.norm for w in name_run)
                if companies.excludes_name(key, name_run):
                    continue
                surface = _join(name_run)
                seen(f"ad:{key}", (surface, "named in the ad", (surface,)), surface, line)

    ranked = sorted(candidates.values(), key=lambda c: (-_weight(c), c.first))
    return Analysis([_term(c) for c in ranked[:max_terms]], lookups, tokens, companies)


def _uncovered_runs(words: list[Word], covered: list[bool]) -> Iterable[list[Word]]:
    """The words no vocabulary term took, in runs: a vocabulary match between two names separates them."""
    run: list[Word] = []
    for word, taken in zip(words, covered, strict=True):
        if taken:
            if run:
                yield run
            run = []
        else:
            run.append(word)
    if run:
        yield run


def _join(words: list[Word]) -> str:
    return " ".join(w.surface for w in words)


def _weight(candidate: _Candidate) -> int:
    return IMPORTANCE_WEIGHT[candidate.importance] + min(candidate.count - 1, MAX_REPEAT_BONUS)


def _term(candidate: _Candidate) -> KeywordTerm:
    """The term as the ad writes it most often (its first spelling on a tie), with the reasons for its weight."""
    spelling = max(candidate.seen_as.items(), key=lambda item: item[1])[0]
    where = IMPORTANCE_LABEL[candidate.importance]
    if candidate.section and candidate.importance != "mention":
        where += f' (under "{candidate.section}")'
    reasons = [where, f"{candidate.count}x in the job description"]
    if candidate.category == "named in the ad":
        reasons.append("named in the ad")
    else:
        same = "" if spelling.lower() == candidate.name.lower() else f" {candidate.name},"
        reasons.append(f"skills vocabulary:{same} {candidate.category}")
    others = [s for s in candidate.seen_as if s.lower() != spelling.lower()]
    if others:
        reasons.append("also written " + ", ".join(others))
    spellings = [spelling, *(s for s in candidate.spellings if s.lower() != spelling.lower())]
    return KeywordTerm(
        term=spelling,
        weight=_weight(candidate),
        count=candidate.count,
        inRequirements=candidate.importance == "must",
        importance=cast(TermImportance, candidate.importance),  # "skip" lines are never read
        category=candidate.category,
        spellings=spellings,
        why="; ".join(reasons),
    )


def analyse_job_description(text: str, max_terms: int = MAX_TERMS) -> list[KeywordTerm]:
    return analyse(text, max_terms).terms


# ---------------------------------------------------------------------------------------------- matching


class TermIndex:
    """Every run of up to `max_words` words of a text, normalized and as written, for finding job terms in it."""

    def __init__(self, text: str) -> None:
        self._keys: dict[tuple[str, ...], str] = {}
        self._exact: dict[tuple[str, ...], str] = {}
        size = vocabulary().max_words
        clause = 0
        for raw in text.splitlines():
            words, clause = _words(raw, clause)
            for i in range(len(words)):
                for n in range(1, min(size, len(words) - i) + 1):
                    span = words[i : i + n]
                    if span[-1].clause != span[0].clause:
                        break
                    self._keys.setdefault(tuple(w.norm for w in span), _join(span))
                    self._exact.setdefault(tuple(w.surface for w in span), _join(span))

    def find(self, term: KeywordTerm | str) -> str | None:
        """How the text writes the term (any of its spellings), or None."""
        for spelling, exact in spellings_of(term):
            words = words_of(spelling)
            found = self._exact.get(tuple(words)) if exact else self._keys.get(tuple(normalize(w) for w in words))
            if found is not None:
                return found
        return None

    def has(self, term: KeywordTerm | str) -> bool:
        return self.find(term) is not None


def spellings_of(term: KeywordTerm | str) -> list[tuple[str, bool]]:
    """(spelling, matches only with this capitalisation) for every way of writing a term."""
    vocab = vocabulary()
    if isinstance(term, str):
        concept = vocab.concept(term)
        names = list(concept.spellings) if concept else [term]
    else:
        names = term.spellings or [term.term]
    return [(name, name in vocab.exact) for name in names]


def coverage(text: str, terms: list[KeywordTerm]) -> Coverage:
    index = TermIndex(text)
    matched: list[MatchedTerm] = []
    other: list[MatchedTerm] = []
    missing: list[TermWeight] = []
    for term in terms:
        found = index.find(term)
        if found is None:
            missing.append(TermWeight(term=term.term, weight=term.weight))
        elif same_spelling(found, term.term):
            matched.append(MatchedTerm(term=term.term, weight=term.weight, foundAs=found))
        else:
            other.append(MatchedTerm(term=term.term, weight=term.weight, foundAs=found))
    total = sum(t.weight for t in terms)
    got = sum(t.weight for t in matched)
    return Coverage(
        score=round(100 * got / total, 1) if total else 0.0,
        matchedWeight=got,
        totalWeight=total,
        matched=matched,
        otherSpelling=other,
        missing=missing,
    )


def same_spelling(written: str, term: str) -> bool:
    """'REST API' is 'REST APIs' written the same way; 'k8s' is not 'Kubernetes'."""
    return [normalize(w) for w in words_of(written)] == [normalize(w) for w in words_of(term)]


def matched_terms(text: str, terms: list[KeywordTerm]) -> list[KeywordTerm]:
    index = TermIndex(text)
    return [t for t in terms if index.has(t)]
