from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "teaching"
    verbose_name = "Teaching"

    def ready(self):
        # rotation sits below teaching: it shows teaching's warnings without importing it.
        from rotation.services.scheduling import SCHEDULE_WARNING_SOURCES, WarningSource
        from teaching.selectors.availability import (
            availability_warnings_for_sessions,
            stated_availability,
        )

        source = WarningSource(
            columns=stated_availability, warnings=availability_warnings_for_sessions
        )
        if source not in SCHEDULE_WARNING_SOURCES:
            SCHEDULE_WARNING_SOURCES.append(source)
