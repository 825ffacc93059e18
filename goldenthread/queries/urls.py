from django.urls import path

from goldenthread.queries import views

app_name = "queries"

urlpatterns = [
    path("", views.query_list, name="list"),
    path("raise/<int:indicator_pk>/", views.query_raise, name="raise"),
    path("<int:pk>/", views.query_detail, name="detail"),
    path("<int:pk>/<slug:step>/", views.query_step, name="step"),
]
