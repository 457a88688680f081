import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "facultyavailability",
        "volunteeroffer",
        "teachingwithdrawal",
        "sessionmaterial",
        "printingrecord",
    ],
)
def test_staff_see_the_teaching_models_in_the_admin(admin_client, world, model):
    response = admin_client.get(f"/admin/teaching/{model}/")

    assert response.status_code == 200
