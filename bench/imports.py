"""Import hygiene: what each Lambda's handler module loads, measured in a fresh interpreter.

API handlers must not load the heavy, optional libraries at import time (they cost cold-start time on every
request path): the LLM SDK, the document parsers and the X-Ray SDK are imported lazily where they are used.
`tests/unit/test_import_hygiene.py` enforces this; `make bench` prints the list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from tests.e2e.runtime import REPO, child_env

# Top-level packages no API handler may import at import time.
FORBIDDEN_IN_API_HANDLERS = ("openai", "pypdf", "docx", "fpdf", "aws_xray_sdk", "lemminflect", "numpy")
# Packages worth listing when present (what a cold start pays for).
WATCHED = ("boto3", "botocore.client", "pydantic", "httpx", *FORBIDDEN_IN_API_HANDLERS)

PROBE = """
import importlib, json, sys, time
started = time.perf_counter()
importlib.import_module(sys.argv[1])
print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "modules": sorted(sys.modules)}))
"""


@dataclass(frozen=True)
class ImportProfile:
    module: str
    import_ms: float
    modules: frozenset[str]

    def has(self, package: str) -> bool:
        return package in self.modules or any(m.startswith(f"{package}.") for m in self.modules)

    @property
    def packages(self) -> list[str]:
        """Top-level packages loaded, without the standard library."""
        stdlib = sys.stdlib_module_names
        return sorted({m.split(".")[0] for m in self.modules if not m.startswith("_")} - stdlib)


def import_profile(module: str) -> ImportProfile:
    """Import `module` in a new interpreter with no product settings in the environment (import must not read
    them), and report what got loaded."""
    env = child_env({"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
    probe = [sys.executable, "-c", PROBE, module]
    out = subprocess.run(probe, capture_output=True, text=True, cwd=REPO, env=env, check=True).stdout  # noqa: S603
    data = json.loads(out.strip().splitlines()[-1])
    return ImportProfile(module, data["ms"], frozenset(data["modules"]))
