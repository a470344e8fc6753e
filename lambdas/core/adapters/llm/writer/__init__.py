"""The offline writing engine: a provider of its own (see `engine`)."""
