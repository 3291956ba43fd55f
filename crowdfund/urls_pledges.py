from django.urls import path

from .views import payments, pledges

urlpatterns = [
    path("projects/<slug:slug>/pledge/", pledges.pledge_start, name="pledge_start"),
    path("your-pledges/", pledges.my_pledges, name="my_pledges"),
    path("your-pledges/<uuid:public_id>/", pledges.pledge_detail, name="pledge_detail"),
    path("your-pledges/<uuid:public_id>/pay/", pledges.pledge_pay, name="pledge_pay"),
    path(
        "your-pledges/<uuid:public_id>/payment-done/",
        pledges.pledge_return,
        name="pledge_return",
    ),
    path(
        "your-pledges/<uuid:public_id>/cancel/",
        pledges.pledge_cancel_view,
        name="pledge_cancel",
    ),
    path(
        "payments/offline/<str:reference>/",
        payments.offline_payment_page,
        name="payments_offline",
    ),
]
