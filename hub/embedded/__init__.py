"""The embedded profile: everything a newcomer needs on one machine, no Docker."""
