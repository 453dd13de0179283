"""Calendar backends: one reading and one writing interface, one module per backend."""
