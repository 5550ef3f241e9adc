"""Request-engine evals: labelled single-turn requests over the demo company."""
