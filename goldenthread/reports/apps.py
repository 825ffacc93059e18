from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "goldenthread.reports"
    label = "reports"
    verbose_name = "Monitoring and reports"

    def ready(self) -> None:
        from goldenthread.reports import importers  # noqa: F401  registers the finance kind
