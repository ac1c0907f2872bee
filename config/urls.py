from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from employees.forms import LoginForm

admin.site.site_header = _("Customer-service training desk")
admin.site.site_title = _("Training desk admin")
admin.site.index_title = _("Administration")

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("desk.urls")),
    path("", include("employees.urls")),
    path("", include("training.urls_cohorts")),
    path("", include("training.urls_roster")),
    path("", include("training.urls")),
    path("", include("assessments.urls")),
    path("", include("coaching.urls")),
    path("", include("onboarding.urls")),
    path("", include("career.urls")),
    path("", include("kpi.urls")),
    path("", include("quality.urls")),
    path("", include("knowledge.urls")),
    path("", include("wording.urls")),
    path("", include("replies.urls")),
    path("", include("dialogues.urls")),
    path("", include("promotion.urls")),
    path("", include("feeds.urls")),
    path("", include("robots.urls")),
    path("", include("reports.urls_dashboards")),
    path("", include("reports.urls")),
    path("", include("notifications.urls")),
]
