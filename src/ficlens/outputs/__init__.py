"""Outputs: the JSON contract, the terminal outline, and atomic file writing."""
