from django.urls import path

from goldenthread.imports import views

urlpatterns = [
    path("", views.import_page, name="import"),
    path("confirm/", views.import_confirm, name="import-confirm"),
    path("template/", views.template_download, name="import-template"),
]
