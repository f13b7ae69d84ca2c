"""aftercare models."""
