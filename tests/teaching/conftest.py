"""Teaching's pages are tried in the partners' world: the same organization, faculty, program
and people who must be kept out."""

from tests.partners.conftest import (  # noqa: F401 -- fixtures
    eager_celery,
    media_root,
    taught,
    world,
)
