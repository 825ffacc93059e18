from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "goldenthread.onboarding"
    label = "onboarding"
    verbose_name = "Setting up a council"

    def ready(self) -> None:
        from goldenthread.onboarding import importers  # noqa: F401  registers the kinds
