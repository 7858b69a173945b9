"""Seeded generators of the sample localities."""
