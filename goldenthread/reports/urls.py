from django.urls import path

from goldenthread.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrix/<int:pk>/", views.matrix, name="matrix"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("refer/<int:pk>/", views.refer, name="refer"),
    path("meetings/<int:pk>/", views.pack, name="pack"),
    path("ipr/", views.ipr, name="ipr"),
    path("scorecard/", views.scorecard_export, name="scorecard"),
    path("finance/", views.finance, name="finance"),
    path("challenges/", views.challenges, name="challenges"),
    path("challenges/new/", views.challenge_new, name="challenge_new"),
    path("challenges/<int:pk>/", views.challenge_page, name="challenge"),
    path("upcoming/", views.upcoming, name="upcoming"),
]
