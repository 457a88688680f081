from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        # rotation sits below assessments: its program copy copies instruments without
        # importing them.
        from assessments.services.copying import PROGRAM_COPY_PART
        from rotation.services.copying import PROGRAM_COPY_PARTS

        if PROGRAM_COPY_PART not in PROGRAM_COPY_PARTS:
            PROGRAM_COPY_PARTS.append(PROGRAM_COPY_PART)
