"""Walk every hash chain (the audit trail per event, the scan log per
session; ``bimtek.chain``) and report each row that was edited, deleted or
inserted behind the services' back. Exit status 1 when anything is broken,
so the daily timer's journal shows it."""

import sys

from django.core.management.base import BaseCommand, CommandError

from bimtek import chain
from bimtek.models import Event


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail and the scan log; report any break."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--event", metavar="CODE", help="only this event's chains")

    def handle(self, *args, **options) -> None:
        event = None
        if options["event"]:
            event = Event.objects.filter(code=options["event"]).first()
            if event is None:
                raise CommandError(f"No event with the code {options['event']!r}.")
        ends: list[chain.ChainEnd] = []
        breaks = []
        for hash_chain in chain.hash_chains.all():
            for found in chain.verify(hash_chain, event=event, on_end=ends.append):
                breaks.append(found)
                self.stdout.write(
                    f"BREAK {found.chain} {hash_chain.scope}={found.scope_id} "
                    f"row {found.row_id}: {found.problem}"
                )
        if options["verbosity"] > 1:
            # The chains' ends: kept elsewhere (the journal), they also show
            # the newest rows of a chain being deleted.
            for end in ends:
                self.stdout.write(
                    f"end {end.chain} {end.scope_id}: {end.rows} rows {end.last_hash}"
                )
        rows = sum(end.rows for end in ends)
        summary = f"{len(ends)} chain(s), {rows} row(s), {len(breaks)} break(s)"
        if breaks:
            self.stderr.write(summary)
            sys.exit(1)
        self.stdout.write(f"OK: {summary}")
