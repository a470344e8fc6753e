"""Resume documents: upload decoding and type detection, text extraction, structure, keyword coverage and
rendering. `upload` is for API handlers, `structure` and `render` also serve the export function; the rest runs
in the ai-worker (pypdf and python-docx are imported lazily inside the functions that need them)."""
