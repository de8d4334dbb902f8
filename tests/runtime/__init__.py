"""Tests of the runtime core (templates/runtime) through the generated package."""
