"""Shared Streamlit helpers: cached loaders, form plumbing, formatting and tier badges.

The only part of ``tracker`` that imports Streamlit.
"""
