from __future__ import annotations

from screenroom.interviews.engine.decisions import DecisionKind
from screenroom.interviews.engine.interviewer import OfflineInterviewer, TurnResult
from screenroom.interviews.engine.plan import Plan
from screenroom.interviews.engine.state import ConversationState

from .conftest import STRONG_CUSTOMER

IV = OfflineInterviewer()


def started(plan: Plan) -> ConversationState:
    return IV.start(plan, now=1000.0).state


def say(
    plan: Plan, state: ConversationState, text: str, turn_id: str = "t", at: float = 1010.0
) -> TurnResult:
    return IV.turn(plan, state, turn_id, text, now=at)


def test_greeting_discloses_ai_and_asks_first_question(plan: Plan) -> None:
    r = IV.start(plan, now=1000.0)
    assert r.kind == DecisionKind.GREET
    assert "AI interviewer" in r.reply and "Acme Logistics" in r.reply
    assert r.reply.endswith(plan.questions[0].text)
    assert r.state.started_at == 1000.0


def test_start_twice_is_idempotent(plan: Plan) -> None:
    first = IV.start(plan, now=1000.0)
    second = IV.start(plan, first.state, now=2000.0)
    assert second.duplicate and second.reply == first.reply
    assert second.state.to_dict() == first.state.to_dict()


def test_too_short_answer_gets_follow_up(plan: Plan) -> None:
    r = say(plan, started(plan), "I stay calm.")
    assert r.kind == DecisionKind.FOLLOW_UP and r.reason == "too_short"
    assert r.state.question_index == 0 and r.state.follow_ups_used == 1


def test_answer_without_example_gets_example_follow_up(plan: Plan) -> None:
    text = "I think customer service is about patience and understanding what people need from the company."
    r = say(plan, started(plan), text)
    assert (r.kind, r.reason) == (DecisionKind.FOLLOW_UP, "no_example")
    assert "specific example" in r.reply


def test_missing_result_then_numbers_follow_ups_in_turn(plan: Plan) -> None:
    s = started(plan)
    r = say(
        plan,
        s,
        "Once at my last job a customer shouted at me about a late parcel, so I listened to him.",
        "a",
    )
    assert r.reason == "no_result"
    r = say(plan, r.state, "In the end he calmed down and the problem was resolved.", "b")
    # Two follow-ups were allowed; the combined answer now lacks only numbers, which was not asked yet.
    assert r.reason == "no_numbers"


def test_follow_ups_capped_by_plan(plan: Plan) -> None:
    s = started(plan)
    r1 = say(plan, s, "I stay calm.", "a")
    r2 = say(plan, r1.state, "Really calm, always.", "b")
    r3 = say(plan, r2.state, "Very calm indeed.", "c")
    assert [r1.kind, r2.kind] == [DecisionKind.FOLLOW_UP, DecisionKind.FOLLOW_UP]
    assert r3.kind == DecisionKind.ASK_NEXT and r3.state.question_index == 1


def test_complete_answer_moves_on_without_follow_up(plan: Plan) -> None:
    r = say(plan, started(plan), STRONG_CUSTOMER)
    assert r.kind == DecisionKind.ASK_NEXT
    assert r.reply.endswith(plan.questions[1].text)


def test_off_point_answer_is_probed(plan: Plan) -> None:
    text = (
        "I worked on the weekend rota and I organised the new filing cabinets in the back room last spring."
    )
    r = say(plan, started(plan), text)
    assert (r.kind, r.reason) == (DecisionKind.FOLLOW_UP, "off_point")
    assert plan.questions[0].text in r.reply


def test_faq_answered_by_similarity(plan: Plan) -> None:
    r = say(plan, started(plan), "Sorry, before I answer, what's the salary for the role?")
    assert r.kind == DecisionKind.FAQ_ANSWER
    assert "40,000 to 48,000" in r.reply and plan.questions[0].text in r.reply
    assert r.state.question_index == 0 and r.state.follow_ups_used == 0
    assert not r.state.transcript[-2].is_answer


def test_unknown_question_is_passed_on(plan: Plan) -> None:
    r = say(plan, started(plan), "Do you offer a company car?")
    assert r.kind == DecisionKind.FAQ_PASS_ON
    assert "pass your question on" in r.reply
    assert r.state.pending_questions == ["Do you offer a company car?"]


