#!/usr/bin/env bash
# The full throughput benchmark of issue "The engine at scale" (about 25 minutes on 2 cores):
# N in {1,000; 10,000; 100,000} x C in {100; 1,000; 5,000}, L = 200 ms, k = 2 LLM nodes,
# datarefinery against a bare aiohttp client, both against `refinery serve-mock`.
# Writes runs/bench/throughput.json and prints the table. Run nothing else meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p runs/bench
refinery bench throughput \
  --n 1000 --n 10000 --n 100000 \
  --c 100 --c 1000 --c 5000 \
  --latency 0.2 --repeats 5 \
  --output runs/bench/throughput.json "$@"
