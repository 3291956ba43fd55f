"""Signal receivers for the core. Kept small: anything with logic calls a service."""
