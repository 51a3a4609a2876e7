"""Sub-commands of `ordex` (see pipeline.cli)."""
