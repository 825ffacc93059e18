from django.urls import path

from goldenthread.mywork import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-work/", views.my_work, name="my-work"),
]
