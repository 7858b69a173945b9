"""Readers and writers, one module per format; every output is written atomically."""
