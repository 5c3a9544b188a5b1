"""A run's life: the one clock, the session (lock, run id, resume), its folder, atomic files, the manifest."""
