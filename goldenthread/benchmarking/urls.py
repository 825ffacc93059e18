from django.urls import path

from goldenthread.benchmarking import views

urlpatterns = [
    path("", views.summary, name="benchmarking"),
    path("measures/", views.measures, name="benchmark-measures"),
    path("measures/bands.csv", views.bands_export, name="benchmark-bands"),
    path("measures/<int:pk>/", views.measure_page, name="benchmark-measure"),
    path("groups/", views.groups, name="benchmark-groups"),
    path("indicators/<int:pk>/", views.indicator_setting, name="benchmark-indicator"),
]
