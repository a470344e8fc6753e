"""The four bullet actions, written from a bullet's grammar (`grammar.read`).

Honesty rules every function keeps: numbers are only copied from the bullet; what the bullet does not say becomes
a bracketed placeholder (Quantify, STAR only); a collaborator stays a collaborator ("helped" never becomes "led");
a partner stays a partner ("Worked with the security team" never makes the team the object of a verb).
"""

from __future__ import annotations

import re

from . import lexicon
from .grammar import GROUP, PEOPLE, RESULT_VERBS, Bullet, Result, lower_first
from .lexicon import Tense

# Verbs of the same strength (never a bigger claim); the first one is the usual swap.
SAME_STRENGTH: dict[str, tuple[str, ...]] = {
    "develop": ("build", "engineer"), "build": ("develop", "engineer"), "create": ("build", "develop"),
    "design": ("create", "devise"), "implement": ("build", "deliver"), "maintain": ("sustain", "keep up"),
    "manage": ("oversee", "run"), "lead": ("direct", "head"), "work": ("operate",),
    "support": ("back", "help"), "improve": ("enhance", "strengthen"), "write": ("author", "draft"),
    "establish": ("set up", "found"), "train": ("coach", "instruct"), "provide": ("deliver", "supply"),
    "conduct": ("carry out", "run"), "operate": ("use", "handle"), "oversee": ("supervise", "manage"),
    "represent": ("act for",), "organize": ("coordinate", "arrange"), "apply": ("use", "employ"),
    "author": ("write", "draft"), "monitor": ("track", "watch over"), "prepare": ("draft", "assemble"),
    "perform": ("carry out", "complete"), "launch": ("roll out", "introduce"), "expand": ("extend", "broaden"),
    "integrate": ("combine", "incorporate"), "automate": ("script", "streamline"), "pioneer": ("introduce",),
    "give": ("deliver", "present"), "introduce": ("launch", "bring in"), "serve": ("act",),
    "use": ("apply", "employ"), "test": ("validate", "verify"), "process": ("handle",),
    "handle": ("process", "take care of"),
    "gain": ("acquire",), "learn": ("master", "pick up"), "increase": ("raise", "grow"),
    "replace": ("swap out", "supersede"), "mentor": ("coach", "guide"), "migrate": ("move", "port"),
    "run": ("operate", "manage"), "deliver": ("ship", "complete"), "draft": ("write", "prepare"),
    "collect": ("gather", "compile"), "audit": ("review", "assess"), "demonstrate": ("show", "present"),
    "construct": ("build", "assemble"), "deploy": ("roll out", "ship"), "coordinate": ("organize", "orchestrate"),
    "facilitate": ("run", "host"), "teach": ("instruct",), "review": ("assess", "evaluate"),
    "generate": ("produce", "create"), "capture": ("record", "collect"), "analyze": ("evaluate", "assess"),
    "analyse": ("evaluate", "assess"), "enhance": ("improve", "strengthen"), "complete": ("finish", "deliver"),
    "drive": ("push", "steer"), "plan": ("map out", "schedule"), "streamline": ("simplify", "tighten"),
    "execute": ("carry out", "deliver"), "orchestrate": ("coordinate", "organize"), "grow": ("expand", "build"),
    "publish": ("share", "post"), "extract": ("pull", "derive"), "advocate": ("champion", "promote"),
    "consult": ("advise",), "recruit": ("hire", "bring on"), "educate": ("teach", "train"),
    "restructure": ("reorganize", "rework"), "research": ("investigate", "study"), "adapt": ("adjust", "tailor"),
    "ensure": ("secure", "guarantee"), "solve": ("resolve", "fix"), "achieve": ("attain", "reach"),
    "start": ("launch", "begin"), "earn": ("gain", "win"), "explore": ("investigate", "examine"),
    "identify": ("pinpoint", "find"), "supervise": ("oversee", "manage"), "investigate": ("examine", "study"),
    "validate": ("verify", "confirm"), "administer": ("manage", "run"), "enable": ("allow", "empower"),
    "add": ("introduce", "build in"), "estimate": ("forecast", "project"), "produce": ("create", "generate"),
    "track": ("monitor", "follow"), "fix": ("repair", "resolve"), "craft": ("create", "shape"),
    "refactor": ("restructure", "rework"), "architect": ("design", "devise"), "optimize": ("tune", "refine"),
    "reduce": ("cut", "lower"), "debug": ("diagnose", "fix"), "document": ("record", "write up"),
    "define": ("set", "specify"), "ship": ("deliver", "release"), "scale": ("grow", "expand"),
    "redesign": ("rework", "rebuild"), "evaluate": ("assess", "review"), "assess": ("evaluate", "review"),
    "present": ("deliver", "show"), "interview": ("screen",), "rank": ("rate",), "co-author": ("co-write",),
    "transition": ("move", "shift"), "attend": ("join",), "set up": ("establish", "build"),
    "evangelize": ("champion", "promote"), "promote": ("champion", "advocate"), "adopt": ("take up",),
    "coach": ("mentor", "guide"), "instruct": ("teach", "train"), "diagnose": ("identify", "pinpoint"),
    "synthesize": ("combine", "distill"), "measure": ("quantify", "gauge"), "survey": ("poll", "study"),
    "clarify": ("explain", "define"), "compose": ("write", "create"), "raise": ("secure", "bring in"),
    "receive": ("earn", "win"), "contribute": ("add",), "collaborate": ("partner",), "participate": ("take part",),
    "assist": ("support", "help"), "help": ("assist", "support"), "keep": ("maintain",), "hold": ("keep",),
    "take": ("assume",), "open": ("launch",), "screen": ("vet", "assess"),
    "gather": ("collect", "compile"), "configure": ("set up", "tune"), "host": ("run", "organize"),
    "negotiate": ("secure", "broker"), "sell": ("close",), "resolve": ("fix", "settle"), "secure": ("win", "obtain"),
    "save": ("cut",), "lower": ("reduce", "cut"), "boost": ("raise", "lift"),
    "accelerate": ("speed up",), "eliminate": ("remove",), "decrease": ("reduce", "lower"),
    "direct": ("lead", "steer"), "head": ("lead", "direct"), "own": ("run", "manage"),
    "unload": ("offload",), "turn": ("transform", "convert"), "sweep": ("clean",), "submit": ("file",),
    "stock": ("restock", "replenish"), "restock": ("replenish", "refill"), "specify": ("define", "spell out"),
    "scan": ("image",), "rotate": ("cycle",), "quantify": ("measure",), "put up": ("set up",), "push": ("champion",),
    "project": ("map",), "practice": ("apply",), "navigate": ("work through",), "leverage": ("use", "apply"),
    "interface": ("liaise",), "found": ("establish", "start"), "follow": ("observe", "adhere to"),
    "fabricate": ("produce", "make"), "dive": ("delve",), "discuss": ("review", "explore"), "correct": ("fix",),
    "differentiate": ("tailor", "adapt"), "correspond": ("communicate",), "continue": ("advance", "carry on"),
    "conceive": ("devise", "conceptualize"), "clean": ("tidy",), "characterize": ("analyze", "profile"),
    "build out": ("build", "develop"), "broaden": ("expand", "widen"), "balance": ("juggle",), "join": ("enter",),
    "recognize": ("cite",), "get": ("obtain",), "plane": ("plan",), "dispose": ("discard",), "loadtest": ("test",),
    "realize": ("deliver", "build"), "release": ("ship", "publish"), "inform": ("guide", "shape"),
    "share": ("present", "circulate"), "speak": ("present", "talk"), "influence": ("shape", "guide"),
    "become": ("grow into",), "make": ("create", "build"), "do": ("carry out", "perform"),
    "update": ("refresh", "revise"), "modernize": ("update", "overhaul"), "convert": ("turn", "transform"),
    "study": ("research", "examine"), "model": ("simulate",), "partner": ("collaborate", "team up"),
    "guide": ("steer", "coach"), "schedule": ("plan", "arrange"),
    "respond": ("reply", "answer"), "assemble": ("build", "put together"),
    "install": ("set up", "deploy"), "repair": ("fix", "restore"), "inspect": ("check", "examine"),
    "prototype": ("mock up", "model"), "rewrite": ("rework", "rebuild"),
    "grade": ("assess", "mark"), "write up": ("document",), "engineer": ("build", "develop"),
}  # fmt: skip
# "the data team with reporting work": who was helped, and with what.
HELPED_WHOM = re.compile(r"^(?P<who>(?:[\w&'-]+\s+){0,5}?[\w&'-]+)\s+(?P<link>with|on|in)\s+(?P<what>.+)$")
# Long words for short ones: the same claim.
PLAIN_VERBS = {"utilize": "use", "facilitate": "run", "endeavor": "try"}
# A verb whose object needs a preposition, and a verb of the same meaning that takes the object directly.
PREPOSITION_SWAPS = (("experiment", "with", "explore"), ("iterate", "on", "refine"), ("dive", "into", "explore"))
# Never offered to someone whose bullet said they helped, assisted or took part.
LEADING_VERBS = frozenset(
    ["lead", "direct", "head", "own", "oversee", "supervise", "manage", "run", "spearhead", "steer", "drive",
     "administer"]
)  # fmt: skip
_FILLERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:a\s+(?:wide\s+)?variety\s+of|various|several\s+different|numerous)\s+", re.I), ""),
    (re.compile(r"\b(?:successfully|effectively|basically|actually|really|very|efficiently)\s+", re.I), ""),
    (re.compile(r",?\s+in\s+a\s+timely\s+(?:manner|fashion)\b", re.I), ""),
    (re.compile(r"\bin\s+order\s+to\b", re.I), "to"),
    (re.compile(r"\bwas\s+able\s+to\s+", re.I), ""),
    (re.compile(r"\butiliz(?:e|es)\b", re.I), "use"),
    (re.compile(r"\butilized\b", re.I), "used"),
    (re.compile(r"\bto\s+(?:do|perform|conduct)\s+(?:an?\s+|the\s+)?analysis\s+(?:of|on)\b", re.I), "to analyze"),
    (re.compile(r"\butilizing\b", re.I), "using"),
    (re.compile(r"\b(\w[\w-]*)\s+(?:tasks|duties|responsibilities)\b", re.I), r"\1 work"),
]
# Shorten cuts further: phrases that say little in many words.
_CUTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bon\s+a\s+daily\s+basis\b", re.I), "daily"),
    (re.compile(r"\bon\s+a\s+(?:regular|consistent)\s+basis\b", re.I), "regularly"),
    (re.compile(r"\bon\s+a\s+weekly\s+basis\b", re.I), "weekly"),
    (re.compile(r"\bas\s+well\s+as\b", re.I), "and"),
    (re.compile(r"\bwith\s+the\s+(?:goal|aim|purpose)\s+of\s+(\w+?)ing\b", re.I), r"to \1"),
    (re.compile(r"\b(?:a\s+(?:large\s+)?number\s+of|a\s+range\s+of|the\s+process\s+of)\s+", re.I), ""),
    (re.compile(r"\b(?:in\s+the\s+(?:area|field|domain)\s+of)\b", re.I), "in"),
    (re.compile(r"\b(?:closely|actively|proactively|consistently|continuously|highly|extremely|also)\s+", re.I), ""),
    (re.compile(r"\b(?:that|which)\s+(?:was|were)\s+", re.I), ""),
    (re.compile(r"\s+\([^()]{1,80}\)", re.I), ""),
    (re.compile(r"\s+(?:etc\.?|and\s+more|among\s+others|and\s+so\s+on)\b", re.I), ""),
]
# Where a trailing phrase starts that a shorter bullet can do without.
_TAIL = re.compile(
    r"(?:\s+(?:to|in order to|so as to)\s+(?P<infinitive>[a-z]+)\b|\s+for\s+|,?\s+(?:such as|like|including|e\.g\.)\s+|"
    r",\s+(?P<gerund>[a-z]+ing)\b|,?\s+(?:while|which|where|that)\s+)"
)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)%])\.\s+(?=[A-Z])")
_TOOLISH = re.compile(r"(?<!^)\b[A-Z][\w.+#-]*|\d")
MAX_SUGGESTIONS = 3
SHORTEN_RATIO = 0.8
MIN_CLAUSE_WORDS = 3


