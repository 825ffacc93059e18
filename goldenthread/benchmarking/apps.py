from __future__ import annotations

from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "goldenthread.benchmarking"
    label = "benchmarking"
    verbose_name = "Benchmarking"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from goldenthread.benchmarking import importers  # noqa: F401  registers the kinds
        from goldenthread.benchmarking.statistics import refresh_on_change, remember_code
        from goldenthread.organisation.models import Council

        # The stored statistics count the council's own values in by its ONS code, and the
        # code is set below this app (setup, the admin), which cannot call up into it. So
        # this app watches for the change itself: ``organisation`` stays unaware of it.
        pre_save.connect(remember_code, sender=Council, dispatch_uid="gt-council-code-before")
        post_save.connect(refresh_on_change, sender=Council, dispatch_uid="gt-council-code")
