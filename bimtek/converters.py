"""URL converters shared by every app's URLconf."""

from django.urls import register_converter


class DatabaseIdConverter:
    """A database id in a path: at most 18 digits, so it always fits the
    database's 64-bit integers. A longer number matches no URL (404) instead of
    overflowing the database driver (a 500 on SQLite)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(DatabaseIdConverter, "id")