def strip_fillers(text: str, patterns: list[tuple[re.Pattern[str], str]] = _FILLERS) -> str:
    for pattern, replacement in patterns:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+([,;.])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,;")


# ------------------------------------------------------------------------------------------ phrases


def _verbs_phrase(verbs: tuple[str, ...], tense: Tense) -> str:
    forms = [_inflect_phrase(v, tense) for v in verbs]
    if len(forms) == 1:
        return forms[0]
    return f"{', '.join(forms[:-1])} and {forms[-1]}"


def _inflect_phrase(verb: str, tense: Tense) -> str:
    """'set up' -> 'set up', 'take part' -> 'took part': the first word carries the tense."""
    head, _, tail = verb.partition(" ")
    return f"{lexicon.form(head, tense)} {tail}".strip()


def _join(*parts: str) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _with_label(bullet: Bullet, text: str) -> str:
    return f"{bullet.label}{_cap(text)}" if bullet.label else _cap(text)


def cores(bullet: Bullet, tense: Tense) -> list[str]:
    """What the person did, best phrasing first: honest to the stance of the original, never a bigger claim."""
    rest = strip_fillers(bullet.rest)
    verbs = tuple(PLAIN_VERBS.get(verb, verb) for verb in bullet.verbs)
    if bullet.stance == "partner":
        doing = _join(_verbs_phrase(verbs, "present"), rest) if verbs and bullet.link == "to" else rest
        link = bullet.link if verbs or bullet.link != "to" else "on"
        return [
            _join(_inflect_phrase("partner", tense), "with", bullet.partner, link, doing),
            _join(_inflect_phrase("collaborate", tense), "with", bullet.partner, link, doing),
        ]
    if bullet.stance == "collaborator":
        if verbs:
            base, gerund = _verbs_phrase(verbs, "present"), _verbs_phrase(verbs, "gerund")
            return [
                _join(_inflect_phrase("help", tense), base, rest),
                _join(_inflect_phrase("contribute", tense), "to", gerund, rest),
                _join(_inflect_phrase("assist", tense), "in", gerund, rest),
            ]
        helped = HELPED_WHOM.match(rest)
        if helped and PEOPLE.search(helped["who"].split()[-1]):  # "Helped the data team with X": still helped
            return [
                _join(_inflect_phrase(verb, tense), helped["who"], helped["link"], helped["what"])
                for verb in ("help", "support", "assist")
            ]
        return [
            _join(_inflect_phrase("contribute", tense), "to", rest),
            _join(_inflect_phrase("support", tense), rest),
            _join(_inflect_phrase("assist", tense), "with", rest),
        ]
    if bullet.stance == "member":
        if _serves_on(rest):
            return [_join(_inflect_phrase(verb, tense), "on", rest) for verb in ("serve", "work")]
        return [_join(_inflect_phrase("contribute", tense), "to", rest)]
    if not verbs:
        if bullet.stance == "owner":
            return [_join(_inflect_phrase("own", tense), rest), _join(_inflect_phrase("manage", tense), rest)]
        if bullet.stance == "neutral":
            return [_join(_inflect_phrase("contribute", tense), "to", rest)]
        return []
    phrasings = [_join(_verbs_phrase(verbs, tense), rest)]
    for verb, preposition, alternative in PREPOSITION_SWAPS:
        if verbs[0] == verb and rest.lower().startswith(preposition + " "):
            phrasings.append(_join(_verbs_phrase((alternative, *verbs[1:]), tense), rest[len(preposition) + 1 :]))
    for alternative in SAME_STRENGTH.get(verbs[0], ()):
        if alternative in LEADING_VERBS and verbs[0] not in LEADING_VERBS:
            continue  # "operated" never becomes "managed": the same claim or a smaller one
        if alternative not in verbs:
            phrasings.append(_join(_verbs_phrase((alternative, *verbs[1:]), tense), rest))
    return phrasings


