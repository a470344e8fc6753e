"""Storage and provider ports (Protocols). Services depend on these, adapters implement them."""
