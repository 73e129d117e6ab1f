#!/usr/bin/env python3
"""Writes a LiteLLM-format price table of about SIZE_MB megabytes (default 64) to stdout:
chat models with plausible prices ($0.10 to $5 per Mtok in, four times that out) and the
extra fields LiteLLM's own entries carry. What measuring `GET /api/v1/pricing/llm` on a
large activated table (README, "HTTP API") imports:

    scripts/large-price-table.py 64 > /tmp/large.json
    breakeven pricing import /tmp/large.json --db X --version large --activate
"""
import json
import sys

size = int(float(sys.argv[1] if len(sys.argv) > 1 else 64) * 1e6)
providers = ["openai", "together_ai", "groq", "bedrock", "fireworks_ai", "deepinfra"]
out = sys.stdout
out.write("{")
written, i = 1, 0
while written < size:
    b = 1 + i % 70
    input_cost = (1 + i % 50) * 1e-7
    name = f"{providers[i % len(providers)]}/gen-model-{i:07d}-{b}b-instruct"
    entry = {
        "litellm_provider": providers[i % len(providers)],
        "mode": "chat",
        "input_cost_per_token": input_cost,
        "output_cost_per_token": input_cost * 4,
        "max_input_tokens": 131072,
        "max_output_tokens": 8192,
        "max_tokens": 8192,
        "supports_function_calling": True,
        "supports_tool_choice": True,
        "supports_response_schema": False,
        "supports_system_messages": True,
        "source": "https://example.com/pricing/generated-for-a-size-test",
    }
    text = ("," if i else "") + "\n" + json.dumps(name) + ": " + json.dumps(entry)
    out.write(text)
    written += len(text)
    i += 1
out.write("\n}\n")
print(f"{i} models, {written + 3} bytes", file=sys.stderr)
