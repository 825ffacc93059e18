from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IndicatorsConfig(AppConfig):
    name = "goldenthread.indicators"
    label = "indicators"
    verbose_name = "Indicators, periods, targets and actuals"

    def ready(self) -> None:
        from goldenthread.indicators import importers  # noqa: F401  registers the kinds

        # Not business logic in a signal (ADR 0001): upkeep, so that every upgrade or
        # restart that migrates also brings the periods up to two years ahead.
        post_migrate.connect(extend_periods_after_migrate, sender=self)


def extend_periods_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """Once a council exists, ``migrate`` creates the periods of the years ahead."""
    from django.db import connections

    from goldenthread.indicators.models import Period
    from goldenthread.indicators.services import periods_extend
    from goldenthread.organisation.models import Council

    tables = connections[using].introspection.table_names()
    if Period._meta.db_table not in tables or Council._meta.db_table not in tables:
        return  # migrated backwards, or only part of the way
    if not Council.objects.using(using).exists():
        return  # `goldenthread setup` creates them with the council
    created = periods_extend()
    stdout = kwargs.get("stdout")
    if created and stdout is not None and kwargs.get("verbosity", 1) >= 1:
        stdout.write(f"Created {created} reporting periods for the years ahead.")
