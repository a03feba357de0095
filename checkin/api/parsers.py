import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class LenientJSONParser(JSONParser):
    """JSON whose strings may hold bytes that are not UTF-8 (a scanner that
    typed garbage): those bytes become U+FFFD, so the token is judged
    ``invalid`` instead of the whole request failing."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            return json.loads(raw.decode("utf-8", errors="replace"))
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
