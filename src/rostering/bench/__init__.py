"""Benchmark instance adapters and runners (Solomon, Gehring-Homberger, Mankowska HHC)."""
