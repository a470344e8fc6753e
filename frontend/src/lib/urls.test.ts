import { describe, expect, it } from "vitest";
import { openableUrl } from "./urls";

const HERE = "https://resume.example.com";

describe("openableUrl", () => {
  it.each([
    ["/api/download/0f8fad5b-d9cb-469f-a165-70867728950e/a.docx?sig=x", `${HERE}/api/download/0f8fad5b-d9cb-469f-a165-70867728950e/a.docx?sig=x`],
    [`${HERE}/api/download/x/a.docx`, `${HERE}/api/download/x/a.docx`],
    ["https://jobs-123.s3.eu-west-1.amazonaws.com/jobs/x/a.docx?X-Amz-Signature=1", "https://jobs-123.s3.eu-west-1.amazonaws.com/jobs/x/a.docx?X-Amz-Signature=1"],
    ["https://s3.amazonaws.com/jobs-123/jobs/x/a.pdf", "https://s3.amazonaws.com/jobs-123/jobs/x/a.pdf"],
  ])("opens same-origin and S3 links: %s", (url, opened) => {
    expect(openableUrl(url, HERE)).toBe(opened);
  });

  it.each([
    "javascript://resume.example.com/api/download/x%0aalert(1)",
    "javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "https://evil.example/api/download/x/a.docx",
    "//evil.example/a.docx",
    "http://jobs.s3.amazonaws.com/a.docx", // S3 only over https
    "https://s3.amazonaws.com.evil.example/a.docx",
    "http://[not a url",
  ])("refuses other schemes and origins: %s", (url) => {
    expect(openableUrl(url, HERE)).toBeNull();
  });
});
