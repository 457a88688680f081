"""URLs reversed once a process. A URL depends on its name and arguments, the script prefix and
the URLconf alone, so the tab rows every page of a program or a partner shows need not reverse
their links on every page."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse


def reversed_once(name: str, *args) -> str:
    return _reversed(name, args, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=4096)
def _reversed(name: str, args: tuple, prefix: str, urlconf) -> str:
    """The prefix and URLconf are in the key because the URL depends on them."""
    return reverse(name, urlconf=urlconf, args=args)
