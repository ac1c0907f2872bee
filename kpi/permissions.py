"""Who reaches what of the KPIs: HR alone imports exports, sets thresholds and edits CS accounts (views are
``role_required(Role.HR)``); the figures show beside other evidence to whoever may open the go-live page
and on HR's employee page. An id that does not exist is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import KpiImport


def get_import(pk: int) -> KpiImport:
    return get_object_or_404(KpiImport.objects.select_related("imported_by"), pk=pk)
