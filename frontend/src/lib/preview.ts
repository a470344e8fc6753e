/**
 * What the PDF renderer (lambdas/core/documents/pdf.py) draws, as blocks and layout numbers for the Preview tab:
 * the same blocks as documents/structure.py (blank lines dropped, wrapped bullet lines joined), the same page sizes,
 * margins, fonts (Liberation Sans has Arial's metrics) and sizes in points, so the lines wrap where the PDF's do.
 */
import { isListMarker, parseResume, type LineKind } from "./resume";

export type PageSize = "letter" | "a4";

export interface PreviewBlock {
  kind: LineKind;
  text: string;
  /** Drawn as a list item (a bullet, or any line written with a marker). */
  listed: boolean;
}

export interface TextStyle {
  size: number;
  bold: boolean;
  lineHeight: number;
  spaceBefore: number;
  spaceAfter: number;
}

/** Page width and height in points (pdf.py PAGE_FORMATS). */
export const PAGE_POINTS: Record<PageSize, [number, number]> = { letter: [612, 792], a4: [595.28, 841.89] };
/** pdf.py MARGIN_X, MARGIN_Y, BULLET_INDENT, TEXT_INDENT; CELL_MARGIN is fpdf2's padding inside a cell. */
export const LAYOUT = { marginX: 54, marginY: 48, bulletIndent: 8, textIndent: 20, cellMargin: 2.835, ruleGap: 3 };
/** pdf.py STYLES. */
const STYLES: Record<"name" | "contact" | "heading" | "role" | "body", TextStyle> = {
  name: { size: 18, bold: true, lineHeight: 22, spaceBefore: 0, spaceAfter: 0 },
  contact: { size: 10, bold: false, lineHeight: 13, spaceBefore: 0, spaceAfter: 0 },
  heading: { size: 11.5, bold: true, lineHeight: 15, spaceBefore: 12, spaceAfter: LAYOUT.ruleGap + 1 },
  role: { size: 10.5, bold: true, lineHeight: 14, spaceBefore: 6, spaceAfter: 0 },
  body: { size: 10.5, bold: false, lineHeight: 14, spaceBefore: 0, spaceAfter: 0 },
};

export function styleOf(kind: LineKind): TextStyle {
  return kind === "name" || kind === "contact" || kind === "heading" || kind === "role" ? STYLES[kind] : STYLES.body;
}


/** The blocks of structure.parse_resume: typed lines, blank lines dropped, wrapped bullet lines joined. */
export function previewBlocks(text: string): PreviewBlock[] {
  const blocks: PreviewBlock[] = [];
  for (const line of parseResume(text)) {
    if (line.kind === "blank") continue;
    const last = blocks[blocks.length - 1];
    if (line.continues && last) last.text = `${last.text} ${line.text}`;
    else blocks.push({ kind: line.kind, text: line.text, listed: line.kind === "bullet" || isListMarker(line.marker) });
  }
  return blocks;
}
