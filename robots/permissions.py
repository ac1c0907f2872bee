"""Robots are HR's: views are ``role_required(Role.HR)``; an id that does not exist is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Robot, RobotDelivery


def get_robot(pk: int) -> Robot:
    return get_object_or_404(Robot.objects.select_related("cohort", "created_by"), pk=pk)


def get_delivery(pk: int) -> RobotDelivery:
    return get_object_or_404(RobotDelivery.objects.select_related("robot"), pk=pk)
