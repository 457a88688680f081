from dataclasses import replace
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from partners.models import ValuationRates
from partners.selectors import current_academic_year, rates_for
from partners.valuation import (
    DEFAULT_RATES,
    EXECUTIVE,
    LARGE,
    MEDIUM,
    OTHER_STAFF,
    PHYSICIAN,
    SMALL,
    InKindQuantities,
    faculty_rate_role,
    room_size,
    valuation_key,
    value_in_kind,
)
from tests.partners.conftest import status_for

pytestmark = pytest.mark.django_db


def defaults() -> ValuationRates:
    return ValuationRates(**DEFAULT_RATES)


@pytest.mark.parametrize(
    ("capacity", "size"), [(1, SMALL), (20, SMALL), (21, MEDIUM), (50, MEDIUM), (51, LARGE)]
)
def test_room_size_by_seats(capacity, size):
    assert room_size(capacity) == size


@pytest.mark.parametrize(
    ("background", "title", "role"),
    [
        ("physician", "Health Officer", PHYSICIAN),
        ("physician", "", PHYSICIAN),
        ("non_clinical", "Chief Financial Officer", EXECUTIVE),
        ("nurse", "Care Management Nurse Lead", EXECUTIVE),
        ("non_clinical", "VP Population Health", EXECUTIVE),
        ("non_clinical", "Practice Manager", EXECUTIVE),
        ("non_clinical", "Epidemiologist", OTHER_STAFF),
        ("non_clinical", "Patient Partner", OTHER_STAFF),
        ("pharmacist", "Leadership coach", OTHER_STAFF),  # "lead" as a word only
    ],
)
def test_faculty_rate_role(background, title, role):
    assert faculty_rate_role(clinical_background=background, title=title) == role


def test_value_in_kind_at_the_defaults_matches_a_hand_count():
    quantities = InKindQuantities(
        room_days={SMALL: 2, LARGE: 1},
        av_days=2,
        printed_pages=300,
        teaching_hours={PHYSICIAN: 3.0, EXECUTIVE: 1.5, OTHER_STAFF: 2.0},
        catered_persons=10,
    )

    valuation = value_in_kind(quantities=quantities, rates=defaults())

    assert [(line.label, line.amount) for line in valuation.valued_lines] == [
        ("Small room (up to 20 seats)", Decimal("500.00")),  # 2 x 250
        ("Large room (over 50 seats)", Decimal("1000.00")),  # 1 x 1000
        ("Audio-visual support", Decimal("800.00")),  # 2 x 400
        ("Printing and copying", Decimal("30.00")),  # 300 x 0.10
        ("Physician faculty: teaching", Decimal("510.00")),  # 3 x 170
        ("Physician faculty: preparation (1 h per hour taught)", Decimal("510.00")),
        ("Executive or manager faculty: teaching", Decimal("127.50")),  # 1.5 x 85
        ("Executive or manager faculty: preparation (1 h per hour taught)", Decimal("127.50")),
        ("Other staff faculty: teaching", Decimal("120.00")),  # 2 x 60
        ("Other staff faculty: preparation (1 h per hour taught)", Decimal("120.00")),
        ("Catering", Decimal("200.00")),  # 10 x 20
    ]
    assert valuation.total == Decimal("4045.00")
    assert valuation.hours == Decimal("13.00")  # 6.5 taught + 6.5 preparing


def test_preparation_ratio_and_rates_are_the_organizations_own():
    rates = defaults()
    rates.preparation_ratio = Decimal("0.5")
    rates.faculty_hour_physician = Decimal("200.00")
    quantities = InKindQuantities(
        room_days={}, av_days=0, printed_pages=0, teaching_hours={PHYSICIAN: 1.25}
    )

    valuation = value_in_kind(quantities=quantities, rates=rates)

    # 1.25 h taught at $200 = $250, plus 0.63 h (0.625 rounded to the cent) preparing = $126.
    assert [line.amount for line in valuation.valued_lines] == [
        Decimal("250.00"),
        Decimal("126.00"),
    ]
    assert valuation.total == Decimal("376.00")


def test_nothing_given_is_worth_nothing():
    quantities = InKindQuantities(room_days={}, av_days=0, printed_pages=0, teaching_hours={})

    valuation = value_in_kind(quantities=quantities, rates=defaults())

    assert (valuation.valued_lines, valuation.total) == ((), Decimal(0))


