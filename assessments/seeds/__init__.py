"""Starter data shipped by migration: the question bank, exams, rubrics and typing passages.

Each module exposes ``install(apps)`` that takes the migration's app registry and is idempotent.
"""
