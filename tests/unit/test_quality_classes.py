"""The one definition of a broken suggestion (bench/quality.py), pinned on bullets written for this test."""

from __future__ import annotations

import pytest

from bench.quality import classify

BULLET = "Taught three sections of introductory calculus"


@pytest.mark.parametrize(
    ("action", "bullet", "suggestions", "expected"),
    [
        ("rephrase", BULLET, ["Instructed three sections of introductory calculus"], []),
        ("rephrase", BULLET, [], ["empty"]),
        ("shorten", BULLET, [], []),  # "already tight" is an answer, not a failure
        ("rephrase", BULLET, ["   "], ["empty"]),
        ("rephrase", BULLET, ["Taught three sections of introductory calculus."], ["unchanged"]),
        ("shorten", BULLET, ["Taught three sections of intro calculus"], ["shorten-not-shorter"]),
        ("shorten", BULLET, ["Taught calculus"], []),
        ("rephrase", BULLET, ["Delivered Taught three sections of introductory calculus"], ["verb-stacked"]),
        ("rephrase", "Was in charge of the billing migration", ["Delivered Was in charge of the billing migration"],
         ["verb-stacked"]),
        ("rephrase", "Worked with the security team on HIPAA compliance tasks",
         ["Delivered the security team on HIPAA compliance work"], ["collaborator-object"]),
        ("rephrase", "Worked with the security team on HIPAA compliance tasks",
         ["Partnered with the security team on HIPAA compliance work"], []),
        ("rephrase", BULLET, ["Taught [N] sections of introductory calculus"], ["placeholder"]),
        ("quantify", BULLET, ["Taught three sections of introductory calculus to [N] students"], []),
        ("rephrase", BULLET, ["Full resume: Taught three sections"], ["echo"]),
        ("star", BULLET, ["Faced with [situation], taught three sections, resulting in [result] " + "and more " * 12],
         ["runaway"]),
        ("rephrase", BULLET, ["Taught three sections of of introductory calculus"], ["doubled-word"]),
    ],
)  # fmt: skip
def test_each_class_of_breakage_is_recognised(action, bullet, suggestions, expected):
    assert classify(action, bullet, suggestions) == expected


def test_another_line_of_the_resume_sent_with_the_bullet_is_an_echo():
    wrapper = "Full resume:\n- Led the move of the billing service to Kubernetes\n\nSelected text:\n" + BULLET
    echoed = "Instructed three sections; led the move of the billing service to Kubernetes"
    assert classify("rephrase", BULLET, [echoed], context=wrapper) == ["echo"]
    assert classify("rephrase", BULLET, ["Instructed three sections of calculus"], context=wrapper) == []


def test_a_reply_that_repeats_the_wrapper_is_an_echo():
    assert classify("rephrase", BULLET, ["Instructed three sections"], answer="Only respond with the improved") == [
        "echo"
    ]
