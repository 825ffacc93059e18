from django.urls import path

from goldenthread.improvement import views

app_name = "improvement"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/export.<str:fmt>", views.plan_export, name="plan-export"),
    path("risks/<int:pk>/", views.register, name="register"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("programme/", views.programme, name="programme"),
]
