from django.urls import path

from goldenthread.mywork import views

urlpatterns = [
    path("", views.home, name="home"),
]
