"""Question bank, exams, grading, rubrics and typing tests (built on the training plans)."""
