"""Reusable generation steps, used as Python nodes in recipes."""

from datarefinery.generators.statements import align, is_statement, locate_statements, proposals

__all__ = ["align", "is_statement", "locate_statements", "proposals"]
