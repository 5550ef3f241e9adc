"""Evaluation suites: labelled requests and retrieval queries with the figures they produce."""
