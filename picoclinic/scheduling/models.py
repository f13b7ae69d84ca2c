"""Rooms, lasers, staff hours, appointments and bookings."""
