"""Formatting, comparing and writing the generated tree."""
