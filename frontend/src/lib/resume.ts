/**
 * The resume model of lambdas/core/resume.py, line for line: a resume's text as typed lines with positions.
 * Both read the shared cases in tests/spec/resume_lines.json the same way; change the rules in both or neither.
 */

export type LineKind = "name" | "contact" | "heading" | "role" | "bullet" | "skills" | "other" | "blank";

export interface ResumeLine {
  number: number;
  start: number;
  end: number;
  kind: LineKind;
  text: string;
  contentStart: number;
  marker: string;
  section: string | null;
  continues: boolean;
}

const MARKER =
  /^[ \t]*(?:(?:[-*+\u2013\u2014]|\(?\d{1,2}[.)])[ \t]+|[\u2022\u00b7\u25aa\u25ab\u25e6\u2023\u2043\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4\u25ba\u2713\u2714\u2756\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\x7f][ \t]*)/u;
// The closing "#"s and blanks are stripped after the match: a lazy group before them is quadratic on long lines.
const MARKDOWN_HEADING = /^[ \t]*(#{1,6})[ \t]+(.*)$/du;
const MAX_HEADING_WORDS = 5;

const SECTION_NAMES: Record<string, string[]> = {
  summary: ["summary", "professional summary", "profile", "professional profile", "about", "about me", "objective", "career objective", "overview"],
  experience: ["experience", "work experience", "professional experience", "relevant experience", "employment", "employment history", "work history", "career history", "experience and employment"],
  education: ["education", "education and training", "academic background"],
  skills: ["skills", "technical skills", "core skills", "key skills", "skills and tools", "competencies", "core competencies", "technologies", "tech stack", "tools", "languages and tools"],
  projects: ["projects", "selected projects", "personal projects", "side projects"],
  certifications: ["certifications", "certificates", "licenses", "licenses and certifications"],
  awards: ["awards", "honors", "achievements", "awards and honors"],
  publications: ["publications", "talks", "publications and talks"],
  languages: ["languages"],
  interests: ["interests", "hobbies"],
  volunteering: ["volunteering", "volunteer experience", "volunteer work", "leadership", "activities"],
  references: ["references"],
  contact: ["contact", "contact information", "contact details"],
};
const SECTIONS = new Map(Object.entries(SECTION_NAMES).flatMap(([section, names]) => names.map((n) => [n, section])));
const ACHIEVEMENT_SECTIONS = new Set<string | null>(["experience", "projects", "volunteering", null]);
const LIST_SECTIONS = new Set<string | null>(["skills", "languages", "interests"]);
const LISTING_SECTIONS = new Set<string | null>(["certifications", "references", "contact"]);

const W = "[\\p{L}\\p{N}_]";
const EMAIL = new RegExp(`[\\p{L}\\p{N}_.+-]{1,64}@[\\p{L}\\p{N}_-]{1,63}(?:\\.[\\p{L}\\p{N}_-]{1,63})+`, "u");
const EMAIL_AT_START = new RegExp(`^${EMAIL.source}`, "u");
const EMAIL_DOMAIN_CHARS = 1 + 63 + 1 + 63; // "@", a label, ".", a label: enough to tell an address is there
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S|\b(?:linkedin\.com|github\.com|gitlab\.com|behance\.net)\b/iu;
const PHONE = new RegExp(`(?<!${W})\\+?\\(?\\d{1,4}\\)?(?:[ .-]?\\(?\\d{2,4}\\)?){2,4}(?!${W})`, "gu");
const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\\.?";
const DATE_SOURCE = `(?<!${W})(?:(?:${MONTH}[ \\t]+)?(?:19|20)\\d{2}|\\d{1,2}/(?:19|20)\\d{2}|present|current|now)(?!${W})`;
const DATE = new RegExp(DATE_SOURCE, "iu");
const DATE_RANGE = new RegExp(`${DATE_SOURCE}[ \\t]*(?:-|\\u2013|\\u2014|to|until)[ \\t]*${DATE_SOURCE}`, "iu");
const DATE_RANGE_ALONE = new RegExp(`^${DATE_RANGE.source}$`, "iu");
const DATE_AT_END = new RegExp(`${DATE_SOURCE}\\)?[ \\t]*$`, "iu");
const SEPARATOR = /[ \t](?:\||\u2014|\u2013|-|@|\u00b7|\u2022)[ \t]|\t/u;
const SKILLS_LABEL = /^([A-Za-z][\p{L}\p{N}_ &/+().-]{0,40}?)[ \t]*:[ \t]*(\S.*)$/u;
/** What separates the items of a skills list ("Python, Go; SQL | Docker"). */
export const LIST_SPLIT = /[,;|\u2022\u00b7]/u;
const SENTENCE_WORDS = 6;
const ROLE_MAX_WORDS = 16;

const words = (text: string): string[] => text.split(/\s+/u).filter(Boolean);
const isUpper = (c: string): boolean => /^\p{Lu}$/u.test(c);
const isLower = (c: string): boolean => /^\p{Ll}$/u.test(c);
const isAlpha = (c: string): boolean => /^\p{L}$/u.test(c);
const isAlnum = (c: string): boolean => /^[\p{L}\p{N}]$/u.test(c);
const first = (text: string): string => Array.from(text)[0] ?? "";

/** Written with a bullet marker ("- ", "• ", "1. "), not a heading's hashes. */
export const isListMarker = (marker: string): boolean => marker.trim() !== "" && !marker.trimStart().startsWith("#");

/** A line's content: no bullet marker, single spaces, no closing period. */
export function clean(text: string): string {
  return trimEnd(words(text.trim().replace(MARKER, "")).join(" "), ".;");
}

/** `text` without the `chars` it ends with, as Python's rstrip (a `[…]+$` regex retries the whole run at each of
 * its positions: quadratic on a long run). */
function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/** A heading's text without its closing "#"s and blanks. */
function headingText(text: string): string {
  return trimEnd(trimEnd(trimEnd(text, " \t"), "#"), " \t");
}

function stripMarker(line: string): [string, string] {
  const heading = MARKDOWN_HEADING.exec(line);
  if (heading) return [line.slice(0, heading.indices![2][0]), headingText(heading[2])];
  const marker = MARKER.exec(line);
  if (marker) return [marker[0], line.slice(marker[0].length).trimEnd()];
  return [line.slice(0, line.length - line.trimStart().length), line.trim()];
}

function sectionOfHeading(text: string): string | null {
  return SECTIONS.get(words(trimEnd(text.trim(), ":").toLowerCase().replaceAll("&", "and")).join(" ")) ?? null;
}

function isPlainHeading(text: string): boolean {
  const bare = trimEnd(text.trim(), ":").trim();
  if (!bare || words(bare).length > MAX_HEADING_WORDS || ".,;!?".includes(bare.slice(-1)) || hasEmail(bare)) return false;
  if (sectionOfHeading(bare)) return true;
  const letters = Array.from(bare).filter(isAlpha);
  return letters.length >= 3 && letters.every(isUpper) && !DATE.test(bare);
}

function isPhone(text: string): boolean {
  // Seven digits or more, and not a span of years ("2019-2024").
  return Array.from(text.matchAll(PHONE)).some(
    (m) => (m[0].match(/\d/gu)?.length ?? 0) >= 7 && !DATE_RANGE_ALONE.test(m[0].replace(/^[() ]+|[() ]+$/gu, "")),
  );
}

function isContact(text: string): boolean {
  return hasEmail(text) || URL_LIKE.test(text) || isPhone(text);
}

/** Whether EMAIL matches somewhere, tried only at each "@" (a plain search tries up to 64 local-part characters at
 * every position: quadratic-like on a long line). One local-part character (code point) before the "@" is enough. */
function hasEmail(text: string): boolean {
  for (let at = text.indexOf("@", 1); at !== -1; at = text.indexOf("@", at + 1)) {
    const before = text.charCodeAt(at - 1);
    const start = before >= 0xdc00 && before <= 0xdfff && at >= 2 ? at - 2 : at - 1;
    if (EMAIL_AT_START.test(text.slice(start, at + EMAIL_DOMAIN_CHARS))) return true;
  }
  return false;
}

function isSkillsList(text: string): boolean {
  const labelled = SKILLS_LABEL.exec(text);
  const items = (labelled ? labelled[2] : text).split(LIST_SPLIT).map((i) => i.trim()).filter(Boolean);
  return items.length >= 3 && items.every((i) => words(i).length <= 4 && !i.endsWith("."));
}

function isRoleLine(text: string): boolean {
  const ws = words(text);
  if (ws.length > ROLE_MAX_WORDS || text.endsWith(".") || !isAlnum(first(text))) return false;
  if (DATE_RANGE.test(text)) return true;
  const alphabetic = ws.filter((w) => isAlpha(first(w)));
  if (alphabetic.filter((w) => isUpper(first(w))).length * 2 < alphabetic.length) return false;
  return DATE_AT_END.test(text) || (ws.length <= 12 && SEPARATOR.test(text));
}

function looksLikeName(text: string): boolean {
  const n = words(text).length;
  return n >= 1 && n <= 6 && !/\d/u.test(text) && !isContact(text) && !/[.:]$/u.test(text) && isUpper(first(text));
}

function headerDetail(text: string): boolean {
  const ws = words(text);
  if (text.endsWith(".") || ws.length > 8) return false;
  return SEPARATOR.test(text) || text.includes(",") || (ws.length <= 5 && ws.every((w) => isUpper(first(w))));
}

function leadsAList(rawLines: string[], number: number): boolean {
  for (const following of rawLines.slice(number + 1, number + 3)) {
    if (following.trim()) return MARKER.test(following) && !MARKDOWN_HEADING.test(following);
  }
  return false;
}

/** The typed lines of `text`; `header: false` reads a lone excerpt (a selection): no name or header block. */
export function parseResume(text: string, header = true): ResumeLine[] {
  const rawLines = text.split("\n");
  const lines: ResumeLine[] = [];
  let section: string | null = null;
  let seenHeading = false;
  let seenName = !header;
  let inHeader = header;
  const minWords = header ? SENTENCE_WORDS : 3;
  let start = 0;
  rawLines.forEach((rawLine, number) => {
    const raw = rawLine.replace(/\r$/u, "");
    const [marker, content] = stripMarker(raw);
    const isBullet = isListMarker(marker);
    const heading = MARKDOWN_HEADING.exec(raw);
    let kind: LineKind;
    let continues = false;
    const previous = lines[lines.length - 1];
    if (!content.trim()) kind = "blank";
    else if (heading && heading[1].length === 1 && !seenName && !seenHeading) [kind, seenName] = ["name", true];
    else if (heading && heading[1].length >= 3 && !sectionOfHeading(content) && isRoleLine(content)) kind = "role";
    else if (heading) {
      kind = "heading";
      section = sectionOfHeading(content) ?? (heading[1].length > 2 ? section : null);
      seenHeading = true;
    } else if (!isBullet && isPlainHeading(content) && (seenName || sectionOfHeading(content))) {
      [kind, section, seenHeading] = ["heading", sectionOfHeading(content), true];
    } else if (!seenName && !isBullet && looksLikeName(content)) [kind, seenName] = ["name", true];
    else if (inHeader && (isContact(content) || (!isBullet && headerDetail(content)))) kind = "contact";
    else if (section === "contact" || (!isBullet && isContact(content) && words(content).length <= 8)) kind = "contact";
    else if (LIST_SECTIONS.has(section) || (isSkillsList(content) && !DATE.test(content))) kind = "skills";
    else if (isBullet) kind = LISTING_SECTIONS.has(section) ? "other" : "bullet";
    else if (previous?.kind === "bullet" && isLower(first(content)) && section !== "summary") [kind, continues] = ["bullet", true];
    else if (section !== "summary" && isRoleLine(content)) kind = "role";
    else if (ACHIEVEMENT_SECTIONS.has(section) && words(content).length >= minWords && isAlpha(first(content))) kind = "bullet";
    else if (section !== "summary" && isUpper(first(content)) && words(content).length <= 10 && leadsAList(rawLines, number)) kind = "role";
    else kind = "other";
    lines.push({
      number,
      start,
      end: start + raw.length,
      kind,
      text: content.trim(),
      contentStart: start + marker.length,
      marker,
      section,
      continues,
    });
    seenName ||= kind !== "blank";
    inHeader &&= kind === "name" || kind === "contact" || kind === "blank";
    start += rawLine.length + 1;
  });
  return lines;
}

/** The typed line of a lone selection (read without header rules), or null when it spans several lines. */
export function selectionKind(selection: string): LineKind | null {
  const lone = parseResume(selection.trim(), false).filter((l) => l.kind !== "blank");
  return lone.length === 1 ? lone[0].kind : null;
}

/** The line under an offset. */
export function lineAt(text: string, offset: number): ResumeLine | null {
  return parseResume(text).find((l) => l.start <= offset && offset <= l.end) ?? null;
}
