from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "goldenthread.public"
    label = "public"
    verbose_name = "Public site and open data"
