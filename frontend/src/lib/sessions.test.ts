import { describe, expect, it } from "vitest";
import {
  autoName,
  currentSession,
  isUuid4,
  listSessions,
  newId,
  readOnlyLink,
  renameSession,
  SESSION_KEY,
  sessionFromFragment,
  readOnlyLinkFromFragment,
  sharedSessionToConfirm,
  shareLink,
  sharePrompt,
  switchSession,
} from "./sessions";
import { MemoryStore } from "./storage";

describe("sessions", () => {
  it("creates a UUIDv4 session under the seed's key and remembers it", () => {
    const store = new MemoryStore();
    const id = currentSession(store);
    expect(isUuid4(id)).toBe(true);
    expect(store.getItem(SESSION_KEY)).toBe(id);
    expect(currentSession(store)).toBe(id);
    expect(listSessions(store).map((s) => s.id)).toEqual([id]);
  });

  it("replaces an invalid stored id", () => {
    const store = new MemoryStore();
    store.setItem(SESSION_KEY, "not-a-uuid");
    expect(isUuid4(currentSession(store))).toBe(true);
  });

  it("names sessions after the resume's first line until the person renames them", () => {
    const store = new MemoryStore();
    const id = currentSession(store);
    autoName(store, id, "\n  Jane Doe \nEngineer");
    expect(listSessions(store)[0].name).toBe("Jane Doe");
    renameSession(store, id, "Backend roles");
    autoName(store, id, "John");
    expect(listSessions(store)[0].name).toBe("Backend roles");
  });

  it("lists the most recently opened first", () => {
    const store = new MemoryStore();
    const a = switchSession(store, newId(), 1000);
    const b = switchSession(store, newId(), 2000);
    expect(listSessions(store)[0].id).toBe(b);
    switchSession(store, a, 3000);
    expect(listSessions(store)[0].id).toBe(a);
  });

  it("round-trips a share link through the fragment and rejects anything else", () => {
    const id = newId();
    const link = shareLink("http://127.0.0.1:8000", "/", id);
    expect(link).toBe(`http://127.0.0.1:8000/#session=${id}`);
    expect(sessionFromFragment(new URL(link).hash)).toBe(id);
    expect(sessionFromFragment("#session=123")).toBeNull();
    expect(sessionFromFragment("")).toBeNull();
  });

  it("tells a read-only link from a session link", () => {
    const shareId = newId();
    const link = readOnlyLink("http://127.0.0.1:8000", "/", shareId);
    expect(link).toBe(`http://127.0.0.1:8000/#shared=${shareId}`);
    expect(readOnlyLinkFromFragment(new URL(link).hash)).toBe(shareId);
    expect(sessionFromFragment(new URL(link).hash)).toBeNull();
    expect(readOnlyLinkFromFragment(`#session=${shareId}`)).toBeNull();
    expect(readOnlyLinkFromFragment("#shared=../../x")).toBeNull();
  });

  it("asks before a #session= link replaces the open resume, and only then", () => {
    const store = new MemoryStore();
    const mine = currentSession(store);
    const theirs = newId();
    expect(sharedSessionToConfirm(`#session=${theirs}`, store)).toBe(theirs);
    expect(sharedSessionToConfirm(`#session=${theirs.toUpperCase()}`, store)).toBe(theirs);
    expect(sharedSessionToConfirm(`#session=${mine}`, store)).toBeNull(); // already open: nothing to ask
    expect(sharedSessionToConfirm("#session=not-a-uuid", store)).toBeNull();
    expect(sharedSessionToConfirm("", store)).toBeNull();
    expect(store.getItem(SESSION_KEY)).toBe(mine); // asking switches nothing
  });

  it("names the shared resume in the question", () => {
    expect(sharePrompt("Jordan Alvarez")).toBe(
      "Open the shared resume 'Jordan Alvarez'? Your current resume stays in My resumes.",
    );
    expect(sharePrompt(null)).toBe("Open the shared resume? Your current resume stays in My resumes.");
  });
});
