from django.urls import path

from .views import assessment, owners, pilots

urlpatterns = [
    path("assess/", assessment.assessor_home, name="assessor_home"),
    path(
        "assess/<uuid:public_id>/declare/",
        assessment.assessment_declare,
        name="assessment_declare",
    ),
    path("assess/<uuid:public_id>/", assessment.assessment, name="assessment"),
    path("your-challenges/", owners.owner_home, name="owner_home"),
    path(
        "your-challenges/applications/<uuid:public_id>/",
        owners.owner_application,
        name="owner_application",
    ),
    path("pilots/<uuid:public_id>/", pilots.pilot_detail, name="pilot_detail"),
]
