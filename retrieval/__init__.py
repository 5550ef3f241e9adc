"""Retrieval over knowledge articles and interaction history."""
