"""One construct per concern: data, functions, jobs, api, frontend, monitoring (and the optional WAF)."""
