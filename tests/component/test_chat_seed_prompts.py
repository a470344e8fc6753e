"""A seed S1 web client (its Builder.tsx) wraps the whole resume into `message`; each of its prompts works as sent."""

from __future__ import annotations

import pytest
from chat.handler import lambda_handler as chat_api
from session.handler import lambda_handler as session_api

from core.services import seed_prompts
from tests.helpers import call, new_session_id

BULLET = "Worked closely with product managers to define the quarterly roadmap for the billing platform"
ROLES = [
    ("Senior Backend Engineer, Northwind Billing (2021 - Present)", [
        BULLET,
        "Led the migration of invoicing jobs from cron scripts to a queue-based worker fleet on AWS",
        "Responsible for on-call rotation handover notes and the incident review calendar",
        "Designed the idempotency layer for payment webhooks, removing duplicate charges",
        "Mentored four engineers through their first production launches and code reviews",
    ]),
    ("Backend Engineer, Contoso Retail (2017 - 2021)", [
        "Built the order export service in Go and PostgreSQL used by the warehouse team",
        "Helped the data team with various reporting tasks in a timely manner",
        "Cut nightly batch time from five hours to forty minutes by partitioning the largest tables",
        "Wrote the runbooks for the checkout service and trained support staff to use them",
    ]),
    ("Software Developer, Fabrikam Labs (2014 - 2017)", [
        "Developed internal dashboards in Python and Flask for the operations group",
        "Participated in code reviews and helped with testing of new features",
        "Automated the release checklist with shell scripts, saving the team an afternoon a week",
        "Migrated the team's issue tracker and wiki to a hosted service without losing history",
    ]),
    ("Junior Developer, Tailspin Travel (2012 - 2014)", [
        "Maintained the booking site's PHP templates and fixed layout bugs reported by customers",
        "Added server-side validation to the search forms, which removed a whole class of support tickets",
        "Set up the first continuous integration job for the booking site with Jenkins",
        "Answered second-line support tickets about failed payments and wrote up the common fixes",
        "Assisted with the move of the booking database to a managed MySQL service",
        "Tested the mobile layouts of the booking flow on the phones the support team had at hand",
    ]),
]  # fmt: skip
RESUME = "\n".join(
    [
        "Avery Quinn",
        "avery.quinn@example.com | +1 555 010 4477 | github.com/averyq",
        "",
        "Summary",
        "Backend engineer who builds dependable billing and order systems and enjoys making on-call quiet.",
        "",
        "Experience",
        *(line for role, bullets in ROLES for line in (role, *(f"- {b}" for b in bullets), "")),
        "Education",
        "BSc Computer Science, University of Leeds (2014)",
        "",
        "Skills",
        "Languages: Go, Python, SQL, TypeScript",
        "Platforms: AWS, PostgreSQL, Kafka, Docker, Terraform",
        "",
        "Projects",
        "- Built an open-source rate limiter library for Go services with token and leaky bucket strategies",
        "- Maintained a small static site generator used by local community groups for event pages",
    ]
)
RESUME += "\n".join(
    [
        "",
        "Volunteering",
        "- Taught beginner programming at the city library coding club on weekends for two years",
        "- Organized the yearly charity hackathon with a committee of local engineers and designers",
        "- Reviewed pull requests for an open-source accessibility checker used by public sector sites",
        "- Maintained the coding club's laptop pool, installing and updating the course tooling each term",
        "- Wrote beginner guides on version control and testing that the club still hands out today",
        "- Coordinated volunteer mentors for the spring term and matched them with student project teams",
        "",
        "Certifications",
        "AWS Certified Solutions Architect - Associate (2022)",
        "",
        "Interests",
        "Cycling, bread baking, community radio",
    ]
)
QUICK = {
    "rephrase": "Rephrase this resume bullet to be more concise, professional, and impact-focused. Keep it one bullet:",
    "shorten": "Shorten this resume bullet while keeping the key action, tools, and impact. Keep it one bullet:",
    "quantify": "Rewrite this resume bullet to include realistic, measurable impact using numbers or percentages. "
    "If exact numbers are unknown, you may use placeholders like X%, Y, or N as a hint:",
    "star": "Rewrite this resume bullet in STAR format (Situation, Task, Action, Result) but keep it in one concise "
    "bullet line:",
}
LABELS = {"rephrase": "Rephrase", "shorten": "Shorten", "quantify": "Quantify", "star": "STAR"}
LONG_BULLET = (
    "Successfully worked on the migration of various legacy invoicing jobs from cron scripts to a queue-based worker "
    "fleet on AWS in order to improve reliability in a timely manner"
)


def quick_prompt(action: str, bullet: str = BULLET, resume: str = RESUME) -> str:
    return (
        f"{QUICK[action]}\n\nFull resume:\n{resume}\n\nSelected text:\n{bullet}\n\nOnly respond with the improved "
        "version or suggestions related to the selected text."
    )


