"""Preference data: pairs whose rejected side carries a verified, named defect, and pairs
of the best and worst of several rated answers (:mod:`datarefinery.preference.pairs`)."""
