"""The intermediate representation and its builder."""
