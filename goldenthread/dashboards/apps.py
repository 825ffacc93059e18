from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "goldenthread.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards by role"
