from django.urls import path

from picoclinic.billing import views

app_name = "billing"

urlpatterns = [
    path("", views.account, name="account"),
    path("packages/sell/", views.package_sell, name="package_sell"),
    path("packages/<int:package_id>/settle/", views.package_settle, name="package_settle"),
    path("invoices/new/", views.invoice_new, name="invoice_new"),
    path("invoices/<int:invoice_id>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:invoice_id>/lines/", views.invoice_line_add, name="line_add"),
    path("invoices/<int:invoice_id>/finalise/", views.invoice_finalise, name="finalise"),
    path("invoices/<int:invoice_id>/payments/", views.payment_take, name="payment"),
    path("invoices/<int:invoice_id>/refunds/", views.payment_refund, name="refund"),
    path("invoices/<int:invoice_id>/credit/", views.credit_note, name="credit"),
    path("invoices/<int:invoice_id>/receipt/", views.receipt, name="receipt"),
]
