from django.urls import path

from goldenthread.scorecard import views

urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    path("indicators/<int:pk>/", views.indicator_page, name="indicator"),
]
