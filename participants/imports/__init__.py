"""Invitation lists: the columns, the downloadable template, reading an
uploaded spreadsheet safely, checking every row (django-import-export
resource and widgets) and writing the good ones (``services``).

The flow: upload → check (a dry run listing every bad row) → confirm → every
row written in one transaction, or none. The uploads themselves are
``participants.models.ParticipantImport``.
"""
