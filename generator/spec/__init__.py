"""Reading an OpenAPI document: bytes → data with positions, references, validation."""
