"""Resume-like text for load tests and benchmarks.

Built from varied phrases and numbers rather than repeated filler, so compression ratios (the DynamoDB adapter
compresses text over 4 KB) are in the range of real resumes, not the 100x of a repeated string.
"""

from __future__ import annotations

import random

VERBS = (
    "Led", "Built", "Designed", "Shipped", "Reduced", "Migrated", "Automated", "Mentored", "Launched", "Scaled",
    "Rewrote", "Owned", "Cut", "Negotiated", "Improved", "Introduced", "Drove", "Streamlined", "Debugged", "Hired",
)  # fmt: skip
OBJECTS = (
    "the billing pipeline", "a React design system", "on-call tooling", "the search ranking service",
    "CI for 40 repositories", "a Kafka ingestion layer", "the mobile checkout flow", "data retention jobs",
    "an internal LLM gateway", "the Terraform estate", "SLO dashboards", "a fraud-scoring model",
    "the partner API", "warehouse ETL in dbt", "the customer onboarding funnel", "zero-downtime deploys",
)  # fmt: skip
RESULTS = (
    "cutting p95 latency by {n}%", "saving ${k}k a year", "for {n} enterprise customers", "with {n} engineers",
    "raising conversion {n}%", "reducing incidents by {n}%", "in {n} weeks", "serving {k}k requests/s",
    "growing weekly actives to {k}k", "halving cloud spend in {n} months",
)  # fmt: skip
SKILLS = (
    "Python", "TypeScript", "Go", "AWS Lambda", "DynamoDB", "PostgreSQL", "Kubernetes", "React", "Terraform",
    "Kafka", "Spark", "GraphQL", "Rust", "Airflow", "Redis", "OpenTelemetry", "CDK", "pandas",
)  # fmt: skip
SYLLABLES = ("ka", "lo", "mir", "te", "vos", "an", "qui", "ra", "zen", "bo", "lu", "fre", "dar", "si", "om", "pe")
COMPANIES = ("Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Stark Logistics", "Wayne Fintech")


def bullet(rng: random.Random) -> str:
    result = rng.choice(RESULTS).format(n=rng.randint(2, 95), k=rng.randint(2, 900))
    project = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    return f"- {rng.choice(VERBS)} {rng.choice(OBJECTS)} (project {project}, {rng.choice(SKILLS)}), {result}."


def resume_text(target_bytes: int, seed: int = 0) -> str:
    """A plausible resume of about `target_bytes` UTF-8 bytes (never more)."""
    rng = random.Random(seed)
    lines = [
        f"Jordan Example {seed}",
        "Senior Software Engineer · jordan@example.com · +1 555 0100",
        "",
        "SKILLS",
        ", ".join(rng.sample(SKILLS, 10)),
    ]
    size = sum(len(line.encode()) + 1 for line in lines)
    while True:
        title = f"{rng.choice(COMPANIES)} — {rng.choice(['Staff', 'Senior', 'Lead'])} Engineer, 20{rng.randint(10, 24)}"
        block = ["", title]
        block += [bullet(rng) for _ in range(rng.randint(3, 6))]
        for line in block:
            grown = size + len(line.encode()) + 1
            if grown > target_bytes:
                return "\n".join(lines)
            lines.append(line)
            size = grown


JOB_DESCRIPTION = """Senior Backend Engineer (Python, AWS)

We build serverless data products for logistics customers and are looking for a senior backend engineer.

Responsibilities:
- Design and operate serverless pipelines with AWS Lambda, SQS and DynamoDB.
- Build REST APIs in Python and improve observability with OpenTelemetry.
- Mentor engineers, review code and own on-call for the services you ship.

Requirements:
- 5+ years of Python in production.
- Hands-on AWS Lambda, DynamoDB and Terraform or CDK.
- Experience with CI/CD, Docker and automated testing.
"""