def chat_prompt(question: str) -> str:
    return (
        f"You are a resume assistant. Use the full resume context to answer.\n\nFull resume:\n{RESUME}\n\nUser "
        f"request:\n{question}\n\nRespond concisely and keep your answer directly useful for editing the resume."
    )


def metrics_prompt(bullet: str) -> str:
    return (
        "You are helping improve a resume bullet by adding measurable impact. Suggest a version with realistic "
        f"numbers, using placeholders where the numbers are unknown.\n\nFull resume:\n{RESUME}\n\nBullet:\n{bullet}"
    )


def send(message: str) -> tuple[str, dict]:
    sid = new_session_id()
    result = call(chat_api, "POST", "/api/chat", {"sessionId": sid, "message": message})
    assert result.status == 200, result.body
    return sid, result.body


def history(sid: str) -> list[dict]:
    return list(call(session_api, "GET", f"/api/session/{sid}").body["chat"])


def never_echoed(text: str, bullet: str) -> None:
    assert "Full resume" not in text and "Selected text" not in text and "Only respond" not in text
    assert "You are" not in text and "Respond concisely" not in text
    for line in RESUME.split("\n"):
        line = line.strip("- ")
        if len(line) > 30 and line != bullet:
            assert line not in text, line


def test_the_resume_in_these_tests_is_a_normal_one_page_resume():
    assert 3000 <= len(RESUME) <= 4000 and len(quick_prompt("rephrase")) > 2000


@pytest.mark.parametrize("action", list(QUICK))
def test_each_quick_action_prompt_acts_on_the_bullet_and_answers_with_insertable_text(any_store, action):
    bullet = LONG_BULLET if action == "shorten" else BULLET
    sid, body = send(quick_prompt(action, bullet, RESUME.replace(BULLET, bullet)))
    assert body["action"] == action and body["suggestions"]
    # S1 inserts assistantMessage into the resume: it is one suggested bullet, nothing else.
    assert body["assistantMessage"] == body["suggestions"][0]["text"] and "\n" not in body["assistantMessage"]
    never_echoed(body["assistantMessage"], bullet)
    for suggestion in body["suggestions"]:
        assert suggestion["target"]["text"] == bullet
        assert RESUME.replace(BULLET, bullet).split("\n")[suggestion["target"]["line"]] == f"- {bullet}"
    if action == "shorten":
        assert len(body["assistantMessage"]) <= 0.8 * len(bullet)
    if action != "shorten":  # the collaborator stays the one worked with
        assert "with product managers" in body["assistantMessage"]
    user, assistant = history(sid)
    assert (user["text"], user["action"]) == (f"{LABELS[action]}: {bullet}", action)
    assert assistant["suggestions"] == body["suggestions"]


def test_the_free_chat_prompt_answers_the_question_inside_it(any_store):
    sid, body = send(chat_prompt("How can I make this read more senior?"))
    assert body["action"] == "chat"
    assert "scope" in body["assistantMessage"] and "mentoring" in body["assistantMessage"]
    never_echoed(body["assistantMessage"].split("\n- ")[0], "")
    assert history(sid)[0]["text"] == "How can I make this read more senior?"


def test_the_metrics_helper_prompt_quantifies_its_bullet(any_store):
    _, body = send(metrics_prompt(BULLET))
    assert body["action"] == "quantify" and body["suggestions"]
    assert "[" in body["assistantMessage"] and "with product managers" in body["assistantMessage"]
    never_echoed(body["assistantMessage"], BULLET)


def test_a_long_message_that_is_not_a_seed_prompt_is_still_too_large(any_store):
    result = call(chat_api, "POST", "/api/chat", {"sessionId": new_session_id(), "message": RESUME})
    assert result.status == 413 and result.body["limitChars"] == 2000


def test_the_persons_own_question_inside_a_seed_prompt_keeps_its_limit(any_store):
    result = call(chat_api, "POST", "/api/chat", {"sessionId": new_session_id(), "message": chat_prompt("x" * 2500)})
    assert result.status == 413 and result.body["limitChars"] == 2000


@pytest.mark.parametrize(
    ("message", "action"),
    [(quick_prompt("star"), "star"), (quick_prompt("quantify"), "quantify"), (metrics_prompt(BULLET), "quantify"),
     (chat_prompt("What sections am I missing?"), "chat"), ("Which bullets are weak?", None)],
)  # fmt: skip
def test_seed_prompts_are_read_back_into_action_selection_and_resume(message, action):
    asked = seed_prompts.read(message)
    if action is None:
        assert asked is None
        return
    assert asked is not None and asked.action == action and asked.resume == RESUME
    assert asked.selection == (None if action == "chat" else BULLET)
