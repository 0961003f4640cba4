"""Reasoning data: answer voting, difficulty calibration with a student model, and
reasoning (chain-of-thought) records.

- :mod:`~datarefinery.reasoning.compare`: answer comparators (``exact``, ``semantic``, ``judge``).
- :mod:`~datarefinery.reasoning.answers`: the final answer of a model's reply.
- :mod:`~datarefinery.reasoning.voting`: the ``vote`` node (k samples, clusters, agreement).
- :mod:`~datarefinery.reasoning.calibrate`: the ``calibrate`` node (a student's solve rate, a band).
- :mod:`~datarefinery.reasoning.bands`: ``solved/learnable/unsolved.jsonl`` beside ``accepted.jsonl``.
- :mod:`~datarefinery.reasoning.gates`: ``agreement`` and the reasoning gates.

Nothing heavy is imported here: the recipe schema imports :mod:`.config`.
"""
