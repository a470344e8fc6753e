import { afterEach, describe, expect, it, vi } from "vitest";
import { exportResume } from "./exportFile";
import { ApiError } from "./http";
import { UnsafeUrlError } from "./urls";

afterEach(() => vi.unstubAllGlobals());

const readBack = { passed: true, wordsFound: 5, wordsTotal: 5, headings: 0, bullets: 1, summary: "read-back: passed, 5 of 5 words" };

describe("exportResume", () => {
  it.each(["pdf", "docx"] as const)("posts the editor text as a %s export and downloads the returned URL", async (format) => {
    const answer = {
      url: `/api/download/0f8fad5b-d9cb-469f-a165-70867728950e/jane-doe-resume.${format}?sig=x`,
      fileName: `jane-doe-resume.${format}`,
      contentType: format === "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      expiresAt: "2030-01-01T00:00:00.000Z",
      readBack,
    };
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(answer), { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    const download = vi.fn();
    await expect(exportResume("# Jane Doe\n- Built things", format, "a4", download)).resolves.toEqual(answer);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe("/api/export");
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({ text: "# Jane Doe\n- Built things", format, pageSize: "a4" });
    expect(download).toHaveBeenCalledWith(`http://localhost${answer.url}`, `jane-doe-resume.${format}`);
  });

  it("downloads nothing when the answer's URL is not one the app opens", async () => {
    const answer = { url: "javascript://localhost/%0aalert(1)", fileName: "a.pdf", contentType: "x", expiresAt: "", readBack };
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(answer), { status: 200 })));
    const download = vi.fn();
    const error = await exportResume("# Jane", "pdf", "letter", download).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(download).not.toHaveBeenCalled();
  });

  it("downloads nothing and rejects with the server's message when the export is refused", async () => {
    const body = { error: "read_back_failed", message: "The PDF file did not read back as the resume." };
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status: 422 })));
    const download = vi.fn();
    const error = await exportResume("", "pdf", "letter", download).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(body.message);
    expect(download).not.toHaveBeenCalled();
  });
});
