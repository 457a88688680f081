from rotation.navigation import header_urls, main_links
from rotation.selectors.access import roles_of


def roles(request):
    """The signed-in user's roles and the header's links, for the navigation."""
    roles = roles_of(user=request.user)
    return {
        "roles": roles,
        "main_links": main_links(roles) if request.user.is_authenticated else (),
        "header_urls": header_urls(),
    }
