"""Domain services: the product's behaviour, written against ports (no boto3, no HTTP)."""
