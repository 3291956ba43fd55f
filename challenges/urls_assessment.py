from django.urls import path

from .views import placeholder

urlpatterns = [
    # Built by the assessment-and-pilots area:
    path("assess/", placeholder.not_built_yet, name="assessor_home"),
    path("pilots/<int:pk>/", placeholder.not_built_yet, name="pilot_detail"),
]
