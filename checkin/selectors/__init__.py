"""Reads of the door and of attendance: ``window`` (is check-in open),
``door`` (the scanner's events, session and search), ``attendance`` (figures,
lists, the scan log) and ``roster`` (what an offline scanner keeps)."""