def test_valuation_keys_are_equal_exactly_when_the_valuations_are():
    quantities = InKindQuantities(
        room_days={SMALL: 1, MEDIUM: 2},
        av_days=1,
        printed_pages=10,
        teaching_hours={PHYSICIAN: 1.5, OTHER_STAFF: 2.0},
    )
    reordered = InKindQuantities(
        room_days={MEDIUM: 2, SMALL: 1},
        av_days=1,
        printed_pages=10,
        teaching_hours={OTHER_STAFF: 2.0, PHYSICIAN: 1.5},
    )
    written_short = defaults()
    written_short.room_day_small = Decimal("250")  # the same rate, printed "250"

    assert valuation_key(quantities=quantities, rates=defaults()) == valuation_key(
        quantities=reordered, rates=defaults()
    )
    assert value_in_kind(quantities=quantities, rates=defaults()) == value_in_kind(
        quantities=reordered, rates=defaults()
    )
    # equal as numbers, not as written: a key of equal numbers would print one as the other
    assert [
        str(value_in_kind(quantities=quantities, rates=rates).lines[0].rate)
        for rates in (written_short, defaults())
    ] == ["250", "250.00"]
    assert (
        len(
            {
                valuation_key(quantities=quantities, rates=defaults()),
                valuation_key(quantities=quantities, rates=written_short),
                valuation_key(quantities=replace(quantities, catered_persons=1), rates=defaults()),
                valuation_key(quantities=replace(quantities, printed_pages=11), rates=defaults()),
                valuation_key(quantities=replace(quantities, av_days=2), rates=defaults()),
                valuation_key(
                    quantities=replace(quantities, teaching_hours={PHYSICIAN: 1.5}),
                    rates=defaults(),
                ),
                valuation_key(
                    quantities=replace(quantities, room_days={SMALL: 1}), rates=defaults()
                ),
            }
        )
        == 7
    )


def test_current_academic_year_starts_in_july():
    from datetime import date

    assert current_academic_year(today=date(2026, 6, 30)) == "2025-2026"
    assert current_academic_year(today=date(2026, 7, 1)) == "2026-2027"


def test_rates_page_shows_the_defaults_until_changed(client, world):
    client.force_login(world.liaison)

    response = client.get("/partners/keystone/rates/?year=2026-2027")

    assert response.status_code == 200
    assert response.context["rates"].is_default
    assert response.context["form"]["room_day_large"].value() == Decimal("1000.00")
    assert "the defaults: not changed yet" in response.content.decode()


def rates_post(**changes) -> dict[str, str]:
    return {name: str(value) for name, value in {**DEFAULT_RATES, **changes}.items()}


def test_a_liaison_changes_the_rates_of_one_year_audited(client, world):
    client.force_login(world.liaison)

    response = client.post(
        "/partners/keystone/rates/?year=2026-2027",
        rates_post(room_day_medium="650", preparation_ratio="0.5"),
    )

    assert response.status_code == 302
    assert response["Location"] == "/partners/keystone/rates/?year=2026-2027"
    stored = rates_for(organization=world.organization, academic_year="2026-2027")
    assert (stored.room_day_medium, stored.preparation_ratio) == (Decimal("650"), Decimal("0.5"))
    other_year = rates_for(organization=world.organization, academic_year="2025-2026")
    assert (other_year.is_default, other_year.room_day_medium) == (True, Decimal("500.00"))
    event = AuditEvent.objects.get(action="rates.created")
    assert event.changes["room_day_medium"][1] == "650.00"

    client.post("/partners/keystone/rates/?year=2026-2027", rates_post(room_day_medium="700"))

    changed = AuditEvent.objects.get(action="rates.changed")
    assert changed.changes == {
        "room_day_medium": ["650.00", "700.00"],
        "preparation_ratio": ["0.50", "1.00"],
    }
    assert ValuationRates.objects.count() == 1


def test_a_negative_or_missing_rate_is_refused_with_a_message_and_nothing_stored(client, world):
    client.force_login(world.director)
    data = rates_post(printing_page="-1")
    del data["av_support_day"]

    response = client.post("/partners/keystone/rates/?year=2026-2027", data)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "av_support_day": ["This field is required."],
        "printing_page": ["Ensure this value is greater than or equal to 0."],
    }
    assert ValuationRates.objects.count() == 0


def test_a_year_that_is_not_an_academic_year_falls_back_to_this_one(client, world):
    client.force_login(world.liaison)

    response = client.get("/partners/keystone/rates/?year=2026-2028")

    assert response.context["year"] != "2026-2028"
    assert "is not an academic year such as 2026-2027" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("faculty_user", 403),
        ("other_liaison", 404),
        ("other_director", 404),
        ("liaison", 200),
        ("director", 200),
        ("staff", 200),
    ],
)
def test_rates_page_is_for_the_partners_managers(client, world, role, expected):
    assert status_for(client, world, role, "/partners/keystone/rates/") == expected
