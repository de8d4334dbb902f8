"""OpenAPI → Python SDK generator."""
