from django.urls import path

from broadcasts import views, views_automatic

app_name = "broadcasts"

_event = "organiser/events/<slug:code>/messages/"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path(_event, views.BroadcastListView.as_view(), name="list"),
    path(f"{_event}new/", views.BroadcastComposeView.as_view(), name="compose"),
    path(
        f"{_event}templates/new/", views.MessageTemplateCreateView.as_view(), name="template_create"
    ),
    path(
        f"{_event}templates/<id:pk>/",
        views.MessageTemplateUpdateView.as_view(),
        name="template_update",
    ),
    path(
        f"{_event}templates/<id:pk>/delete/",
        views.MessageTemplateDeleteView.as_view(),
        name="template_delete",
    ),
    path(f"{_event}<id:pk>/", views.BroadcastDetailView.as_view(), name="detail"),
    path(f"{_event}<id:pk>/progress/", views.BroadcastProgressView.as_view(), name="progress"),
    path(f"{_event}<id:pk>/resend/", views.BroadcastResendView.as_view(), name="resend"),
    path(
        f"{_event}automatic/<id:pk>/",
        views_automatic.AutomaticMessageDetailView.as_view(),
        name="automatic_detail",
    ),
    path(
        f"{_event}automatic/<id:pk>/resend/",
        views_automatic.AutomaticMessageResendView.as_view(),
        name="automatic_resend",
    ),
    path(
        f"{_event}<id:pk>/deliveries/<id:delivery>/sent/",
        views.DeliveryMarkSentView.as_view(),
        name="delivery_mark_sent",
    ),
]
