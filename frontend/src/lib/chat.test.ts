import { describe, expect, it } from "vitest";
import { actionText, restoreTurns, withoutSuggestions } from "./chat";

describe("chat history", () => {
  it("turns a stored bullet action back into suggestion cards for that bullet", () => {
    const turns = restoreTurns([
      { id: "1", role: "user", text: actionText("rephrase", "Led a team"), ts: 1, action: "rephrase" },
      {
        id: "2",
        role: "assistant",
        text: "Here are two options:\n- Led a team of [N] engineers\n- Headed the team",
        ts: 2,
        action: "rephrase",
      },
      { id: "3", role: "user", text: "Any tips?", ts: 3, action: "chat" },
      { id: "4", role: "assistant", text: "Keep it short.\n- one\n- two", ts: 4, action: "chat" },
    ]);
    expect(turns[1]).toMatchObject({
      text: "Here are two options:",
      suggestions: ["Led a team of [N] engineers", "Headed the team"],
      bullet: "Led a team",
    });
    expect(turns[3].suggestions).toBeUndefined(); // free chat lists are just text
    expect(turns[3].text).toBe("Keep it short.\n- one\n- two");
  });

  it("does not guess the bullet from a truncated question", () => {
    const turns = restoreTurns([
      { id: "1", role: "user", text: "Shorten: a very long bullet...", ts: 1, action: "shorten" },
      { id: "2", role: "assistant", text: "Shorter:\n- short", ts: 2, action: "shorten" },
    ]);
    expect(turns[1].suggestions).toEqual(["short"]);
    expect(turns[1].bullet).toBeUndefined();
  });

  it("strips the suggestion lines only when they are exactly the tail", () => {
    expect(withoutSuggestions("Intro\n- a\n- b", ["a", "b"])).toBe("Intro");
    expect(withoutSuggestions("Intro\n- a", ["x"])).toBe("Intro\n- a");
  });
});
