"""Tool-use data: tool definitions from API specs, call verification and real execution, the example API."""