def _serves_on(rest: str) -> bool:
    return bool(GROUP.search(" ".join(rest.split()[:6])))


def _result_tail(result: Result | None) -> str:
    return f", {strip_fillers(result.gerund)}" if result else ""


def _result_first(bullet: Bullet, tense: Tense) -> str:
    """'Reduced costs by $120K by migrating legacy services': the result leads when the person owned the work."""
    if not bullet.result or not bullet.verbs or bullet.stance or bullet.result.past.startswith("resulted in"):
        return ""
    result = strip_fillers(bullet.result.past)
    if tense == "present":
        head, _, tail = result.partition(" ")
        lemma = lexicon.verb_lemma(head)
        result = f"{lexicon.form(lemma, 'present')} {tail}" if lemma else result
    return _join(result, "by", _verbs_phrase(bullet.verbs, "gerund"), strip_fillers(bullet.rest))


def distinct(candidates: list[str], original: str) -> list[str]:
    seen = {_key(original)}
    out = []
    for text in candidates:
        text = re.sub(r"\s+", " ", text).strip(" ,;")
        if text and _key(text) not in seen:
            seen.add(_key(text))
            out.append(text)
    return out


def _key(text: str) -> str:
    return re.sub(r"[^\w%$]+", " ", text.lower()).strip()


