"""Import, export, backup and calendar: files in and out of the tracker.

``parsing`` is the pure half of the importer (bytes -> table of strings, text -> typed
values); it knows nothing about the database or Streamlit.
"""
