"""Tests of tracker.io: importing, exporting, backups."""