# ------------------------------------------------------------------------------------------ actions


def rephrasings(bullet: Bullet, tense: Tense) -> list[str]:
    phrasings = cores(bullet, tense)
    if not phrasings:
        return []
    tail = _result_tail(bullet.result)
    candidates = [phrasings[0] + tail, _result_first(bullet, tense), *(p + tail for p in phrasings[1:])]
    return distinct([_with_label(bullet, c) for c in candidates if c], bullet.original)[:MAX_SUGGESTIONS]


def shortenings(bullet: Bullet, tense: Tense) -> list[str]:
    """Versions at most four fifths as long that keep the action, the tools and the figures."""
    limit = int(len(bullet.original) * SHORTEN_RATIO)
    phrasings = cores(bullet, tense) or [bullet.original]
    base = _with_label(bullet, phrasings[0] + _result_tail(bullet.result))
    ladder = [strip_fillers(base), strip_fillers(base, _FILLERS + _CUTS)]
    ladder.append(_first_sentences(ladder[-1]))
    ladder += _drop_tail(ladder[-1], limit)
    if bullet.label:  # the label goes last: it repeats what the bullet says
        unlabelled = _cap(ladder[2][len(bullet.label) :].strip())
        ladder += [unlabelled, *_drop_tail(unlabelled, limit)]
    fits = [c for c in distinct(ladder, bullet.original) if len(c) <= limit and _grammatical_end(c)]
    return fits[:2]


