"""A query built once a process keeps no rows from one call to the next; a read compiled once
gives the rows its query gives."""

import pytest
from django.db.models import Count

from config.queries import built_once, compiled_once
from rotation.models import Program, SeminarSession
from tests.factories import (
    MeetingRoomFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)

pytestmark = pytest.mark.django_db

built = []


@built_once
def programs():
    built.append(1)
    return Program.objects.order_by("name")


def test_each_call_gets_a_fresh_copy_of_the_query_built_once(django_assert_num_queries):
    ProgramFactory(name="A")
    with django_assert_num_queries(1):
        before = [program.name for program in programs()]  # run as it is, not narrowed
    ProgramFactory(name="B")

    after = [program.name for program in programs()]

    assert (before, after, len(built)) == (["A"], ["A", "B"], 1)
    assert programs() is not programs()


def sessions_query(program_ids, room_id):
    return (
        SeminarSession.objects.filter(program__in=program_ids)
        .exclude(room=room_id)
        .order_by("starts_at", "pk")
        .values_list("pk", "program__name", "starts_at", "room_id")
        .annotate(teachers=Count("faculty_assignments"))
    )


def test_a_read_compiled_once_gives_the_rows_of_its_query(django_assert_num_queries):
    first, second, third = ProgramFactory.create_batch(3)
    room = MeetingRoomFactory()
    for program in (first, second, second, third):
        SessionFacultyFactory(session=SeminarSessionFactory(program=program))
    SeminarSessionFactory(program=first, room=room)
    compiled = []

    @compiled_once
    def sessions_of(program_ids, room_id):
        compiled.append(len(program_ids))
        return sessions_query(program_ids, room_id)

    calls = [
        ([first.pk, second.pk], room.pk),
        ([third.pk, first.pk], room.pk),  # the same shape: compiled once
        ([second.pk, second.pk], 0),  # an id twice
        ([first.pk], 0),
        ([], room.pk),  # no rows, no query
    ]
    for program_ids, room_id in calls:
        with django_assert_num_queries(1 if program_ids else 0):
            rows = sessions_of(program_ids, room_id)
        assert rows == list(sessions_query(program_ids, room_id))
    assert compiled == [2, 1, 0]  # each shape once
    rows = sessions_of([first.pk, second.pk], room.pk)
    assert [len(rows), len(sessions_of([first.pk], 0))] == [3, 2]
    # times as aware datetimes and counts as numbers, as the ORM converts them
    assert rows[0][2].tzinfo is not None
    assert sorted(row[4] for row in rows) == [1, 1, 1]


def test_a_read_compiled_once_takes_a_text_too(django_assert_num_queries):
    first, second = ProgramFactory(slug="first"), ProgramFactory(slug="second")

    @compiled_once
    def named(slug, pk):
        return Program.objects.filter(slug=slug).exclude(pk=pk).values_list("pk", "slug")

    with django_assert_num_queries(1):
        assert named("first", second.pk) == [(first.pk, "first")]
    assert named("second", second.pk) == []
    assert named("second", first.pk) == [(second.pk, "second")]


def test_a_read_compiled_once_must_give_tuples_narrowed_by_every_id():
    @compiled_once
    def instances(program_id):
        return Program.objects.filter(pk=program_id)

    @compiled_once
    def unnarrowed(program_id):
        return Program.objects.values_list("pk")

    with pytest.raises(TypeError, match="values_list"):
        instances(1)
    with pytest.raises(TypeError, match="every value"):
        unnarrowed(1)


def test_a_read_compiled_for_more_shapes_than_it_keeps_still_gives_its_rows():
    program = ProgramFactory()
    SeminarSessionFactory(program=program)
    compiled = []

    @compiled_once
    def sessions_of(program_ids, room_id):
        compiled.append(len(program_ids))
        return sessions_query(program_ids, room_id)

    lengths = [*range(1, 81), 80]
    for length in lengths:
        assert sessions_of([program.pk] * length, 0) == list(sessions_query([program.pk], 0))
    # the first 64 shapes are kept; later ones are compiled on each call
    assert compiled == [*range(1, 81), 80]
    sessions_of([program.pk] * 3, 0)  # kept: not compiled again
    assert compiled[-1] == 80
