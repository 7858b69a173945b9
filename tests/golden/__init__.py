"""Golden files for the roster writers, and the hand-made rosters they are written from."""
