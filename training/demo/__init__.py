"""The demo group's training: bases and bookings, placements, skill masters and order classes,
in every state. Each area loads from its own module."""
