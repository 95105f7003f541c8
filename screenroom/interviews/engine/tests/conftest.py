from __future__ import annotations

import pytest

from screenroom.interviews.engine.plan import FAQEntry, Plan, Question
from screenroom.interviews.engine.testing.fixtures import fake_anthropic, fake_openai  # noqa: F401

CUSTOMER_Q = Question(
    id="q1",
    text="Tell me about a time you handled an angry customer.",
    seeks="de-escalation, ownership, a resolution and its outcome",
    anchors={
        1: "Vague, blames the customer, no example",
        5: "Specific example, listened, took ownership, resolved the problem, measurable outcome",
    },
    max_follow_ups=2,
    must_pass=True,
)
WHY_Q = Question(
    id="q2",
    text="Why do you want to work here?",
    seeks="knowledge of our product and mission",
    anchors={1: "Generic reasons such as salary", 5: "Knows our product, customers and mission"},
    max_follow_ups=1,
    probe_for=(),
    weight=0.5,
)


@pytest.fixture
def plan() -> Plan:
    return Plan(
        questions=(CUSTOMER_Q, WHY_Q),
        interviewer_name="Robin",
        organization="Acme Logistics",
        time_budget_s=600,
        faq=(
            FAQEntry("What is the salary range for this role?", "The salary range is 40,000 to 48,000."),
            FAQEntry(
                "Is the job remote or in the office?", "It is hybrid: two days a week in the Leeds office."
            ),
            FAQEntry("When will I hear back?", "You will hear back within five working days."),
        ),
        min_stage_score=40,
    )


STRONG_CUSTOMER = (
    "At my last job a customer was furious because his delivery was two days late. "
    "I listened, apologised and took ownership: I rebooked the courier myself and called him back "
    "that afternoon. He stayed with us and "
    "our complaints fell by 30% that quarter after I shared the fix with the team."
)
