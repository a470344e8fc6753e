"""`python -m local`: start the local runtime on 127.0.0.1:$PORT (default 8000) with data in $DATA_DIR."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    # The handlers import `core` exactly as they do in Lambda, where the layer puts it on the path.
    sys.path.insert(0, str(REPO / "lambdas"))
    # No AWS by default (the seed's LOCAL_DEV=1); STORAGE=aws + AWS_ENDPOINT_URL targets moto server or AWS.
    if not os.environ.get("STORAGE"):
        os.environ.setdefault("LOCAL_DEV", "1")
    os.environ.setdefault("DATA_DIR", str(REPO / ".data"))
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "resume-chat-local")
    # CloudWatch metrics (EMF) would only clutter the terminal here.
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")

    import uvicorn

    from core.config import get_settings

    from .server import create_app

    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    if host not in {"0.0.0.0", "::", ""}:  # noqa: S104 - on every interface no one origin is right: relative URLs
        # Download URLs point here (configuration), never at whatever Host header a request brings.
        os.environ.setdefault("PUBLIC_BASE_URL", f"http://{f'[{host}]' if ':' in host else host}:{port}")
    settings = get_settings()  # fail fast, with every problem listed, on a bad environment
    print(f"Resume Chat on http://{host}:{port}  (storage: {settings.storage}, data: {settings.data_dir})", flush=True)
    # No access log: request paths and query strings carry session and job ids (capabilities).
    level = os.environ.get("LOG_LEVEL", "warning").lower()
    uvicorn.run(create_app(), host=host, port=port, log_level=level, access_log=False)


if __name__ == "__main__":
    main()
