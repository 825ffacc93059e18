from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "goldenthread.plans"
    label = "plans"
    verbose_name = "Plans, objectives, milestones and staff objectives"
