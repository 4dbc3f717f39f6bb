"""A session's public page keeps its questions and commitments in the page cache (issue 7: a conference with
hundreds of questions and thousands of votes cost ~45 ms to render). What each visitor sees must not change: every
question, vote, answer or moderation shows on the very next request, and each resident sees their own vote buttons."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from portal.dialogues import services
from portal.dialogues.models import Question, SessionState, Vote
from tests.conftest import log_in
from tests.dialogue_fixtures import MONDAY, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(MONDAY, tick=False):
        yield

VOTED = "Ông/bà đã bình chọn câu hỏi này."
BUTTON = "Bình chọn câu hỏi này"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        log_in(client, user)
    return client


def page(client, session) -> str:
    response = client.get(reverse("frontend:dialogues-session", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def session(ward, leader):
    return make_session(ward, leader=leader, state=SessionState.OPEN, capacity=100)


@pytest.fixture
def questions(session, citizens):
    return [services.ask_question(session=session, actor=citizens[i], text=f"Câu hỏi thứ {i} về đèn hẻm")
            for i in range(3)]


def test_each_resident_sees_their_own_votes_on_the_shared_list(session, questions, citizen, citizen2):
    public = client_for()
    assert BUTTON not in page(public, session) and VOTED not in page(public, session)
    client_for(citizen).post(reverse("frontend:dialogues-vote", kwargs={"pk": questions[1].pk}))

    mine = page(client_for(citizen), session)
    assert mine.count(VOTED) == 1 and mine.count(BUTTON) == 2
    item = mine[mine.index(f'id="q-{questions[1].pk}"'):]
    assert item.index(VOTED) < item.index("</li>")  # on the question they voted for
    other = page(client_for(citizen2), session)
    assert VOTED not in other and other.count(BUTTON) == 3
    assert other.count('name="csrfmiddlewaretoken"') >= 3  # each button posts with the visitor's own token
    anonymous = page(public, session)
    assert VOTED not in anonymous and BUTTON not in anonymous


def test_votes_questions_answers_and_moderation_show_on_the_next_request(session, questions, citizens, leader):
    public = client_for()
    first = page(public, session)
    assert "Câu hỏi thứ 2 về đèn hẻm" in first

    services.vote(question=questions[2], actor=citizens[0])
    services.vote(question=questions[2], actor=citizens[1])
    shown = page(public, session)
    top = shown.index('class="dlg-question"')
    assert shown.index("Câu hỏi thứ 2") < shown.index("Câu hỏi thứ 0") and shown[top:].startswith(
        'class="dlg-question">\n  <div class="dlg-votes" aria-label="Lượt bình chọn"><strong>2</strong>')

    services.ask_question(session=session, actor=citizens[2], text="Câu hỏi mới về rác")
    assert "Câu hỏi mới về rác" in page(public, session)

    services.answer_question(question=questions[0], actor=leader, answer="Tuần sau phường lắp đèn.")
    assert "Tuần sau phường lắp đèn." in page(public, session)

    services.hide_question(question=questions[1], actor=leader, reason="Lạc đề")
    assert "Câu hỏi thứ 1 về đèn hẻm" not in page(public, session)


def test_a_vote_saved_without_its_question_loaded_still_renews_the_list(session, questions, citizens):
    public = client_for()
    page(public, session)
    Vote.objects.create(question_id=questions[0].pk, user=citizens[1])
    shown = page(public, session)
    item = shown[shown.index(f'id="q-{questions[0].pk}"'):]
    assert item.index("<strong>1</strong>") < item.index("</li>")
    Vote.objects.filter(question_id=questions[0].pk).delete()  # a queryset delete sends post_delete per row
    shown = page(public, session)
    item = shown[shown.index(f'id="q-{questions[0].pk}"'):]
    assert item.index("<strong>0</strong>") < item.index("</li>")


def test_another_sessions_votes_leave_this_sessions_list_cached(session, questions, ward, leader, citizens,
                                                               django_assert_max_num_queries):
    other = make_session(ward, leader=leader, state=SessionState.OPEN, capacity=100)
    question = services.ask_question(session=other, actor=citizens[0], text="Câu hỏi ở buổi khác")
    public = client_for()
    page(public, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as hit:
        page(public, session)
    services.vote(question=question, actor=citizens[1])
    with django_assert_max_num_queries(len(hit)):
        page(public, session)
    assert Question.objects.filter(session=session).count() == 3
