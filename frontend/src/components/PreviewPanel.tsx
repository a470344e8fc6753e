import { type CSSProperties, useEffect, useMemo, useState } from "react";
import { LAYOUT, PAGE_POINTS, type PageSize, previewBlocks, styleOf } from "../lib/preview";

/** Typing pauses this long before the preview is laid out again. */
const PREVIEW_DELAY_MS = 300;

function useDebounced<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setShown(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

const pt = (points: number) => `${points}pt`;

/** The resume as the PDF export lays it out: one column, same fonts, sizes, margins and page width. */
export default function PreviewPanel({
  text,
  pageSize,
  onPageSize,
}: {
  text: string;
  pageSize: PageSize;
  onPageSize(size: PageSize): void;
}) {
  const shown = useDebounced(text, PREVIEW_DELAY_MS);
  const blocks = useMemo(() => previewBlocks(shown), [shown]);
  const [width, height] = PAGE_POINTS[pageSize];
  const page: CSSProperties = {
    width: pt(width),
    minHeight: pt(height),
    padding: `${pt(LAYOUT.marginY)} ${pt(LAYOUT.marginX)}`,
    // The page's height marks each page break (the PDF keeps headings with what follows; this only guides).
    backgroundSize: `100% ${pt(height)}`,
  };
  return (
    <div className="preview">
      <p className="preview-bar">
        <label>
          Page size{" "}
          <select value={pageSize} onChange={(event) => onPageSize(event.target.value as PageSize)}>
            <option value="letter">Letter</option>
            <option value="a4">A4</option>
          </select>
        </label>
        <span className="muted">As the PDF export lays it out.</span>
      </p>
      <div className="preview-scroll">
        <article className="preview-page" style={page} aria-label="PDF preview" data-page-size={pageSize}>
          {blocks.length === 0 && <p className="muted">Type your resume in the editor to see it here.</p>}
          {blocks.map((block, index) => {
            const style = styleOf(block.kind);
            const css: CSSProperties = {
              fontSize: pt(style.size),
              fontWeight: style.bold ? 700 : 400,
              lineHeight: pt(style.lineHeight),
              marginTop: index === 0 ? 0 : pt(style.spaceBefore),
              marginBottom: pt(style.spaceAfter),
              paddingLeft: pt(LAYOUT.cellMargin + (block.listed ? LAYOUT.textIndent : 0)),
              paddingRight: pt(LAYOUT.cellMargin),
            };
            return (
              <p key={index} className={`preview-${block.kind}${block.listed ? " preview-listed" : ""}`} style={css}>
                {block.listed && (
                  <span className="preview-bullet" style={{ left: pt(LAYOUT.bulletIndent + LAYOUT.cellMargin) }} aria-hidden="true">
                    •
                  </span>
                )}
                {block.text}
              </p>
            );
          })}
        </article>
      </div>
    </div>
  );
}
