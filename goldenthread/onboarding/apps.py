from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "goldenthread.onboarding"
    label = "onboarding"
    verbose_name = "Setting up a council"
