from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo event (Bimtek Tahap I Gerakan Menuju 100 Smart City, Tanjungpinang) "
        "with institutions, ~60 participants and one login per role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run although DEBUG is off (the demo logins have published passwords).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates accounts with published passwords and runs only with "
                "DEBUG=1 (or --allow-without-debug on a throw-away server)."
            )
        result = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo event “{result.event.title}” ({result.event.start_date:%d-%m-%Y}): "
                f"{result.created} object(s) created."
            )
        )
        self.stdout.write("Demo logins (development only):")
        for role, email, password in result.logins:
            self.stdout.write(f"  {role:<16} {email:<24} {password}")
