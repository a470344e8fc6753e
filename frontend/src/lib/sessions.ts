/** Sessions this browser knows: the current one (localStorage `sessionId`, as the seed), names, share links. */
import { type KeyValueStore, readJson } from "./storage";

export const SESSION_KEY = "sessionId";
const LIST_KEY = "rc.sessions";
const TAB_KEY = "rc.tabId";
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export interface KnownSession {
  id: string;
  name: string;
  /** The person named it; otherwise the name follows the resume's first line. */
  named?: boolean;
  lastOpenedAt: number;
}

export function isUuid4(value: string | null | undefined): value is string {
  return !!value && UUID4.test(value);
}

export function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function listSessions(store: KeyValueStore): KnownSession[] {
  const list = readJson<KnownSession[]>(store, LIST_KEY);
  return Array.isArray(list) ? list.filter((s) => isUuid4(s?.id)).sort((a, b) => b.lastOpenedAt - a.lastOpenedAt) : [];
}

function saveList(store: KeyValueStore, list: KnownSession[]): void {
  store.setItem(LIST_KEY, JSON.stringify(list));
}

export function rememberSession(store: KeyValueStore, id: string, now: number = Date.now()): void {
  const list = listSessions(store);
  const known = list.find((s) => s.id === id);
  if (known) known.lastOpenedAt = now;
  else list.push({ id, name: "Untitled resume", lastOpenedAt: now });
  saveList(store, list);
}

/** The session this browser works on; a new one when there is none (or it is not a UUIDv4). */
export function currentSession(store: KeyValueStore): string {
  const id = store.getItem(SESSION_KEY);
  if (isUuid4(id)) {
    if (!listSessions(store).some((s) => s.id === id)) rememberSession(store, id);
    return id;
  }
  return switchSession(store, newId());
}

export function switchSession(store: KeyValueStore, id: string, now: number = Date.now()): string {
  store.setItem(SESSION_KEY, id);
  rememberSession(store, id, now);
  return id;
}

export function nameFromText(text: string): string {
  const first = text.split("\n").find((line) => line.trim())?.trim() ?? "";
  return first ? first.slice(0, 60) : "Untitled resume";
}

/** Keep the list's name in step with the resume (unless the person named it); true when it changed. */
export function autoName(store: KeyValueStore, id: string, text: string): boolean {
  const list = listSessions(store);
  const known = list.find((s) => s.id === id);
  const name = nameFromText(text);
  if (!known || known.named || known.name === name) return false;
  known.name = name;
  saveList(store, list);
  return true;
}

export function renameSession(store: KeyValueStore, id: string, name: string): void {
  const list = listSessions(store);
  const known = list.find((s) => s.id === id);
  if (!known) return;
  known.name = name.trim().slice(0, 80) || known.name;
  known.named = !!name.trim();
  saveList(store, list);
}

export function forgetSession(store: KeyValueStore, id: string): void {
  saveList(
    store,
    listSessions(store).filter((s) => s.id !== id),
  );
}

/** What a session read answering 404 means: with accounts on, another person's resume answers as a missing one. */
export const NOT_YOURS =
  "This resume is not in your account: it belongs to someone else, or it no longer exists. Open one from My resumes, or start a new one.";

/** A link that opens this session elsewhere. The id stays in the fragment: never sent to a server. */
export function shareLink(origin: string, pathname: string, id: string): string {
  return `${origin}${pathname}#session=${id}`;
}

function uuidInFragment(hash: string, name: "session" | "shared"): string | null {
  const id = new URLSearchParams(hash.replace(/^#/, "")).get(name);
  return isUuid4(id) ? id.toLowerCase() : null;
}

export function sessionFromFragment(hash: string): string | null {
  return uuidInFragment(hash, "session");
}

/** A read-only link to one snapshot (anyone may open it, signed in or not). */
export function readOnlyLink(origin: string, pathname: string, shareId: string): string {
  return `${origin}${pathname}#shared=${shareId}`;
}

export function readOnlyLinkFromFragment(hash: string): string | null {
  return uuidInFragment(hash, "shared");
}

/** The session a `#session=` link asks to open, or null: no link, or it names the session already open (nothing
 * to ask). Opening someone's link silently would have the person type into a resume its sender can read. */
export function sharedSessionToConfirm(hash: string, store: KeyValueStore): string | null {
  const id = sessionFromFragment(hash);
  return id && id !== store.getItem(SESSION_KEY)?.toLowerCase() ? id : null;
}

/** The question asked before a shared resume replaces the one open (`name` once the server has told it). */
export function sharePrompt(name: string | null): string {
  const which = name ? `the shared resume '${name}'` : "the shared resume";
  return `Open ${which}? Your current resume stays in My resumes.`;
}

/** This tab's id: survives reloads of the tab (sessionStorage), differs between tabs. */
export function tabId(tabStore: KeyValueStore): string {
  const existing = tabStore.getItem(TAB_KEY);
  if (existing) return existing;
  const id = newId();
  tabStore.setItem(TAB_KEY, id);
  return id;
}
