"""AWS adapters. The only place in the product that imports boto3."""
