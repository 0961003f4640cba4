"""Selection at scale: exact, MinHash and semantic dedup, coverage / score / DEITA selection,
and decontamination against evaluation benchmarks — as commands over any JSONL dataset
(``refinery dedup | select | decontaminate``) and as gates in a recipe."""
