from django.apps import AppConfig


class QueriesConfig(AppConfig):
    name = "goldenthread.queries"
    label = "queries"
    verbose_name = "Councillors' queries"
