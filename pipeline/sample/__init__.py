"""A seeded, realistic sample organisation written in the sources' native formats."""

from pipeline.sample.organisation import Organisation, build_organisation
from pipeline.sample.yammer_export import write_yammer_exports

__all__ = ["Organisation", "build_organisation", "write_yammer_exports"]
