from types import SimpleNamespace

from rotation.namesakes import namesake_details


def learner(pk, first, last, pgy=2, residency="Pediatrics"):
    return SimpleNamespace(
        pk=pk,
        first_name=first,
        last_name=last,
        email=f"learner{pk}@example.org",
        pgy_level=pgy,
        residency_program=residency,
    )


def test_learners_with_names_of_their_own_need_no_detail():
    assert namesake_details([learner(1, "Ana", "Adams"), learner(2, "Ben", "Adams")]) == {}


def test_namesakes_are_told_apart_by_their_training_or_else_their_email():
    learners = [
        learner(1, "Kira", "Baker", pgy=3, residency="Internal Medicine"),
        learner(2, "kira", " Baker", pgy=3, residency="Emergency Medicine"),
        learner(3, "Kira", "Baker", pgy=3, residency="Internal Medicine"),
        learner(4, "Ben", "Fox"),
    ]

    assert namesake_details(learners) == {
        1: "learner1@example.org",
        2: "PGY-3, Emergency Medicine",
        3: "learner3@example.org",
    }
