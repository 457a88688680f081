"""A query built once a process keeps no rows from one call to the next."""

import pytest

from config.queries import built_once
from rotation.models import Program
from tests.factories import ProgramFactory

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
