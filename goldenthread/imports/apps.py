from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "goldenthread.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from goldenthread.imports import definitions, targets, values
        from goldenthread.imports.registry import register

        for kind in (values.KIND, targets.KIND, definitions.KIND):
            register(kind)
