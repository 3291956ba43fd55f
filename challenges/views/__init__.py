from django.http import Http404

# The largest value a BigAutoField primary key can hold.
_MAX_PK = 2**63 - 1


def posted_pk(request, name: str) -> int:
    """A row id from a hidden form field, or a 404: a tampered or missing id
    must not reach the ORM, which raises a ValueError (a 500) on "abc"."""
    value = request.POST.get(name, "")
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= _MAX_PK:
        raise Http404
    return int(value)
