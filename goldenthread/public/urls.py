from django.urls import path

from goldenthread.public import views

app_name = "public"

urlpatterns = [
    path("public/", views.scorecard, name="scorecard"),
    path("public/indicators/<int:pk>/", views.indicator_page, name="indicator"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/datapackage.json", views.datapackage, name="datapackage"),
    path("open-data/<slug:dataset>.schema.json", views.schema, name="schema"),
    path("open-data/<slug:dataset>.<slug:fmt>", views.download, name="download"),
]
