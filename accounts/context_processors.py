from django.utils.functional import SimpleLazyObject

from accounts import navigation as nav


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {"nav_items": SimpleLazyObject(lambda: nav.items_for(user) if user else [])}