def test_bot_question_answered_honestly(plan: Plan) -> None:
    for text in ("Are you a bot?", "am i talking to a real person", "Is this an AI?", "are you human?"):
        r = say(plan, started(plan), text)
        assert r.kind == DecisionKind.BOT_DISCLOSURE, text
        assert "I'm an AI interviewer" in r.reply and "not a person" in r.reply


def test_off_topic_is_steered_back_then_accepted_as_answer(plan: Plan) -> None:
    s = started(plan)
    r1 = say(plan, s, "lol the football last night was mad", "a")
    r2 = say(plan, r1.state, "anyway pizza is great", "b")
    r3 = say(plan, r2.state, "my cat is asleep", "c")
    assert [r1.kind, r2.kind] == [DecisionKind.STEER_BACK, DecisionKind.STEER_BACK]
    assert plan.questions[0].text in r1.reply
    # After two steer-backs it stops looping and treats the text as an (empty) answer.
    assert r3.kind != DecisionKind.STEER_BACK


def test_abuse_gets_warning_then_ends(plan: Plan) -> None:
    s = started(plan)
    r1 = say(plan, s, "this is stupid, shut up", "a")
    assert r1.kind == DecisionKind.ABUSE_WARNING and "respectful" in r1.reply
    r2 = say(plan, r1.state, "you useless bot", "b")
    r3 = say(plan, r2.state, "f*** this, you idiot", "c")
    assert r2.kind == DecisionKind.ABUSE_WARNING
    assert r3.kind == DecisionKind.END and r3.state.end_reason == "abuse" and r3.state.finished


def test_ends_when_plan_is_done(plan: Plan) -> None:
    s = started(plan)
    r = say(plan, s, STRONG_CUSTOMER, "a")
    r = say(plan, r.state, "I have used your tracking product and like your mission of fair delivery.", "b")
    r = say(plan, r.state, "That's all really.", "c") if r.kind == DecisionKind.FOLLOW_UP else r
    assert r.kind == DecisionKind.END and r.state.finished and r.state.end_reason == "plan_done"
    assert plan.closing in r.reply
    after = say(plan, r.state, "hello?", "d")
    assert after.kind == DecisionKind.END and after.state.transcript == r.state.transcript


def test_ends_when_time_is_up_and_keeps_the_last_answer(plan: Plan) -> None:
    s = started(plan)
    r = say(plan, s, "I stay calm and help.", at=1000.0 + plan.time_budget_s + 1)
    assert r.kind == DecisionKind.END and r.state.end_reason == "time_up"
    assert "reached the time" in r.reply
    assert r.state.answers_for("q1")[0].text == "I stay calm and help."


def test_duplicate_turn_returns_same_reply_and_changes_nothing(plan: Plan) -> None:
    s = started(plan)
    first = say(plan, s, "I stay calm.", "dup")
    again = say(plan, first.state, "I stay calm.", "dup", at=1020.0)
    assert again.duplicate and again.reply == first.reply and again.kind == first.kind
    assert again.state.to_dict() == first.state.to_dict()


def test_turn_does_not_mutate_input_state(plan: Plan) -> None:
    s = started(plan)
    before = s.to_dict()
    say(plan, s, STRONG_CUSTOMER)
    assert s.to_dict() == before


def test_resume_from_serialised_state_continues_identically(plan: Plan) -> None:
    s = started(plan)
    r1 = say(plan, s, "I stay calm.", "a")
    resumed = ConversationState.from_json(r1.state.to_json())
    live = say(plan, r1.state, STRONG_CUSTOMER, "b", at=1030.0)
    reloaded = say(plan, resumed, STRONG_CUSTOMER, "b", at=1030.0)
    assert live.reply == reloaded.reply
    assert live.state.to_dict() == reloaded.state.to_dict()
    # A reconnecting client that re-sends its last turn gets the stored reply.
    assert say(plan, ConversationState.from_json(live.state.to_json()), "x", "b").reply == live.reply


def test_chunks_join_back_to_reply(plan: Plan) -> None:
    r = IV.start(plan, now=0.0)
    pieces = list(r.chunks(max_chars=16))
    assert len(pieces) > 3 and "".join(pieces) == r.reply
    assert all(len(p) <= 16 for p in pieces)
