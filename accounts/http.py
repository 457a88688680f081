from django.http import HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect


def redirect_page(request, url: str) -> HttpResponse:
    """Send the browser to `url`; an HTMX request swaps nothing and the whole page moves."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)
