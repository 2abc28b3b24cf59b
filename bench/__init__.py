"""`python -m bench`: our throughput and latency as ratios of raw asyncpg / aiokafka.

The machine is shared and noisy, so absolute figures mean little: every workload also measures
a raw reference on the same servers in the same run, and the report is the ratio of the two
(ARCHITECTURE.md section 7 holds the reference figures and the targets).
"""
