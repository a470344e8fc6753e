"""Optimize jobs: the API contract (submit, status, listing), the report, and the stored job record."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .common import RequestModel

OutputFormat = Literal["pdf", "docx", "txt"]
DocumentKind = Literal["pdf", "docx", "text"]
PageSize = Literal["letter", "a4"]
# The seed S2 client's names for the formats ("word", "text"), accepted beside ours.
FORMAT_ALIASES: dict[str, OutputFormat] = {"word": "docx", "text": "txt"}


def _canonical_format(value: Any) -> Any:
    return FORMAT_ALIASES.get(value.strip().lower(), value.strip().lower()) if isinstance(value, str) else value


# A requested format: ours or a seed alias, read as ours.
RequestedFormat = Annotated[
    OutputFormat,
    BeforeValidator(_canonical_format),
    WithJsonSchema(
        {
            "type": "string",
            "enum": ["pdf", "docx", "txt", *FORMAT_ALIASES],
            "description": 'pdf, docx or txt (the seed client\'s "word" and "text" mean docx and txt)',
        }
    ),
]


class JobState(StrEnum):
    QUEUED = "QUEUED"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


UNFINISHED = (JobState.QUEUED, JobState.PROCESSING)

# The worker's steps in order, with the progress (percent) reached when each one starts.
JobStep = Literal["queued", "parse", "analyse", "rewrite", "verify", "render", "done", "failed"]
STEP_PROGRESS: dict[str, int] = {
    "queued": 0,
    "parse": 10,
    "analyse": 25,
    "rewrite": 40,
    "verify": 75,
    "render": 90,
    "done": 100,
}


# ---------------------------------------------------------------- API

# Jobs a listing returns when the client does not say (here, not in the service: the status-checker handler
# declares it without loading the submission machinery it never uses).
DEFAULT_LIST_LIMIT = 20


class OptimizeRequest(RequestModel):
    resume: str = Field(description="The resume file, base64 or a data: URL (PDF, DOCX, plain text or Markdown)")
    jobDescription: str
    sessionId: str | None = None
    fileName: str | None = Field(None, max_length=255)
    outputFormat: RequestedFormat = "docx"
    pageSize: PageSize = "letter"


class OptimizeAccepted(BaseModel):
    message: str
    jobId: str
    status: Literal["PROCESSING"] = "PROCESSING"


class TermWeight(BaseModel):
    term: str
    weight: int


class MatchedTerm(TermWeight):
    foundAs: str  # how the text writes the term ("k8s" for Kubernetes)


TermImportance = Literal["must", "role", "nice", "mention"]


class KeywordTerm(TermWeight):
    count: int  # occurrences in the job description
    inRequirements: bool  # a must-have: at least one occurrence in a requirements line
    importance: TermImportance = "mention"  # the most important section it appears in
    category: str = ""  # the skills vocabulary's category, or "named in the ad"
    spellings: list[str] = Field(default_factory=list)  # every spelling that counts as this term (aliases)
    why: str


class Coverage(BaseModel):
    """What an applicant-tracking system sees: a term counts when the text writes it the job's way (any case,
    plural). Terms the text shows only under another spelling are listed apart: tailoring can honestly add the
    job's spelling for them."""

    score: float  # percent of the total weight written the job's way
    matchedWeight: int
    totalWeight: int
    matched: list[MatchedTerm]
    otherSpelling: list[MatchedTerm] = Field(default_factory=list)  # shown, but not in the job's spelling
    missing: list[TermWeight]  # not shown at all


ChangeKind = Literal["bullet", "summary", "skills"]


class BulletChange(BaseModel):
    """One change the tailoring made, with its reason (bullets rewritten or moved, summary, Skills line)."""

    kind: ChangeKind = "bullet"
    section: str | None
    original: str
    revised: str
    reason: str = ""
    addedTerms: list[str] = Field(default_factory=list)  # job terms the revised text has and the original lacked
    movedFrom: int | None = None  # position in its list before reordering (0-based), when it moved
    movedTo: int | None = None


class ChecklistItem(BaseModel):
    """A must-have the resume does not show: the person adds it only if it is true."""

    term: str
    weight: int
    why: str


class ReportFlag(BaseModel):
    kind: str
    text: str
    placeholder: str | None = None


