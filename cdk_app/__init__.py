"""The AWS CDK app of Resume Chat: one stack composed of one construct per concern."""
