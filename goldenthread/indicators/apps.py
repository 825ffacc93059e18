from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "goldenthread.indicators"
    label = "indicators"
    verbose_name = "Indicators, periods, targets and actuals"

    def ready(self) -> None:
        from goldenthread.indicators import importers  # noqa: F401  registers the kinds
