from bimtek.api_bodies import BoundedJSONParser


class LenientJSONParser(BoundedJSONParser):
    """JSON whose strings may hold bytes that are not UTF-8 (a scanner that
    typed garbage): those bytes become U+FFFD, so the token is judged
    ``invalid`` instead of the whole request failing. Bounded in size and
    depth like every API body (bimtek.api_bodies)."""

    errors = "replace"
