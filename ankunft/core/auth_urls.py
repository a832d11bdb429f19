"""Login, logout, password change and reset under /accounts/."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from ankunft.core import auth_views as views
from ankunft.core import mfa_views

urlpatterns = [
    path("login/", login_not_required(views.LoginView.as_view()), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("sessions/", views.session_list, name="sessions"),
    path("two-factor/", mfa_views.setup, name="mfa_setup"),
    path("two-factor/verify/", mfa_views.verify, name="mfa_verify"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        login_not_required(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html")
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="core/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
]
