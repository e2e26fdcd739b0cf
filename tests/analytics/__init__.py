"""Tests of tracker.analytics."""
