"""Adapters between files (YAML, JSON, workbooks, exports) and the core's model."""
