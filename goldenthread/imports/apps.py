from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "goldenthread.imports"
    label = "imports"
    verbose_name = "Imports"
