"""Multi-turn dialogue data (SyGra's dialogue flows): sampled attributes, a user simulator
and an assistant alternating in a bounded loop, per-turn gates with turn-level filtering
(ToolMind), a grounded variant with provenance per assistant turn."""
