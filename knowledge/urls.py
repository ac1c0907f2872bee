from django.urls import path

from . import views

urlpatterns = [
    path("updates/", views.my_updates, name="knowledge_mine"),
    path("updates/<int:pk>/", views.update_detail, name="knowledge_detail"),
    path("updates/<int:pk>/confirm/", views.update_confirm, name="knowledge_confirm"),
    path("updates/<int:pk>/quiz/", views.update_quiz, name="knowledge_quiz"),
    path("updates/<int:pk>/v<int:number>/", views.version_detail, name="knowledge_version"),
    path("updates/files/<int:pk>/", views.attachment, name="knowledge_attachment"),
    path("updates/manage/", views.manage_list, name="knowledge_manage"),
    path("updates/manage/new/", views.update_create, name="knowledge_create"),
    path("updates/manage/<int:pk>/", views.update_status, name="knowledge_status"),
    path("updates/manage/<int:pk>/edit/", views.update_edit, name="knowledge_edit"),
    path("updates/manage/<int:pk>/people/", views.update_add_people, name="knowledge_add_people"),
    path("updates/manage/<int:pk>/export/", views.update_export, name="knowledge_export"),
]