class ReadBack(BaseModel):
    """A generated file read again with the upload extractor: every word there, in order, structure kept."""

    passed: bool
    wordsFound: int  # words of the resume found in the file, in order
    wordsTotal: int
    headings: int  # headings recognised in the file / in the resume
    bullets: int  # bullets recognised in the file (each resume bullet must be one)
    summary: str  # "read-back: passed, 412 of 412 words"


class OptimizeReport(BaseModel):
    explanation: str
    analysisVersion: str = ""
    keywords: list[KeywordTerm]
    coverageBefore: Coverage
    coverageAfter: Coverage
    changes: list[BulletChange]
    addIfTrue: list[ChecklistItem] = Field(default_factory=list)  # missing must-haves, "add only if true"
    flags: list[ReportFlag]
    provider: str
    model: str
    sourceKind: DocumentKind
    sourceWords: int
    # The whole optimized resume as plain text: what "Open in editor" loads, whatever the file format.
    optimizedText: str
    readBack: ReadBack | None = None  # None only in reports written before the read-back existed


class JobView(BaseModel):
    """What every answer about a job says: the seed's `jobId, status, message, timestamp` plus progress."""

    jobId: str
    status: Literal["PROCESSING", "COMPLETED", "FAILED"]
    message: str
    timestamp: str  # last change
    step: JobStep
    progress: int
    createdAt: str


class JobStatusResponse(JobView):
    """The seed's status shape (and, once done, its download fields) plus the step, progress and report."""

    error: str | None = None  # stable error code when FAILED
    optimizedResumeUrl: str | None = None
    fileType: OutputFormat | None = None
    contentType: str | None = None
    downloadFilename: str | None = None
    urlExpiresInSeconds: int | None = None
    report: OptimizeReport | None = None


class JobSummary(JobView):
    fileName: str | None = None
    outputFormat: OutputFormat


class JobList(BaseModel):
    sessionId: str
    jobs: list[JobSummary]


# ---------------------------------------------------------------- stored


class JobProgress(BaseModel):
    """The fields of a job that change as it runs (what `JobPatch` may write)."""

    step: JobStep = "queued"
    progress: int = 0
    attempts: int = 0
    # The delivery that owns the job while PROCESSING; a redelivery of the same message, or any delivery once
    # the lease has run out, may take it over.
    claimId: str | None = None
    claimMessageId: str | None = None
    leaseUntilMs: int | None = None
    lastError: str | None = None
    errorCode: str | None = None
    resultKey: str | None = None
    fileType: OutputFormat | None = None
    contentType: str | None = None
    downloadFilename: str | None = None
    report: OptimizeReport | None = None


class JobRecord(JobProgress):
    """One optimize job as stored (DynamoDB item at `job#<jobId>` / SQLite row)."""

    model_config = ConfigDict(extra="ignore")

    jobId: str
    status: JobState
    message: str
    createdAt: str  # ISO-8601 UTC with milliseconds: sorts chronologically (the listing index's sort key)
    updatedAt: str
    deadlineMs: int
    expiresAt: int  # epoch seconds (TTL)
    jobSessionId: str | None = None  # only set when submitted with a session (sparse index)
    owner: str | None = None  # the signed-in submitter: nobody else sees the job
    inputKey: str
    inputKind: DocumentKind
    fileName: str | None = None
    outputFormat: OutputFormat = "docx"
    pageSize: PageSize = "letter"
    # One more at every write: the lifecycle's compare-and-set (0: not stored yet, or stored before versions).
    version: int = 0

    def patched(self, fields: dict) -> JobRecord:
        """This job with `fields` (a patch's written fields) applied, as the store holds it afterwards."""
        return JobRecord.model_validate({**self.model_dump(mode="json"), **fields})


class JobPatch(JobProgress):
    """A transition or a progress update: only the fields set (explicitly, None included) are written."""

    status: JobState | None = None
    message: str | None = None
    updatedAt: str | None = None

    def fields(self) -> dict:
        return self.model_dump(mode="json", exclude_unset=True)

    @classmethod
    def failed(cls, message: str, code: str, updated_at: str) -> JobPatch:
        """The transition to FAILED: a stable error code, a sentence for people, and no lease left."""
        return cls(
            status=JobState.FAILED,
            step="failed",
            message=message,
            errorCode=code,
            updatedAt=updated_at,
            leaseUntilMs=None,
        )
