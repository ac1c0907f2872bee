"""Excel files in and out: ``upload`` checks and reads uploaded workbooks and writes import templates;
``render`` writes workbooks in openpyxl's write-only mode with shared styles and formats."""
