import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.discovery import app_modules
from rotation.demo import DEMO_PASSWORD, DemoOptions


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic demo partnership: partners, rooms, faculty, programs, "
        "sessions and residents. Idempotent: running it again adds nothing that is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=40, help="residents (default 40)")
        parser.add_argument("--programs", type=int, default=2, help="programs (default 2)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even with DEBUG off (demo accounts share one published password)",
        )

    def handle(self, *args, learners, programs, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run with "
                "DEBUG off. Pass --force if this really is a demo or benchmark installation."
            )
        if learners < 1 or programs < 1:
            raise CommandError("--learners and --programs must be at least 1.")
        options = DemoOptions(learners=learners, programs=programs, rng=random.Random(seed))  # noqa: S311 -- demo data, not secrets
        started = time.perf_counter()
        with transaction.atomic():
            # Each app that has a demo module adds its part, in INSTALLED_APPS order.
            for module in app_modules("demo"):
                for line in module.seed(options):
                    self.stdout.write(f"  {line}")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s."))
        self.stdout.write(
            "Sign in at /accounts/login/ as director@demo.test, liaison@demo.test, "
            f"faculty@demo.test, resident@demo.test or admin@demo.test; password: {DEMO_PASSWORD}"
        )
