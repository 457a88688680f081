"""Many submissions at the same moment, on PostgreSQL (SQLite serializes writers anyway)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from assessments.models import Answer, Response
from assessments.services.responses import save_answer, submit_response
from tests.assessments.factories import AdministrationFactory, build_instrument, complete_answers
from tests.factories import EnrollmentFactory
from tests.markers import CI_STRICT

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql" and not CI_STRICT,
    reason="concurrent writers need PostgreSQL (SQLite locks the whole file)",
)
pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def run_at_once(jobs):
    """Start every job together behind a barrier; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the test asserts on every outcome
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_simultaneous_submits_of_one_learner_leave_one_submitted_response():
    administration = AdministrationFactory(instrument=build_instrument(knowledge=4, attitude=4))
    learner = EnrollmentFactory(program=administration.instrument.program).learner
    data = complete_answers(administration)

    def submit():
        return submit_response(
            administration=administration, learner=learner, data=data, now=timezone.now()
        )

    results = run_at_once([submit] * 20)

    assert [type(r).__name__ for r in results] == ["SubmitResult"] * 20
    assert sorted(r.was_already_submitted for r in results) == [False] + [True] * 19
    response = Response.objects.get()
    assert (response.status, response.knowledge_correct) == ("submitted", 4)
    assert Answer.objects.filter(response=response).count() == 9


def test_fifty_learners_submitting_at_once_all_succeed():
    administration = AdministrationFactory(instrument=build_instrument())
    program = administration.instrument.program
    learners = [EnrollmentFactory(program=program).learner for _ in range(50)]
    data = complete_answers(administration)

    def submitter(learner):
        return lambda: submit_response(
            administration=administration, learner=learner, data=data, now=timezone.now()
        )

    results = run_at_once([submitter(learner) for learner in learners])

    assert [getattr(r, "is_submitted", r) for r in results] == [True] * 50
    assert Response.objects.filter(status="submitted").count() == 50
    assert Answer.objects.count() == 50 * 5


def test_simultaneous_autosaves_of_one_learner_share_one_draft():
    administration = AdministrationFactory(instrument=build_instrument(knowledge=5, attitude=5))
    learner = EnrollmentFactory(program=administration.instrument.program).learner
    data = complete_answers(administration)

    def saver(name):
        return lambda: save_answer(
            administration=administration,
            learner=learner,
            name=name,
            raw=data[name],
            now=timezone.now(),
        )

    results = run_at_once([saver(name) for name in data])

    assert {type(r).__name__ for r in results} == {"Response"}
    response = Response.objects.get()
    assert (response.status, response.answers.count()) == ("draft", 11)
