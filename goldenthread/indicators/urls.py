from django.urls import path

from goldenthread.indicators import views

app_name = "indicators"

urlpatterns = [
    path("new/", views.indicator_new, name="new"),
    path("<int:pk>/edit/", views.indicator_edit, name="edit"),
    path("<int:pk>/retire/", views.indicator_retire, name="retire"),
    path("<int:pk>/targets/", views.targets, name="targets"),
    path("<int:pk>/propose/definition/", views.propose_definition, name="propose-definition"),
    path("<int:pk>/propose/target/", views.propose_target, name="propose-target"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("targets/roll-forward/", views.roll_forward, name="roll-forward"),
]