def _first_sentences(text: str) -> str:
    """The first sentence, and any later one that carries a figure."""
    sentences = _SENTENCE_END.split(text)
    if len(sentences) == 1:
        return text
    kept = [sentences[0], *(s for s in sentences[1:] if re.search(r"\d", s) and not re.search(r"\d", sentences[0]))]
    return ". ".join(s.rstrip(".") for s in kept)


def _drop_tail(text: str, limit: int) -> list[str]:
    """The text cut before a trailing purpose, example list or side clause that names no tool and no figure.

    Longest first; a result ("..., reducing errors") is never cut, nor anything that would leave under three words.
    """
    cuts = []
    for found in _TAIL.finditer(text):
        kept, dropped = text[: found.start()].rstrip(" ,;"), text[found.start() :]
        gerund, infinitive = found["gerund"], found["infinitive"]
        if gerund and (lexicon.verb_lemma(gerund) or "") in RESULT_VERBS:
            continue
        if infinitive and lexicon.verb_lemma(infinitive) != infinitive:
            continue  # "to the startup phase" is a place, not a purpose
        if len(kept.split()) >= MIN_CLAUSE_WORDS and not _TOOLISH.search(dropped) and _grammatical_end(kept):
            cuts.append(kept)
    return [c for c in reversed(cuts) if len(c) <= limit]


def _grammatical_end(text: str) -> bool:
    last = text.rstrip(" .").rsplit(" ", 1)[-1].lower()
    return last not in {"and", "or", "the", "a", "an", "of", "to", "with", "for", "in", "on", "by", "including"}


def quantified(bullet: Bullet, tense: Tense) -> list[str]:
    """The bullet with a placeholder for the figure it lacks: scale, size of the change, or time saved."""
    phrasings = cores(bullet, tense)
    if not phrasings:
        return []
    core = phrasings[0]
    lowered = bullet.original.lower()
    out = []
    if bullet.result and not bullet.has_metric:
        out.append(f"{core}, {strip_fillers(bullet.result.gerund)} by [X%]")
    elif not bullet.result and not (bullet.verbs and bullet.verbs[0] in RESULT_VERBS and bullet.has_metric):
        out.append(f"{core}, improving [metric] by [X%]")  # figures of scope are not the result
    if not re.search(r"\b(?:users?|customers?|clients?|people|students?|teams?|members?|employees)\b", lowered):
        out.append(f"{core}{_result_tail(bullet.result)}, reaching [N] [users/customers/teams]")
    if not re.search(r"\b(?:hours?|days?|weeks?|minutes?|time)\b", lowered):
        out.append(f"{core}{_result_tail(bullet.result)}, saving [N] hours per [week/month]")
    return distinct([_with_label(bullet, c) for c in out], bullet.original)[:MAX_SUGGESTIONS]


def star_versions(bullet: Bullet, tense: Tense) -> list[str]:
    """Situation and task open the sentence, the person's action is the verb, the result closes it."""
    phrasings = cores(bullet, tense)
    if not phrasings:
        return []
    action = lower_first(phrasings[0])
    result = f", {strip_fillers(bullet.result.gerund)}" if bullet.result else ", resulting in [result]"
    out = [
        f"Faced with [situation], {action}{result}",
        f"To [goal or task], {action}{result}",
    ]
    if len(phrasings) > 1:
        out.append(f"When [situation], {lower_first(phrasings[1])}{result}")
    return distinct([_with_label(bullet, c) for c in out], bullet.original)[:MAX_SUGGESTIONS]
