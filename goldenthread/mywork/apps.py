from django.apps import AppConfig


class MyWorkConfig(AppConfig):
    name = "goldenthread.mywork"
    label = "mywork"
    verbose_name = "My work"
