import { afterEach, describe, expect, it, vi } from "vitest";
import { exportDocx } from "./exportFile";
import { ApiError } from "./http";
import { UnsafeUrlError } from "./urls";

afterEach(() => vi.unstubAllGlobals());

describe("exportDocx", () => {
  it("posts the editor text as a docx export and downloads the returned URL", async () => {
    const answer = {
      url: "/api/download/0f8fad5b-d9cb-469f-a165-70867728950e/jane-doe.docx?sig=x",
      fileName: "jane-doe.docx",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      expiresAt: "2030-01-01T00:00:00.000Z",
    };
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(answer), { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    const download = vi.fn();
    await expect(exportDocx("# Jane Doe\n- Built things", "jane-doe", download)).resolves.toEqual(answer);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe("/api/export");
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({ text: "# Jane Doe\n- Built things", format: "docx", fileName: "jane-doe" });
    expect(download).toHaveBeenCalledWith(`http://localhost${answer.url}`, "jane-doe.docx");
  });

  it("downloads nothing when the answer's URL is not one the app opens", async () => {
    const answer = { url: "javascript://localhost/%0aalert(1)", fileName: "a.docx", contentType: "x", expiresAt: "" };
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(answer), { status: 200 })));
    const download = vi.fn();
    const error = await exportDocx("# Jane", "jane", download).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(download).not.toHaveBeenCalled();
  });

  it("downloads nothing and rejects with the server's message when the export is refused", async () => {
    const body = { error: "unprocessable", message: "The resume is empty: there is nothing to export." };
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status: 422 })));
    const download = vi.fn();
    const error = await exportDocx("", "resume", download).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(body.message);
    expect(download).not.toHaveBeenCalled();
  });
});
