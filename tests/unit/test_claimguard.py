"""The claim guard, case by case: skills, certifications, degrees, titles, employers and seniority in AI output
are kept when the sources support them and replaced (and flagged) when they are invented."""

from __future__ import annotations

import pytest

from core.claimguard import Guards, KnownClaims

RESUME = """Jane Doe
Senior Software Engineer | Acme GmbH | 2019 - Present
- Helped the platform team migrate services to k8s
- Led the design review for the billing API in Python
- Managed the on-call rotation with PagerDuty
Skills: Python, Postgres, Docker, CI pipelines
Education: BSc Computer Science, TU Berlin
Certifications: AWS Certified Developer
"""
HELPED = "Helped the platform team migrate services to k8s"
LED = "Led the design review for the billing API in Python"

# (sources, origin, output, flag kinds, text after the guard (a part of it))
CASES = [
    # skills and technologies: any spelling in the sources supports them
    ([RESUME], None, "Migrated services to Kubernetes", [], "Kubernetes"),
    ([RESUME], None, "Tuned PostgreSQL queries", [], "PostgreSQL"),
    ([RESUME], None, "Built CI/CD for the team", [], "CI/CD"),
    ([RESUME], None, "Shipped Docker images", [], "Docker"),
    ([RESUME], None, "Wrote Python services", [], "Python"),
    ([RESUME], None, "Ran Terraform across regions", ["invented_skill"], "Ran [skill] across regions"),
    ([RESUME], None, "Streamed events through Kafka", ["invented_skill"], "through [skill]"),
    ([RESUME], None, "Built dashboards in Grafana and Tableau", ["invented_skill"] * 2, "[skill] and [skill]"),
    ([RESUME], None, "Wrote Rust and Go services", ["invented_skill", "invented_skill"], "Wrote [skill] and [skill]"),
    ([RESUME], None, "Moved to Amazon EKS", ["invented_skill"], "Moved to [skill]"),
    ([RESUME], None, "Ready to go the extra mile", [], "go the extra mile"),
    ([RESUME], None, "Improved documentation and monitoring", [], "documentation and monitoring"),
    ([RESUME, "Please mention Kafka, I used it"], None, "Streamed events through Kafka", [], "Kafka"),
    # certifications
    ([RESUME], None, "AWS Certified Developer with Docker", [], "AWS Certified Developer"),
    ([RESUME], None, "PMP certified lead for the migration", ["invented_certification"], "[certification]"),
    ([RESUME], None, "Holds a CISSP", ["invented_certification"], "Holds a [certification]"),
    ([RESUME], None, "Kept billing SOC 2 compliant", ["invented_certification"], "billing [certification] compliant"),
    # degrees
    ([RESUME], None, "BSc graduate who ships services", [], "BSc graduate"),
    ([RESUME], None, "Bachelor's degree holder who ships services", [], "Bachelor's degree"),
    ([RESUME], None, "PhD researcher in distributed systems", ["invented_degree"], "[degree] researcher"),
    ([RESUME], None, "Master's-trained engineer", ["invented_degree"], "[degree]"),
    ([RESUME], None, "Engineer with an MBA", ["invented_degree"], "with an [degree]"),
    (["MSc Data Science, 2018"], None, "MSc-trained analyst", [], "MSc"),
    (["PhD in Physics"], None, "PhD physicist", [], "PhD physicist"),
    # job titles
    ([RESUME], None, "Senior Software Engineer who ships billing", [], "Senior Software Engineer"),
    ([RESUME], None, "Senior Engineer on the platform team", [], "Senior Engineer"),
    ([RESUME], None, "Principal Engineer for payments", ["invented_title"], "[title] for payments"),
    ([RESUME], None, "Head of Platform since 2019", ["invented_title"], "[title] since"),
    ([RESUME], None, "Promoted to Director of Engineering", ["invented_title"], "Promoted to [title]"),
    ([RESUME], None, "Acted as CTO for the billing team", ["invented_title"], "Acted as [title]"),
    (["Staff Designer at Studio Nord"], None, "Staff Designer for the web app", [], "Staff Designer"),
    (["Designer at Studio Nord"], None, "Staff Designer for the web app", ["invented_title"], "[title]"),
    # employers
    ([RESUME], None, "Built the billing API at Acme GmbH", [], "at Acme GmbH"),
    ([RESUME], None, "Built search at Google", ["invented_employer"], "at [employer]"),
    ([RESUME], None, "Consulted for Deutsche Bank on payments", ["invented_employer"], "for [employer] on"),
    ([RESUME], None, "Joined Stripe to scale payments", ["invented_employer"], "[employer] to scale"),
    ([RESUME], None, "Built tooling for Python developers", [], "for Python developers"),
    ([RESUME], None, "Wrote the runbook for The on-call team", [], "for The on-call team"),
    # seniority of the work: helped never becomes led
    ([RESUME], HELPED, "Led the migration of services to Kubernetes", ["inflated_role"], "Contributed to the"),
    ([RESUME], HELPED, "Managed the k8s migration for the platform team", ["inflated_role"], "Contributed to the"),
    ([RESUME], HELPED, "Owned the move of services to k8s", ["inflated_role"], "Contributed to the move"),
    ([RESUME], HELPED, "Spearheaded the platform migration", ["inflated_role"], "Contributed to the platform"),
    ([RESUME], HELPED, "Partnered with the platform team to migrate services", [], "Partnered with"),
    ([RESUME], HELPED, "Contributed to migrating services to Kubernetes (k8s)", [], "Contributed to migrating"),
    ([RESUME], LED, "Led the billing API design review in Python", [], "Led the billing"),
    ([RESUME], LED, "Directed the billing API design review", [], "Directed the billing"),
    (["- Helped the team ship a new checkout"], None, "Led the team shipping a new checkout", ["inflated_role"],
     "Contributed to the team"),
    ([RESUME], None, "Managed the on-call rotation", [], "Managed the on-call"),
    ([RESUME], None, "Owned the hiring plan for the team", ["inflated_role"], "Contributed to the hiring plan"),
    ([RESUME], None, "Oversaw the on-call rotation", [], "Oversaw the on-call"),
    # several at once, with a number the fact guard catches
    ([RESUME], HELPED, "Led 40 engineers at Google migrating to Kafka", ["invented_number", "inflated_role",
     "invented_employer", "invented_skill"], "Contributed to [N] engineers at [employer] migrating to [skill]"),
]  # fmt: skip


@pytest.mark.parametrize(("sources", "origin", "output", "kinds", "after"), CASES)
def test_claims_are_kept_when_supported_and_replaced_when_invented(sources, origin, output, kinds, after):
    result = Guards(sources).guard(output, origin=origin)
    assert sorted(f.kind for f in result.flags) == sorted(kinds)
    assert after in result.text
    for flag in result.flags:
        assert flag.text and flag.placeholder and flag.category


def test_there_are_at_least_forty_cases_of_every_kind():
    assert len(CASES) >= 40
    kinds = {k for case in CASES for k in case[3]}
    assert {"invented_skill", "invented_certification", "invented_degree", "invented_title", "invented_employer",
            "inflated_role"} <= kinds  # fmt: skip


def test_the_claim_guard_is_linear_in_the_output():
    # a long output of vocabulary-looking words costs one look-up pass, not one pass per word
    claims = KnownClaims([RESUME])
    small, large = "Kafka Terraform Grafana " * 200, "Kafka Terraform Grafana " * 800
    assert len(claims.guard(large).flags) == 4 * len(claims.guard(small).flags) == 4 * 600
