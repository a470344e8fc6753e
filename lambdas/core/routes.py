"""THE route table: every HTTP route and every Lambda function of the product.

Read by the CDK stack (functions, API Gateway methods), the local runtime (dispatch) and the OpenAPI
generator. Adding a route means adding one line here and the handler function in its module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Trigger = Literal["api", "queue", "stream"]


@dataclass(frozen=True)
class LambdaFunction:
    name: str  # logical name, also the folder under lambdas/ (with "-" -> "_")
    handler_module: str  # importable module holding `lambda_handler`
    memory_mb: int
    timeout_s: int
    triggers: tuple[Trigger, ...] = ("api",)
    description: str = ""

    @property
    def folder(self) -> str:
        return self.handler_module.split(".")[0]

    @property
    def handler(self) -> str:
        return f"{self.handler_module}.lambda_handler"


@dataclass(frozen=True)
class Route:
    method: Literal["GET", "PUT", "POST", "DELETE"]
    path: str  # API Gateway style, e.g. /api/session/{sessionId}
    function: str  # LambdaFunction.name
    summary: str
    # Reachable without signing in when accounts are on (auth=cognito): no authorizer in front of it.
    public: bool = False


FUNCTIONS: dict[str, LambdaFunction] = {
    f.name: f
    for f in (
        LambdaFunction("session", "session.handler", 256, 10, description="Health and session read/rehydrate"),
        LambdaFunction("resume", "resume.handler", 256, 10, description="Autosave of the resume text"),
        # Also consumes the table's stream to keep the S3 snapshot fresh off the save path.
        LambdaFunction(
            "snapshot",
            "snapshot.handler",
            256,
            20,
            triggers=("api", "stream"),
            description="Snapshots: explicit, automatic (stream) and history",
        ),
        # Under API Gateway's 29 s integration limit; the LLM budget inside is smaller still.
        LambdaFunction("chat", "chat.handler", 512, 28, description="AI assistant"),
        LambdaFunction("optimize", "optimize.handler", 512, 15, description="Accepts optimize jobs"),
        LambdaFunction(
            "ai-worker",
            "ai_worker.handler",
            1769,  # one full vCPU: extraction, rendering and the read-back are CPU-bound
            300,
            triggers=("queue",),
            description="Runs optimize jobs from the queue (and marks dead-lettered jobs FAILED)",
        ),
        LambdaFunction("status-checker", "status_checker.handler", 256, 10, description="Job status and listing"),
        # Its own function: python-docx, fpdf2 and rendering never weigh on the hot autosave/session functions.
        # 1769 MB is one full vCPU: rendering and reading back is CPU-bound (bench: a 256 KiB resume of 15,000
        # lines takes seconds as a PDF); under API Gateway's 29 s like chat.
        LambdaFunction(
            "export", "export.handler", 1769, 28, description="Exports the editor text as .pdf, .docx or .txt"
        ),
    )
}

ROUTES: tuple[Route, ...] = (
    Route("GET", "/api/health", "session", "Liveness, build and sign-in information", public=True),
    Route("GET", "/api/session/{sessionId}", "session", "Resume and chat of a session (rehydrates from S3)"),
    Route("GET", "/api/resumes", "session", "The signed-in person's resumes, newest first"),
    Route("POST", "/api/resumes/{sessionId}/claim", "session", "Make a resume without owner the caller's"),
    Route("PUT", "/api/resume/{sessionId}", "resume", "Save the resume text (versioned or last-writer-wins)"),
    Route("POST", "/api/snapshot/{sessionId}", "snapshot", "Take a snapshot now"),
    Route("GET", "/api/snapshots/{sessionId}", "snapshot", "Snapshot history, newest first"),
    Route("GET", "/api/snapshots/{sessionId}/{snapshotId}", "snapshot", "One snapshot's payload"),
    Route("POST", "/api/snapshots/{sessionId}/{snapshotId}/share", "snapshot", "Share one snapshot read-only"),
    Route("GET", "/api/shares/{sessionId}", "snapshot", "A session's read-only links, newest first"),
    # One resource per share: the public read and the owner's revoke (API Gateway allows one variable path part
    # per level, so revoking cannot live beside /api/shares/{sessionId}).
    Route("GET", "/api/shared/{shareId}", "snapshot", "A shared snapshot's resume text (read-only)", public=True),
    Route("DELETE", "/api/shared/{shareId}", "snapshot", "Revoke a read-only link"),
    Route("POST", "/api/chat", "chat", "Ask the assistant or run an action on a bullet"),
    Route("GET", "/api/llm/status", "chat", "Which LLM provider and model are configured"),
    Route("POST", "/api/optimize", "optimize", "Submit an optimize job (202 + jobId)"),
    Route("GET", "/api/status", "status-checker", "Status of one optimize job"),
    Route("GET", "/api/jobs", "status-checker", "A session's optimize jobs, newest first"),
    Route("POST", "/api/export", "export", "The resume text as a .pdf, .docx or .txt download (read back first)"),
)


def routes_for(function: str) -> list[Route]:
    return [r for r in ROUTES if r.function == function]


def api_functions() -> list[LambdaFunction]:
    return [f for f in FUNCTIONS.values() if "api" in f.triggers]
