from django.urls import path

from goldenthread.benchmarking import views

urlpatterns = [
    path("", views.summary, name="benchmarking"),
    path("measures/", views.measures, name="benchmark-measures"),
    path("measures/<int:pk>/", views.measure_page, name="benchmark-measure"),
]
