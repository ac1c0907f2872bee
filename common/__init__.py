"""Helpers every app may use and that know nothing of the portal's models: bulk writes (``bulk``),
safe reading of uploaded workbooks and the shared Excel writer (``xlsx``), typed requests (``http``)."""
