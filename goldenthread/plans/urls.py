from django.urls import path

from goldenthread.plans import views

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/refresh/", views.plan_refresh, name="plan-refresh"),
    path("thread/", views.explorer, name="thread-explorer"),
    path("objectives/<int:pk>/", views.objective_thread, name="objective"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective-delete"),
    path("coverage/", views.coverage, name="plans-coverage"),
    path("coverage.csv", views.coverage_csv, name="plans-coverage-csv"),
    path("appraisals/", views.appraisals, name="appraisals"),
]
