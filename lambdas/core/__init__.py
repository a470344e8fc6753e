"""Shared core library of every Resume Chat Lambda (shipped as a layer)."""
