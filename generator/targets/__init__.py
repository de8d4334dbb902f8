"""Target languages beside the Python package: each folder turns the IR into one SDK."""
