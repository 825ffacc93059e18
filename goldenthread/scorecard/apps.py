from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "goldenthread.scorecard"
    label = "scorecard"
    verbose_name = "Scorecard and indicator pages"
