"""Shared code of the Streamlit app (``app.py`` and ``views/``): strings, cached loaders, widgets and charts.

Nothing here scores anything: every number comes from :mod:`recommender` and :mod:`features`.
"""
