"""Resume documents: upload decoding and type detection, text extraction, structure, keyword coverage and
rendering. Only `upload` is for API handlers; the rest runs in the ai-worker (pypdf and python-docx are
imported lazily inside the functions that need them)."""
