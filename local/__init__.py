"""Local runtime: the product on a laptop. Same handlers, same events as in AWS, embedded storage by default."""
