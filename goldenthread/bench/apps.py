from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "goldenthread.bench"
    label = "bench"
    verbose_name = "Benchmarks"
