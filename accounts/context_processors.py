from django.utils.functional import SimpleLazyObject

from accounts import navigation as nav


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    bar = SimpleLazyObject(lambda: nav.bar_for(user) if user else nav.Bar(items=[], user_menu=[]))
    return {"nav_bar": bar, "nav_items": SimpleLazyObject(lambda: bar.items)}
