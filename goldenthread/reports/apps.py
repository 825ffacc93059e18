from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "goldenthread.reports"
    label = "reports"
    verbose_name = "Monitoring and reports"

    def ready(self) -> None:
        from goldenthread.imports.registry import register
        from goldenthread.reports import finance

        register(finance.KIND)
