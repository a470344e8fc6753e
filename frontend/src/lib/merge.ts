/** Merge by hand: one text holding both versions, each differing passage fenced so nothing is lost. */
import { diffLines } from "./diff";

export const MINE_MARKER = "<<<<<<< your version";
export const SPLIT_MARKER = "=======";
export const THEIRS_MARKER = ">>>>>>> other version";

const withNewline = (text: string) => (text === "" || text.endsWith("\n") ? text : `${text}\n`);

export function mergeWithMarkers(mine: string, theirs: string): string {
  const parts = diffLines(theirs, mine);
  let out = "";
  let mineRun = "";
  let theirsRun = "";
  const flushRun = () => {
    if (mineRun || theirsRun) {
      out += `${MINE_MARKER}\n${withNewline(mineRun)}${SPLIT_MARKER}\n${withNewline(theirsRun)}${THEIRS_MARKER}\n`;
    }
    mineRun = "";
    theirsRun = "";
  };
  for (const part of parts) {
    if (part.kind === "equal") {
      flushRun();
      out += part.text;
    } else if (part.kind === "insert") {
      mineRun += part.text;
    } else {
      theirsRun += part.text;
    }
  }
  flushRun();
  return out;
}

/** How many marker lines are left in a hand-merged text. */
export function markersLeft(text: string): number {
  return text.split("\n").filter((line) => line === MINE_MARKER || line === SPLIT_MARKER || line === THEIRS_MARKER)
    .length;
}
