"""The optimize feature: submit a resume and a job description, follow the job, run it on the queue."""
