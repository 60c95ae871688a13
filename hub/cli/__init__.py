"""The ``hub`` command. Each subcommand lives in its own module under hub.cli."""
