import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "expertisearea",
        "facultyinvitation",
        "meetingroom",
        "facultymember",
    ],
)
def test_staff_see_the_partners_models_in_the_admin(admin_client, world, model):
    response = admin_client.get(f"/admin/partners/{model}/")

    assert response.status_code == 200


def test_room_admin_edits_blackout_dates_inline(admin_client, world):
    response = admin_client.get(f"/admin/partners/meetingroom/{world.room.pk}/change/")

    assert [inline.opts.model.__name__ for inline in response.context["inline_admin_formsets"]] == [
        "RoomBlackout"
    ]
