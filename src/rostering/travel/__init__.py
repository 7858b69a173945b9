"""Travel: matrices of door-to-door time and distance per travel profile. Imports only the domain."""
