from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "goldenthread.returns"
    label = "returns"
    verbose_name = "Data collection"
