"""The static site (``claims site``): data loading, page views, incremental output, the builder."""

from claims.services.site.builder import BuildReport, build

__all__ = ["BuildReport", "build"]
