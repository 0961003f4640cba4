"""datarefinery: curated, provenance-grounded post-training data for LLMs.

Import the pieces from their rooms: :mod:`datarefinery.recipes`, :mod:`datarefinery.graph`,
:mod:`datarefinery.models`, :mod:`datarefinery.sources`, :mod:`datarefinery.gates`,
:mod:`datarefinery.runs`.
"""

__version__ = "0.1.0"
