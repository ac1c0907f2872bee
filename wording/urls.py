"""Banned-word pages (HR and trainers): the list and its draft, publishing, old versions, checking a text."""

from django.urls import path

from . import views

urlpatterns = [
    path("wording/", views.word_list, name="wording_list"),
    path("wording/check/", views.check_text, name="wording_check"),
    path("wording/words/new/", views.word_add, name="wording_word_add"),
    path("wording/words/<int:pk>/", views.word_edit, name="wording_word_edit"),
    path("wording/words/<int:pk>/remove/", views.word_remove, name="wording_word_remove"),
    path("wording/allowed/new/", views.phrase_add, name="wording_phrase_add"),
    path("wording/allowed/<int:pk>/remove/", views.phrase_remove, name="wording_phrase_remove"),
    path("wording/publish/", views.publish, name="wording_publish"),
    path("wording/discard/", views.discard, name="wording_discard"),
    path("wording/versions/", views.version_list, name="wording_versions"),
    path("wording/versions/<int:number>/", views.version_detail, name="wording_version_detail"),
]
