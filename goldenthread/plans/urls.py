from django.urls import path

from goldenthread.plans import views, write_views

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("new/", write_views.plan_new, name="plan-new"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", write_views.plan_edit, name="plan-edit"),
    path("<int:pk>/objectives/new/", write_views.objective_new, name="objective-new"),
    path("<int:pk>/refresh/", views.plan_refresh, name="plan-refresh"),
    path("thread/", views.explorer, name="thread-explorer"),
    path("objectives/<int:pk>/", views.objective_thread, name="objective"),
    path("objectives/<int:pk>/edit/", write_views.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/links/", write_views.objective_links, name="objective-links"),
    path("objectives/<int:pk>/milestones/new/", write_views.milestone_new, name="milestone-new"),
    path("objectives/<int:pk>/stretch/", write_views.stretch_target, name="stretch-target"),
    path("objectives/<int:pk>/shares/", write_views.target_shares, name="target-shares"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective-delete"),
    path("milestones/<int:pk>/edit/", write_views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/done/", write_views.milestone_done, name="milestone-done"),
    path("milestones/<int:pk>/late/", write_views.milestone_late, name="milestone-late"),
    path("coverage/", views.coverage, name="plans-coverage"),
    path("coverage.csv", views.coverage_csv, name="plans-coverage-csv"),
    path("appraisals/", views.appraisals, name="appraisals"),
    path("appraisals/new/", write_views.appraisal_new, name="appraisal-new"),
    path("appraisals/<int:pk>/", write_views.appraisal, name="appraisal"),
]
